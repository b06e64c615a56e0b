import { addDays, format, parseISO } from "date-fns";
import { textLimits } from "./limits";

/** What `api.facilitator_week` returns: the facilitator's sessions of one week (R7 applied). */
export type FacilitatorWeek = {
  week_start: string;
  today: string;
  /** The activities the caller may add an extra session to (app.may_plan_sessions). */
  activities: { id: string; title: string }[];
  sessions: WeekSession[];
  /** Each of the caller's participants' last eight sessions up to today, oldest first (R7). */
  history: Record<string, { on_date: string; status: AttendanceStatus | null }[]>;
};

export type WeekSession = {
  id: string;
  activity_id: string;
  activity: string;
  on_date: string;
  starts_at: string;
  ends_at: string;
  cancelled: boolean;
  cancel_reason: string | null;
  is_extra: boolean;
  /** The caller may cancel it: the facilitator of an active placement there or the club's admin. */
  may_plan: boolean;
  participants: SessionParticipant[];
};

export type AttendanceStatus = "present" | "absent" | "cancelled";

export type SessionParticipant = {
  placement_id: string;
  card: { first_name: string; birth_year: number; note: string | null };
  status: AttendanceStatus | null;
  note: string | null;
  /** The caseworker reported ahead that the participant will not come. */
  planned_absence: boolean;
  /** Why the mark cannot be changed here (R4): the edit window has closed, or the day has not come. */
  locked: "attendance_edit_window_closed" | "attendance_in_future" | null;
  /** The municipality's edit window, for the reason. */
  window_days: number;
};

/** One row of `api.save_attendance`'s `marks`; a person left unmarked is skipped by the database. */
export type AttendanceMark = { placement_id: string; status: "present" | "absent" | null; note: string | null };

/** The form fields of one person's mark in a session form. */
export const markFields = (placementId: string) => ({ status: `status-${placementId}`, note: `note-${placementId}` });

// What z.uuid() accepts. The marks are read in the browser too (the week's clientAction), where
// zod would be the largest part of the page's JavaScript (docs/performance.md, "The phone").
const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

/**
 * A session form's marks: one hidden `placement` field per person, and that person's
 * status and note fields. Null for a form that was not made by our page.
 */
export function marksFromForm(formData: FormData): AttendanceMark[] | null {
  const placements = formData.getAll("placement");
  const marks = placements.map((placementId) => markOf(formData, placementId));
  if (marks.length === 0 || marks.some((mark) => mark === null)) return null;
  return marks as AttendanceMark[];
}

/** One person's mark; a status the page never offers is no mark, a note too long no form of ours. */
function markOf(formData: FormData, placementId: FormDataEntryValue): AttendanceMark | null {
  if (typeof placementId !== "string" || !UUID.test(placementId)) return null;
  const fields = markFields(placementId);
  const status = formData.get(fields.status);
  const note = formData.get(fields.note) ?? "";
  if (typeof note !== "string" || note.trim().length > textLimits.attendance.note) return null;
  return {
    placement_id: placementId,
    status: status === "present" || status === "absent" ? status : null,
    note: note.trim() || null,
  };
}

/** Whether anyone is marked: a save with nobody marked saves nothing and must not say it did. */
export const hasMarks = (marks: AttendanceMark[]) => marks.some((mark) => mark.status !== null);

/** A calendar date moved by whole days: "2026-11-23" + 7 → "2026-11-30". */
export function shiftDate(isoDate: string, days: number): string {
  return format(addDays(parseISO(isoDate), days), "yyyy-MM-dd");
}

/**
 * The age the activity sees: the years since the birth year, which is all that is kept
 * (DESIGN.md: no birth date). Emma born in 2011 is "15" all through 2026.
 */
export const ageIn = (birthYear: number, today: string) => Number(today.slice(0, 4)) - birthYear;
