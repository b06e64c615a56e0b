import { createHash } from "node:crypto";
import { feedCalendar, type CalendarFeed } from "./reminders";

/**
 * The calendar feed's answer, with the caching calendar apps respect: they may keep it for 15
 * minutes, and then ask with If-None-Match and get 304 when nothing changed. The ETag is made
 * from the feed's data, not its text, which differs between downloads only in DTSTAMP: so it
 * is weak (RFC 9110 8.8.1).
 */
const MAX_AGE_SECONDS = 15 * 60;

export function calendarResponse(feed: CalendarFeed, request: Request, host: string, now = new Date()): Response {
  const etag = `W/"${createHash("sha256").update(JSON.stringify(feed)).digest("base64url").slice(0, 32)}"`;
  const headers = new Headers({ ETag: etag, "Cache-Control": `private, max-age=${MAX_AGE_SECONDS}` });
  const seen = request.headers.get("If-None-Match");
  // Weak comparison: W/"x" and "x" name the same version.
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  if (seen && seen.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag))) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", "text/calendar; charset=utf-8");
  headers.set("Content-Disposition", 'inline; filename="sammen.ics"');
  return new Response(feedCalendar(feed, host, now), { headers });
}
