import { Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TermsFields } from "~/components/agreement/terms-fields";
import { ErrorSummary, SelectField, SubmitButton } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { TextLink } from "~/components/text-link";
import { termsArgs, termsFields, termsLabels } from "~/lib/agreement-forms";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newAgreement.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const form = await loadApi(supabase, "agreement_form", { municipality_id: idParam(params.municipalityId) });
  return data(form, { headers });
}

const schema = z.object({ organisation_id: z.uuid(message("organisation_not_verified")), ...termsFields });
const labels = { organisation_id: "agreementField.organisation", ...termsLabels } as const;

/** Makes a draft from the latest template; the draft's page shows the rendered text before sending. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  let agreementId: string;
  try {
    agreementId = await callApi(supabase, "create_agreement", {
      municipality_id: municipalityId,
      organisation_id: form.data.organisation_id,
      ...termsArgs(form.data),
    });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/avtaler/${agreementId}`, { headers });
}

export default function NewAgreement() {
  const { t } = useT();
  const form = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  if (!form.has_template) {
    return (
      <NarrowPage title="newAgreement.title">
        <Paragraph className="mb-4">{t("newAgreement.noTemplate")}</Paragraph>
        <TextLink to={`/kommune/${form.municipality.id}/avtalemal`}>{t("newAgreement.toTemplate")}</TextLink>
      </NarrowPage>
    );
  }
  if (form.organisations.length === 0) {
    return (
      <NarrowPage title="newAgreement.title">
        <Paragraph>{t("newAgreement.noOrganisations")}</Paragraph>
      </NarrowPage>
    );
  }
  return (
    <NarrowPage title="newAgreement.title" lead="newAgreement.lead">
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        <SelectField
          name="organisation_id"
          label={labels.organisation_id}
          empty={t("agreementField.choose")}
          options={form.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
          failure={failure}
        />
        <TermsFields failure={failure} />
        <SubmitButton>{t("newAgreement.submit")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
