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
