// @ts-check
/**
 * Cross-site request forgery (docs/decisions/008-csrf-and-csp.md): a request that may change
 * something (anything but GET, HEAD and OPTIONS) must come from one of our own pages.
 * Browsers say where a request comes from in Origin (every POST since 2020), in
 * Sec-Fetch-Site, and in Referer; the first of them present decides. A request with none of
 * them does not come from a browser page, so it cannot carry someone else's session cookies
 * into our forms, and passes (scripts, health checks, the tests' own fetches).
 *
 * Plain JavaScript, as the production server (server/app.js) checks every request with it
 * before the app, and the app (app/lib/csrf.server.ts) checks again where actions meet Supabase.
 */
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * @typedef {object} RequestOrigin
 * @property {string} method
 * @property {string} host the host the request was sent to, as this server saw it
 * @property {string | null} origin
 * @property {string | null} fetchSite the Sec-Fetch-Site header
 * @property {string | null} referer
 */

/**
 * @param {RequestOrigin} request
 * @param {string} siteUrl SITE_URL, whose host is ours too when a proxy in front rewrites Host
 */
export function isSameOrigin(request, siteUrl) {
  if (safeMethods.has(request.method.toUpperCase())) return true;
  if (request.origin !== null) return isOurs(request.origin, request.host, siteUrl);
  if (request.fetchSite !== null) return request.fetchSite === "same-origin" || request.fetchSite === "none";
  if (request.referer !== null) return isOurs(request.referer, request.host, siteUrl);
  return true;
}

/**
 * `Origin: null` (a sandboxed or privacy-stripped page) is never ours.
 * @param {string} url
 * @param {string} host
 * @param {string} siteUrl
 */
function isOurs(url, host, siteUrl) {
  let from;
  try {
    from = new URL(url).host;
  } catch {
    return false;
  }
  return from === host || from === new URL(siteUrl).host;
}
