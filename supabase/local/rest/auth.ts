import type { IncomingMessage } from "node:http";
import { JWT_SECRET } from "../config";
import { bearerToken, headerValue } from "../http";
import { JwtError, verifyJwt, type JwtClaims } from "../jwt";
import { PgrstError } from "./errors";

/** Who a request acts as, as PostgREST's Auth.hs derives it from the JWT. */
export type Auth = {
  role: string;
  /** The token's claims with `role` set, as `request.jwt.claims` gets them. */
  claims: JwtClaims;
  /** Not the anon role: decides 401 or 403 for insufficient_privilege. */
  authed: boolean;
};

const ANON_ROLE = "anon";
/** PostgREST allows this much clock skew on exp, nbf and iat (Auth.hs allowedSkewSeconds). */
const SKEW_SECONDS = 30;

/**
 * The claims of the request's bearer token (the Supabase gateway passes the apikey on when
 * no user token is sent). Throws PgrstError with PostgREST's PGRST301/PGRST303 answers.
 */
export function authenticate(request: IncomingMessage, nowMs: number): Auth {
  const token = bearerToken(request) ?? headerValue(request, "apikey");
  const claims = token === undefined ? {} : verify(token, Math.floor(nowMs / 1000));
  const role = roleOf(claims);
  return { role, claims: { ...claims, role }, authed: role !== ANON_ROLE };
}

/** The role claim as PostgREST reads it: a string as is, any other JSON value encoded. */
export function roleOf(claims: JwtClaims): string {
  const role: unknown = claims.role;
  if (role === undefined || role === null) return ANON_ROLE;
  return typeof role === "string" ? role : JSON.stringify(role);
}

function verify(token: string, now: number): JwtClaims {
  const parts = token.split(".").length;
  if (parts !== 3) throw invalidToken("PGRST301", `Expected 3 parts in JWT; got ${parts}`);
  let claims: JwtClaims;
  try {
    // Expiry is checked below with PostgREST's skew and messages; time 0 leaves it to us.
    claims = verifyJwt(token, JWT_SECRET, 0);
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    throw invalidToken("PGRST301", decodeMessages[error.message] ?? "JWT couldn't be decoded");
  }
  if (!claims || typeof claims !== "object" || Array.isArray(claims))
    throw invalidToken("PGRST303", "Parsing claims failed");
  checkTime(claims.exp, "exp", (at) => now <= at + SKEW_SECONDS, "JWT expired");
  checkTime(claims.nbf, "nbf", (at) => now >= at - SKEW_SECONDS, "JWT not yet valid");
  checkTime(claims.iat, "iat", (at) => now >= at - SKEW_SECONDS, "JWT issued at future");
  const aud: unknown = claims.aud;
  const audOk =
    aud === undefined ||
    aud === null ||
    typeof aud === "string" ||
    (Array.isArray(aud) && aud.every((a) => typeof a === "string"));
  if (!audOk) throw invalidToken("PGRST303", "The JWT 'aud' claim must be a string or an array of strings");
  return claims;
}

const decodeMessages: Record<string, string> = {
  "signature is invalid": "JWT cryptographic operation failed",
  "unsupported algorithm": "Wrong or unsupported encoding algorithm",
};

function checkTime(value: unknown, claim: string, valid: (at: number) => boolean, message: string) {
  if (value === undefined) return;
  if (typeof value !== "number") throw invalidToken("PGRST303", `The JWT '${claim}' claim must be a number`);
  if (!valid(Math.trunc(value))) throw invalidToken("PGRST303", message);
}

function invalidToken(code: string, message: string) {
  return new PgrstError(401, code, message, null, null, {
    "www-authenticate": `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`,
  });
}
