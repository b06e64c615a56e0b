import { isSameOrigin } from "../../server/same-origin.js";
import { env } from "./env.server";

/**
 * Whether a request that may change something comes from one of our own pages
 * (server/same-origin.js). The server refuses cross-site posts before the app sees them; this
 * is the second wall, where actions meet Supabase, should the app ever run behind another server.
 */
export function isSameOriginRequest(request: Request, siteUrl = env.SITE_URL): boolean {
  return isSameOrigin(
    {
      method: request.method,
      host: new URL(request.url).host,
      origin: request.headers.get("Origin"),
      fetchSite: request.headers.get("Sec-Fetch-Site"),
      referer: request.headers.get("Referer"),
    },
    siteUrl,
  );
}

/** Throws 403 for a cross-site request that may change something; see isSameOriginRequest. */
export function requireSameOrigin(request: Request) {
  if (!isSameOriginRequest(request)) {
    throw new Response("Forespørselen kom fra et annet nettsted og ble avvist.", { status: 403 });
  }
}
