import type { CalendarFeed, MyReminders, ReminderLink } from "../reminders";
import type { ApiArea } from "./area";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type RemindersApi = ApiArea<{
  my_reminders: { returns: MyReminders };
  // null: the kind as it was.
  set_reminders: {
    returns: null;
    narrow: { session_ahead: boolean | null; attendance_missing: boolean | null; attendance_summary: boolean | null };
  };
  renew_calendar_feed: { returns: string; narrow: { locale: "nb" | "en" } };
  reminder_link: { returns: ReminderLink };
  opt_out_by_link: { returns: ReminderLink };
  calendar_feed: { returns: CalendarFeed | null };
}>;
