import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { PeopleWithRoles } from "~/components/people-roles";
import { callApi, loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { peopleAction } from "~/lib/people.server";
import { staffRoles, peopleLabels } from "~/lib/organisations";
import { idParam } from "~/lib/params";

/**
 * The municipality's staff, for its admins: who has which role (changed or removed here),
 * open invitations, and inviting a caseworker or an admin by e-mail.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staff.title");

const labels = peopleLabels;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const staff = await loadApi(supabase, "municipality_staff", { municipality_id: idParam(params.municipalityId) });
  return data(staff, { headers });
}

export const action = ({ request, params }: ActionFunctionArgs) => {
  const municipality_id = idParam(params.municipalityId);
  return peopleAction(request, staffRoles, {
    invite: (supabase, email, role) => callApi(supabase, "invite_staff", { municipality_id, email, role }),
    setRoles: (supabase, user_id, roles) => callApi(supabase, "set_staff_roles", { municipality_id, user_id, roles }),
  });
};

export default function MunicipalityStaff() {
  const { t, date } = useT();
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
                      expires: date(invitation.expires_at),
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
