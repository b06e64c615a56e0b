import { createHash, randomUUID } from "node:crypto";
import { createClient, isAuthWeakPasswordError, type EmailOtpType } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { settings } from "../../supabase/local/auth/settings";
import { SITE_URL } from "../../supabase/local/config";
import { pool } from "../support/db";
import { ANON_KEY, SERVICE_ROLE_KEY, SUPABASE_URL } from "../support/env";

// Supabase Auth through the real supabase-js client against the local stack.

afterAll(() => pool.end());

const client = (key = ANON_KEY) =>
  createClient(SUPABASE_URL, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
const newEmail = () => `${randomUUID()}@example.test`;
const PASSWORD = "riktig-hest-batteri";

type Mail = { recipient: string; subject: string; text: string };

async function mailsTo(email: string): Promise<Mail[]> {
  const response = await fetch(`${SUPABASE_URL}/mailbox/api/messages?to=${encodeURIComponent(email)}`);
  return (await response.json()) as Mail[];
}

/** The newest e-mail to `email` and the parameters of the link in it. */
async function latestLink(email: string) {
  const [mail] = await mailsTo(email);
  if (!mail) throw new Error(`no mail to ${email}`);
  const href = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!href) throw new Error(`no link in mail to ${email}`);
  const link = new URL(href);
  return {
    mail,
    link,
    tokenHash: link.searchParams.get("token_hash") ?? "",
    type: link.searchParams.get("type") as EmailOtpType,
    next: link.searchParams.get("next"),
  };
}

/** A confirmed user made with the service key, signed in on a fresh client. */
async function signedInUser(password = PASSWORD) {
  const email = newEmail();
  const created = await client(SERVICE_ROLE_KEY).auth.admin.createUser({ email, password, email_confirm: true });
  expect(created.error).toBeNull();
  const supabase = client();
  const { data, error } = await supabase.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  return { email, supabase, session: data.session!, userId: data.user!.id };
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());

describe("the gateway", () => {
  it("refuses requests without an API key, except e-mail links", async () => {
    const response = await fetch(`${SUPABASE_URL}/auth/v1/user`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: "No API key found in request" });

    const wrongKey = await fetch(`${SUPABASE_URL}/auth/v1/signup`, {
      method: "POST",
      headers: { apikey: "nope" },
      body: "{}",
    });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ message: "Invalid API key" });

    const verify = await fetch(`${SUPABASE_URL}/auth/v1/verify`, {
      method: "POST",
      body: JSON.stringify({ type: "signup", token_hash: "0".repeat(56) }),
    });
    expect(verify.status).toBe(403);
  });

  it("answers clients without the API version header in GoTrue's older error format", async () => {
    const response = await fetch(`${SUPABASE_URL}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { apikey: ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email: newEmail(), password: PASSWORD }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-sb-error-code")).toBe("invalid_credentials");
    expect(await response.json()).toEqual({
      code: 400,
      error_code: "invalid_credentials",
      msg: "Invalid login credentials",
    });
  });
});

describe("sign-up with e-mail confirmation", () => {
  it("sends a confirmation link to the app, whose token hash signs the user in once", async () => {
    const email = newEmail();
    const supabase = client();
    const signedUp = await supabase.auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { display_name: "Ola Nordmann" }, emailRedirectTo: `${SITE_URL}/velkommen?steg=2` },
    });
    expect(signedUp.error).toBeNull();
    expect(signedUp.data.session).toBeNull();
    expect(signedUp.data.user).toMatchObject({
      email,
      role: "authenticated",
      aud: "authenticated",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { display_name: "Ola Nordmann", email, email_verified: false, sub: signedUp.data.user!.id },
    });
    expect(signedUp.data.user!.email_confirmed_at).toBeUndefined();
    expect(signedUp.data.user!.identities).toHaveLength(1);

    const { mail, link, tokenHash, type, next } = await latestLink(email);
    expect(mail.subject).toBe("Bekreft e-postadressen din");
    expect(`${link.origin}${link.pathname}`).toBe(`${SITE_URL}/auth/confirm`);
    expect(type).toBe("signup");
    expect(next).toBe("/velkommen?steg=2");
    // Stored as GoTrue stores it: the hash of the address and a one-time code, not the code.
    const { rows } = await pool.query("select confirmation_token from auth.users where email = $1", [email]);
    expect(rows[0].confirmation_token).toBe(tokenHash);
    expect(tokenHash).toMatch(/^[0-9a-f]{56}$/);

    const unconfirmed = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
    expect(unconfirmed.error).toMatchObject({ status: 400, code: "email_not_confirmed" });

    const verified = await supabase.auth.verifyOtp({ token_hash: tokenHash, type });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.refresh_token).toBeTruthy();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
    expect(verified.data.user?.user_metadata).toMatchObject({ email_verified: true });

    const again = await client().auth.verifyOtp({ token_hash: tokenHash, type });
    expect(again.error).toMatchObject({
      status: 403,
      code: "otp_expired",
      message: "Email link is invalid or has expired",
    });

    const signedIn = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
    expect(signedIn.error).toBeNull();
  });

  it("answers a sign-up with a confirmed user's address with a look-alike user and sends nothing", async () => {
    const { email, userId } = await signedInUser();
    const before = (await mailsTo(email)).length;
    const { data, error } = await client().auth.signUp({ email, password: "et-annet-passord" });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.id).not.toBe(userId);
    expect(data.user?.identities).toEqual([]);
    expect((await mailsTo(email)).length).toBe(before);
  });

  it("sends the confirmation again for an unconfirmed address, but not more than once a minute", async () => {
    const email = newEmail();
    await client().auth.signUp({ email, password: PASSWORD });
    const { rows } = await pool.query("select id from auth.users where email = $1", [email]);
    const repeated = await client().auth.signUp({ email, password: PASSWORD });
    expect(repeated.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });

    await pool.query(
      "update auth.users set confirmation_sent_at = confirmation_sent_at - interval '61 seconds' where email = $1",
      [email],
    );
    const later = await client().auth.signUp({ email, password: PASSWORD });
    expect(later.error).toBeNull();
    expect(later.data.user?.id).toBe(rows[0].id);
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it("refuses weak passwords and malformed addresses with the codes supabase-js exposes", async () => {
    const weak = await client().auth.signUp({ email: newEmail(), password: "kort" });
    expect(isAuthWeakPasswordError(weak.error)).toBe(true);
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password", reasons: ["length"] });

    const malformed = await client().auth.signUp({ email: "ikke-en-adresse", password: PASSWORD });
    expect(malformed.error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: "Unable to validate email address: invalid format",
    });
  });

  it("also verifies through the GET redirect flow", async () => {
    const email = newEmail();
    await client().auth.signUp({ email, password: PASSWORD });
    const { tokenHash } = await latestLink(email);
    const redirectTo = `${SITE_URL}/innlogget`;
    const ok = await fetch(
      `${SUPABASE_URL}/auth/v1/verify?token=${tokenHash}&type=signup&redirect_to=${encodeURIComponent(redirectTo)}`,
      {
        redirect: "manual",
      },
    );
    expect(ok.status).toBe(303);
    const location = new URL(ok.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectTo);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(claimsOf(fragment.get("access_token")!).email).toBe(email);
    expect(fragment.get("type")).toBe("signup");

    const reused = await fetch(
      `${SUPABASE_URL}/auth/v1/verify?token=${tokenHash}&type=signup&redirect_to=https://evil.example`,
      {
        redirect: "manual",
      },
    );
    const error = new URL(reused.headers.get("location")!);
    expect(error.origin).toBe(new URL(SITE_URL).origin);
    expect(new URLSearchParams(error.hash.slice(1)).get("error_code")).toBe("otp_expired");
  });
});

describe("password sign-in and sessions", () => {
  it("refuses wrong passwords and unknown addresses alike", async () => {
    const { email } = await signedInUser();
    const wrong = await client().auth.signInWithPassword({ email, password: "feil-passord" });
    expect(wrong.error).toMatchObject({
      status: 400,
      code: "invalid_credentials",
      message: "Invalid login credentials",
    });
    const unknown = await client().auth.signInWithPassword({ email: newEmail(), password: PASSWORD });
    expect(unknown.error).toMatchObject({ status: 400, code: "invalid_credentials" });
  });

  it("signs in users that a seed file inserted the usual Supabase way", async () => {
    const email = newEmail();
    await pool.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
               extensions.crypt($2, extensions.gen_salt('bf')), now(), '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
      [email, PASSWORD],
    );
    const { data, error } = await client().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });

  it("issues access tokens with GoTrue's claims", async () => {
    const { email, session, userId } = await signedInUser();
    expect(session).toMatchObject({ token_type: "bearer", expires_in: settings.jwtExpirySeconds });
    expect(session.expires_at).toBe(claimsOf(session.access_token).exp);
    const claims = claimsOf(session.access_token);
    expect(claims).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      sub: userId,
      email,
      phone: "",
      iss: `${SUPABASE_URL}/auth/v1`,
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
    });
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    expect(claims.exp - claims.iat).toBe(settings.jwtExpirySeconds);
    const { rows } = await pool.query("select user_id from auth.sessions where id = $1", [claims.session_id]);
    expect(rows[0]?.user_id).toBe(userId);
    const { rows: users } = await pool.query("select last_sign_in_at from auth.users where id = $1", [userId]);
    expect(users[0].last_sign_in_at).not.toBeNull();
  });

  it("gets the signed-in user and refuses a forged token", async () => {
    const { supabase, session, userId } = await signedInUser();
    const { data, error } = await supabase.auth.getUser(session.access_token);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(userId);

    const [header, payload] = session.access_token.split(".");
    const forged = await supabase.auth.getUser(`${header}.${payload}.${"A".repeat(43)}`);
    expect(forged.error).toMatchObject({ status: 403, code: "bad_jwt" });
  });

  it("rotates refresh tokens and treats a late replay of an older one as theft", async () => {
    const { supabase, session } = await signedInUser();
    const first = await supabase.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(first.error).toBeNull();
    const rotated = first.data.session!.refresh_token;
    expect(rotated).not.toBe(session.refresh_token);

    // Replaying the token just rotated gets the current one back: the client lost the response.
    const replay = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(replay.error).toBeNull();
    expect(replay.data.session?.refresh_token).toBe(rotated);

    const second = await client().auth.refreshSession({ refresh_token: rotated });
    const current = second.data.session!.refresh_token;
    expect(current).not.toBe(rotated);
    await pool.query(
      "update auth.refresh_tokens set updated_at = updated_at - interval '11 seconds' where token = $1",
      [session.refresh_token],
    );
    const late = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(late.error).toMatchObject({ status: 400, code: "refresh_token_already_used" });
    const { rows } = await pool.query("select revoked from auth.refresh_tokens where token = $1", [current]);
    expect(rows[0].revoked).toBe(true);
  });

  it("signs out: the refresh token and the session are gone", async () => {
    const { supabase, session } = await signedInUser();
    expect((await supabase.auth.signOut()).error).toBeNull();
    const refreshed = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    const user = await client().auth.getUser(session.access_token);
    expect(user.error?.name).toBe("AuthSessionMissingError");
  });

  it("signs out other sessions only with scope 'others'", async () => {
    const { email, supabase, session } = await signedInUser();
    const other = client();
    const otherSignIn = await other.auth.signInWithPassword({ email, password: PASSWORD });
    expect((await supabase.auth.signOut({ scope: "others" })).error).toBeNull();
    expect((await client().auth.getUser(session.access_token)).error).toBeNull();
    const kicked = await client().auth.refreshSession({ refresh_token: otherSignIn.data.session!.refresh_token });
    expect(kicked.error).toMatchObject({ code: "refresh_token_not_found" });
  });
});

describe("updating the user", () => {
  it("changes the password, refusing the same one, and keeps only this session", async () => {
    const { email, supabase } = await signedInUser();
    const other = await client().auth.signInWithPassword({ email, password: PASSWORD });

    const same = await supabase.auth.updateUser({ password: PASSWORD });
    expect(same.error).toMatchObject({ status: 422, code: "same_password" });
    const weak = await supabase.auth.updateUser({ password: "kort" });
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password" });

    const updated = await supabase.auth.updateUser({
      password: "nytt-og-bedre-passord",
      data: { display_name: "Kari" },
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toMatchObject({ display_name: "Kari" });

    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: "invalid_credentials",
    });
    expect((await client().auth.signInWithPassword({ email, password: "nytt-og-bedre-passord" })).error).toBeNull();
    const otherRefresh = await client().auth.refreshSession({ refresh_token: other.data.session!.refresh_token });
    expect(otherRefresh.error).toMatchObject({ code: "refresh_token_not_found" });
    expect((await supabase.auth.getUser()).error).toBeNull();
  });

  it("changes the e-mail address once both addresses have confirmed", async () => {
    const { email, supabase, userId } = await signedInUser();
    const target = newEmail();
    const requested = await supabase.auth.updateUser({ email: target });
    expect(requested.error).toBeNull();
    expect(requested.data.user).toMatchObject({ email, new_email: target });

    const toNew = await latestLink(target);
    const toOld = await latestLink(email);
    expect(toNew.type).toBe("email_change");
    expect(toOld.tokenHash).not.toBe(toNew.tokenHash);

    const first = await client().auth.verifyOtp({ token_hash: toOld.tokenHash, type: "email_change" });
    expect(first.error).toBeNull();
    expect(first.data.session).toBeNull();
    expect((await client(SERVICE_ROLE_KEY).auth.admin.getUserById(userId)).data.user?.email).toBe(email);

    const second = await client().auth.verifyOtp({ token_hash: toNew.tokenHash, type: "email_change" });
    expect(second.error).toBeNull();
    expect(second.data.user?.email).toBe(target);
    expect((await client().auth.signInWithPassword({ email: target, password: PASSWORD })).error).toBeNull();
  });
});

describe("password recovery", () => {
  it("e-mails a recovery link that signs in so that a new password can be set", async () => {
    const { email } = await signedInUser();
    const anonymous = client();
    const requested = await anonymous.auth.resetPasswordForEmail(email, { redirectTo: `${SITE_URL}/nytt-passord` });
    expect(requested.error).toBeNull();

    const { mail, tokenHash, type, next } = await latestLink(email);
    expect(mail.subject).toBe("Tilbakestill passordet ditt");
    expect(type).toBe("recovery");
    expect(next).toBe("/nytt-passord");

    const verified = await anonymous.auth.verifyOtp({ token_hash: tokenHash, type });
    expect(verified.error).toBeNull();
    expect(claimsOf(verified.data.session!.access_token).amr[0].method).toBe("otp");
    expect((await anonymous.auth.updateUser({ password: "gjenopprettet-passord" })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password: "gjenopprettet-passord" })).error).toBeNull();
  });

  it("answers the same for unknown addresses and limits how often mail is sent", async () => {
    const unknown = newEmail();
    expect((await client().auth.resetPasswordForEmail(unknown)).error).toBeNull();
    expect(await mailsTo(unknown)).toHaveLength(0);

    const { email } = await signedInUser();
    expect((await client().auth.resetPasswordForEmail(email)).error).toBeNull();
    const again = await client().auth.resetPasswordForEmail(email);
    expect(again.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
  });

  it("refuses expired and tampered links", async () => {
    const { email } = await signedInUser();
    await client().auth.resetPasswordForEmail(email);
    const { tokenHash } = await latestLink(email);

    const tampered = await client().auth.verifyOtp({
      token_hash: createHash("sha224").update("x").digest("hex"),
      type: "recovery",
    });
    expect(tampered.error).toMatchObject({ status: 403, code: "otp_expired" });
    const wrongType = await client().auth.verifyOtp({ token_hash: tokenHash, type: "signup" });
    expect(wrongType.error).toMatchObject({ status: 403, code: "otp_expired" });

    await pool.query(
      "update auth.users set recovery_sent_at = recovery_sent_at - interval '61 minutes' where email = $1",
      [email],
    );
    const expired = await client().auth.verifyOtp({ token_hash: tokenHash, type: "recovery" });
    expect(expired.error).toMatchObject({
      status: 403,
      code: "otp_expired",
      message: "Email link is invalid or has expired",
    });
  });
});

describe("admin endpoints", () => {
  it("create users with the service key only", async () => {
    const email = newEmail();
    const admin = client(SERVICE_ROLE_KEY).auth.admin;
    const created = await admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: "Per" },
      app_metadata: { tenant: "kongsberg" },
    });
    expect(created.error).toBeNull();
    expect(created.data.user).toMatchObject({
      email,
      user_metadata: { display_name: "Per", email_verified: true },
      app_metadata: { provider: "email", providers: ["email"], tenant: "kongsberg" },
    });
    expect(created.data.user?.email_confirmed_at).toBeTruthy();

    const fetched = await admin.getUserById(created.data.user!.id);
    expect(fetched.data.user?.email).toBe(email);
    const missing = await admin.getUserById(randomUUID());
    expect(missing.error).toMatchObject({ status: 404, code: "user_not_found" });

    const duplicate = await admin.createUser({ email, password: PASSWORD });
    expect(duplicate.error).toMatchObject({ status: 422, code: "email_exists" });

    const refused = await client(ANON_KEY).auth.admin.createUser({ email: newEmail(), password: PASSWORD });
    expect(refused.error).toMatchObject({ status: 403, code: "not_admin", message: "User not allowed" });
    const { session } = await signedInUser();
    const asUser = await createClient(SUPABASE_URL, ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { headers: { Authorization: `Bearer ${session.access_token}` } },
    }).auth.admin.getUserById(created.data.user!.id);
    expect(asUser.error).toMatchObject({ status: 403, code: "not_admin" });
  });

  it("invite users, who accept through the e-mailed link and choose a password", async () => {
    const email = newEmail();
    const invited = await client(SERVICE_ROLE_KEY).auth.admin.inviteUserByEmail(email, {
      data: { display_name: "Ny Frivillig" },
      redirectTo: `${SITE_URL}/nytt-passord`,
    });
    expect(invited.error).toBeNull();
    expect(invited.data.user).toMatchObject({ email, user_metadata: { display_name: "Ny Frivillig" } });
    expect(invited.data.user?.invited_at).toBeTruthy();

    const { mail, tokenHash, type, next } = await latestLink(email);
    expect(mail.subject).toBe("Du er invitert til Sammen");
    expect(type).toBe("invite");
    expect(next).toBe("/nytt-passord");

    const invitee = client();
    const accepted = await invitee.auth.verifyOtp({ token_hash: tokenHash, type });
    expect(accepted.error).toBeNull();
    expect(accepted.data.user?.email_confirmed_at).toBeTruthy();
    expect((await invitee.auth.updateUser({ password: PASSWORD })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();

    const reinvite = await client(SERVICE_ROLE_KEY).auth.admin.inviteUserByEmail(email);
    expect(reinvite.error).toMatchObject({ status: 422, code: "email_exists" });
    const refused = await client(ANON_KEY).auth.admin.inviteUserByEmail(newEmail());
    expect(refused.error).toMatchObject({ status: 403, code: "not_admin" });
  });
});
