import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxGroup, ErrorSummary, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { organisationKinds } from "~/lib/organisations";
import { listField, optionalText } from "~/lib/validation";

/** Self-registration (issue 3). R1 and R2 are checked by api.register_organisation; its refusals land at the fields. */
const schema = z.object({
  organisation_number: z.string().trim().min(1, message("organisation_number_invalid")),
  name: z.string().trim().min(1, message("name_required")),
  kind: z.enum(organisationKinds),
  description: z.string().trim().max(2000).default(""),
  contact_email: optionalText,
  contact_phone: optionalText,
  postal_address: z.string().trim().default(""),
  postal_code: optionalText,
  postal_town: z.string().trim().default(""),
  bank_account: optionalText,
  municipality_ids: listField.pipe(z.array(z.uuid()).min(1, message("municipalities_required"))),
});

const labels = {
  organisation_number: "organisation.number",
  name: "organisation.name",
  kind: "organisation.kind",
  description: "organisation.description",
  contact_email: "field.contactEmail",
  contact_phone: "field.contactPhone",
  postal_address: "organisation.postalAddress",
  postal_code: "organisation.postalCode",
  postal_town: "organisation.postalTown",
  bank_account: "organisation.bankAccount",
  municipality_ids: "organisation.municipalities",
} as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register.organisationTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "registration_form"), { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await request.formData();
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  let id: string;
  try {
    id = await callApi(supabase, "register_organisation", form.data);
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/organisasjoner/${id}`, { headers });
}

export default function RegisterOrganisation() {
  const { t } = useT();
  const { municipalities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <NarrowPage title="register.organisationTitle" lead="register.organisationLead">
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        <TextField
          name="organisation_number"
          inputMode="numeric"
          label={labels.organisation_number}
          hint="organisation.numberHint"
          failure={failure}
        />
        <TextField name="name" label={labels.name} failure={failure} />
        <SelectField
          name="kind"
          label={labels.kind}
          failure={failure}
          options={organisationKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
        />
        <TextareaField name="description" label={labels.description} failure={failure} />
        <TextField
          name="contact_email"
          type="email"
          autoComplete="email"
          label={labels.contact_email}
          failure={failure}
        />
        <TextField name="contact_phone" type="tel" autoComplete="tel" label={labels.contact_phone} failure={failure} />
        <TextField
          name="postal_address"
          autoComplete="street-address"
          label={labels.postal_address}
          failure={failure}
        />
        <TextField
          name="postal_code"
          inputMode="numeric"
          autoComplete="postal-code"
          label={labels.postal_code}
          failure={failure}
        />
        <TextField name="postal_town" autoComplete="address-level2" label={labels.postal_town} failure={failure} />
        <TextField
          name="bank_account"
          inputMode="numeric"
          label={labels.bank_account}
          hint="organisation.bankAccountHint"
          failure={failure}
        />
        <CheckboxGroup
          name="municipality_ids"
          legend={labels.municipality_ids}
          hint="organisation.municipalitiesHint"
          failure={failure}
          options={municipalities.map((m) => ({ value: m.id, label: m.name }))}
        />
        <SubmitButton>{t("register.organisationSubmit")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
