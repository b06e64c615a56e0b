import { badRequest, unprocessable, validationFailed, WeakPasswordError } from "./errors";
import {
  checkPasswordStrength,
  isBanned,
  requestAudience,
  requestClient,
  stringParam,
  type AuthRequest,
} from "./request";
import { issueSession, refreshSession } from "./sessions";
import { findUserByEmail, passwordMatches, type Db } from "./users";

const INVALID_LOGIN = "Invalid login credentials";

/** POST /token?grant_type=password|refresh_token (internal/api/token.go). */
export async function token(auth: AuthRequest, db: Db) {
  const grantType = auth.url.searchParams.get("grant_type");
  if (grantType === "password") return passwordGrant(auth, db);
  if (grantType === "refresh_token") {
    const body = await auth.body();
    return refreshSession(db, stringParam(body.refresh_token), requestClient(auth.request), auth.now);
  }
  throw badRequest("invalid_credentials", "unsupported_grant_type");
}

async function passwordGrant(auth: AuthRequest, db: Db) {
  const body = await auth.body();
  const email = stringParam(body.email);
  const password = stringParam(body.password);
  if (email && body.phone) throw validationFailed("Only an email address or phone number should be provided on login.");
  if (!email && body.phone) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  if (!email) throw validationFailed("missing email or phone");

  const user = await findUserByEmail(db, email, requestAudience(auth.request));
  if (!user?.encrypted_password) throw badRequest("invalid_credentials", INVALID_LOGIN);
  if (isBanned(user, auth.now)) throw badRequest("user_banned", "User is banned");
  if (!(await passwordMatches(db, user, password))) throw badRequest("invalid_credentials", INVALID_LOGIN);
  if (!user.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");

  const session = await issueSession(db, user, "password", requestClient(auth.request), auth.now);
  // A correct password that today's rules would refuse still signs in, with a warning.
  const weakPassword = weakness(password);
  return weakPassword ? { ...session, weak_password: weakPassword } : session;
}

function weakness(password: string) {
  try {
    checkPasswordStrength(password);
    return undefined;
  } catch (error) {
    if (error instanceof WeakPasswordError) return { message: error.message, reasons: error.reasons };
    return undefined;
  }
}
