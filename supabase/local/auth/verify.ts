import { randomBytes } from "node:crypto";
import { SITE_URL } from "../config";
import { AuthError, forbidden, validationFailed } from "./errors";
import { Redirect, type Transaction } from "./transaction";
import { settings } from "./settings";
import { allowedRedirect, isBanned, requestClient, stringParam, type AuthRequest } from "./request";
import { issueSession, logout } from "./sessions";
import {
  confirmUser,
  findUserByToken,
  clearPendingTokens,
  refreshProviders,
  setPassword,
  updateEmailIdentity,
  updateUser,
  type Db,
  type TokenColumn,
  type UserRow,
} from "./users";

/**
 * POST and GET /verify (internal/api/verify.go): exchanges an e-mail link's token hash for a
 * session.
 */
type VerifyType = "signup" | "invite" | "recovery" | "magiclink" | "email_change" | "email";

const TOKENS_BY_TYPE: Record<VerifyType, readonly TokenColumn[]> = {
  signup: ["confirmation_token"],
  invite: ["confirmation_token"],
  recovery: ["recovery_token"],
  magiclink: ["recovery_token"],
  email_change: ["email_change_token_current", "email_change_token_new"],
  email: ["confirmation_token", "recovery_token"],
};
const isVerifyType = (type: string): type is VerifyType => type in TOKENS_BY_TYPE;

const LINK_INVALID = "Email link is invalid or has expired";
const SINGLE_CONFIRMATION = "Confirmation link accepted. Please proceed to confirm link sent to the other email";

export async function verifyPost(auth: AuthRequest, db: Db) {
  const body = await auth.body();
  const type = stringParam(body.type);
  const token = stringParam(body.token);
  const tokenHash = stringParam(body.token_hash);
  if (!type) throw validationFailed("Verify requires a verification type");
  if ((!token && !tokenHash) || (token && tokenHash))
    throw validationFailed("Verify requires either a token or a token hash");
  if (tokenHash && (body.email || body.phone || body.redirect_to)) {
    throw validationFailed("Only the token_hash and type should be provided");
  }

  // This project's e-mails carry links, never the code itself, so no code can be right.
  if (!tokenHash) throw forbidden("otp_expired", "Token has expired or is invalid");
  const found = await userByTokenHash(db, type, tokenHash, auth.now);
  const outcome = await applyVerification(db, found.user, found.type, found.hash, auth.now);
  if (outcome === "awaiting-other-address") return { msg: SINGLE_CONFIRMATION, code: "200" };
  return issueSession(db, outcome, "otp", requestClient(auth.request), auth.now);
}

/** GET /verify?token=&type=&redirect_to=: the implicit flow, answering with a redirect. */
export async function verifyGet(auth: AuthRequest, transaction: Transaction): Promise<Redirect> {
  const params = auth.url.searchParams;
  const type = params.get("type") ?? "";
  const token = params.get("token") ?? "";
  const redirectTo = allowedRedirect(params.get("redirect_to"), SITE_URL).split("#")[0];
  if (!type) throw validationFailed("Verify requires a verification type");
  if (!token) throw validationFailed("Verify requires a token or a token hash");

  try {
    const fragment = await transaction(async (db) => {
      const found = await userByTokenHash(db, type, token, auth.now);
      const outcome = await applyVerification(db, found.user, found.type, found.hash, auth.now);
      if (outcome === "awaiting-other-address") return sorted({ message: SINGLE_CONFIRMATION, sb: "" });
      const session = await issueSession(db, outcome, "otp", requestClient(auth.request), auth.now);
      return sorted({
        access_token: session.access_token,
        expires_at: String(session.expires_at),
        expires_in: String(session.expires_in),
        refresh_token: session.refresh_token,
        sb: "",
        token_type: session.token_type,
        type,
      });
    });
    return new Redirect(`${redirectTo}#${fragment}`);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // GoTrue's prepErrorRedirectURL: the error travels in the fragment.
    const oauthError = {
      400: "invalid_request",
      401: "unauthorized_client",
      403: "access_denied",
      500: "server_error",
    }[error.status];
    const fragment = sorted({
      ...(oauthError ? { error: oauthError } : {}),
      error_code: error.errorCode,
      error_description: error.message,
      sb: "",
    });
    return new Redirect(`${redirectTo}#${fragment}`);
  }
}

// Go's url.Values.Encode sorts by key.
const sorted = (values: Record<string, string>) =>
  new URLSearchParams(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));

/** GoTrue's verifyTokenHash. */
async function userByTokenHash(db: Db, type: string, hash: string, now: Date) {
  if (!isVerifyType(type)) throw validationFailed("Invalid email verification type");
  const user = await findUserByToken(db, TOKENS_BY_TYPE[type], hash);
  if (!user) throw forbidden("otp_expired", LINK_INVALID);
  if (isBanned(user, now)) throw forbidden("user_banned", "User is banned");
  // A link of type "email" is whichever of a confirmation or a magic link it turns out to be.
  const resolved: VerifyType = type === "email" ? (user.recovery_token === hash ? "magiclink" : "signup") : type;
  if (isExpired(sentAtFor(user, resolved), now)) throw forbidden("otp_expired", LINK_INVALID);
  return { user, type: resolved, hash };
}

function sentAtFor(user: UserRow, type: VerifyType) {
  if (type === "recovery" || type === "magiclink") return user.recovery_sent_at;
  if (type === "email_change") return user.email_change_sent_at;
  return user.confirmation_sent_at;
}

const isExpired = (sentAt: Date | null, now: Date) =>
  !sentAt || now.getTime() > sentAt.getTime() + settings.otpExpirySeconds * 1000;

/** What a valid link does to its user; returns the user to sign in. */
async function applyVerification(db: Db, user: UserRow, type: VerifyType, hash: string, now: Date) {
  let verified: UserRow;
  if (type === "signup" || type === "invite") verified = await signupVerify(db, user, now);
  else if (type === "recovery" || type === "magiclink") verified = await recoverVerify(db, user, now);
  else if (type === "email_change") {
    const changed = await emailChangeVerify(db, user, hash, now);
    if (!changed) return "awaiting-other-address" as const;
    verified = changed;
  } else throw validationFailed("Unsupported verification type");
  return refreshProviders(db, verified, now);
}

async function signupVerify(db: Db, user: UserRow, now: Date) {
  let current = user;
  // An invited user has no password yet; GoTrue gives them a random one until they choose.
  if (!current.encrypted_password && current.invited_at) {
    current = await setPassword(db, current.id, randomBytes(48).toString("base64url"), now);
    current = await clearPendingTokens(db, current, now);
    await logout(db, current.id, null, "global");
  }
  current = await confirmUser(db, current, now);
  if (current.email) await updateEmailIdentity(db, current.id, { email_verified: true }, now);
  return current;
}

async function recoverVerify(db: Db, user: UserRow, now: Date) {
  const current = await updateUser(db, user.id, { recovery_token: "" }, now);
  return current.email_confirmed_at ? current : confirmUser(db, current, now);
}

/** Returns undefined while the other address of a double-confirmed change is still to confirm. */
async function emailChangeVerify(db: Db, user: UserRow, hash: string, now: Date) {
  if (settings.secureEmailChange && (user.email_change_confirm_status ?? 0) === 0 && user.email) {
    const matched: TokenColumn =
      user.email_change_token_current === hash ? "email_change_token_current" : "email_change_token_new";
    await updateUser(db, user.id, { email_change_confirm_status: 1, [matched]: "" }, now);
    return undefined;
  }
  const newEmail = user.email_change ?? "";
  await updateEmailIdentity(db, user.id, { email: newEmail, email_verified: true }, now);
  const changed = await updateUser(
    db,
    user.id,
    {
      email: newEmail,
      email_change: "",
      email_change_token_current: "",
      email_change_token_new: "",
      email_change_confirm_status: 0,
    },
    now,
  );
  return changed.email_confirmed_at ? changed : confirmUser(db, changed, now);
}
