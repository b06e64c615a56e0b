import { createHmac, timingSafeEqual } from "node:crypto";

/** HS256 JSON Web Tokens, as GoTrue issues them and PostgREST/Storage verify them. */
export type JwtClaims = Record<string, unknown> & { role?: string; sub?: string; exp?: number };

const base64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");

export function signJwt(claims: JwtClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

export class JwtError extends Error {}

/** Returns the claims of a valid, unexpired token; throws JwtError otherwise. */
export function verifyJwt(token: string, secret: string, now = Date.now()): JwtClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("token is malformed");
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new JwtError("signature is invalid");
  }
  let claims: JwtClaims;
  try {
    const parsedHeader = JSON.parse(Buffer.from(header, "base64url").toString());
    if (parsedHeader.alg !== "HS256") throw new JwtError("unsupported algorithm");
    claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtError("token is malformed");
  }
  if (typeof claims.exp === "number" && claims.exp * 1000 <= now) throw new JwtError("token is expired");
  return claims;
}
