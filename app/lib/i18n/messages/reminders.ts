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

export const remindersEn: Record<keyof typeof remindersNb, string> = {
  "nav.reminders": "Reminders and calendar",
  "reminders.title": "Reminders and calendar",
  "reminders.lead":
    "Choose which reminders you want by e-mail. Reminders never name participants: only the activity, the place, the time and how many are expected.",
  "reminders.heading": "Reminders by e-mail",
  "reminders.legend": "Send me",
  "reminders.hint": "Each e-mail also has a link that turns that kind of reminder off with one click.",
  "reminders.notForYou": "You have no role in an organisation yet, so you get no reminders now.",
  "reminders.save": "Save the choices",
  "reminders.saved": "Your choices are saved.",
  "reminderKind.session_ahead": "A reminder the day before a session with participants (facilitator)",
  "reminderKind.attendance_missing":
    "A reminder when a session's attendance is not logged two days after (facilitator)",
  "reminderKind.attendance_summary": "A weekly summary of sessions without logged attendance (organisation admin)",

  "calendar.heading": "Your sessions in your calendar",
  "calendar.lead":
    "Subscribe to your sessions of the next eight weeks in the calendar on your phone or computer. Cancelled sessions show as cancelled. The calendar shows the activity, the place, the time and how many are expected, never names.",
  "calendar.private":
    "The address is personal: anyone who has it sees your sessions. Do not share it. It is shown only when made; if you have lost it, make a new one, and the old one stops working.",
  "calendar.none": "You have no calendar address yet.",
  "calendar.since": "Your calendar address was made on {date}.",
  "calendar.create": "Make a calendar address",
  "calendar.renew": "Make a new calendar address",
  "calendar.made": "Your calendar address is made. The old address no longer works, if you had one.",
  "calendar.subscribe": "Subscribe in your calendar",
  "calendar.address": "The address, to paste into your calendar",
  "calendar.name": "Sammen – my sessions",
  "calendar.cancelled": "Cancelled: {activity}",
  "calendar.expected.one": "{count} participant expected",
  "calendar.expected.other": "{count} participants expected",
  "calendar.toSettings": "Your sessions in your calendar",

  "unsubscribe.title": "Turn reminders off",
  "unsubscribe.question": "Do you want to turn this kind of reminder off?",
  "unsubscribe.submit": "Turn off",
  "unsubscribe.done": "Turned off. You will get no more e-mails of this kind.",
  "unsubscribe.already": "This kind of reminder is already turned off.",
  "unsubscribe.settings": "Choose which reminders you get",
};
