import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxGroup, ErrorSummary, SubmissionKey, SubmitButton, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { OrganisationFields } from "~/components/organisation-fields";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { inputLimits } from "~/lib/limits";
import { pageTitle } from "~/lib/meta";
import { organisationFields, organisationLabels, organisationNumberField } from "~/lib/organisation-form";
import { listField, submissionKeyField } from "~/lib/validation";

/**
 * Self-registration. Every field is checked here first, so one answer names every mistake;
 * api.register_organisation checks R1 and R2 again and says whether the number is taken.
 */
// In the order of the page, so that the error summary lists the fields as they come.
const schema = z.object({
  organisation_number: organisationNumberField,
  ...organisationFields.shape,
  municipality_ids: listField.pipe(z.array(z.uuid()).min(1, message("municipalities_required"))),
  submission_key: submissionKeyField,
});

const labels = {
  organisation_number: "organisation.number",
  ...organisationLabels,
  municipality_ids: "organisation.municipalities",
} as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register.organisationTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const form = await loadApi(supabase, "registration_form");
  return data({ ...form, submissionKey: crypto.randomUUID() }, { headers });
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
  const { municipalities, submissionKey } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <NarrowPage title="register.organisationTitle" lead="register.organisationLead">
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        <SubmissionKey value={submissionKey} />
        <TextField
          name="organisation_number"
          maxLength={inputLimits.organisationNumber}
          inputMode="numeric"
          label={labels.organisation_number}
          hint="organisation.numberHint"
          failure={failure}
        />
        <OrganisationFields failure={failure} />
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
