/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const remindersNb = {
  "nav.reminders": "Varsler og kalender",
  "reminders.title": "Varsler og kalender",
  "reminders.lead":
    "Velg hvilke påminnelser du vil få på e-post. Påminnelsene nevner aldri deltakere ved navn: bare aktiviteten, stedet, tiden og hvor mange som er ventet.",
  "reminders.heading": "Påminnelser på e-post",
  "reminders.legend": "Send meg",
  "reminders.hint": "Hver e-post har også en lenke som slår av den typen påminnelse med ett klikk.",
  "reminders.notForYou": "Du har ingen roller i en organisasjon ennå, så du får ingen påminnelser nå.",
  "reminders.save": "Lagre valgene",
  "reminders.saved": "Valgene er lagret.",
  "reminderKind.session_ahead": "Påminnelse dagen før en økt med deltakere (tilrettelegger)",
  "reminderKind.attendance_missing": "Påminnelse når oppmøtet for en økt ikke er ført to dager etter (tilrettelegger)",
  "reminderKind.attendance_summary": "Ukentlig oversikt over økter uten ført oppmøte (administrator i organisasjonen)",

  "calendar.heading": "Øktene dine i kalenderen",
  "calendar.lead":
    "Abonner på øktene dine for de neste åtte ukene i kalenderen på telefonen eller datamaskinen. Avlyste økter vises som avlyst. Kalenderen viser aktivitet, sted, tid og hvor mange som er ventet, aldri navn.",
  "calendar.private":
    "Adressen er personlig: alle som har den, ser øktene dine. Del den ikke. Den vises bare når den lages; har du mistet den, lager du en ny, og den gamle slutter å virke.",
  "calendar.none": "Du har ingen kalenderadresse ennå.",
  "calendar.since": "Kalenderadressen din ble laget {date}.",
  "calendar.create": "Lag kalenderadresse",
  "calendar.renew": "Lag ny kalenderadresse",
  "calendar.made": "Kalenderadressen din er laget. Den gamle adressen virker ikke lenger, om du hadde en.",
  "calendar.subscribe": "Abonner i kalenderen",
  "calendar.address": "Adressen, for å lime inn i kalenderen",
  "calendar.name": "Sammen – mine økter",
  "calendar.cancelled": "Avlyst: {activity}",
  "calendar.expected.one": "{count} deltaker er ventet",
  "calendar.expected.other": "{count} deltakere er ventet",
  "calendar.toSettings": "Øktene dine i kalenderen",

  "unsubscribe.title": "Slå av påminnelser",
  "unsubscribe.question": "Vil du slå av denne typen påminnelser?",
  "unsubscribe.submit": "Slå av",
  "unsubscribe.done": "Slått av. Du får ikke flere e-poster av denne typen.",
  "unsubscribe.already": "Denne typen påminnelser er allerede slått av.",
  "unsubscribe.settings": "Velg hvilke påminnelser du får",
};
