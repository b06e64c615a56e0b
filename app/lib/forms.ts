import type { z } from "zod";
import { isMessageKey, type Message, type MessageKey } from "./i18n";
import type { ChangedValue } from "./stale-version";

/**
 * What a form action sends back when it refuses the input: the messages (catalogue keys, so
 * they come out in the reader's language) and what was typed, so nothing is lost (R12).
 */
export type FormFailure = {
  values: Record<string, FormValue>;
  fieldErrors: Record<string, Message>;
  formErrors: Message[];
  /** After a save from a stale version: what the other person saved, by field (lib/stale-version.ts). */
  changes?: Record<string, ChangedValue>;
};

/** A field's input: a list when the form repeats the name (checkboxes, slot rows). */
export type FormValue = string | string[];

export type ParsedForm<T> = { success: true; data: T } | { success: false; failure: FormFailure };

/** Typed here so that a misspelt message key in a schema does not compile. */
export const message = (key: MessageKey) => key;

// Passwords are never sent back into the page.
const secret = /password/i;
// Nobody types a NUL, and Postgres cannot store one in text: it is refused at its field (R12),
// and left out of what is sent back into the page.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const NUL = /\u0000/g;

function formValues(formData: FormData, withSecrets: boolean): Record<string, FormValue> {
  const values: Record<string, FormValue> = {};
  for (const name of new Set(formData.keys())) {
    if (!withSecrets && secret.test(name)) continue;
    const all = formData
      .getAll(name)
      .filter((value): value is string => typeof value === "string")
      .map((value) => (withSecrets ? value : value.replace(NUL, "")));
    if (all.length > 0) values[name] = all.length === 1 ? all[0]! : all;
  }
  return values;
}

const typedValues = (formData: FormData) => formValues(formData, false);

function fieldsWithNul(input: Record<string, FormValue>): string[] {
  return Object.entries(input)
    .filter(([, value]) => [value].flat().some((text) => text.includes("\u0000")))
    .map(([name]) => name);
}

export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): ParsedForm<z.output<S>> {
  const input = formValues(formData, true);
  const withNul = fieldsWithNul(input);
  if (withNul.length > 0) {
    const fieldErrors = Object.fromEntries(withNul.map((name) => [name, { key: "input.invalidCharacter" } as Message]));
    return { success: false, failure: { values: typedValues(formData), fieldErrors, formErrors: [] } };
  }
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };

  const failure: FormFailure = { values: typedValues(formData), fieldErrors: {}, formErrors: [] };
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field !== "string") {
      failure.formErrors.push(issueMessage(issue, "validation.invalid"));
      continue;
    }
    const empty = input[field] === undefined || input[field] === "";
    failure.fieldErrors[field] ??= issueMessage(issue, empty ? "validation.required" : "validation.invalid");
  }
  return { success: false, failure };
}

/**
 * Zod's own English messages are never shown: a schema's message is a catalogue key, a text
 * over its limit says what the limit is, and anything else gets a generic message.
 */
function issueMessage(issue: z.core.$ZodIssue, fallback: MessageKey): Message {
  const tooLong = issue.code === "too_big" && issue.origin === "string";
  const params = tooLong ? { max: Number(issue.maximum) } : issue.code === "custom" ? issue.params : undefined;
  const key = isMessageKey(issue.message) ? issue.message : tooLong ? "validation.tooLong" : fallback;
  return params ? { key, params } : { key };
}

/** A refusal found after parsing (by Auth or the database), at a field or for the whole form. */
export function refuseForm(formData: FormData, error: Message, field?: string): FormFailure {
  return {
    values: typedValues(formData),
    fieldErrors: field ? { [field]: error } : {},
    formErrors: field ? [] : [error],
  };
}

/** The form as typed with some fields filled in (a register lookup's answer), to show again without errors. */
export function formWith(formData: FormData, values: Record<string, FormValue>): FormFailure {
  return { values: { ...typedValues(formData), ...values }, fieldErrors: {}, formErrors: [] };
}

/**
 * An action's answer after which nothing changed on the server: a refusal (`failure`), or
 * something the page did on its own (`unchanged`, e.g. marks kept on the phone to send later).
 * Nothing needs reading again, and reading again might fail the same way (no connection) and
 * replace what was typed with the error page.
 */
export function changedNothing(result: unknown): boolean {
  if (typeof result !== "object" || result === null) return false;
  // A success may carry `failure: undefined` (the form's shape): only a failure that is there counts.
  const { failure, unchanged } = result as { failure?: unknown; unchanged?: unknown };
  return failure != null || Boolean(unchanged);
}
