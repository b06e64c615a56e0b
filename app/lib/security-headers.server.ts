import { randomBytes } from "node:crypto";
import type { HeadersFunction } from "@remix-run/node";
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
 * A public page (the catalogue, an activity, the roll of honour) as a visitor sees it: the
 * browser or a CDN may reuse it for a minute, and for five more while it asks again in the
 * background, so a busy catalogue costs the server one render a minute per address rather
 * than one per visitor. `Vary: Cookie` keeps a visitor's copy from anyone with other cookies
 * (a chosen language, a session). The page carries its CSP nonce with it, which only works
 * for that same copy. A public route exports this as its `headers`.
 */
export const PUBLIC_PAGE_CACHE = "public, max-age=60, stale-while-revalidate=300";
export const publicPageHeaders: HeadersFunction = () => ({ "Cache-Control": PUBLIC_PAGE_CACHE, Vary: "Cookie" });

/**
 * A page or data response for a signed-in person is theirs alone: no shared cache (a proxy, a
 * CDN) may keep it, and the browser keeps no copy on disk for the next user of the machine to
 * find with the back button. A visitor's public page keeps what its route says, unless it is
 * an error or a page that was not found, which are asked for again.
 */
export function setPrivacyHeaders(request: Request, headers: Headers, status: number) {
  if (sessionKey(request) !== undefined || headers.has("Set-Cookie")) headers.set("Cache-Control", "private, no-store");
  else if (status !== 200 && headers.get("Cache-Control") === PUBLIC_PAGE_CACHE) headers.delete("Cache-Control");
}
