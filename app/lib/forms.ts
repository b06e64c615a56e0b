import type { z } from "zod";
import { isMessageKey, type Message, type MessageKey } from "./i18n";

/**
 * What a form action sends back when it refuses the input: the messages (catalogue keys, so
 * they come out in the reader's language) and what was typed, so nothing is lost (R12).
 */
export type FormFailure = {
  values: Record<string, string>;
  fieldErrors: Record<string, Message>;
  formErrors: Message[];
};

export type ParsedForm<T> = { success: true; data: T } | { success: false; failure: FormFailure };

/** Typed here so that a misspelt message key in a schema does not compile. */
export const message = (key: MessageKey) => key;

// Passwords are never sent back into the page.
const secret = /password/i;

function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && !secret.test(name)) values[name] = value;
  }
  return values;
}

export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): ParsedForm<z.output<S>> {
  const input = Object.fromEntries(formData);
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };

  const failure: FormFailure = { values: typedValues(formData), fieldErrors: {}, formErrors: [] };
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field !== "string") {
      failure.formErrors.push({ key: isMessageKey(issue.message) ? issue.message : "validation.invalid" });
      continue;
    }
    // Zod's own English messages are never shown: a schema without a key gets a generic one.
    const empty = input[field] === undefined || input[field] === "";
    const key = isMessageKey(issue.message) ? issue.message : empty ? "validation.required" : "validation.invalid";
    failure.fieldErrors[field] ??= { key };
  }
  return { success: false, failure };
}

/** A refusal found after parsing (by Auth or the database), at a field or for the whole form. */
export function refuseForm(formData: FormData, error: Message, field?: string): FormFailure {
  return {
    values: typedValues(formData),
    fieldErrors: field ? { [field]: error } : {},
    formErrors: field ? [] : [error],
  };
}
