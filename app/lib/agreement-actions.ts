import type { FormFailure } from "./forms";

/** What the agreement page's action answers: which of its forms, and that form's refusal if any. */
export type AgreementActionResult = {
  intent: string;
  /** The activity whose form it was, when the page has one form per activity. */
  activityId?: string;
  failure?: FormFailure;
};

/** The refusal for one form of the page, or nothing when another form was sent. */
export function failureFor(result: AgreementActionResult | undefined, intent: string, activityId?: string) {
  if (!result || result.intent !== intent) return undefined;
  if (activityId && result.activityId !== activityId) return undefined;
  return result.failure;
}
