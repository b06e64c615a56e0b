import { redirect } from "@remix-run/node";
import { ApiError, callApi } from "./api.server";
import { isRefusedRefresh, signInPath } from "./session-end.server";
import { createSupabase } from "./supabase.server";
import type { Viewer } from "./viewer";
import { rememberedViewer, rememberViewer, sessionKey } from "./viewer-cache.server";

/**
 * Who is asking. The session cookie is only the key: who the person is and what they may
 * reach comes from `api.session_context()`, which checks the token in the database.
 * `getSession()` refreshes an expired token; the new cookies are in `headers`. The answer is
 * remembered for a few seconds per session (viewer-cache.server.ts).
 */
export async function getViewer(request: Request): Promise<{ viewer: Viewer | null; headers: Headers }> {
  // A visitor without a session cookie has no session to read or refresh: no client is made.
  const key = sessionKey(request);
  if (key === undefined) return { viewer: null, headers: new Headers() };
  const { supabase, headers } = createSupabase(request);
  const { data } = await supabase.auth.getSession();
  if (!data.session) return { viewer: null, headers };
  const known = rememberedViewer(key);
  if (known) return { viewer: known, headers };
  try {
    const context = await callApi(supabase, "session_context");
    const viewer = context.user ? { ...context, user: context.user } : null;
    if (viewer) rememberViewer(key, viewer);
    return { viewer, headers };
  } catch (error) {
    // A session that has ended is sent to sign-in by callApi; any other token the database
    // does not accept (a role that no longer exists): forget it.
    if (error instanceof ApiError && error.status === 401) {
      await supabase.auth.signOut({ scope: "local" });
      return { viewer: null, headers };
    }
    throw error;
  }
}

/**
 * For pages and actions that need a signed-in person: the request's Supabase client, or a
 * redirect to sign-in that comes back here afterwards (saying so when Auth ended the
 * session). The session is not verified here; every API call it makes is, by the database.
 */
export async function requireUser(request: Request) {
  const { supabase, headers } = createSupabase(request);
  const { data, error } = await supabase.auth.getSession();
  if (!data.session) throw redirect(signInPath(request, isRefusedRefresh(error)), { headers });
  return { supabase, headers, session: data.session };
}
