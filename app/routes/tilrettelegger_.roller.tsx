import { Alert, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, FormAlert, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { failureFor, type AgreementActionResult } from "~/lib/agreement-actions";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roles.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "my_facilitator_roles"), { headers });
}

const schema = z.object({
  agreement_id: z.uuid(),
  activity_id: z.uuid(),
  full_name: z.string().trim().min(2, message("full_name_required")),
  confirmed: z.literal("on", message("confirmation_required")),
});

/** The named facilitator accepts the role and signs the confidentiality declaration (R7). */
export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  // A revised agreement names the same activity again: the form is known by both ids.
  const role = `${String(formData.get("agreement_id"))}-${String(formData.get("activity_id"))}`;
  const refused = (failure: AgreementActionResult["failure"]) =>
    data<AgreementActionResult>({ intent: "accept", formKey: role, failure }, { status: 400, headers });
  const form = parseForm(formData, schema);
  if (!form.success) return refused(form.failure);
  try {
    const { agreement_id, activity_id, full_name } = form.data;
    await callApi(supabase, "accept_facilitator_role", { agreement_id, activity_id, full_name, confirmed: true });
  } catch (error) {
    return refused(refusalToForm(error, formData));
  }
  throw redirect("/tilrettelegger/roller", { headers });
}

export default function FacilitatorRoles() {
  const { t, date } = useT();
  const { declaration, roles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="max-w-prose">
      <Heading level={1} data-size="lg" className="mb-4">
        {t("roles.title")}
      </Heading>
      <Paragraph className="mb-6">{t("roles.lead")}</Paragraph>
      {roles.length === 0 ? <Paragraph className="mb-6">{t("roles.none")}</Paragraph> : null}
      <div className="mb-8">
        <PageSection heading="roles.declaration">
          <div className="whitespace-pre-line rounded border border-gray-300 p-4">{declaration}</div>
        </PageSection>
      </div>
      <ul className="grid gap-6">
        {roles.map((role) => {
          const key = `${role.agreement_id}-${role.activity_id}`;
          const failure = failureFor(result, "accept", key);
          return (
            <li key={key}>
              <Card data-color="neutral">
                <Heading level={2} data-size="sm">
                  {t("roles.roleHeading", { activity: role.activity, organisation: role.organisation })}
                </Heading>
                <Paragraph>{t("roles.roleMunicipality", { municipality: role.municipality })}</Paragraph>
                {role.accepted_at ? (
                  <Alert data-color="success">
                    <Paragraph>{t("roles.accepted", { date: date(role.accepted_at) })}</Paragraph>
                  </Alert>
                ) : (
                  <Form method="post" noValidate>
                    <FormAlert
                      failure={failure}
                      heading="agreement.actionFailed"
                      shownAtFields={["full_name", "confirmed"]}
                    />
                    <input type="hidden" name="agreement_id" value={role.agreement_id} />
                    <input type="hidden" name="activity_id" value={role.activity_id} />
                    <TextField
                      name="full_name"
                      id={`full-name-${key}`}
                      label="roles.fullName"
                      autoComplete="name"
                      failure={failure}
                    />
                    <CheckboxField name="confirmed" id={`confirmed-${key}`} label="roles.confirm" failure={failure} />
                    <SubmitButton>{t("roles.accept", { activity: role.activity })}</SubmitButton>
                  </Form>
                )}
              </Card>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
