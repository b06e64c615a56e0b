import { z } from "zod";
import { message } from "./forms";
import type { MessageKey } from "./i18n";
import { inputLimits, textLimits } from "./limits";
import { MIN_PASSWORD_LENGTH } from "./password";

/** An e-mail address; `required` says whose is missing. */
const emailOf = (required: MessageKey) =>
  z
    .string({ error: message(required) })
    .trim()
    .min(1, message(required))
    .max(textLimits.profiles.email)
    .pipe(z.email(message("validation.emailInvalid")));

/** Fields that several forms share, with their messages. */
export const emailField = emailOf("validation.emailRequired");

/** The address of someone else, who is invited. */
export const inviteeEmailField = emailOf("validation.inviteeEmailRequired");

/** The format the database's checks give an e-mail address (organisations, nominations, invitations). */
const emailFormat = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

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

/**
 * A browser sends each line break of a textarea as two characters, which the field's
 * maxLength counted as one; the database keeps one.
 */
export const oneCharacterLineBreaks = (text: string) => text.replace(/\r\n?/g, "\n");

/** Free text of at most `max` characters (app/lib/limits.ts), trimmed, line breaks counted once. */
export const limitedText = (max: number) => z.string().overwrite(oneCharacterLineBreaks).trim().max(max);

/** Limited text that may be left empty: absent when empty. */
export const optionalText = (max: number) =>
  limitedText(max)
    .optional()
    .transform((value) => value || undefined);

/**
 * Tags typed as one comma-separated line ("klatring, Friluft , "), each at most `max`
 * characters; the database lower-cases and de-duplicates them.
 */
export const tagLine = (max: number) =>
  limitedText(inputLimits.tagLine)
    .default("")
    .transform((line) =>
      line
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    )
    .superRefine((tags, context) => {
      if (tags.some((tag) => tag.length > max)) {
        context.addIssue({ code: "custom", message: message("validation.tagTooLong"), params: { max } });
      }
    });

/** A calendar date picked in a date field, or nothing. */
export const optionalDate = z
  .union([z.literal(""), z.iso.date(message("date_required"))])
  .optional()
  .transform((value) => value || null);

/** An e-mail address that may be left empty, with the database's own format check. */
export const optionalEmail = (max: number) =>
  optionalText(max).pipe(z.string().regex(emailFormat, message("email_invalid")).optional());

/**
 * A form's submission key: a hidden field holding a new id each time the form is shown, with
 * which the database answers a second post of the same form (a double click) with what the
 * first one made. Anything but an id is no key; such a post is only not known as a repeat.
 */
export const submissionKeyField = z.uuid().nullable().catch(null);

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

/** People type numbers with spaces and dots; only the digits count (app.digits_only). */
export const digitsOnly = (typed: string) => typed.replace(/[\s.]/g, "");

/**
 * A MOD11 check digit as the database computes it (app.mod11_is_valid): a remainder that
 * would need check digit 10 is never issued, so such numbers are invalid.
 */
function mod11IsValid(digits: string, weights: number[]) {
  if (!new RegExp(`^\\d{${weights.length + 1}}$`).test(digits)) return false;
  const total = weights.reduce((sum, weight, i) => sum + Number(digits[i]) * weight, 0);
  const check = 11 - (total % 11);
  return (check === 11 ? 0 : check) === Number(digits[weights.length]);
}

/** R1: 9 digits, weights 3 2 7 6 5 4 3 2. */
export const isValidOrganisationNumber = (digits: string) => mod11IsValid(digits, [3, 2, 7, 6, 5, 4, 3, 2]);

/** R2: 11 digits, weights 5 4 3 2 7 6 5 4 3 2. */
export const isValidBankAccount = (digits: string) => mod11IsValid(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);

/** A phone number as the database's checks take it: 8 to 15 digits and spaces, perhaps after a +. */
export const phoneFormat = /^\+?[0-9 ]{8,15}$/;

/** A phone number that may be left empty. */
export const optionalPhone = optionalText(inputLimits.phone).pipe(
  z.string().regex(phoneFormat, message("phone_invalid")).optional(),
);
