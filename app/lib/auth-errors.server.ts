import type { AuthError } from "@supabase/supabase-js";
import type { Message, MessageKey } from "./i18n";
import { errorFields, log } from "./log.server";

/** Supabase Auth's error codes that a person can act on, in their words. */
const messages: Record<string, MessageKey> = {
  invalid_credentials: "signIn.wrongCredentials",
  email_not_confirmed: "signIn.emailNotConfirmed",
  over_request_rate_limit: "auth.rateLimited",
  over_email_send_rate_limit: "auth.rateLimited",
  weak_password: "register.weakPassword",
  same_password: "newPassword.samePassword",
};

export function authErrorMessage(error: AuthError): Message {
  const key = error.code ? messages[error.code] : undefined;
  if (!key) log.error("unexpected_auth_error", { code: error.code, status: error.status, ...errorFields(error) });
  return { key: key ?? "error.unknown" };
}
