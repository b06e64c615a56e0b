import type { FormFailure } from "./forms";

/** What the agreement page's action answers: which of its forms, and that form's refusal if any. */
export type AgreementActionResult = {
  intent: string;
  /** Which of several forms of the same kind (one per activity, one per role) it was. */
  formKey?: string;
  failure?: FormFailure;
};

/** The refusal for one form of the page, or nothing when another form was sent. */
export function failureFor(result: AgreementActionResult | undefined, intent: string, formKey?: string) {
  if (!result || result.intent !== intent) return undefined;
  if (formKey && result.formKey !== formKey) return undefined;
  return result.failure;
}
