/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const formsNb = {
  "validation.tooLong": "Teksten er for lang. Den kan ha høyst {max} tegn.",
  "validation.tagTooLong": "Hvert ord kan ha høyst {max} tegn. Skill ordene med komma.",

  // The activity form's weekly times: the message names the row, as its labels do.
  slot_day_required: "Dag {row}: velg hvilken dag tida gjelder.",
  slot_start_required: "Starter {row}: skriv klokkeslettet som tt:mm, for eksempel 18:00.",
  slot_end_required: "Slutter {row}: skriv klokkeslettet som tt:mm, for eksempel 19:30.",
  slot_out_of_order: "Slutter {row}: tida må slutte etter at den starter.",
  slot_duplicate: "Starter {row}: en tid over har samme dag og start.",
  age_invalid: "Skriv en alder fra 0 til 120.",

  "roundForm.closesBeforeOpens": "Nominasjonen kan ikke stenge før den åpner. Velg en sluttdato fra åpningsdatoen.",
  "roundForm.criterionTitleRequired": "Kriterium {row}: gi kriteriet en tittel, eller tøm beskrivelsen.",
  "roundForm.criterionTitleTooLong": "Kriterium {row}: tittelen kan ha høyst {max} tegn.",
  "roundForm.criterionDescriptionTooLong": "Beskrivelse av kriterium {row}: teksten kan ha høyst {max} tegn.",

  // The kontingent of a claim's period (R3: the fee for each fee period the claim touches).
  "claimFee.rule.year": "Aktivitetens kontingent er {fee} per år. Et påbegynt år teller som et helt år.",
  "claimFee.rule.half_year":
    "Aktivitetens kontingent er {fee} per halvår. Et påbegynt halvår (januar–juni eller juli–desember) teller som et helt halvår.",
  "claimFee.rule.month": "Aktivitetens kontingent er {fee} per måned. En påbegynt måned teller som en hel måned.",
  "claimFee.forPeriod":
    "Kontingent for {from}–{to}: {amount} ({count} × {fee}). Beløpet under følger perioden, til du skriver et annet beløp selv.",
  "claimFee.noPeriod": "Velg når perioden starter og slutter, så vises kontingenten for den.",
  "claimFee.noScript":
    "Uten JavaScript følger ikke beløpet perioden du velger: det er regnet ut for perioden som var valgt da siden ble lastet. Endrer du perioden, regn ut beløpet selv: antall påbegynte perioder ganger kontingenten.",

  // A participant registered by mistake (api.delete_participant, api.merge_participants).
  "participant.mistake": "Registrert ved en feil?",
  "mistake.title": "Rett opp en feilregistrering",
  "mistake.about": "{name}, født {year}. Tiltak: {placements}. Notater: {notes}.",
  "mistake.back": "Tilbake til {name}",
  "mistake.deleteHeading": "Slett deltakeren",
  "mistake.deleteLead":
    "For en deltaker som er registrert ved en feil og aldri har hatt tiltak. Notatene slettes også. Sletting kan ikke angres; loggen viser at deltakeren ble slettet, og av hvem.",
  "mistake.cannotDelete":
    "Deltakeren har hatt tiltak og kan ikke slettes. Er det samme person som en annen deltaker, slå dem sammen nedenfor.",
  "mistake.confirmLabel": "Bekreftelse",
  "mistake.confirmDelete": "Jeg forstår at deltakeren og notatene slettes for godt",
  "mistake.deleteSubmit": "Slett deltakeren",
  "mistake.mergeHeading": "Slå sammen med en annen deltaker",
  "mistake.mergeLead":
    "Er dette samme person som en annen deltaker? Tiltakene og notatene flyttes til deltakeren du velger, interessene slås sammen, og denne registreringen slettes. Loggen viser sammenslåingen.",
  "mistake.search": "Søk etter fornavn",
  "mistake.searchSubmit": "Søk",
  "mistake.keep": "Deltakeren som skal beholdes",
  "mistake.candidate": "{name}, født {year} (tiltak: {placements}, notater: {notes})",
  "mistake.noNamesake": "Ingen andre deltakere heter {name}. Søk etter navnet deltakeren er registrert med.",
  "mistake.noMatch": "Ingen andre deltakere har et navn med «{search}».",
  "mistake.confirmMerge": "Jeg forstår at denne registreringen slettes når den er slått sammen",
  "mistake.mergeSubmit": "Slå sammen",
  "mistake.deleted": "Deltakeren er slettet.",
  "mistake.merged": "Deltakerne er slått sammen. Tiltak og notater er flyttet hit.",
  participant_has_placements:
    "Deltakeren har hatt tiltak og kan ikke slettes. Slå deltakeren sammen med den riktige i stedet.",
  merge_target_required: "Velg deltakeren som skal beholdes.",
  merge_same_participant: "Velg en annen deltaker enn den du slår sammen.",
  participant_anonymised: "Deltakeren er anonymisert og kan ikke slås sammen.",
  form_sent_twice: "Skjemaet ble sendt to ganger samtidig. Last siden på nytt og send det igjen.",
  "audit.field.merged_participant": "slått sammen med deltaker",
  "audit.field.moved_placements": "tiltak flyttet hit",
  "audit.field.moved_notes": "notater flyttet hit",
};

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
