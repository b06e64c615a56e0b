import { createServerClient, parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import { cookieAttributes, cookieName } from "./cookies.server";
import { requireSameOrigin } from "./csrf.server";
import { rememberOrigin } from "./session-end.server";
import { env } from "./env.server";
import { supabaseFetch } from "./supabase-fetch.server";
import { forgetViewerOnWrite } from "./viewer-cache.server";

/**
 * A Supabase client for one request, acting as whoever the session cookies say. Cookies the
 * client sets (sign-in, token refresh, sign-out) collect in `headers`; the loader or action
 * must return them with its response. Only this server talks to Supabase: the cookies are
 * httpOnly and the browser never gets a key.
 *
 * Every action reaches the database, Auth and the session cookies through here, so this is
 * where a forged cross-site form post is turned away (docs/decisions/008-csrf-and-csp.md), and
 * where a post makes the layout ask again who the person is.
 */
export function createSupabase(request: Request) {
  requireSameOrigin(request);
  forgetViewerOnWrite(request);
  const headers = new Headers();
  const supabase = createServerClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    db: { schema: "api" },
    global: { fetch: supabaseFetch },
    cookieOptions: { ...cookieAttributes, name: cookieName("sammen-auth") },
    cookies: {
      getAll: () =>
        parseCookieHeader(request.headers.get("Cookie") ?? "").map(({ name, value }) => ({ name, value: value ?? "" })),
      setAll: (cookies) => {
        for (const { name, value, options } of cookies) {
          headers.append("Set-Cookie", serializeCookieHeader(name, value, options));
        }
      },
    },
  });
  rememberOrigin(supabase, request, headers);
  return { supabase, headers };
}

export type Supabase = ReturnType<typeof createSupabase>["supabase"];
