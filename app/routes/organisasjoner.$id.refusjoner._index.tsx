import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ClaimStatusTag } from "~/components/claim-record";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { formatKroner } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam, yearParam } from "~/lib/params";

/** The organisation's claims of a year, a summary per participant, and where new claims start. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orgClaims.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const list = await loadApi(supabase, "organisation_claims", {
    organisation_id: idParam(params.id),
    year: yearParam(request),
  });
  return data(list, { headers });
}

export default function OrganisationClaims() {
  const { t, date } = useT();
  const list = useLoaderData<typeof loader>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("orgClaims.heading", { name: list.organisation.name, year: list.year })}
      </Heading>
      <nav aria-label={t("orgClaims.years")} className="mb-8 flex gap-6">
        <TextLink to={`?year=${list.year - 1}`}>{t("orgClaims.year", { year: list.year - 1 })}</TextLink>
        <TextLink to={`?year=${list.year + 1}`}>{t("orgClaims.year", { year: list.year + 1 })}</TextLink>
      </nav>

      <div className="grid gap-10">
        <PageSection heading="orgClaims.placements">
          {list.placements.length === 0 ? <Paragraph>{t("orgClaims.noPlacements")}</Paragraph> : null}
          {list.placements.length > 0 ? (
            <Table>
              <caption className="sr-only">{t("orgClaims.placements")}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t("claim.participant")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("orgClaims.activity")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("orgClaims.claimed")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("orgClaims.approved")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("orgClaims.new")}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {list.placements.map((placement) => (
                  <Table.Row key={placement.id}>
                    <Table.Cell>{placement.participant ?? "–"}</Table.Cell>
                    <Table.Cell>{placement.activity}</Table.Cell>
                    <Table.Cell>{formatKroner(placement.claimed_ore)}</Table.Cell>
                    <Table.Cell>{formatKroner(placement.approved_ore)}</Table.Cell>
                    <Table.Cell>
                      <TextLink to={`ny/${placement.id}`}>
                        {t("orgClaims.newFor", { name: placement.participant ?? "–" })}
                      </TextLink>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          ) : null}
        </PageSection>

        <PageSection heading="orgClaims.claims">
          {list.claims.length === 0 ? <Paragraph>{t("orgClaims.noClaims")}</Paragraph> : null}
          {list.claims.length > 0 ? (
            <Table>
              <caption className="sr-only">{t("orgClaims.claims")}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t("claim.reference")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("claim.participant")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("claim.kind")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("claim.amount")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("claim.status")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("orgClaims.changed")}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {list.claims.map((claim) => (
                  <Table.Row key={claim.id}>
                    <Table.Cell>
                      <TextLink to={`/refusjoner/${claim.id}`}>{claim.reference}</TextLink>
                    </Table.Cell>
                    <Table.Cell>{claim.participant ?? "–"}</Table.Cell>
                    <Table.Cell>{t(`claimKind.${claim.kind}`)}</Table.Cell>
                    <Table.Cell>{formatKroner(claim.amount_ore)}</Table.Cell>
                    <Table.Cell>
                      <ClaimStatusTag status={claim.status} />
                    </Table.Cell>
                    <Table.Cell>{date(claim.decided_at ?? claim.submitted_at ?? claim.created_at, "short")}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          ) : null}
        </PageSection>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
