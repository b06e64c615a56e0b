import { randomBytes } from "node:crypto";
import { env, isProduction } from "./env.server";
import { sessionKey } from "./viewer-cache.server";

export const newNonce = () => randomBytes(16).toString("base64");

/**
 * The Content-Security-Policy of every page (docs/decisions/008-csrf-and-csp.md). Scripts run
 * only with this response's nonce, and what they load ('strict-dynamic'); styles come from our
 * own files. Images and embedded PDFs (receipt previews) may also be signed Storage URLs. In development Vite injects styles and
 * talks to its dev server over a WebSocket, so those are allowed there only.
 */
export function contentSecurityPolicy(nonce: string, production = isProduction): string {
  const storage = new URL(env.SUPABASE_URL).origin;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"],
    "style-src": production ? ["'self'"] : ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", storage],
    "font-src": ["'self'"],
    "connect-src": production ? ["'self'"] : ["'self'", "ws:", "wss:"],
    // The facilitator's service worker (/sw.js); a worker has no nonce to show.
    "worker-src": ["'self'"],
    "object-src": ["'self'", storage],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/**
 * Headers for every page and data response: the CSP on pages, the rest everywhere.
 * `X-Content-Type-Options: nosniff` goes on every response, files and downloads too, from the
 * server (server/app.js).
 */
export function setSecurityHeaders(headers: Headers, nonce?: string) {
  if (nonce) headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  if (isProduction) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

/**
 * A page or data response for a signed-in person is theirs alone: no shared cache (a proxy, a
 * CDN) may keep it, and the browser keeps no copy on disk for the next user of the machine to
 * find with the back button. Public pages for visitors keep what their route says.
 */
export function setPrivacyHeaders(request: Request, headers: Headers) {
  if (sessionKey(request) !== undefined || headers.has("Set-Cookie")) headers.set("Cache-Control", "private, no-store");
}
