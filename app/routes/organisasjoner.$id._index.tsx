import { Alert, Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { OrganisationMembers } from "~/components/organisation-members";
import { PartnershipTag } from "~/components/partnership-status";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { peopleAction } from "~/lib/people.server";
import { memberRoles, peopleLabels } from "~/lib/organisations";

/** The organisation as its members see it; admins manage people here. */
const labels = peopleLabels;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data ? { name: data.organisation.name } : "notFound.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const overview = await loadApi(supabase, "organisation_overview", { organisation_id: idParam(params.id) });
  return data(overview, { headers });
}

export const action = ({ request, params }: ActionFunctionArgs) => {
  const organisation_id = idParam(params.id);
  return peopleAction(request, memberRoles, {
    invite: (supabase, email, role) => callApi(supabase, "invite_member", { organisation_id, email, role }),
    setRoles: (supabase, user_id, roles) => callApi(supabase, "set_member_roles", { organisation_id, user_id, roles }),
  });
};

export default function OrganisationOverview() {
  const { t, date } = useT();
  const overview = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { organisation, is_admin: isAdmin } = overview;
  const inviteFailure = result?.failure?.values.intent === "invite" ? result.failure : undefined;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {organisation.name}
      </Heading>
      <Paragraph className="mb-6">
        {t("overview.summary", { number: organisation.organisation_number, kind: t(`kind.${organisation.kind}`) })}
      </Paragraph>
      {isAdmin ? (
        <Paragraph className="mb-6">
          <TextLink to="rediger">{t("overview.edit")}</TextLink>
        </Paragraph>
      ) : null}
      {result?.failure && !inviteFailure ? <ErrorSummary failure={result.failure} labels={{}} /> : null}

      <section aria-labelledby="partnerships" className="mb-8">
        <Heading id="partnerships" level={2} data-size="sm" className="mb-2">
          {t("overview.partnerships")}
        </Heading>
        <ul className="grid gap-1">
          {overview.partnerships.map((partnership) => (
            <li key={partnership.municipality_id}>
              {partnership.municipality_name}: <PartnershipTag status={partnership.status} />
              {partnership.status_reason ? ` – ${partnership.status_reason}` : null}
            </li>
          ))}
        </ul>
        {isAdmin ? (
          <Paragraph className="mt-2">
            <TextLink to="innsikt">{t("orgInsight.link")}</TextLink>
          </Paragraph>
        ) : null}
      </section>

      {isAdmin ? (
        <Paragraph className="mb-8">
          <TextLink to="avtaler">{t("agreements.orgLink")}</TextLink>
        </Paragraph>
      ) : null}

      <section aria-labelledby="activities" className="mb-8">
        <Heading id="activities" level={2} data-size="sm" className="mb-2">
          {t("overview.activities")}
        </Heading>
        {overview.activities.length === 0 ? <Paragraph className="mb-2">{t("overview.noActivities")}</Paragraph> : null}
        <ul className="mb-4 grid gap-1">
          {overview.activities.map((activity) => (
            <li key={activity.id}>
              {isAdmin ? <TextLink to={`aktiviteter/${activity.id}`}>{activity.title}</TextLink> : activity.title} (
              {activity.municipality_name}, {t(activity.is_public ? "overview.public" : "overview.notPublic")})
              {isAdmin ? (
                <>
                  {" · "}
                  <TextLink
                    to={`aktiviteter/${activity.id}/okter`}
                    aria-label={t("activitySessions.heading", { activity: activity.title })}
                  >
                    {t("activitySessions.link")}
                  </TextLink>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {isAdmin ? (
          <Button asChild variant="secondary">
            <Link to="aktiviteter/ny">{t("overview.newActivity")}</Link>
          </Button>
        ) : null}
      </section>

      {isAdmin ? (
        <Paragraph className="mb-8">
          <TextLink to="refusjoner">{t("overview.claims")}</TextLink>
        </Paragraph>
      ) : null}

      <OrganisationMembers members={overview.members} isAdmin={isAdmin} />

      {isAdmin ? (
        <section aria-labelledby="invite" className="mb-8 max-w-md">
          <Heading id="invite" level={2} data-size="sm" className="mb-2">
            {t("overview.invite")}
          </Heading>
          {result?.invited ? (
            <Alert data-color="success" role="status" className="mb-4">
              <Paragraph>{t("overview.invited", { email: result.invited })}</Paragraph>
            </Alert>
          ) : null}
          <ErrorSummary failure={inviteFailure} labels={labels} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <TextField name="email" type="email" label={labels.email} failure={inviteFailure} />
            <SelectField
              name="role"
              label={labels.role}
              failure={inviteFailure}
              defaultValue="facilitator"
              options={memberRoles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            />
            <SubmitButton>{t("overview.sendInvitation")}</SubmitButton>
          </Form>
          {overview.invitations.length > 0 ? (
            <>
              <Heading level={3} data-size="xs" className="mt-6 mb-2">
                {t("overview.openInvitations")}
              </Heading>
              <ul className="grid gap-1">
                {overview.invitations.map((invitation) => (
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
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
