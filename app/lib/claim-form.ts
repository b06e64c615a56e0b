import { z } from "zod";
import { claimKinds, type ClaimKind } from "./claims";
import { formatDate, formatKroner } from "./format";
import { message, type FormFailure } from "./forms";
import type { Lang, Message } from "./i18n";
import { kronerAmount } from "./validation";

/** The fields of a claim, as the new-claim form and the claim page's edit form post them. */
const optionalDate = z
  .union([z.literal(""), z.iso.date(message("date_required"))])
  .optional()
  .transform((value) => value || null);

export const claimFieldsSchema = z
  .object({
    kind: z.enum(claimKinds),
    amount: kronerAmount("amount_invalid").refine((ore) => ore > 0, message("amount_invalid")),
    period_start: optionalDate,
    period_end: optionalDate,
    purchase_date: optionalDate,
    description: z.string().trim().max(1000).optional().default(""),
  })
  .superRefine((claim, context) => {
    const missing = (path: string, key: "date_required" | "description_required") =>
      context.addIssue({ code: "custom", path: [path], message: key });
    if (claim.kind === "utstyr") {
      if (!claim.purchase_date) missing("purchase_date", "date_required");
      if (!claim.description) missing("description", "description_required");
    } else {
      if (!claim.period_start) missing("period_start", "date_required");
      if (!claim.period_end) missing("period_end", "date_required");
    }
  });
export type ClaimFields = z.output<typeof claimFieldsSchema>;

/** The arguments of api.save_claim from the parsed fields. */
export function saveClaimArgs(fields: ClaimFields) {
  const { amount, ...rest } = fields;
  return { ...rest, amount_ore: amount };
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
