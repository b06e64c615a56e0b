import type { formsNb } from "./forms";

/** The English of forms.ts, in a module of its own so that a page loads only its language. */
export const formsEn: Record<keyof typeof formsNb, string> = {
  "validation.tooLong": "The text is too long. It may have at most {max} characters.",
  "validation.tagTooLong": "Each word may have at most {max} characters. Separate the words with commas.",

  slot_day_required: "Day {row}: choose the day of this time.",
  slot_start_required: "Starts {row}: enter the time as hh:mm, for example 18:00.",
  slot_end_required: "Ends {row}: enter the time as hh:mm, for example 19:30.",
  slot_out_of_order: "Ends {row}: the time must end after it starts.",
  slot_duplicate: "Starts {row}: a time above has the same day and start.",
  age_invalid: "Enter an age from 0 to 120.",

  "roundForm.closesBeforeOpens":
    "Nominations cannot close before they open. Choose a closing date on or after the opening date.",
  "roundForm.criterionTitleRequired": "Criterion {row}: give the criterion a title, or empty its description.",
  "roundForm.criterionTitleTooLong": "Criterion {row}: the title may have at most {max} characters.",
  "roundForm.criterionDescriptionTooLong":
    "Description of criterion {row}: the text may have at most {max} characters.",

  "claimFee.rule.year": "The activity's fee is {fee} a year. A year begun counts as a whole year.",
  "claimFee.rule.half_year":
    "The activity's fee is {fee} a half-year. A half-year begun (January–June or July–December) counts as a whole half-year.",
  "claimFee.rule.month": "The activity's fee is {fee} a month. A month begun counts as a whole month.",
  "claimFee.forPeriod":
    "Fee for {from}–{to}: {amount} ({count} × {fee}). The amount below follows the period until you type an amount of your own.",
  "claimFee.noPeriod": "Choose when the period starts and ends to see its fee.",
  "claimFee.noScript":
    "Without JavaScript the amount does not follow the period you choose: it was worked out for the period chosen when the page loaded. If you change the period, work out the amount yourself: the number of periods begun times the fee.",

  "participant.mistake": "Registered by mistake?",
  "mistake.title": "Put a mistaken registration right",
  "mistake.about": "{name}, born {year}. Placements: {placements}. Notes: {notes}.",
  "mistake.back": "Back to {name}",
  "mistake.deleteHeading": "Delete the participant",
  "mistake.deleteLead":
    "For a participant registered by mistake who never had a placement. The notes are deleted too. This cannot be undone; the log shows that the participant was deleted, and by whom.",
  "mistake.cannotDelete":
    "The participant has had placements and cannot be deleted. If this is the same person as another participant, merge them below.",
  "mistake.confirmLabel": "Confirmation",
  "mistake.confirmDelete": "I understand that the participant and the notes are deleted for good",
  "mistake.deleteSubmit": "Delete the participant",
  "mistake.mergeHeading": "Merge with another participant",
  "mistake.mergeLead":
    "Is this the same person as another participant? The placements and notes move to the participant you choose, the interests are joined, and this registration is deleted. The log shows the merge.",
  "mistake.search": "Search by first name",
  "mistake.searchSubmit": "Search",
  "mistake.keep": "The participant to keep",
  "mistake.candidate": "{name}, born {year} (placements: {placements}, notes: {notes})",
  "mistake.noNamesake":
    "No other participant is called {name}. Search for the name the participant is registered with.",
  "mistake.noMatch": "No other participant has a name with “{search}”.",
  "mistake.confirmMerge": "I understand that this registration is deleted once it is merged",
  "mistake.mergeSubmit": "Merge",
  "mistake.deleted": "The participant has been deleted.",
  "mistake.merged": "The participants have been merged. Placements and notes have moved here.",
  participant_has_placements:
    "The participant has had placements and cannot be deleted. Merge the participant into the right one instead.",
  merge_target_required: "Choose the participant to keep.",
  merge_same_participant: "Choose another participant than the one you merge.",
  participant_anonymised: "The participant is anonymised and cannot be merged.",
  form_sent_twice: "The form was sent twice at the same moment. Reload the page and send it again.",
  "audit.field.merged_participant": "merged with participant",
  "audit.field.moved_placements": "placements moved here",
  "audit.field.moved_notes": "notes moved here",
};
