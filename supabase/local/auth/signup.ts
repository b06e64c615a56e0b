import { randomUUID } from "node:crypto";
import { badRequest, validationFailed } from "./errors";
import { assertMayResend, newTokenHash, sendLinkMail } from "./mail";
import { settings } from "./settings";
import {
  checkPasswordStrength,
  objectParam,
  requestAudience,
  stringParam,
  validateEmail,
  type AuthRequest,
} from "./request";
import {
  emailIdentityData,
  findEmailIdentity,
  findUserByEmail,
  insertEmailIdentity,
  insertUser,
  toUserJson,
  updateUser,
  userJson,
  type Db,
  type UserRow,
} from "./users";

/**
 * POST /signup (internal/api/signup.go) with e-mail confirmation on: the user comes back
 * without a session and gets a confirmation e-mail. Signing up again with the address of a
 * confirmed user answers with a look-alike user, so the endpoint does not reveal who is
 * registered; for an unconfirmed user it sends the confirmation again.
 */
export async function signup(auth: AuthRequest, db: Db) {
  const body = await auth.body();
  const password = stringParam(body.password);
  const data = objectParam(body.data) ?? {};
  if (!password) throw validationFailed("Signup requires a valid password");
  checkPasswordStrength(password);
  if (body.email && body.phone)
    throw validationFailed("Only an email address or phone number should be provided on signup.");
  if (body.phone) throw badRequest("phone_provider_disabled", "Phone signups are disabled");
  if (!body.email) throw validationFailed("Sign up only available with email provider");
  const email = validateEmail(stringParam(body.email));
  const aud = requestAudience(auth.request);
  const { now } = auth;

  const existing = await findUserByEmail(db, email, aud);
  if (existing?.email_confirmed_at) return lookAlikeUser(existing, aud, data, now);

  let user: UserRow =
    existing ??
    (await insertUser(
      db,
      {
        email,
        aud,
        role: settings.defaultRole,
        password,
        userMetadata: data,
        appMetadata: { provider: "email", providers: ["email"] },
      },
      now,
    ));
  if (!(await findEmailIdentity(db, user.id))) {
    // Parameters never overwrite the claims GoTrue puts in the identity data.
    const identityData = { ...data, ...emailIdentityData(user) };
    await insertEmailIdentity(db, user, identityData, now);
    // RemoveUnconfirmedIdentities: an unconfirmed user's metadata becomes the identity's.
    user = await updateUser(db, user.id, { raw_user_meta_data: identityData }, now);
  }

  assertMayResend(user.confirmation_sent_at, now);
  const tokenHash = newTokenHash(user.email ?? email);
  user = await updateUser(db, user.id, { confirmation_token: tokenHash, confirmation_sent_at: now }, now);
  await sendLinkMail(auth.context.sendMail, {
    to: email,
    type: "signup",
    tokenHash,
    redirectTo: auth.url.searchParams.get("redirect_to"),
  });

  if (user.invited_at) return toUserJson({ ...user, raw_user_meta_data: {} }, []);
  return userJson(db, user);
}

/** GoTrue's sanitizeUser: the confirmed user with everything that identifies them replaced. */
function lookAlikeUser(user: UserRow, aud: string, data: Record<string, unknown>, now: Date) {
  return toUserJson(
    {
      ...user,
      id: randomUUID(),
      aud,
      role: "",
      phone: "",
      email_change: "",
      created_at: now,
      updated_at: now,
      confirmation_sent_at: now,
      last_sign_in_at: null,
      confirmed_at: null,
      email_change_sent_at: null,
      email_confirmed_at: null,
      phone_confirmed_at: null,
      raw_user_meta_data: data,
      raw_app_meta_data: { provider: "email", providers: ["email"] },
    },
    [],
  );
}
