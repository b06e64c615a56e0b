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
