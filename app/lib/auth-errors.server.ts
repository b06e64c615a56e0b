import { isAuthWeakPasswordError, type AuthError } from "@supabase/supabase-js";
import type { Message, MessageKey } from "./i18n";
import { errorFields, log } from "./log.server";
import { MIN_PASSWORD_LENGTH } from "./password";

/** Supabase Auth's error codes that a person can act on, in their words. */
const messages: Record<string, MessageKey> = {
  invalid_credentials: "signIn.wrongCredentials",
  email_not_confirmed: "signIn.emailNotConfirmed",
  over_request_rate_limit: "auth.rateLimited",
  over_email_send_rate_limit: "auth.rateLimited",
  weak_password: "register.weakPassword",
  same_password: "newPassword.samePassword",
};

/** Auth's reasons for a weak password (GoTrue's checkPasswordStrength), most telling first. */
function weakPasswordMessage(reasons: string[]): Message {
  if (reasons.includes("length")) return { key: "password.tooShort", params: { min: MIN_PASSWORD_LENGTH } };
  if (reasons.includes("pwned")) return { key: "password.common" };
  if (reasons.includes("characters")) return { key: "password.characters" };
  return { key: "register.weakPassword" };
}

export function authErrorMessage(error: AuthError): Message {
  if (isAuthWeakPasswordError(error)) return weakPasswordMessage(error.reasons);
  const key = error.code ? messages[error.code] : undefined;
  if (!key) log.error("unexpected_auth_error", { code: error.code, status: error.status, ...errorFields(error) });
  return { key: key ?? "error.unknown" };
}
