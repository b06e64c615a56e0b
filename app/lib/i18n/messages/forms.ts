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
};
