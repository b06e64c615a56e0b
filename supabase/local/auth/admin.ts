import { randomBytes } from "node:crypto";
import { AuthError, unprocessable, validationFailed } from "./errors";
import { assertMayResend, newTokenHash, sendLinkMail } from "./mail";
import {
  isUuid,
  objectParam,
  requestAudience,
  requireAdmin,
  stringParam,
  validateEmail,
  type AuthRequest,
} from "./request";
import { settings } from "./settings";
import {
  confirmUser,
  emailIdentityData,
  findUserByEmail,
  findUserById,
  insertEmailIdentity,
  insertUser,
  mergeMetadata,
  updateUser,
  userJson,
  type Db,
} from "./users";

/**
 * The service-role endpoints (internal/api/admin.go, invite.go) and password recovery
 * (recover.go), which share their e-mail and user plumbing.
 */
const DUPLICATE_EMAIL = "A user with this email address has already been registered";

/** POST /admin/users: creates a user directly, confirmed if `email_confirm`. */
export async function adminCreateUser(auth: AuthRequest, db: Db) {
  requireAdmin(auth);
  const body = await auth.body();
  const aud = stringParam(body.aud) || requestAudience(auth.request);
  if (!body.email) throw validationFailed("Cannot create a user without either an email or phone");
  const email = validateEmail(stringParam(body.email));
  if (await findUserByEmail(db, email, aud)) throw unprocessable("email_exists", DUPLICATE_EMAIL);
  // Without a password the user can only get in through an e-mail link; GoTrue sets a random one.
  const password = stringParam(body.password) || randomBytes(48).toString("base64url");
  if (Buffer.byteLength(password) > settings.maximumPasswordLength) {
    throw validationFailed("bcrypt: password length exceeds 72 bytes");
  }
  const id = stringParam(body.id);
  if (id && !isUuid(id)) throw validationFailed("ID must conform to the uuid v4 format");

  const { now } = auth;
  let user = await insertUser(
    db,
    {
      id: id || undefined,
      email,
      aud,
      role: stringParam(body.role) || settings.defaultRole,
      password,
      userMetadata: objectParam(body.user_metadata) ?? {},
      appMetadata: mergeMetadata({ provider: "email", providers: ["email"] }, objectParam(body.app_metadata) ?? {}),
    },
    now,
  );
  await insertEmailIdentity(db, user, emailIdentityData(user), now);
  if (body.email_confirm === true) user = await confirmUser(db, user, now);
  return userJson(db, user);
}

/** GET /admin/users/<id> */
export async function adminGetUser(auth: AuthRequest, db: Db, id: string) {
  requireAdmin(auth);
  if (!isUuid(id)) throw new AuthError(404, "validation_failed", "user_id must be an UUID");
  const user = await findUserById(db, id);
  if (!user) throw new AuthError(404, "user_not_found", "User not found");
  return userJson(db, user);
}

/** POST /invite: creates the user (no password yet) and e-mails an invitation link. */
export async function invite(auth: AuthRequest, db: Db) {
  requireAdmin(auth);
  const body = await auth.body();
  const email = validateEmail(stringParam(body.email));
  const aud = requestAudience(auth.request);
  const { now } = auth;

  let user = await findUserByEmail(db, email, aud);
  if (user?.email_confirmed_at) throw unprocessable("email_exists", DUPLICATE_EMAIL);
  if (!user) {
    user = await insertUser(
      db,
      {
        email,
        aud,
        role: settings.defaultRole,
        userMetadata: objectParam(body.data) ?? {},
        appMetadata: { provider: "email", providers: ["email"] },
      },
      now,
    );
    await insertEmailIdentity(db, user, emailIdentityData(user), now);
  }

  // Unlike the other e-mails, GoTrue does not limit how often an invitation is re-sent.
  const tokenHash = newTokenHash(email);
  user = await updateUser(
    db,
    user.id,
    { confirmation_token: tokenHash, confirmation_sent_at: now, invited_at: now },
    now,
  );
  await sendLinkMail(auth.context.sendMail, {
    to: email,
    type: "invite",
    tokenHash,
    redirectTo: auth.url.searchParams.get("redirect_to"),
  });
  return userJson(db, user);
}

/** POST /recover: always {} so it does not reveal who has an account. */
export async function recover(auth: AuthRequest, db: Db) {
  const body = await auth.body();
  if (!body.email) throw validationFailed("Password recovery requires an email");
  const email = validateEmail(stringParam(body.email));
  const user = await findUserByEmail(db, email, requestAudience(auth.request));
  if (!user) return {};

  assertMayResend(user.recovery_sent_at, auth.now);
  const tokenHash = newTokenHash(user.email ?? email);
  await updateUser(db, user.id, { recovery_token: tokenHash, recovery_sent_at: auth.now }, auth.now);
  await sendLinkMail(auth.context.sendMail, {
    to: user.email ?? email,
    type: "recovery",
    tokenHash,
    redirectTo: auth.url.searchParams.get("redirect_to"),
  });
  return {};
}
