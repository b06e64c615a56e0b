import { z } from "zod";
import { message } from "./forms";
import type { Criterion } from "./prize";
import { listField } from "./validation";

/** The round form's fields; shared by creating a round and changing a draft. */
export const roundFormSchema = z
  .object({
    title: z.string().trim().min(1, message("prize.titleRequired")),
    year: z.coerce
      .number({ error: message("prize.yearInvalid") })
      .int(message("prize.yearInvalid"))
      .min(2000, message("prize.yearInvalid"))
      .max(2100, message("prize.yearInvalid")),
    opens_at: z.iso.date(message("date_required")),
    closes_at: z.iso.date(message("date_required")),
    prize_description: z.string().trim().optional(),
    criterion_title: listField,
    criterion_description: listField,
    criterion_weight: listField,
  })
  .transform(({ criterion_title, criterion_description, criterion_weight, ...round }) => ({
    ...round,
    criteria: criterion_title
      .map((title, i) => ({
        title: title.trim(),
        description: (criterion_description[i] ?? "").trim(),
        weight: Number(criterion_weight[i]),
      }))
      .filter((criterion) => criterion.title !== ""),
  }))
  .refine(
    ({ criteria }) =>
      criteria.length > 0 && criteria.every(({ weight }) => Number.isInteger(weight) && weight >= 1 && weight <= 10),
    { path: ["criteria"], message: message("criteria_invalid") },
  );

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
