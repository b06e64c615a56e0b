import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { JWT_SECRET } from "../config";
import { bearerToken, headerValue, readJson, type StackContext } from "../http";
import { JwtError, verifyJwt, type JwtClaims } from "../jwt";
import { AuthError, badRequest, forbidden, validationFailed, WeakPasswordError } from "./errors";
import { settings } from "./settings";
import { findSession, findUserById, type UserRow } from "./users";

/** One request to /auth/v1, with what the handlers need from it. */
export type AuthRequest = {
  request: IncomingMessage;
  url: URL;
  context: StackContext;
  now: Date;
  body: () => Promise<Record<string, unknown>>;
};

export const stringParam = (value: unknown): string => (typeof value === "string" ? value : "");
export const objectParam = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

export const readBodyOnce = (request: IncomingMessage) => {
  let body: Promise<Record<string, unknown>> | undefined;
  return () => (body ??= readJson(request));
};

/** The audience GoTrue serves this request for (X-JWT-AUD header, else the default). */
export const requestAudience = (request: IncomingMessage) => headerValue(request, "x-jwt-aud") || settings.audience;

export function requestClient(request: IncomingMessage) {
  const forwarded = headerValue(request, "x-forwarded-for")?.split(",")[0]?.trim();
  // sessions.ip is inet: anything that is not an address would fail the insert.
  const ip = [forwarded, request.socket.remoteAddress].find((candidate) => candidate && isIP(candidate)) ?? null;
  return { userAgent: headerValue(request, "user-agent") ?? null, ip };
}

/** GoTrue's extractBearerToken + parseJWTClaims. */
export function bearerClaims({ request, now }: AuthRequest): JwtClaims {
  const token = bearerToken(request);
  if (!token) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  try {
    return verifyJwt(token, JWT_SECRET, now.getTime());
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${jwtProblem(error.message)}`);
  }
}

const jwtProblem = (message: string) =>
  message.includes("expired")
    ? "token has invalid claims: token is expired"
    : message.includes("signature")
      ? "token signature is invalid: signature is invalid"
      : `token is malformed: ${message}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** GoTrue's requireAuthentication: a user's access token whose user and session still exist. */
export async function requireUser(auth: AuthRequest): Promise<{ user: UserRow; sessionId: string | null }> {
  const claims = bearerClaims(auth);
  const db = auth.context.admin;
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  if (!subject) throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!isUuid(subject)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(db, subject);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");

  const sessionId = typeof claims.session_id === "string" ? claims.session_id : "";
  if (sessionId && sessionId !== "00000000-0000-0000-0000-000000000000") {
    if (!isUuid(sessionId)) throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
    if (!(await findSession(db, sessionId))) {
      throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
    }
  }
  if (isBanned(user, auth.now)) throw forbidden("user_banned", "User is banned");
  return { user, sessionId: sessionId || null };
}

/** GoTrue's requireAdminCredentials: a token whose role is one of the admin roles. */
export function requireAdmin(auth: AuthRequest): JwtClaims {
  const claims = bearerClaims(auth);
  if (!settings.adminRoles.includes(String(claims.role) as (typeof settings.adminRoles)[number])) {
    throw forbidden("not_admin", "User not allowed");
  }
  return claims;
}

export const isBanned = (user: UserRow, now: Date) => user.banned_until !== null && user.banned_until > now;

// The pattern of github.com/badoux/checkmail, which GoTrue's validateEmail uses.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** GoTrue's validateEmail: returns the address lower-cased. */
export function validateEmail(email: string): string {
  if (email === "") throw validationFailed("An email address is required");
  if (email.length > 255) throw validationFailed("An email address is too long");
  if (!EMAIL.test(email)) throw validationFailed("Unable to validate email address: invalid format");
  return email.toLowerCase();
}

/** GoTrue's checkPasswordStrength (internal/api/password.go) with this project's rules. */
export function checkPasswordStrength(password: string) {
  // Go's len() counts bytes, so both limits do.
  const length = Buffer.byteLength(password);
  if (length > settings.maximumPasswordLength) {
    throw validationFailed(`Password cannot be longer than ${settings.maximumPasswordLength} characters`);
  }
  const messages: string[] = [];
  const reasons: string[] = [];
  if (length < settings.minimumPasswordLength) {
    reasons.push("length");
    messages.push(`Password should be at least ${settings.minimumPasswordLength} characters.`);
  }
  const { requiredCharacters } = settings;
  if (requiredCharacters.some((set) => ![...set].some((character) => password.includes(character)))) {
    reasons.push("characters");
    messages.push(`Password should contain at least one character of each: ${requiredCharacters.join(", ")}.`);
  }
  if (reasons.length) throw new WeakPasswordError(messages.join(" "), reasons);
}

/** Where e-mail links and redirects may lead: the redirect_to if it is on the site, else the site. */
export function allowedRedirect(redirectTo: string | null, siteUrl: string): string {
  if (!redirectTo) return siteUrl;
  try {
    return new URL(redirectTo).origin === new URL(siteUrl).origin ? redirectTo : siteUrl;
  } catch {
    return siteUrl;
  }
}
