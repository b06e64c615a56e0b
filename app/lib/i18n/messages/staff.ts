/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const staffNb = {
  "nav.organisations": "Organisasjoner",
  "nav.staff": "Ansatte",

  "verification.title": "Organisasjoner",
  "verification.filters": "Vis organisasjoner etter status",
  "verification.filter": "{status} ({count})",
  "verification.caption.one": "Status «{status}»: {count} organisasjon",
  "verification.caption.other": "Status «{status}»: {count} organisasjoner",
  "verification.none": "Ingen organisasjoner har status «{status}».",
  "verification.requestedAt": "Registrert",
  "verification.decidedAt": "Avgjort",
  "verification.back": "Tilbake til organisasjonene",

  "staffOrganisation.profile": "Om organisasjonen",
  "staffOrganisation.admins": "Administratorer",
  "staffOrganisation.decide": "Avgjørelse",
  "staffOrganisation.history": "Historikk for samarbeidet",
  "staffOrganisation.when": "Tidspunkt",
  "staffOrganisation.by": "Av",

  "decision.reason": "Begrunnelse",
  "decision.reasonHint": "Må fylles ut når du avslår eller suspenderer. Organisasjonen får den på e-post.",
  "decision.verify": "Godkjenn",
  "decision.decline": "Avslå",
  "decision.suspend": "Suspender",
  "decision.saved": "Organisasjonen er nå {status}. Administratorene har fått e-post om det.",
  reason_required: "Skriv en begrunnelse. Organisasjonen får den på e-post.",
  transition_not_allowed: "Organisasjonen kan ikke få denne avgjørelsen nå. Last siden på nytt og se statusen.",

  "editOrganisation.title": "Endre opplysninger om organisasjonen",
  "editOrganisation.save": "Lagre endringene",
  "editOrganisation.cancel": "Avbryt",
  "overview.edit": "Endre opplysninger om organisasjonen",

  "staff.title": "Ansatte",
  "staff.heading": "Ansatte i {municipality} kommune",
  "staff.people": "Ansatte og roller",
  "staff.invite": "Inviter en ansatt",
  last_municipality_admin: "Kommunen må ha minst én administrator. Gi noen andre rollen først.",

  "invitation.signInOrRegister":
    "Logg inn med e-postadressen invitasjonen ble sendt til, så kan du godta den her. Har du ingen konto, oppretter du en først; lenken i bekreftelses-e-posten tar deg tilbake hit.",
  "invitation.createAccount": "Opprett konto",
};

export const staffEn: Record<keyof typeof staffNb, string> = {
  "nav.organisations": "Organisations",
  "nav.staff": "Staff",

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
