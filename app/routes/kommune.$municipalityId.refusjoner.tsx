import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ClaimStatusTag } from "~/components/claim-record";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, SubmitButton, TextField } from "~/components/forms";
import { Pager } from "~/components/pager";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { claimKinds, claimStatuses } from "~/lib/claims";
import { formatKroner } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { pageQuery } from "~/lib/participants";

/** The caseworker's queue: what waits longest first, filtered by what they are working through. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "queue.title");

const decidable = claimStatuses.filter((status) => status !== "draft");
const waitingOptions = ["7", "14", "30"] as const;
// Filters in the query string, so a filtered queue can be bookmarked; "alle" asks for every status.
const query = z.object({
  status: z
    .enum([...decidable, "alle"])
    .optional()
    .catch(undefined),
  type: z.enum(claimKinds).optional().catch(undefined),
  organisasjon: z.uuid().optional().catch(undefined),
  sok: z.string().trim().max(200).optional().catch(undefined),
  ventet: z.enum(waitingOptions).optional().catch(undefined),
  side: pageQuery,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const filters = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const queue = await loadApi(supabase, "claim_queue", {
    municipality_id: municipalityId,
    status: filters.status === "alle" ? null : (filters.status ?? "submitted"),
    kind: filters.type ?? null,
    organisation_id: filters.organisasjon ?? null,
    min_waiting_days: filters.ventet ? Number(filters.ventet) : null,
    page: filters.side,
    organisation_search: filters.sok || null,
  });
  return data(queue, { headers });
}

export default function ClaimQueue() {
  const { t, date, p } = useT();
  const queue = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const chosen = (name: string) => searchParams.get(name) ?? undefined;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("queue.title")}
      </Heading>
      <Form method="get" className="mb-6 grid gap-x-4 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          name="status"
          label="claim.status"
          failure={undefined}
          defaultValue={chosen("status") ?? "submitted"}
          options={[
            ...decidable.map((status) => ({ value: status, label: t(`claimStatus.${status}`) })),
            { value: "alle", label: t("queue.allStatuses") },
          ]}
        />
        <SelectField
          name="type"
          label="claim.kind"
          failure={undefined}
          defaultValue={chosen("type")}
          empty={t("queue.all")}
          options={claimKinds.map((kind) => ({ value: kind, label: t(`claimKind.${kind}`) }))}
        />
        <TextField
          name="sok"
          label="queue.organisationSearch"
          hint="queue.organisationSearchHint"
          failure={undefined}
          defaultValue={chosen("sok")}
        />
        <SelectField
          name="ventet"
          label="queue.waited"
          failure={undefined}
          defaultValue={chosen("ventet")}
          empty={t("queue.anyAge")}
          options={waitingOptions.map((days) => ({ value: days, label: t("queue.waitedAtLeast", { days }) }))}
        />
        {queue.organisation && <input type="hidden" name="organisasjon" value={queue.organisation.id} />}
        <div>
          <SubmitButton variant="secondary">{t("queue.filter")}</SubmitButton>
        </div>
      </Form>
      {queue.organisation && (
        <Paragraph className="mb-4">
          {t("queue.onlyOrganisation", { name: queue.organisation.name })}{" "}
          <TextLink to={withFilter(searchParams, "organisasjon", null)}>{t("queue.allOrganisations")}</TextLink>
        </Paragraph>
      )}
      <Paragraph className="mb-4" role="status">
        {p("queue.totals", queue.total, { amount: formatKroner(queue.total_ore) })}
      </Paragraph>
      {queue.claims.length === 0 ? (
        <Paragraph>{t("queue.none")}</Paragraph>
      ) : (
        <Table>
          <caption className="sr-only">{t("queue.caption")}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("claim.reference")}</Table.HeaderCell>
              <Table.HeaderCell>{t("claim.organisation")}</Table.HeaderCell>
              <Table.HeaderCell>{t("claim.kind")}</Table.HeaderCell>
              <Table.HeaderCell>{t("claim.amount")}</Table.HeaderCell>
              <Table.HeaderCell>{t("claim.status")}</Table.HeaderCell>
              <Table.HeaderCell>{t("queue.submitted")}</Table.HeaderCell>
              <Table.HeaderCell>{t("queue.waitingDays")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {queue.claims.map((claim) => (
              <Table.Row key={claim.id}>
                <Table.Cell>
                  <TextLink to={`/refusjoner/${claim.id}`}>{claim.reference}</TextLink>
                </Table.Cell>
                <Table.Cell>
                  {queue.organisation ? (
                    claim.organisation
                  ) : (
                    <TextLink
                      to={withFilter(searchParams, "organisasjon", claim.organisation_id)}
                      aria-label={t("queue.onlyThisOrganisation", { name: claim.organisation })}
                    >
                      {claim.organisation}
                    </TextLink>
                  )}
                </Table.Cell>
                <Table.Cell>{t(`claimKind.${claim.kind}`)}</Table.Cell>
                <Table.Cell>{formatKroner(claim.amount_ore)}</Table.Cell>
                <Table.Cell>
                  <ClaimStatusTag status={claim.status} answered={claim.answered} />
                </Table.Cell>
                <Table.Cell>{claim.submitted_at ? date(claim.submitted_at, "short") : "–"}</Table.Cell>
                <Table.Cell>{claim.waiting_days ?? "–"}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <Pager list={queue} />
    </>
  );
}

/** The queue's address with one filter set or removed, back on the first page. */
function withFilter(current: URLSearchParams, name: string, value: string | null) {
  const next = new URLSearchParams(current);
  next.delete("side");
  if (value === null) next.delete(name);
  else next.set(name, value);
  return `?${next}`;
}

export const ErrorBoundary = GeneralErrorBoundary;
