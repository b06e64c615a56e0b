import { parseCookieHeader } from "@supabase/ssr";
import type { Viewer } from "./viewer";

/**
 * Who is signed in, remembered for a few seconds per session, so that the layout does not
 * ask the database again on every page a person opens (docs/decisions/010-page-speed.md).
 * It only names the person and the places the navigation links to: every API call is still
 * checked by the database, so a remembered role grants nothing.
 *
 * The key is the session cookie itself: only its holder can hit the entry. Any form the
 * session posts forgets the entry first, so one's own changes (accepting an invitation,
 * leaving a club) show on the next page; changes made by someone else show within the TTL.
 */
const TTL_MS = 15_000;
const MAX_ENTRIES = 10_000;
const SESSION_COOKIE = /^(__Host-)?sammen-auth(\.\d+)?$/;

const remembered = new Map<string, { viewer: Viewer; until: number }>();

/** The session's cookie values, or undefined without a session cookie. */
export function sessionKey(request: Request): string | undefined {
  const values = parseCookieHeader(request.headers.get("Cookie") ?? "")
    .filter(({ name }) => SESSION_COOKIE.test(name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ value }) => value ?? "");
  return values.length ? values.join("\n") : undefined;
}

export function rememberedViewer(key: string, now = Date.now()): Viewer | undefined {
  const entry = remembered.get(key);
  if (entry && entry.until > now) return entry.viewer;
  if (entry) remembered.delete(key);
  return undefined;
}

export function rememberViewer(key: string, viewer: Viewer, now = Date.now()) {
  // Oldest first: a Map iterates in insertion order.
  if (remembered.size >= MAX_ENTRIES) remembered.delete(remembered.keys().next().value!);
  remembered.delete(key);
  remembered.set(key, { viewer, until: now + TTL_MS });
}

/** A request that may change who the person is or what they reach: forget what was remembered. */
export function forgetViewerOnWrite(request: Request) {
  if (request.method === "GET" || request.method === "HEAD") return;
  const key = sessionKey(request);
  if (key !== undefined) remembered.delete(key);
}
