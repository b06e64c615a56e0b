import { plural, translate } from "./i18n";
import { renderCalendar } from "./ical";

/**
 * Reminders about sessions and attendance, and the facilitator's calendar feed
 * (supabase/schemas/35_reminders.sql): what the pages and the feed get from the database.
 */
export const reminderKinds = ["session_ahead", "attendance_missing", "attendance_summary"] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** The page /varsler: the kinds turned off, which apply to the person, and their calendar address's age. */
export type MyReminders = {
  off: ReminderKind[];
  facilitates: boolean;
  administers: boolean;
  calendar_since: string | null;
};

/** What the link in a reminder turns off, and whether it is off already. */
export type ReminderLink = { kind: ReminderKind; off: boolean };

/** One session in the calendar feed: never a participant (R7), only what, where, when and how many. */
export type FeedSession = {
  session_id: string;
  activity: string;
  organisation: string;
  place: string;
  /** UTC, as iCalendar writes it: 20261209T160000Z. */
  starts: string;
  ends: string;
  cancelled: boolean;
  expected: number;
};

export type CalendarFeed = { locale: "nb" | "en"; sessions: FeedSession[] };

/**
 * The feed as iCalendar: one event per session, cancelled ones marked cancelled, each with a
 * UID of its session on the site's host so that calendar apps update it in place. The event
 * says the activity, the place, the club and how many are expected, never who (R7).
 */
export function feedCalendar(feed: CalendarFeed, host: string, now: Date): string {
  const lang = feed.locale;
  return renderCalendar({
    name: translate(lang, "calendar.name"),
    now,
    events: feed.sessions.map((session) => ({
      uid: `${session.session_id}@${host}`,
      start: session.starts,
      end: session.ends,
      summary: session.cancelled
        ? translate(lang, "calendar.cancelled", { activity: session.activity })
        : session.activity,
      location: session.place,
      description: `${session.organisation}\n${plural(lang, "calendar.expected", session.expected)}`,
      cancelled: session.cancelled,
    })),
  });
}
