import type { FormFailure } from "~/lib/forms";
import { formatKroner } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import type { ChangedValue } from "~/lib/stale-version";

/**
 * The version the form was loaded with, or after a stale-version refusal the record's new
 * one, so that the next save is made from what the user has now seen (lib/stale-version.ts).
 */
export function BaseVersionField({ failure, version }: { failure: FormFailure | undefined; version: number }) {
  return <input type="hidden" name="base_version" value={failure?.values.base_version ?? String(version)} />;
}

/** What the other person saved, field by field, under the stale-version message. */
export function StaleChanges({
  changes,
  labels,
}: {
  changes: Record<string, ChangedValue>;
  labels: Record<string, MessageKey>;
}) {
  const { t } = useT();
  const fields = Object.entries(changes);
  if (fields.length === 0) return <p>{t("staleVersion.sameAsYours")}</p>;
  const show = (field: string, value: ChangedValue) => {
    if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) return t("staleVersion.empty");
    if (typeof value === "boolean") return t(value ? "staleVersion.yes" : "staleVersion.no");
    if (Array.isArray(value)) return value.join(", ");
    return typeof value === "number" && field.endsWith("_ore") ? formatKroner(value) : String(value);
  };
  // Amounts are stored in øre under `<field>_ore`; the form's label is the field's.
  const label = (field: string) => labels[field] ?? labels[field.replace(/_ore$/, "")];
  return (
    <>
      <p>{t("staleVersion.changes")}</p>
      <ul className="list-disc pl-6">
        {fields.map(([field, value]) => {
          const key = label(field);
          return (
            <li key={field}>
              {key ? t(key) : field}: {show(field, value)}
            </li>
          );
        })}
      </ul>
    </>
  );
}
