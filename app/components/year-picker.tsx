import { Button } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { useT } from "~/lib/i18n/react";
import { SelectField } from "./forms";

/** Chooses the year of a figures page through ?year= (yearParam), so it works without JavaScript. */
export function YearPicker({ years, year }: { years: number[]; year: number }) {
  const { t } = useT();
  const options = years.map((value) => ({ value: String(value), label: String(value) }));
  return (
    <Form method="get" className="flex flex-wrap items-end gap-3 print:hidden">
      <SelectField name="year" label="insight.year" failure={undefined} options={options} defaultValue={String(year)} />
      <Button type="submit" variant="secondary" className="mb-5">
        {t("insight.showYear")}
      </Button>
    </Form>
  );
}
