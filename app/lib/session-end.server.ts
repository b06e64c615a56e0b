import { redirect } from "@remix-run/node";
import { isAuthApiError, type AuthError } from "@supabase/supabase-js";
import type { Supabase } from "./supabase.server";

/**
 * R14: a session ends when its owner signs out (anywhere), after the idle timeout and after
 * the maximum length. The database refuses a request from such a session with 401 and
 * PT401 (app.check_session, PostgREST's db-pre-request); an invalid or expired token gets
 * PostgREST's PGRST301/PGRST303. Either way the person is signed out here and sent to sign in
 * again, with a message saying why, and back to where they were afterwards.
 */
const ENDED_SESSION_CODES = new Set(["PT401", "PGRST301", "PGRST303"]);

export const isEndedSession = (status: number, code: string | undefined) =>
  status === 401 && code !== undefined && ENDED_SESSION_CODES.has(code);

/** Auth refused to refresh the session (signed out, expired, too old or idle). */
export const isRefusedRefresh = (error: AuthError | null) => error !== null && isAuthApiError(error);

export function signInPath(request: Request, ended: boolean) {
  const url = new URL(request.url);
  const query = new URLSearchParams();
  if (url.pathname !== "/logg-inn") query.set("redirectTo", `${url.pathname}${url.search}`);
  if (ended) query.set("utlopt", "1");
  return `/logg-inn${query.size ? `?${query}` : ""}`;
}

/**
 * The request a client was made for and the headers its cookies collect in, for code that
 * gets only the client (an API call that finds the session ended must sign out and redirect).
 */
const origins = new WeakMap<object, { request: Request; headers: Headers }>();

export function rememberOrigin(supabase: object, request: Request, headers: Headers) {
  origins.set(supabase, { request, headers });
}

function originOf(supabase: Supabase) {
  const origin = origins.get(supabase);
  if (!origin) throw new Error("A Supabase client not made by createSupabase");
  return origin;
}

export async function endSession(supabase: Supabase): Promise<never> {
  // Local only: the session is gone on the server already, or its token is no good.
  await supabase.auth.signOut({ scope: "local" });
  const { request, headers } = originOf(supabase);
  throw redirect(signInPath(request, true), { headers });
}
