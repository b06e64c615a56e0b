import { z } from "zod";
import { message } from "./forms";
import type { MessageKey } from "./i18n";
import { MIN_PASSWORD_LENGTH } from "./password";

/** An e-mail address; `required` says whose is missing. */
const emailOf = (required: MessageKey) =>
  z
    .string({ error: message(required) })
    .trim()
    .min(1, message(required))
    .pipe(z.email(message("validation.emailInvalid")));

/** Fields that several forms share, with their messages. */
export const emailField = emailOf("validation.emailRequired");

/** The address of someone else, who is invited. */
export const inviteeEmailField = emailOf("validation.inviteeEmailRequired");

export const currentPasswordField = z
  .string({ error: message("validation.passwordRequired") })
  .min(1, message("validation.passwordRequired"));

/**
 * A new password: given and long enough (R14, and Auth's minimum_password_length in
 * supabase/config.toml). The action then asks `passwordProblem` (password.ts) with what it
 * knows about the person, for the reasons that need it.
 */
export const newPasswordField = z
  .string({ error: message("validation.passwordRequired") })
  .min(1, message("validation.passwordRequired"))
  .refine((value) => [...value].length >= MIN_PASSWORD_LENGTH, message("validation.passwordTooShort"));

/** Text that may be left empty: trimmed, and absent when empty. */
export const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

/** Checkboxes and repeated rows: none, one or several values under one name. */
export const listField = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string()),
);

/**
 * Postgres `integer`, which every whole-number column is (money is øre in `bigint`, see
 * kronerAmount). A number beyond it would fail in the database; it is refused at its field
 * instead (R12). The bound comes before the whole-number check, so 10^20 is "too large",
 * not "not a whole number".
 */
const INTEGER_MAX = 2_147_483_647;

/** A whole number typed in a field, as `integer` holds it. */
export const wholeNumber = (invalid: MessageKey) =>
  z.coerce
    .number({ error: message(invalid) })
    .min(-INTEGER_MAX - 1, message("input.numberTooLarge"))
    .max(INTEGER_MAX, message("input.numberTooLarge"))
    .int(message(invalid));

/** A whole number typed in a field, or nothing. */
export const optionalInt = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  wholeNumber("validation.number").optional(),
);

/**
 * "1 250,50", "1.250,50" and "1250.50" all mean 1 250,50 kr: a dot is the decimal point only
 * when no comma is typed and one or two digits follow it; otherwise it groups thousands.
 */
function plainKroner(typed: string) {
  const compact = typed.replace(/[\s\u00a0]/g, "");
  const decimalComma = compact.includes(",") ? compact : compact.replace(/\.(\d{1,2})$/, ",$1");
  return decimalComma.replace(/\./g, "").replace(",", ".");
}

/**
 * Kroner as people type them to integer øre (R11); empty is 0. Øre are `bigint` in the
 * database, but a JavaScript number is exact only up to 2^53, which is more than any budget.
 */
export const kronerAmount = (invalid: MessageKey) =>
  z
    .string()
    .trim()
    .transform(plainKroner)
    .pipe(z.string().regex(/^(\d+(\.\d{1,2})?)?$/, message(invalid)))
    .transform((value) => (value === "" ? 0 : Math.round(Number(value) * 100)))
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER, message("input.numberTooLarge")));

export const kronerField = kronerAmount("fee_invalid");
