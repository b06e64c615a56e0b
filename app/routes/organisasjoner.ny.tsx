import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { CheckboxGroup, ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { OrganisationFields } from "~/components/organisation-fields";
import { RegisterLookup, useRegisterLookup } from "~/components/register-lookup";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { formWith, message, parseForm, refuseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { organisationFields, organisationLabels } from "~/lib/organisation-form";
import { organisationNumberDigits, type RegistrationLookup } from "~/lib/register";
import { lookupForRegistration, refreshRegisterEntry } from "~/lib/register.server";
import { listField } from "~/lib/validation";

/**
 * Self-registration (issue 3). R1 and R2 are checked by api.register_organisation; its refusals
 * land at the fields. Enhetsregisteret fills in what it can (register-lookup.tsx), and what it
 * says is stored for the caseworker once the organisation is registered.
 */
// In the order of the page, so that the error summary lists the fields as they come.
const schema = z.object({
  organisation_number: z.string().trim().min(1, message("organisation_number_invalid")),
  ...organisationFields.shape,
  municipality_ids: listField.pipe(z.array(z.uuid()).min(1, message("municipalities_required"))),
});

const labels = {
  organisation_number: "organisation.number",
  ...organisationLabels,
  municipality_ids: "organisation.municipalities",
} as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register.organisationTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "registration_form"), { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  if (formData.get("intent") === "lookup") return lookUp(request, formData, headers);
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  let id: string;
  try {
    id = await callApi(supabase, "register_organisation", form.data);
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  deliverMailSoon();
  await refreshRegisterEntry({
    id,
    organisation_number: organisationNumberDigits(form.data.organisation_number) ?? "",
  });
  throw redirect(`/organisasjoner/${id}`, { headers });
}

/** The lookup without JavaScript: the form comes back with what it typed and what the register fills in. */
async function lookUp(request: Request, formData: FormData, headers: Headers) {
  const number = organisationNumberDigits(String(formData.get("organisation_number") ?? ""));
  if (!number) {
    return data(refuseForm(formData, { key: "organisation_number_invalid" }, "organisation_number"), {
      status: 400,
      headers,
    });
  }
  const lookup = await lookupForRegistration(request, number);
  return data({ ...formWith(formData, lookup.values), lookup }, { headers });
}

export default function RegisterOrganisation() {
  const { t } = useT();
  const { municipalities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const form = useRef<HTMLFormElement>(null);
  // A lookup's answer is a FormFailure with `lookup` added, which the action's inferred type folds away.
  const posted = failure && "lookup" in failure ? (failure.lookup as RegistrationLookup) : undefined;
  const lookup = useRegisterLookup(form, posted);
  return (
    <NarrowPage title="register.organisationTitle" lead="register.organisationLead">
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate ref={form}>
        {/* Enter in any field registers: the form's first submit button is the one it presses. */}
        <button type="submit" hidden tabIndex={-1} />
        <TextField
          name="organisation_number"
          inputMode="numeric"
          label={labels.organisation_number}
          hint="organisation.numberHint"
          failure={failure}
          onBlur={lookup.onNumberBlur}
        />
        <RegisterLookup result={lookup.result} looking={lookup.looking} onLookup={lookup.onLookup} />
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
