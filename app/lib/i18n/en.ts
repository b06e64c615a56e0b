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
  "error.unknown": "Something went wrong and what you sent was not saved. Please try again.",

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

  "layout.catalogue": "Activities",
  "weekday.1": "Monday",
  "weekday.2": "Tuesday",
  "weekday.3": "Wednesday",
  "weekday.4": "Thursday",
  "weekday.5": "Friday",
  "weekday.6": "Saturday",
  "weekday.7": "Sunday",
  "kind.idrett": "Sports",
  "kind.kultur": "Culture",
  "kind.musikk": "Music",
  "kind.friluft": "Outdoor life",
  "kind.annet": "Other",
  "fee.year": "{amount} per year",
  "fee.half_year": "{amount} per half-year",
  "fee.month": "{amount} per month",
  "activity.place": "Place",
  "activity.when": "When",
  "activity.slot": "{day} {from}–{to}",
  "activity.noSlots": "By arrangement",
  "activity.age": "Age",
  "activity.ageRange": "{min}–{max} years",
  "activity.ageFrom": "From {min} years",
  "activity.ageTo": "Up to {max} years",
  "activity.allAges": "All ages",
  "activity.fee": "Membership fee",
  "activity.free": "Free",
  "activity.adaptations": "Adaptations",
  "activity.season": "Season: {from} to {to}",
  "catalogue.title": "Activities",
  "catalogue.lead": "Find an adapted leisure activity in your municipality. Every activity here welcomes participants who need assistance.",
  "catalogue.filters": "Filter the activities",
  "catalogue.search": "Search for an activity or organisation",
  "catalogue.municipality": "Municipality",
  "catalogue.category": "Category",
  "catalogue.weekday": "Day",
  "catalogue.age": "Age (years)",
  "catalogue.adaptation": "Adaptation",
  "catalogue.all": "All",
  "catalogue.anyDay": "Any day",
  "catalogue.show": "Show activities",
  "catalogue.reset": "Clear the filters",
  "catalogue.count": "{count} activities",
  "catalogue.countOne": "{count} activity",
  "catalogue.byIn": "{organisation}, {municipality}",
  "catalogue.pages": "Pages",
  "catalogue.previous": "Previous page",
  "catalogue.next": "Next page",
  "catalogue.pageOf": "Page {page} of {pages}",
  "catalogue.back": "Back to the activities",
  "catalogue.otherActivities": "Other activities",
  "organisation.town": "Place",
  "field.contactEmail": "The organisation's e-mail",
  "field.contactPhone": "Phone",

  "layout.myOrganisations": "My organisations",
  "home.findActivity": "Find an adapted activity",
  "home.registerOrganisation": "Register an organisation",
};
