import { randomBytes, randomUUID } from "node:crypto";
import { JWT_SECRET } from "../config";
import { signJwt } from "../jwt";
import { badRequest, OAuthError } from "./errors";
import { CommittedError } from "./transaction";
import { settings } from "./settings";
import { findUserById, updateUser, userJson, type Db, type UserRow } from "./users";

/**
 * Sessions, refresh tokens and access tokens as GoTrue's tokens service makes them, with
 * its default (v1) refresh tokens: opaque strings in auth.refresh_tokens, rotated on use.
 */
export type AuthenticationMethod = "password" | "otp";
type Client = { userAgent: string | null; ip: string | null };

/** GoTrue's crypto.SecureAlphanumeric: lower-case base32 of random bytes. */
function secureAlphanumeric(length: number) {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(Math.ceil((length * 5) / 8));
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.slice(0, length);
}

async function insertRefreshToken(db: Db, user: UserRow, sessionId: string, parent: string | null, now: Date) {
  const token = secureAlphanumeric(12);
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, $3, $3, $4, $5)`,
    [token, user.id, now, parent, sessionId],
  );
  return token;
}

/** A new session for `user` (GoTrue's IssueRefreshToken): the JSON a sign-in answers with. */
export async function issueSession(db: Db, user: UserRow, method: AuthenticationMethod, client: Client, now: Date) {
  const sessionId = randomUUID();
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, $3, $3, 'aal1', $4, $5)`,
    [sessionId, user.id, now, client.userAgent, client.ip],
  );
  const refreshToken = await insertRefreshToken(db, user, sessionId, null, now);
  const signedIn = await updateUser(db, user.id, { last_sign_in_at: now }, now);
  await db.query(
    `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method) values ($1, $2, $2, $3)
     on conflict (session_id, authentication_method) do update set updated_at = excluded.updated_at`,
    [sessionId, now, method],
  );
  return tokenResponse(db, signedIn, sessionId, refreshToken, now);
}

async function tokenResponse(db: Db, user: UserRow, sessionId: string, refreshToken: string, now: Date) {
  const { token, expiresAt } = await accessToken(db, user, sessionId, now);
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: expiresAt - Math.floor(now.getTime() / 1000),
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: await userJson(db, user),
  };
}

/** GoTrue's GenerateAccessToken: the claims PostgREST, Storage and RLS read. */
async function accessToken(db: Db, user: UserRow, sessionId: string, now: Date) {
  const { rows } = await db.query<{ method: string; at: Date }>(
    "select authentication_method as method, updated_at as at from auth.mfa_amr_claims where session_id = $1 order by updated_at desc",
    [sessionId],
  );
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + settings.jwtExpirySeconds;
  const claims = {
    aud: user.aud ?? settings.audience,
    exp: expiresAt,
    iat: issuedAt,
    iss: settings.issuer(),
    sub: user.id,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "",
    aal: "aal1",
    amr: rows.map((row) => ({ method: row.method, timestamp: Math.floor(row.at.getTime() / 1000) })),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  };
  return { token: signJwt(claims, JWT_SECRET), expiresAt };
}

type SessionRow = { id: string; created_at: Date; not_after: Date | null; refreshed_at: Date | null };

/**
 * GoTrue's Session.CheckValidity with [auth.sessions]: past not_after or the timebox since
 * sign-in, or idle longer than the inactivity timeout since the last refresh (or, before the
 * first, the refresh token's last update or the sign-in).
 */
function sessionValidity(session: SessionRow, refreshTokenTime: Date, now: Date) {
  const after = (at: Date, seconds: number) => now.getTime() > at.getTime() + seconds * 1000;
  if (session.not_after && now > session.not_after) return "past_not_after";
  if (settings.sessionTimeboxSeconds > 0 && after(session.created_at, settings.sessionTimeboxSeconds))
    return "past_timebox";
  const lastRefreshed =
    session.refreshed_at ?? (refreshTokenTime > session.created_at ? refreshTokenTime : session.created_at);
  if (settings.sessionInactivitySeconds > 0 && after(lastRefreshed, settings.sessionInactivitySeconds))
    return "timed_out";
  return "valid";
}

type TokenRow = {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  updated_at: Date;
  parent: string | null;
  session_id: string | null;
};

/**
 * The refresh_token grant (tokens.Service.RefreshTokenGrant, v1 tokens). Replaying the token
 * that the session's current one replaced gets the current one again (the client lost the
 * response). Replaying an older revoked token is tolerated within the reuse interval; after
 * it, the replay counts as theft and every token of the session is revoked.
 */
export async function refreshSession(db: Db, refreshToken: string, client: Client, now: Date) {
  if (!refreshToken) throw new OAuthError("invalid_request", "refresh_token required");

  const { rows } = await db.query<TokenRow>("select * from auth.refresh_tokens where token = $1 for update", [
    refreshToken,
  ]);
  const token = rows[0];
  const user = token && (await findUserById(db, token.user_id));
  if (!token || !user) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
  if (user.banned_until && user.banned_until > now)
    throw badRequest("user_banned", "Invalid Refresh Token: User Banned");
  const session = token.session_id
    ? (
        await db.query<SessionRow>(
          `select id, created_at, not_after, refreshed_at at time zone 'utc' as refreshed_at
             from auth.sessions where id = $1 for update`,
          [token.session_id],
        )
      ).rows[0]
    : undefined;
  if (!session) {
    await db.query("delete from auth.refresh_tokens where id = $1", [token.id]);
    throw new CommittedError(badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found"));
  }
  const validity = sessionValidity(session, token.updated_at, now);
  if (validity === "timed_out")
    throw badRequest("session_expired", "Invalid Refresh Token: Session Expired (Inactivity)");
  if (validity !== "valid") throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");

  let issued: string | undefined;
  if (token.revoked) {
    const active = (
      await db.query<TokenRow>(
        "select * from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1",
        [session.id],
      )
    ).rows[0];
    if (active?.parent === token.token) {
      issued = active.token;
    } else if (now.getTime() > token.updated_at.getTime() + settings.refreshTokenReuseSeconds * 1000) {
      await db.query(
        "update auth.refresh_tokens set revoked = true, updated_at = $2 where session_id = $1 and revoked = false",
        [session.id, now],
      );
      throw new CommittedError(badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used"));
    }
  }
  if (!issued) {
    await db.query("update auth.refresh_tokens set revoked = true, updated_at = $2 where id = $1", [token.id, now]);
    issued = await insertRefreshToken(db, user, session.id, token.token, now);
  }
  // refreshed_at is a plain timestamp in GoTrue's schema, kept in UTC.
  await db.query(
    "update auth.sessions set refreshed_at = $2::timestamptz at time zone 'utc', updated_at = $2, user_agent = $3, ip = $4 where id = $1",
    [session.id, now, client.userAgent, client.ip],
  );
  return tokenResponse(db, user, session.id, issued, now);
}

export type LogoutScope = "global" | "local" | "others";

/** Logging out deletes sessions; their refresh tokens go with them (on delete cascade). */
export async function logout(db: Db, userId: string, sessionId: string | null, scope: LogoutScope) {
  if (sessionId && scope === "local")
    return void (await db.query("delete from auth.sessions where id = $1", [sessionId]));
  if (sessionId && scope === "others") {
    return void (await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [userId, sessionId]));
  }
  await db.query("delete from auth.sessions where user_id = $1", [userId]);
}
