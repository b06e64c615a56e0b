import type { MessageKey } from "./index";

/** English: exactly the keys of nb.ts (a missing or extra key does not compile). */
export const en: Record<MessageKey, string> = {
  "site.name": "Sammen",
  "site.tagline": "Leisure with assistance",
  "meta.title": "{page} – Sammen",

  "layout.skipLink": "Skip to main content",
  "layout.mainNav": "Main menu",
  "layout.signedInAs": "Signed in as {name}",
  "layout.signIn": "Sign in",
  "layout.register": "Create account",
  "layout.signOut": "Sign out",
  "layout.accessibility": "Accessibility statement",
  "layout.footerAbout":
    "Sammen is where the municipality and voluntary organisations work together on leisure with assistance.",

  "language.label": "Language",

  "role.caseworker": "caseworker",
  "role.admin": "administrator",
  "role.facilitator": "facilitator",
  "role.inMunicipality": "{municipality} municipality – {role}",
  "role.inOrganisation": "{organisation} – {role}",

  "home.title": "Home",
  "home.heading": "Leisure with assistance – together",
  "home.lead":
    "Sammen helps the municipality and voluntary clubs and associations work together, so that people who need assistance can take part in ordinary leisure activities alongside everyone else.",
  "home.howItWorks":
    "The municipality and the organisation sign a cooperation agreement. A facilitator in the activity welcomes the participant, and the municipality covers membership fees and equipment as agreed.",
  "home.visitorHeading": "Get started",
  "home.visitorText":
    "Sign in to see the organisations and municipalities you have a role in. New here? Create an account.",
  "home.staffHeading": "Your municipalities",
  "home.organisationsHeading": "My organisations",
  "home.noRoles":
    "You have no roles yet. When a municipality or an organisation gives you access, you will see it here.",
  "home.comingSoon": "The pages for this are coming soon.",

  "form.errorSummary": "There are problems with the form",
  "form.pending": "Sending …",

  "field.name": "Name",
  "field.nameHint": "This is how others see you in Sammen.",
  "field.email": "E-mail address",
  "field.password": "Password",
  "field.newPassword": "New password",
  "field.passwordHint": "At least 8 characters.",

  "validation.required": "Fill in this field.",
  "validation.invalid": "Check what you entered in this field.",
  "validation.nameRequired": "Enter your name.",
  "validation.emailRequired": "Enter your e-mail address.",
  "validation.emailInvalid": "Enter a valid e-mail address, like name@example.com.",
  "validation.passwordRequired": "Enter your password.",
  "validation.passwordTooShort": "The password must have at least 8 characters.",

  "signIn.title": "Sign in",
  "signIn.submit": "Sign in",
  "signIn.forgot": "Forgot your password?",
  "signIn.noAccount": "No account yet?",
  "signIn.wrongCredentials": "Wrong e-mail address or password. Check what you entered and try again.",
  "signIn.emailNotConfirmed":
    "You have not confirmed your e-mail address yet. Open the link in the e-mail we sent when you signed up.",
  "auth.rateLimited": "Too many attempts in a short time. Wait a little and try again.",

  "register.title": "Create account",
  "register.lead": "With an account you can work with the municipality on leisure with assistance.",
  "register.submit": "Create account",
  "register.haveAccount": "Already have an account?",
  "register.weakPassword": "The password is too weak. Choose a longer one.",
  "register.checkEmailTitle": "Check your e-mail",
  "register.checkEmailText":
    "We have sent you an e-mail. Open the link in it to confirm your address and finish signing up. The link works for one hour.",
  "register.checkEmailSpam": "Can't find it? Look in your spam folder.",

  "confirm.invalidTitle": "The link does not work",
  "confirm.invalidText":
    "The link has already been used, or it has expired. Links in e-mails from Sammen work for one hour.",
  "confirm.newLink": "Get a new link",

  "forgot.title": "Forgot password",
  "forgot.lead": "Enter your e-mail address and we will send you a link where you can choose a new password.",
  "forgot.submit": "Send link",
  "forgot.sent":
    "If there is an account with the e-mail address {email}, we have sent it a link to choose a new password. The link works for one hour.",

  "newPassword.title": "Choose a new password",
  "newPassword.submit": "Save password",
  "newPassword.saved": "Your password has been saved.",
  "newPassword.samePassword": "The new password must be different from the old one.",
  "newPassword.toHome": "Go to the home page",

  "notFound.title": "Page not found",
  "notFound.text": "The page you are looking for does not exist, or it has moved. Check that the address is correct.",
  "error.title": "Something went wrong",
  "error.text": "Something went wrong on our side. Please try again in a little while.",
  "error.forbiddenTitle": "No access",
  "error.forbiddenText": "You do not have access to this page.",
  "error.toHome": "Go to the home page",
  "error.notSaved": "What you sent was not saved, because the connection or the service failed. Try again in a moment.",
  "error.unknown": "Something went wrong and what you sent was not saved. Please try again.",

  "nav.attendance": "Attendance this week",
  "nav.participants": "Participants",
  "nav.placements": "Placements",
  "nav.inMunicipality": "{page} in {municipality}",

  "week.title": "Attendance",
  "week.heading": "Attendance week {week}",
  "week.range": "{from} – {to}",
  "week.nav": "Browse weeks",
  "week.previous": "Previous week",
  "week.next": "Next week",
  "week.current": "This week",
  "week.noSessions": "You have no sessions this week. Here you see the sessions of the activities where you are the facilitator for participants.",
  "week.cancelled": "The session is cancelled.",
  "week.noParticipants": "No participants on this day.",
  "week.person": "{name}, aged {band}",
  "week.sharedNote": "From the municipality: {note}",
  "week.present": "Present",
  "week.absent": "Absent",
  "week.note": "Note about {name} (optional)",
  "week.save": "Save",
  "week.saved": "The attendance is saved.",
  "week.failedHeading": "The attendance is not saved",
  "week.marksKept": "What you marked is still here.",

  "a11y.title": "Accessibility statement",
  "a11y.intro":
    "Sammen should work for everyone. As a service for the public sector it must meet the universal design requirements of the Norwegian regulations on universal design of ICT solutions.",
  "a11y.statusHeading": "How we work on accessibility",
  "a11y.status":
    "Our goal is that every page meets WCAG 2.1 level AA. The pages work with a keyboard alone and with screen readers, forms show errors both at the top and at the field, and we test every page automatically for known accessibility errors.",
  "a11y.knownHeading": "Known issues",
  "a11y.known":
    "We know of no failures against the requirements right now. If you find something that does not work, we want to hear about it.",
  "a11y.reportHeading": "Report a problem",
  "a11y.report":
    "Tell us which page it is about and what does not work. We answer as soon as we can, and within two weeks at the latest.",
  "a11y.reportEmail": "E-mail:",
  "a11y.complainHeading": "Complaints",
  "a11y.complain":
    "If you get no answer, or are not satisfied with it, you can report it to the Norwegian Authority for Universal Design of ICT.",
  "a11y.complainLink": "Report to the authority (uutilsynet.no)",

  not_allowed: "You are not allowed to do this.",
  sign_in_required: "You need to sign in first.",
  not_found: "We could not find what you were looking for. It may have been deleted.",
  attendance_in_future: "You cannot log attendance for a session that has not happened yet.",
  attendance_outside_placement: "The session is outside the participant's placement period in this activity.",
  attendance_edit_window_closed:
    "Attendance can only be logged or corrected within {days} days of the session. Contact the caseworker in the municipality to correct it.",
  marks_invalid: "The attendance did not arrive correctly. Reload the page and try again.",
};
