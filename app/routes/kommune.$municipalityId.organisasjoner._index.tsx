import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import type { PartnershipStatus } from "~/lib/organisations";
import { idParam } from "~/lib/params";
import { statusByWord, wordForStatus } from "~/lib/verification";

/** The caseworker's queue of organisations that asked to work with the municipality; pending first. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "verification.title");

const query = z.object({
  status: z
    .enum(Object.keys(statusByWord) as (keyof typeof statusByWord)[])
    .optional()
    .catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const { status } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const queue = await loadApi(supabase, "verification_queue", {
    municipality_id: municipalityId,
    status: status ? statusByWord[status] : "pending",
  });
  return data(queue, { headers });
}

export default function VerificationQueue() {
  const { t, date, p } = useT();
  const queue = useLoaderData<typeof loader>();
  const count = (status: PartnershipStatus) => queue.counts?.[status] ?? 0;
  const base = `/kommune/${queue.municipality.id}/organisasjoner`;
  const caption = p("verification.caption", count(queue.status), { status: t(`partnership.${queue.status}`) });
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("verification.title")}
      </Heading>
      <nav aria-label={t("verification.filters")} className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        {(Object.entries(wordForStatus) as [PartnershipStatus, string][]).map(([status, word]) => (
          <TextLink
            key={status}
            to={status === "pending" ? base : `${base}?status=${word}`}
            aria-current={status === queue.status ? "page" : undefined}
            className={status === queue.status ? "font-bold" : undefined}
          >
            {t("verification.filter", { status: t(`partnership.${status}`), count: count(status) })}
          </TextLink>
        ))}
      </nav>
      {queue.organisations.length === 0 ? (
        <Paragraph>{t("verification.none", { status: t(`partnership.${queue.status}`) })}</Paragraph>
      ) : (
        <Table>
          <caption className="mb-2 text-left font-semibold">{caption}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("organisation.name")}</Table.HeaderCell>
              <Table.HeaderCell>{t("organisation.number")}</Table.HeaderCell>
              <Table.HeaderCell>{t("organisation.kind")}</Table.HeaderCell>
              <Table.HeaderCell>{t("verification.requestedAt")}</Table.HeaderCell>
              {queue.status !== "pending" ? <Table.HeaderCell>{t("verification.decidedAt")}</Table.HeaderCell> : null}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {queue.organisations.map((organisation) => (
              <Table.Row key={organisation.id}>
                <Table.Cell>
                  <TextLink to={`${base}/${organisation.id}`}>{organisation.name}</TextLink>
                </Table.Cell>
                <Table.Cell>{organisation.organisation_number}</Table.Cell>
                <Table.Cell>{t(`kind.${organisation.kind}`)}</Table.Cell>
                <Table.Cell>{date(organisation.requested_at, "short")}</Table.Cell>
                {queue.status !== "pending" ? (
                  <Table.Cell>{organisation.decided_at ? date(organisation.decided_at, "short") : "–"}</Table.Cell>
                ) : null}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
