import { z } from "zod";
import { message } from "./forms";
import type { MessageKey } from "./i18n";
import { textLimits } from "./limits";
import type { Criterion } from "./prize";
import { limitedText, listField, oneCharacterLineBreaks } from "./validation";

const limits = { round: textLimits.prize_rounds, criterion: textLimits.prize_criteria };

/** The ids of a criterion's controls in the form, which its messages point at (CriteriaRows). */
export const criterionField = (part: "title" | "description" | "weight", row: number) => `criterion-${part}-${row}`;

/**
 * The round form's fields; shared by creating a round and changing a draft. Every rule
 * api.save_prize_round applies is checked here too, so that one answer names every mistake;
 * a criterion's message names its row and sits at the control that is wrong.
 */
export const roundFormSchema = z
  .object({
    title: limitedText(limits.round.title).min(1, message("prize.titleRequired")),
    year: z.coerce
      .number({ error: message("prize.yearInvalid") })
      .int(message("prize.yearInvalid"))
      .min(2000, message("prize.yearInvalid"))
      .max(2100, message("prize.yearInvalid")),
    opens_at: z.iso.date(message("date_required")),
    closes_at: z.iso.date(message("date_required")),
    prize_description: limitedText(limits.round.prize_description).default(""),
    criterion_title: listField,
    criterion_description: listField,
    criterion_weight: listField,
  })
  .superRefine((round, context) => {
    const refuse = (path: string, key: MessageKey, params?: Record<string, number>) =>
      context.addIssue({ code: "custom", path: [path], message: key, params });
    if (round.closes_at < round.opens_at) refuse("closes_at", "roundForm.closesBeforeOpens");
    let titled = 0;
    round.criterion_title.forEach((typedTitle, i) => {
      const title = typedTitle.trim();
      const description = oneCharacterLineBreaks(round.criterion_description[i] ?? "").trim();
      const weight = Number(round.criterion_weight[i]);
      const row = { row: i + 1 };
      if (title) titled += 1;
      if (title.length > limits.criterion.title) {
        refuse(criterionField("title", i), "roundForm.criterionTitleTooLong", { ...row, max: limits.criterion.title });
      } else if (!title && description) {
        refuse(criterionField("title", i), "roundForm.criterionTitleRequired", row);
      } else if (description.length > limits.criterion.description) {
        refuse(criterionField("description", i), "roundForm.criterionDescriptionTooLong", {
          ...row,
          max: limits.criterion.description,
        });
      } else if (title && !(Number.isInteger(weight) && weight >= 1 && weight <= 10)) {
        refuse(criterionField("weight", i), "criteria_invalid");
      }
    });
    if (titled === 0) refuse("criteria", "criteria_invalid");
  })
  .transform(({ criterion_title, criterion_description, criterion_weight, ...round }) => ({
    ...round,
    criteria: criterion_title
      .map((title, i) => ({
        title: title.trim(),
        description: oneCharacterLineBreaks(criterion_description[i] ?? "").trim(),
        weight: Number(criterion_weight[i]),
      }))
      .filter((criterion) => criterion.title !== ""),
  }));

export const roundFormLabels = {
  title: "roundForm.title",
  year: "roundForm.year",
  opens_at: "roundForm.opensOn",
  closes_at: "roundForm.closesOn",
  prize_description: "roundForm.prizeDescription",
  criteria: "roundForm.criteria",
} as const;

/** What the form shows before anything is typed: a new round, or the draft as saved. */
export type RoundFormValues = {
  title: string;
  year: string;
  opens_at: string;
  closes_at: string;
  prize_description: string;
  criteria: Omit<Criterion, "id">[];
};
