/** Messages of the facilitator's week on a phone (marks, offline saves) and planned absences. */
export const weekNb = {
  // Refusals (supabase/schemas/30_placements.sql)
  planned_absence_in_past: "Datoen kan ikke være tilbake i tid.",
  planned_absence_outside_placement: "Datoen må være innenfor tiltakets periode.",

  "week.nothingMarked": "Du har ikke merket noen. Velg «Til stede» eller «Borte» for minst én, og trykk «Lagre» igjen.",
  "week.allPresent": "Alle til stede",
  "week.allPresentDone": "Alle er merket til stede. Endre dem som ikke kom, og trykk «Lagre».",
  "week.allPresentButAbsence":
    "Alle er merket til stede, utenom dem med meldt fravær. Endre dem som ikke kom, og trykk «Lagre».",
  "week.plannedAbsence": "Meldt fravær fra kommunen.",
  "week.lockedWindow":
    "Oppmøtet kan ikke endres her lenger: det kan endres i {days} dager etter økta. Kontakt saksbehandleren i kommunen hvis noe må rettes.",
  "week.lockedFuture": "Oppmøte føres fra dagen økta er. Her ser du hvem som kommer.",
  "week.notLogged": "ikke ført",
  "week.history.one": "Siste økt",
  "week.history.other": "Siste {count} økter",
  "week.historyMark": "{date}: {status}",
  "week.historyLegend": "Siste økter: ✓ til stede, ✗ borte, – avlyst, ? ikke ført.",
  "week.queued": "Du er uten nett. Oppmøtet er lagret på telefonen og sendes når du er på nett igjen.",
  "week.noLongerAllowed": "Du fører ikke lenger oppmøte for denne deltakeren.",

  "outbox.heading": "Oppmøte lagret på telefonen",
  "outbox.waiting": "Venter på nett. Lagret {time}.",
  "outbox.signIn": "Venter. Logg inn igjen for å sende det.",
  "outbox.sent": "Sendt {time}.",
  "outbox.refused": "Ble ikke tatt imot: {reason}",
  "outbox.sendNow": "Send nå",
  "outbox.dismiss": "Fjern fra lista",

  "placementPage.absences": "Meldt fravær",
  "placementPage.absencesLead":
    "Dager deltakeren ikke kommer. Tilretteleggeren ser datoen på økta, ikke hvorfor deltakeren er borte.",
  "placementPage.noAbsences": "Ikke noe fravær er meldt.",
  "placementPage.absenceDate": "Dato deltakeren ikke kommer",
  "placementPage.addAbsence": "Meld fravær",
  "placementPage.removeAbsence": "Fjern fraværet {date}",
  "audit.table.planned_absences": "Meldt fravær",
};

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
