import { forbidden, unprocessable, validationFailed } from "./errors";
import { assertMayResend, newTokenHash, sendLinkMail } from "./mail";
import {
  checkPasswordStrength,
  objectParam,
  requestAudience,
  requireUser,
  stringParam,
  validateEmail,
  type AuthRequest,
} from "./request";
import { settings } from "./settings";
import { logout, type LogoutScope } from "./sessions";
import {
  clearPendingTokens,
  findUserByEmail,
  mergeMetadata,
  passwordMatches,
  setPassword,
  updateUser,
  userJson,
  type Db,
  type UserRow,
} from "./users";

/** GET /user, PUT /user and POST /logout (internal/api/user.go, logout.go): the signed-in user's own account. */
export async function getUser(auth: AuthRequest, db: Db) {
  const { user } = await requireUser(auth);
  return userJson(db, user);
}

export async function updateCurrentUser(auth: AuthRequest, db: Db) {
  const { user, sessionId } = await requireUser(auth);
  const { now } = auth;
  const body = await auth.body();
  const email = body.email ? validateEmail(stringParam(body.email)) : "";
  const password = typeof body.password === "string" ? body.password : undefined;
  const data = objectParam(body.data);
  if (password !== undefined) checkPasswordStrength(password);
  if (body.app_metadata != null) throw forbidden("not_admin", "Updating app_metadata requires admin privileges");

  if (email && email !== user.email) {
    const holder = await findUserByEmail(db, email, requestAudience(auth.request));
    if (holder && holder.id !== user.id) {
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    }
  }

  let current = user;
  if (password !== undefined) {
    if (await passwordMatches(db, user, password)) {
      throw unprocessable("same_password", "New password should be different from the old password.");
    }
    current = await setPassword(db, user.id, password, now);
    current = await clearPendingTokens(db, current, now);
    // Whoever knew the old password is signed out everywhere but here.
    await logout(db, user.id, sessionId, sessionId ? "others" : "global");
  }
  if (data) {
    current = await updateUser(
      db,
      user.id,
      { raw_user_meta_data: mergeMetadata(current.raw_user_meta_data, data) },
      now,
    );
  }
  if (email && email !== current.email) {
    current = await sendEmailChange(auth, db, current, email);
  }
  return userJson(db, current);
}

/** GoTrue's sendEmailChange: with double confirmation, both addresses get a link. */
async function sendEmailChange(auth: AuthRequest, db: Db, user: UserRow, newEmail: string) {
  const { now } = auth;
  assertMayResend(user.email_change_sent_at, now);
  const hashNew = newTokenHash(newEmail);
  const hashCurrent = settings.secureEmailChange && user.email ? newTokenHash(user.email) : undefined;
  const changed = await updateUser(
    db,
    user.id,
    {
      email_change: newEmail,
      email_change_token_new: hashNew,
      email_change_token_current: hashCurrent ?? "",
      email_change_confirm_status: 0,
      email_change_sent_at: now,
    },
    now,
  );
  const redirectTo = auth.url.searchParams.get("redirect_to");
  const send = auth.context.sendMail;
  await sendLinkMail(send, { to: newEmail, type: "email_change", tokenHash: hashNew, redirectTo, newEmail });
  if (hashCurrent && user.email) {
    await sendLinkMail(send, { to: user.email, type: "email_change", tokenHash: hashCurrent, redirectTo, newEmail });
  }
  return changed;
}

const SCOPES = new Map<string, LogoutScope>([
  ["", "global"],
  ["global", "global"],
  ["local", "local"],
  ["others", "others"],
]);

export async function logoutUser(auth: AuthRequest, db: Db) {
  const { user, sessionId } = await requireUser(auth);
  const requested = auth.url.searchParams.get("scope") ?? "";
  const scope = SCOPES.get(requested);
  if (!scope) throw validationFailed(`Unsupported logout scope ${JSON.stringify(requested)}`);
  await logout(db, user.id, sessionId, scope);
}
