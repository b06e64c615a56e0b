import type { staffNb } from "./staff";

/** The English of staff.ts, in a module of its own so that a page loads only its language. */
export const staffEn: Record<keyof typeof staffNb, string> = {
  "nav.organisations": "Organisations",
  "nav.staff": "Staff",

  "nav.workList": "Work list",
  "workList.title": "Work list",
  "workList.heading": "Work list for {municipality} municipality",
  "workList.lead": "This is what waits for the municipality now. Each link opens the list of cases.",
  "workList.organisationsToVerify.one": "{count} organisation awaits verification",
  "workList.organisationsToVerify.other": "{count} organisations await verification",
  "workList.claimsToDecide.one": "{count} claim awaits a decision",
  "workList.claimsToDecide.other": "{count} claims await a decision",
  "workList.claimsToAuthorise.one": "{count} approved claim awaits authorisation",
  "workList.claimsToAuthorise.other": "{count} approved claims await authorisation",
  "workList.agreementsToCountersign.one": "{count} cooperation agreement awaits the municipality's signature",
  "workList.agreementsToCountersign.other": "{count} cooperation agreements await the municipality's signature",
  "workList.placementsWithoutAttendance.one": "{count} placement without attendance for the last two weeks",
  "workList.placementsWithoutAttendance.other": "{count} placements without attendance for the last two weeks",
  "workList.nominationsToScreen.one": "{count} nominated organisation awaits screening",
  "workList.nominationsToScreen.other": "{count} nominated organisations await screening",
  "workList.settings": "E-mails to you",
  "workList.registrationMail": "E-mail me when an organisation registers and wants to work with the municipality",
  "workList.saveSettings": "Save the setting",
  "workList.settingsSaved": "The setting is saved.",

  "verification.title": "Organisations",
  "verification.filters": "Show organisations by status",
  "verification.filter": "{status} ({count})",
  "verification.caption.one": "Status “{status}”: {count} organisation",
  "verification.caption.other": "Status “{status}”: {count} organisations",
  "verification.none": "No organisations have the status “{status}”.",
  "verification.requestedAt": "Registered",
  "verification.decidedAt": "Decided",
  "verification.back": "Back to the organisations",

  "staffOrganisation.profile": "About the organisation",
  "staffOrganisation.admins": "Administrators",
  "staffOrganisation.decide": "Decision",
  "staffOrganisation.history": "History of the partnership",
  "staffOrganisation.when": "When",
  "staffOrganisation.by": "By",

  "decision.reason": "Reason",
  "decision.reasonHint": "Required when you decline or suspend. The organisation gets it by e-mail.",
  "decision.verify": "Verify",
  "decision.decline": "Decline",
  "decision.suspend": "Suspend",
  "decision.saved": "The organisation is now {status}. Its administrators have been told by e-mail.",
  reason_required: "Write a reason. The organisation gets it by e-mail.",
  transition_not_allowed: "The organisation cannot get this decision now. Reload the page and check its status.",

  "editOrganisation.title": "Edit the organisation's details",
  "editOrganisation.save": "Save the changes",
  "editOrganisation.cancel": "Cancel",
  "overview.edit": "Edit the organisation's details",

  "staff.title": "Staff",
  "staff.heading": "Staff of {municipality} municipality",
  "staff.people": "Staff and roles",
  "staff.invite": "Invite a member of staff",
  last_municipality_admin: "The municipality must have at least one administrator. Give someone else the role first.",

  "invitation.signInOrRegister":
    "Sign in with the e-mail address the invitation was sent to, and accept it here. If you have no account, create one first; the link in the confirmation e-mail brings you back here.",
  "invitation.createAccount": "Create account",
};
