import type { remindersNb } from "./reminders";

/** The English of reminders.ts, in a module of its own so that a page loads only its language. */
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
