import { SelectField, TextareaField, TextField } from "~/components/forms";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { inputLimits, textLimits } from "~/lib/limits";
import { organisationLabels as labels } from "~/lib/organisation-form";
import { organisationKinds, type Organisation } from "~/lib/organisations";

type Saved = Omit<Organisation, "id" | "organisation_number"> & { bank_account: string | null };

/** The fields of organisationFields, empty for a registration or filled with what is saved. */
export function OrganisationFields({ failure, saved }: { failure: FormFailure | undefined; saved?: Saved }) {
  const { t } = useT();
  const limits = textLimits.organisations;
  return (
    <>
      <TextField name="name" maxLength={limits.name} label={labels.name} failure={failure} defaultValue={saved?.name} />
      <SelectField
        name="kind"
        label={labels.kind}
        failure={failure}
        defaultValue={saved?.kind}
        options={organisationKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
      />
      <TextareaField
        name="description"
        maxLength={limits.description}
        label={labels.description}
        failure={failure}
        defaultValue={saved?.description}
      />
      <TextField
        name="contact_email"
        maxLength={limits.contact_email}
        type="email"
        autoComplete="email"
        label={labels.contact_email}
        failure={failure}
        defaultValue={saved?.contact_email ?? undefined}
      />
      <TextField
        name="contact_phone"
        maxLength={inputLimits.phone}
        type="tel"
        autoComplete="tel"
        label={labels.contact_phone}
        failure={failure}
        defaultValue={saved?.contact_phone ?? undefined}
      />
      <TextField
        name="postal_address"
        maxLength={limits.postal_address}
        autoComplete="street-address"
        label={labels.postal_address}
        failure={failure}
        defaultValue={saved?.postal_address}
      />
      <TextField
        name="postal_code"
        maxLength={inputLimits.postalCode}
        inputMode="numeric"
        autoComplete="postal-code"
        label={labels.postal_code}
        failure={failure}
        defaultValue={saved?.postal_code ?? undefined}
      />
      <TextField
        name="postal_town"
        maxLength={limits.postal_town}
        autoComplete="address-level2"
        label={labels.postal_town}
        failure={failure}
        defaultValue={saved?.postal_town}
      />
      <TextField
        name="bank_account"
        maxLength={inputLimits.bankAccount}
        inputMode="numeric"
        label={labels.bank_account}
        hint="organisation.bankAccountHint"
        failure={failure}
        defaultValue={saved?.bank_account ?? undefined}
      />
    </>
  );
}
