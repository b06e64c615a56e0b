import { env } from "./env.server";

/**
 * Cross-site request forgery: a request that may change something (anything but GET, HEAD
 * and OPTIONS) must come from one of our own pages (docs/decisions/008-csrf-and-csp.md).
 * Browsers say where a request comes from in Origin (every POST since 2020), in
 * Sec-Fetch-Site, and in Referer; the first of them present decides. A request with none of
 * them does not come from a browser page, so it cannot carry someone else's session
 * cookies into our forms, and passes (scripts, health checks, the tests' own fetches).
 */
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSameOriginRequest(request: Request, siteUrl = env.SITE_URL): boolean {
  if (safeMethods.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get("Origin");
  if (origin !== null) return isOurs(origin, request, siteUrl);
  const fetchSite = request.headers.get("Sec-Fetch-Site");
  if (fetchSite !== null) return fetchSite === "same-origin" || fetchSite === "none";
  const referer = request.headers.get("Referer");
  if (referer !== null) return isOurs(referer, request, siteUrl);
  return true;
}

// Our host is the one the request was sent to (as the server saw it), or SITE_URL's when a
// proxy in front rewrites the Host header. `Origin: null` (a sandboxed or privacy-stripped
// page) is never ours.
function isOurs(url: string, request: Request, siteUrl: string): boolean {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return false;
  }
  return host === new URL(request.url).host || host === new URL(siteUrl).host;
}

/** Throws 403 for a cross-site request that may change something; see isSameOriginRequest. */
export function requireSameOrigin(request: Request) {
  if (!isSameOriginRequest(request)) {
    throw new Response("Forespørselen kom fra et annet nettsted og ble avvist.", { status: 403 });
  }
}
