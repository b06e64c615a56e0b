import { Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { OrganisationFields } from "~/components/organisation-fields";
import { BaseVersionField } from "~/components/stale-version";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { organisationFields, organisationLabels } from "~/lib/organisation-form";
import { idParam } from "~/lib/params";
import { baseVersion } from "~/lib/stale-version";

/** The organisation's admins change its profile, contact and bank account (R1 stays: the number is not editable). */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editOrganisation.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const overview = await loadApi(supabase, "organisation_overview", { organisation_id: idParam(params.id) });
  if (!overview.is_admin) throw new Response("Forbidden", { status: 403 });
  return data({ organisation: overview.organisation, bank_account: overview.bank_account }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const organisation_id = idParam(params.id);
  const formData = await readForm(request);
  const form = parseForm(formData, organisationFields);
  if (!form.success) return data(form.failure, { status: 400, headers });
  try {
    // An emptied optional field is sent as null, so that it is cleared rather than kept.
    const { contact_email = null, contact_phone = null, postal_code = null, bank_account = null } = form.data;
    await callApi(supabase, "update_organisation", {
      ...form.data,
      organisation_id,
      base_version: baseVersion(formData),
      contact_email,
      contact_phone,
      postal_code,
      bank_account,
    });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/organisasjoner/${organisation_id}`, { headers });
}

export default function EditOrganisation() {
  const { t } = useT();
  const { organisation, bank_account } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <NarrowPage title="editOrganisation.title">
      <Paragraph className="mb-6">
        {t("overview.summary", { number: organisation.organisation_number, kind: t(`kind.${organisation.kind}`) })}
      </Paragraph>
      <ErrorSummary failure={failure} labels={organisationLabels} />
      <Form method="post" noValidate>
        <BaseVersionField failure={failure} version={organisation.version} />
        <OrganisationFields failure={failure} saved={{ ...organisation, bank_account }} />
        <div className="flex flex-wrap items-center gap-6">
          <SubmitButton>{t("editOrganisation.save")}</SubmitButton>
          <TextLink to={`/organisasjoner/${organisation.id}`}>{t("editOrganisation.cancel")}</TextLink>
        </div>
      </Form>
    </NarrowPage>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
