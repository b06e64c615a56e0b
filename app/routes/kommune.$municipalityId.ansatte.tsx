import { Alert, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { formatDate } from "~/lib/format";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { emailField } from "~/lib/validation";

/**
 * The municipality's staff, for its admins: who has which role, open invitations, and
 * inviting a caseworker or an admin by e-mail. Changing or removing a role has no `api`
 * function yet, so it is not offered here.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staff.title");

const staffRoles = ["caseworker", "admin"] as const;
const schema = z.object({ email: emailField, role: z.enum(staffRoles) });
const labels = { email: "field.email", role: "overview.role" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const staff = await loadApi(supabase, "municipality_staff", { municipality_id: idParam(params.municipalityId) });
  return data(staff, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await request.formData();
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure, invited: null }, { status: 400, headers });
  try {
    await callApi(supabase, "invite_staff", { municipality_id: idParam(params.municipalityId), ...form.data });
  } catch (error) {
    return data({ failure: refusalToForm(error, formData), invited: null }, { status: 400, headers });
  }
  deliverMailSoon();
  return data({ failure: undefined, invited: form.data.email }, { headers });
}

export default function MunicipalityStaff() {
  const { t } = useT();
  const { municipality, staff, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-6">
        {t("staff.heading", { municipality: municipality.name })}
      </Heading>
      <div className="grid gap-10 lg:grid-cols-2">
        <PageSection heading="staff.people">
          <Table>
            <caption className="sr-only">{t("staff.people")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("field.name")}</Table.HeaderCell>
                <Table.HeaderCell>{t("field.email")}</Table.HeaderCell>
                <Table.HeaderCell>{t("overview.roles")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {staff.map((person) => (
                <Table.Row key={person.user_id}>
                  <Table.Cell>{person.display_name ?? person.email}</Table.Cell>
                  <Table.Cell>{person.email}</Table.Cell>
                  <Table.Cell>{person.roles.map((role) => t(`role.${role}`)).join(", ")}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </PageSection>

        <PageSection heading="staff.invite">
          {result?.invited ? (
            <Alert data-color="success" role="status" className="mb-4">
              <Paragraph>{t("overview.invited", { email: result.invited })}</Paragraph>
            </Alert>
          ) : null}
          <ErrorSummary failure={result?.failure} labels={labels} />
          <Form method="post" noValidate className="max-w-md">
            <TextField name="email" type="email" label={labels.email} failure={result?.failure} />
            <SelectField
              name="role"
              label={labels.role}
              failure={result?.failure}
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
