import { Button } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import type { FormFailure } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { SelectField } from "./forms";

/**
 * Chooses a year through ?year= (yearParam), so it works without JavaScript: the year a
 * figures page shows, or, with an `action`, the year of a file to download.
 */
export function YearPicker({
  years,
  year,
  label = "insight.year",
  submit = "insight.showYear",
  action,
  failure,
}: {
  years: number[];
  year: number;
  label?: MessageKey;
  submit?: MessageKey;
  /** A download's address: the browser fetches it as a document, not as a page. */
  action?: string;
  failure?: FormFailure;
}) {
  const { t } = useT();
  const options = years.map((value) => ({ value: String(value), label: String(value) }));
  return (
    <Form
      method="get"
      action={action}
      reloadDocument={action !== undefined}
      className="flex flex-wrap items-end gap-3 print:hidden"
    >
      <SelectField name="year" label={label} failure={failure} options={options} defaultValue={String(year)} />
      <Button type="submit" variant="secondary" className="mb-5">
        {t(submit)}
      </Button>
    </Form>
  );
}
