import { TextField } from "~/components/forms";
import { termsLabels } from "~/lib/agreement-forms";
import type { FormFailure } from "~/lib/forms";
import { textLimits } from "~/lib/limits";

/** The period and reimbursement terms of an agreement, for a new one and for a draft. */
export function TermsFields({
  failure,
  defaults,
}: {
  failure: FormFailure | undefined;
  defaults?: Partial<Record<keyof typeof termsLabels, string>>;
}) {
  return (
    <>
      <div className="grid gap-x-6 sm:grid-cols-2">
        <TextField
          name="valid_from"
          type="date"
          label={termsLabels.valid_from}
          defaultValue={defaults?.valid_from}
          failure={failure}
        />
        <TextField
          name="valid_to"
          type="date"
          label={termsLabels.valid_to}
          defaultValue={defaults?.valid_to}
          failure={failure}
        />
      </div>
      <TextField
        name="covered_fees"
        label={termsLabels.covered_fees}
        hint="agreementField.coveredFeesHint"
        maxLength={textLimits.agreements.covered_fees}
        defaultValue={defaults?.covered_fees}
        failure={failure}
      />
      <TextField
        name="equipment_cap"
        label={termsLabels.equipment_cap}
        hint="agreementField.equipmentCapHint"
        inputMode="decimal"
        defaultValue={defaults?.equipment_cap}
        failure={failure}
      />
      <TextField
        name="compensation"
        label={termsLabels.compensation}
        hint="agreementField.compensationHint"
        inputMode="decimal"
        defaultValue={defaults?.compensation}
        failure={failure}
      />
      <TextField
        name="municipality_contact"
        label={termsLabels.municipality_contact}
        maxLength={textLimits.agreements.municipality_contact}
        defaultValue={defaults?.municipality_contact}
        failure={failure}
      />
      <TextField
        name="organisation_contact"
        label={termsLabels.organisation_contact}
        maxLength={textLimits.agreements.organisation_contact}
        defaultValue={defaults?.organisation_contact}
        failure={failure}
      />
    </>
  );
}
