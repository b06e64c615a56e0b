import type { paymentsNb } from "./payments";

/** The English of payments.ts, in a module of its own so that a page loads only its language. */
export const paymentsEn: Record<keyof typeof paymentsNb, string> = {
  "nav.authorisation": "Authorisation",
  "nav.settings": "Settings",
  "role.anviser": "authoriser (anviser)",

  "settings.title": "Settings",
  "settings.heading": "Settings of {municipality} municipality",
  "settings.payments": "Paying reimbursement claims",
  "settings.paymentSteps": "Who must approve a claim before it can be paid?",
  "settings.twoSteps":
    "Two people: a caseworker approves (attests) it, and another person with the authoriser role authorises it (recommended)",
  "settings.oneStep": "One person: the approval is enough",
  "settings.stepsHint":
    "Claims already approved still wait for authorisation if you switch to one step. Give the authoriser role under Staff.",
  "settings.payerAccount": "Account the payments are made from",
  "settings.payerAccountHint": "11 digits. The payer's account in the bank file (pain.001) and the payment file.",
  "settings.save": "Save the settings",
  "settings.saved": "The settings are saved.",
  "settings.failed": "The settings were not saved",

  "authorisation.title": "Authorisation",
  "authorisation.heading": "Claims waiting for authorisation",
  "authorisation.lead":
    "A claim is paid only when a caseworker has approved it and another person has authorised it. Nobody authorises claims they approved themselves.",
  "authorisation.oneStep":
    "The municipality pays in one step: newly approved claims need no authorisation. Claims approved before the change stay here until authorised.",
  "authorisation.notAnviser": "You can see the queue, but only staff with the authoriser role can authorise claims.",
  "authorisation.totals": "{count} claims, totalling {amount}",
  "authorisation.none": "No claims are waiting for authorisation.",
  "authorisation.caption": "Approved claims, earliest approval first",
  "authorisation.choose": "Choose",
  "authorisation.chooseOne": "Choose {reference}",
  "authorisation.approvedBy": "Approved by",
  "authorisation.yours": "You approved this claim yourself",
  "authorisation.authoriseOne": "Authorise {reference}",
  "authorisation.authoriseChosen": "Authorise the chosen claims",
  "authorisation.done": "{count} claims are authorised and go into the next payment file.",
  "authorisation.failed": "No claims were authorised",

  "claim.steps": "Attestation and authorisation",
  "claim.approvedBy": "Approved (attested)",
  "claim.authorisedBy": "Authorised",
  "claim.byAt": "{name}, {when}",
  "claim.awaitingAuthorisation": "Waiting for authorisation",
  "claim.oneStep": "Not needed: the municipality pays in one step",
  "claim.authoriseHeading": "Authorisation",
  "claim.authoriseLead": "Once you authorise the claim, it goes into the next payment file.",
  "claim.authorise": "Authorise for payment",
  "claim.historyAuthorised": "Authorised for payment",
  "audit.field.authorised_at": "authorised",
  "audit.field.authorised_by": "authorised by",
  "audit.field.payment_steps": "steps before payment",
  "audit.field.payer_account": "account for payments",

  "payments.awaiting": "{count} approved claims totalling {amount} are waiting for authorisation.",
  "payments.toAuthorisation": "Go to authorisation",
  "payments.dueOn": "Due date",
  "payments.dueOnHint": "The day the bank is to pay.",
  "payments.batchDue": "Due {date}.",
  "payments.payerAccount": "Paid from account {account}.",
  "payments.downloadBank": "Download the bank file of {created} (pain.001)",
  "bankFile.heading": "The bank file cannot be made yet",
  "bankFile.noPayerAccount":
    "The bank file (pain.001) needs the account the payments are made from, and the municipality has not registered it.",
  "bankFile.noCreditorAccount":
    "These organisations have not registered a bank account: {organisations}. Ask them to add it on the organisation's page.",
  "bankFile.empty": "The payment file has no claims to pay.",
  "payments.setPayerAccount": "Enter the account number under Settings",
  "payments.askAdmin": "Ask an administrator of the municipality to enter it under Settings.",

  payment_steps_invalid: "Choose whether payments take one or two steps.",
  claims_required: "Choose at least one claim to authorise.",
  claim_not_awaiting_authorisation: "Claim {reference} is no longer waiting for authorisation. Reload the page.",
  approver_cannot_authorise:
    "You approved claim {reference} yourself and cannot also authorise it. Another authoriser must do it.",
  claim_awaiting_authorisation: "The claim is not authorised yet and cannot be recorded as paid.",
  claim_authorised_is_locked: "The claim is authorised, and the authorisation cannot be changed.",
  date_not_in_past: "The date cannot be in the past.",
};
