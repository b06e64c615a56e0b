import { Fieldset, Input, Label, Paragraph, Select, Textarea, ValidationMessage } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { ErrorSummary, SubmitButton, TextareaField, TextField } from "~/components/forms";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { textLimits } from "~/lib/limits";
import { CRITERIA_ROWS, type Criterion } from "~/lib/prize";
import { criterionField, roundFormLabels, type RoundFormValues } from "~/lib/prize-round-form";

/** Creating and changing a draft round: title, year, window, the prize and weighted criteria. */
export function RoundForm({
  values,
  municipality,
  failure,
}: {
  values: RoundFormValues;
  municipality: string;
  failure: FormFailure | undefined;
}) {
  const { t } = useT();
  return (
    <>
      <ErrorSummary failure={failure} labels={roundFormLabels} />
      <Form method="post" noValidate>
        <TextField
          name="title"
          maxLength={textLimits.prize_rounds.title}
          label={roundFormLabels.title}
          hint="roundForm.titleHint"
          defaultValue={values.title}
          failure={failure}
        />
        <TextField
          name="year"
          label={roundFormLabels.year}
          inputMode="numeric"
          defaultValue={values.year}
          failure={failure}
        />
        <TextField
          name="opens_at"
          type="date"
          label={roundFormLabels.opens_at}
          defaultValue={values.opens_at}
          failure={failure}
        />
        <TextField
          name="closes_at"
          type="date"
          label={roundFormLabels.closes_at}
          defaultValue={values.closes_at}
          failure={failure}
        />
        <TextareaField
          name="prize_description"
          label={roundFormLabels.prize_description}
          hint="roundForm.prizeDescriptionHint"
          maxLength={textLimits.prize_rounds.prize_description}
          defaultValue={values.prize_description}
          failure={failure}
        />
        <CriteriaRows criteria={values.criteria} failure={failure} />
        <Paragraph className="mb-6">
          <strong>{t("prize.eligibility")}:</strong> {t("prize.eligibilityText", { municipality })}
        </Paragraph>
        <SubmitButton>{t("roundForm.save")}</SubmitButton>
      </Form>
    </>
  );
}

type Row = Omit<Criterion, "id">;

/**
 * A few rows of title, description and weight under repeated names, like the activity's slots.
 * A row's message names the row and sits under it, and the control that is wrong is marked.
 */
function CriteriaRows({ criteria, failure }: { criteria: Row[]; failure: FormFailure | undefined }) {
  const { t } = useT();
  const typed = (name: string) => [failure?.values[name] ?? []].flat();
  const rows: Row[] = failure
    ? typed("criterion_title").map((title, i) => ({
        title,
        description: typed("criterion_description")[i] ?? "",
        weight: Number(typed("criterion_weight")[i] ?? 1),
      }))
    : [
        ...criteria,
        ...Array.from({ length: CRITERIA_ROWS - criteria.length }, () => ({ title: "", description: "", weight: 1 })),
      ];
  const error = failure?.fieldErrors.criteria;
  const limits = textLimits.prize_criteria;
  return (
    <Fieldset
      className="mb-5"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? "criteria-error" : undefined}
    >
      <Fieldset.Legend id="criteria" tabIndex={-1}>
        {t("roundForm.criteria")}
      </Fieldset.Legend>
      <Fieldset.Description>{t("roundForm.criteriaHint")}</Fieldset.Description>
      {error ? <ValidationMessage id="criteria-error">{t(error.key, error.params)}</ValidationMessage> : null}
      {rows.map((row, i) => {
        const ids = {
          title: criterionField("title", i),
          description: criterionField("description", i),
          weight: criterionField("weight", i),
        };
        const wrong = Object.values(ids).find((id) => failure?.fieldErrors[id]);
        const rowError = wrong ? failure?.fieldErrors[wrong] : undefined;
        const control = (id: string) => ({
          id,
          "aria-invalid": id === wrong ? true : undefined,
          "aria-describedby": id === wrong ? `${id}-error` : undefined,
        });
        return (
          <div key={i} className="mb-4 grid gap-2 border-l-4 border-[var(--ds-color-neutral-border-subtle)] pl-3">
            <div>
              <Label htmlFor={ids.title}>{t("roundForm.criterionTitle", { n: i + 1 })}</Label>
              <Input name="criterion_title" defaultValue={row.title} maxLength={limits.title} {...control(ids.title)} />
            </div>
            <div>
              <Label htmlFor={ids.description}>{t("roundForm.criterionDescription", { n: i + 1 })}</Label>
              <Textarea
                name="criterion_description"
                rows={2}
                maxLength={limits.description}
                defaultValue={row.description}
                {...control(ids.description)}
              />
            </div>
            <div className="max-w-40">
              <Label htmlFor={ids.weight}>{t("roundForm.criterionWeight", { n: i + 1 })}</Label>
              <Select name="criterion_weight" defaultValue={String(row.weight)} {...control(ids.weight)}>
                {Array.from({ length: 10 }, (_, w) => (
                  <Select.Option key={w} value={String(w + 1)}>
                    {w + 1}
                  </Select.Option>
                ))}
              </Select>
            </div>
            {wrong && rowError ? (
              <ValidationMessage id={`${wrong}-error`}>{t(rowError.key, rowError.params)}</ValidationMessage>
            ) : null}
          </div>
        );
      })}
    </Fieldset>
  );
}
