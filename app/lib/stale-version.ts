import type { FormFailure } from "./forms";
import { formatDateTime } from "./format";

/**
 * No lost updates: an edit form sends back the version of the record it was loaded with
 * (`base_version`), and the database refuses a save made from an older one ("stale_version")
 * with the record's current values where they differ from what was typed. The form then
 * shows those values, keeps the input and carries the new version, so that saving again
 * after merging by hand goes through.
 */

/** A field's value as the other person saved it. */
export type ChangedValue = string | number | boolean | string[] | null;

/** The version the form was loaded with; a form without one is treated as stale. */
export function baseVersion(formData: FormData): number {
  const version = Number(formData.get("base_version"));
  return Number.isInteger(version) ? version : 0;
}

type StaleRefusal = { version: number; changes: Record<string, ChangedValue>; by?: string; at?: string };

/** The refused form, turned into one the user can merge and save again. */
export function staleVersionForm(failure: FormFailure, hint: string | null): FormFailure {
  const refusal = JSON.parse(hint ?? "{}") as StaleRefusal;
  return {
    ...failure,
    values: { ...failure.values, base_version: String(refusal.version) },
    formErrors: [
      refusal.by && refusal.at
        ? { key: "stale_version", params: { by: refusal.by, at: formatDateTime(refusal.at) } }
        : { key: "stale_version_unknown" },
    ],
    changes: refusal.changes,
  };
}
