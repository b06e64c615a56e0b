import type { weekNb } from "./week";

/** The English of week.ts, in a module of its own so that a page loads only its language. */
export const weekEn: Record<keyof typeof weekNb, string> = {
  planned_absence_in_past: "The date cannot be in the past.",
  planned_absence_outside_placement: "The date must be within the placement's period.",

  "week.nothingMarked":
    "You have not marked anyone. Choose “Present” or “Absent” for at least one person and press “Save” again.",
  "week.allPresent": "All present",
  "week.allPresentDone": "Everyone is marked present. Change anyone who did not come, then press “Save”.",
  "week.allPresentButAbsence":
    "Everyone without a reported absence is marked present. Change anyone who did not come, then press “Save”.",
  "week.plannedAbsence": "Absence reported by the municipality.",
  "week.lockedWindow":
    "The attendance can no longer be changed here: it can be changed for {days} days after the session. Contact the caseworker at the municipality if something must be corrected.",
  "week.lockedFuture": "Attendance is logged from the day of the session. Here you see who is coming.",
  "week.notLogged": "not logged",
  "week.history.one": "Last session",
  "week.history.other": "Last {count} sessions",
  "week.historyMark": "{date}: {status}",
  "week.historyLegend": "Last sessions: ✓ present, ✗ absent, – cancelled, ? not logged.",
  "week.queued": "You are offline. The attendance is kept on this phone and will be sent when you are back online.",
  "week.noLongerAllowed": "You no longer log attendance for this participant.",

  "outbox.heading": "Attendance kept on this phone",
  "outbox.waiting": "Waiting for a connection. Kept on {time}.",
  "outbox.signIn": "Waiting. Sign in again to send it.",
  "outbox.sent": "Sent on {time}.",
  "outbox.refused": "Not accepted: {reason}",
  "outbox.sendNow": "Send now",
  "outbox.dismiss": "Remove from the list",

  "placementPage.absences": "Planned absences",
  "placementPage.absencesLead":
    "Days the participant will not come. The facilitator sees the date on the session, not why the participant is away.",
  "placementPage.noAbsences": "No absence is reported.",
  "placementPage.absenceDate": "Date the participant will not come",
  "placementPage.addAbsence": "Report absence",
  "placementPage.removeAbsence": "Remove the absence on {date}",
  "audit.table.planned_absences": "Planned absence",
};
