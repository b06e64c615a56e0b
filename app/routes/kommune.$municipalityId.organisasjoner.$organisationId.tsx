import { Alert, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SubmitButton, TextareaField } from "~/components/forms";
import { Detail, PageSection } from "~/components/page-section";
import { PartnershipTag } from "~/components/partnership-status";
import { RegisterComparison, type RegisterNotice } from "~/components/register-comparison";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import {
  nextStatuses,
  partnershipStatuses,
  type OrganisationForStaff,
  type PartnershipStatus,
} from "~/lib/organisations";
import { idParam } from "~/lib/params";
import { refreshRegisterEntry } from "~/lib/register.server";
import type { Supabase } from "~/lib/supabase.server";

/**
 * An organisation as the municipality's staff see it, what Enhetsregisteret says beside what
 * the club typed, and the caseworker's decision on it.
 */
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data ? { name: data.organisation.name } : "notFound.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "organisation_for_staff", {
    municipality_id: idParam(params.municipalityId),
    organisation_id: idParam(params.organisationId),
  });
  return data(page, { headers });
}

// The reason is required for declining and suspending; the database says so at the field.
const schema = z.object({ decision: z.enum(partnershipStatuses), reason: z.string().trim().optional() });
const labels = { reason: "decision.reason" } as const;

type Result = { failure: FormFailure | undefined; decided: PartnershipStatus | null; register?: RegisterNotice };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "refresh_register" || intent === "review_change") {
    const register = await registerAction(supabase, params, formData);
    return data<Result>({ failure: undefined, decided: null, register }, { headers });
  }
  const form = parseForm(formData, schema);
  if (!form.success) return data<Result>({ failure: form.failure, decided: null }, { status: 400, headers });
  try {
    await callApi(supabase, "decide_partnership", {
      municipality_id: idParam(params.municipalityId),
      organisation_id: idParam(params.organisationId),
      decision: form.data.decision,
      reason: form.data.reason || null,
    });
  } catch (error) {
    return data<Result>({ failure: refusalToForm(error, formData), decided: null }, { status: 400, headers });
  }
  // The organisation's admins were told by e-mail through the outbox.
  deliverMailSoon();
  return data<Result>({ failure: undefined, decided: form.data.decision }, { headers });
}

const changeId = z.coerce.number().int().positive();

/**
 * Looks the organisation up again, or marks a register change as seen. The lookup is stored by
 * the service role, so the caller's right to see the organisation is checked first, as them.
 */
async function registerAction(
  supabase: Supabase,
  params: LoaderFunctionArgs["params"],
  formData: FormData,
): Promise<RegisterNotice> {
  const municipality_id = idParam(params.municipalityId);
  const organisation_id = idParam(params.organisationId);
  if (formData.get("intent") === "review_change") {
    const change = changeId.safeParse(formData.get("change_id"));
    if (!change.success) throw new Response("Unknown change", { status: 400 });
    await loadApi(supabase, "review_register_change", { municipality_id, change_id: change.data });
    return "reviewed";
  }
  const { organisation } = await loadApi(supabase, "organisation_for_staff", { municipality_id, organisation_id });
  const lookup = await refreshRegisterEntry(organisation);
  return lookup.outcome === "unavailable" ? "failed" : "refreshed";
}

const decisionButtons = {
  verified: "decision.verify",
  declined: "decision.decline",
  suspended: "decision.suspend",
} as const;
type Decision = keyof typeof decisionButtons;
const isDecision = (status: PartnershipStatus): status is Decision => status in decisionButtons;

export default function OrganisationForStaffPage() {
  const { t, date } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { organisation, partnership } = page;
  const choices = nextStatuses[partnership.status].filter(isDecision);
  const { municipalityId } = useParams();
  return (
    <>
      <Paragraph className="mb-2">
        <TextLink to={`/kommune/${municipalityId}/organisasjoner`}>{t("verification.back")}</TextLink>
      </Paragraph>
      <Heading level={1} data-size="lg" className="mb-2">
        {organisation.name}
      </Heading>
      <Paragraph className="mb-6">
        {t("overview.summary", { number: organisation.organisation_number, kind: t(`kind.${organisation.kind}`) })}
        {" · "}
        <PartnershipTag status={partnership.status} />
      </Paragraph>

      <div className="grid gap-10 lg:grid-cols-2">
        <PageSection heading="staffOrganisation.profile">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
            <Detail term="organisation.description">{organisation.description || "–"}</Detail>
            <Detail term="field.contactEmail">{organisation.contact_email ?? "–"}</Detail>
            <Detail term="field.contactPhone">{organisation.contact_phone ?? "–"}</Detail>
            <Detail term="organisation.postalAddress">
              {[organisation.postal_address, [organisation.postal_code, organisation.postal_town].join(" ").trim()]
                .filter(Boolean)
                .join(", ") || "–"}
            </Detail>
            <Detail term="organisation.bankAccount">{page.bank_account ?? "–"}</Detail>
            <Detail term="staffOrganisation.admins">
              {page.admins.map((admin) => `${admin.display_name ?? admin.email} (${admin.email})`).join(", ") || "–"}
            </Detail>
            <Detail term="verification.requestedAt">{date(partnership.requested_at)}</Detail>
            {partnership.status_reason ? <Detail term="decision.reason">{partnership.status_reason}</Detail> : null}
          </dl>
        </PageSection>

        <PageSection heading="staffOrganisation.decide">
          {result?.decided ? (
            <Alert data-color="success" role="status" className="mb-4">
              <Paragraph>{t("decision.saved", { status: t(`partnership.${result.decided}`) })}</Paragraph>
            </Alert>
          ) : null}
          <ErrorSummary failure={result?.failure} labels={labels} />
          <Form method="post" noValidate>
            <TextareaField
              name="reason"
              label={labels.reason}
              hint="decision.reasonHint"
              maxLength={2000}
              failure={result?.failure}
            />
            <div className="flex flex-wrap gap-3">
              {choices.map((decision) => (
                <SubmitButton
                  key={decision}
                  name="decision"
                  value={decision}
                  variant={decision === "verified" ? "primary" : "secondary"}
                >
                  {t(decisionButtons[decision])}
                </SubmitButton>
              ))}
            </div>
          </Form>
        </PageSection>

        <RegisterComparison
          organisation={organisation}
          register={page.register}
          changes={page.register_changes}
          notice={result?.register}
        />

        <PageSection heading="overview.activities">
          {page.activities.length === 0 ? (
            <Paragraph>{t("overview.noActivities")}</Paragraph>
          ) : (
            <ul className="grid gap-1">
              {page.activities.map((activity) => (
                <li key={activity.id}>
                  {activity.is_public ? (
                    <TextLink to={`/aktiviteter/${activity.id}`}>{activity.title}</TextLink>
                  ) : (
                    activity.title
                  )}{" "}
                  ({t(`kind.${activity.category}`)}, {t(activity.is_public ? "overview.public" : "overview.notPublic")})
                </li>
              ))}
            </ul>
          )}
        </PageSection>

        <PageSection heading="staffOrganisation.history">
          <History rows={page.history} />
        </PageSection>
      </div>
    </>
  );
}

function History({ rows }: { rows: OrganisationForStaff["history"] }) {
  const { t, dateTime } = useT();
  return (
    <Table>
      <caption className="sr-only">{t("staffOrganisation.history")}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{t("staffOrganisation.when")}</Table.HeaderCell>
          <Table.HeaderCell>{t("placement.status")}</Table.HeaderCell>
          <Table.HeaderCell>{t("decision.reason")}</Table.HeaderCell>
          <Table.HeaderCell>{t("staffOrganisation.by")}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {rows.map((row, index) => (
          <Table.Row key={index}>
            <Table.Cell>{dateTime(row.occurred_at)}</Table.Cell>
            <Table.Cell>{row.status ? t(`partnership.${row.status}`) : "–"}</Table.Cell>
            <Table.Cell>{row.reason ?? ""}</Table.Cell>
            <Table.Cell>{row.actor ?? "–"}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
