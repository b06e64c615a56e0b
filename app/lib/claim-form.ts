import { z } from "zod";
import { claimKinds, type ClaimKind } from "./claims";
import { formatDate, formatKroner, osloToday } from "./format";
import { message, type FormFailure } from "./forms";
import type { Lang, Message, MessageKey } from "./i18n";
import { textLimits } from "./limits";
import { kronerAmount, limitedText, optionalDate } from "./validation";

/**
 * The fields of a claim, as the new-claim form and the claim page's edit form post them. The
 * rules api.save_claim applies to the fields themselves are checked here too, so that one answer
 * names every mistake; R3 needs the placement and the earlier claims, and stays with the database.
 */
export const claimFieldsSchema = z
  .object({
    kind: z.enum(claimKinds),
    amount: kronerAmount("amount_invalid").refine((ore) => ore > 0, message("amount_invalid")),
    period_start: optionalDate,
    period_end: optionalDate,
    purchase_date: optionalDate,
    description: limitedText(textLimits.claims.description).default(""),
  })
  .superRefine((claim, context) => {
    const refuse = (path: string, key: MessageKey) => context.addIssue({ code: "custom", path: [path], message: key });
    if (claim.kind === "utstyr") {
      if (!claim.purchase_date) refuse("purchase_date", "date_required");
      else if (claim.purchase_date > osloToday()) refuse("purchase_date", "date_not_in_future");
      if (!claim.description) refuse("description", "description_required");
    } else {
      if (!claim.period_start) refuse("period_start", "date_required");
      if (!claim.period_end) refuse("period_end", "date_required");
      else if (claim.period_start && claim.period_end < claim.period_start) refuse("period_end", "period_out_of_order");
    }
  });
export type ClaimFields = z.output<typeof claimFieldsSchema>;

/**
 * The arguments of api.save_claim from the parsed fields (and a new claim's submission key),
 * picked one by one: a form posts more than the claim (an answer to the municipality).
 */
export function saveClaimArgs(fields: ClaimFields & { submission_key?: string | null }) {
  const { kind, amount, period_start, period_end, purchase_date, description, submission_key } = fields;
  return { kind, amount_ore: amount, period_start, period_end, purchase_date, description, submission_key };
}

export const claimFieldLabels = {
  period_start: "claim.periodStart",
  period_end: "claim.periodEnd",
  purchase_date: "claim.purchaseDate",
  amount: "claim.amount",
  description: "claim.description",
  receipt: "claim.receipt",
  message: "claim.answer",
} as const;

/** The labels for a claim of one kind: only equipment says what was bought; the others have a note. */
export function claimFieldLabelsFor(kind: ClaimKind) {
  return { ...claimFieldLabels, description: kind === "utstyr" ? "claim.description" : "claim.note" } as const;
}

/**
 * The database says limits in øre and dates as ISO (R3's refusals carry `limit_ore`,
 * `starts_on`…); people read kroner and dates in their language (R11).
 */
export function readableMessage(error: Message, lang: Lang): Message {
  if (!error.params) return error;
  const params = Object.fromEntries(
    Object.entries(error.params).map(([name, value]) => [
      name,
      name.endsWith("_ore")
        ? formatKroner(Number(value))
        : /^\d{4}-\d{2}-\d{2}$/.test(String(value))
          ? formatDate(String(value), "long", lang)
          : value,
    ]),
  );
  return { ...error, params };
}

export function readableFailure(failure: FormFailure, lang: Lang): FormFailure {
  return {
    ...failure,
    formErrors: failure.formErrors.map((error) => readableMessage(error, lang)),
    fieldErrors: Object.fromEntries(
      Object.entries(failure.fieldErrors).map(([field, error]) => [field, readableMessage(error, lang)]),
    ),
  };
}
