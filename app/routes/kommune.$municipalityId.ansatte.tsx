import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { PeopleWithRoles } from "~/components/people-roles";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { formatDate } from "~/lib/format";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { staffRoles } from "~/lib/organisations";
import { idParam } from "~/lib/params";
import { emailField, listField } from "~/lib/validation";

/**
 * The municipality's staff, for its admins: who has which role (changed or removed here),
 * open invitations, and inviting a caseworker or an admin by e-mail.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staff.title");

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: emailField, role: z.enum(staffRoles) }),
  z.object({ intent: z.literal("roles"), user_id: z.uuid(), roles: listField.pipe(z.array(z.enum(staffRoles))) }),
  z.object({ intent: z.literal("remove"), user_id: z.uuid() }),
]);
const labels = { email: "field.email", role: "overview.role" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const staff = await loadApi(supabase, "municipality_staff", { municipality_id: idParam(params.municipalityId) });
  return data(staff, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipality_id = idParam(params.municipalityId);
  const formData = await request.formData();
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure, invited: null }, { status: 400, headers });
  const input = form.data;
  try {
    if (input.intent === "invite") {
      await callApi(supabase, "invite_staff", { municipality_id, email: input.email, role: input.role });
      deliverMailSoon();
      return data({ failure: undefined, invited: input.email }, { headers });
    }
    const roles = input.intent === "roles" ? input.roles : [];
    await callApi(supabase, "set_staff_roles", { municipality_id, user_id: input.user_id, roles });
    return data({ failure: undefined, invited: null }, { headers });
  } catch (error) {
    return data({ failure: refusalToForm(error, formData), invited: null }, { status: 400, headers });
  }
}

export default function MunicipalityStaff() {
  const { t } = useT();
  const { municipality, staff, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const inviteFailure = result?.failure?.values.intent === "invite" ? result.failure : undefined;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-6">
        {t("staff.heading", { municipality: municipality.name })}
      </Heading>
      {result?.failure && !inviteFailure ? <ErrorSummary failure={result.failure} labels={{}} /> : null}
      <div className="grid gap-10 lg:grid-cols-2">
        <PageSection heading="staff.people">
          <PeopleWithRoles people={staff} roles={staffRoles} canManage caption="staff.people" />
        </PageSection>

        <PageSection heading="staff.invite">
          {result?.invited ? (
            <Alert data-color="success" role="status" className="mb-4">
              <Paragraph>{t("overview.invited", { email: result.invited })}</Paragraph>
            </Alert>
          ) : null}
          <ErrorSummary failure={inviteFailure} labels={labels} />
          <Form method="post" noValidate className="max-w-md">
            <input type="hidden" name="intent" value="invite" />
            <TextField name="email" type="email" label={labels.email} failure={inviteFailure} />
            <SelectField
              name="role"
              label={labels.role}
              failure={inviteFailure}
              defaultValue="caseworker"
              options={staffRoles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            />
            <SubmitButton>{t("overview.sendInvitation")}</SubmitButton>
          </Form>
          {invitations.length > 0 ? (
            <>
              <Heading level={3} data-size="xs" className="mt-6 mb-2">
                {t("overview.openInvitations")}
              </Heading>
              <ul className="grid gap-1">
                {invitations.map((invitation) => (
                  <li key={invitation.id}>
                    {t("overview.invitation", {
                      email: invitation.email,
                      role: t(`role.${invitation.role}`),
                      expires: formatDate(invitation.expires_at),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </PageSection>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
