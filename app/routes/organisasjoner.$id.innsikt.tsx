import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollRegion } from "~/components/scroll-region";
import { TextLink } from "~/components/text-link";
import { YearPicker } from "~/components/year-picker";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { formatKroner, osloToday } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { formatShare, recentYears, type OrganisationInsight } from "~/lib/insight";
import { pageTitle } from "~/lib/meta";
import { idParam, yearParam } from "~/lib/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orgInsight.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const organisationId = idParam(params.id);
  const today = osloToday();
  const year = yearParam(request, today);
  const insight = await loadApi(supabase, "organisation_insight", { organisation_id: organisationId, year });
  return data({ insight, years: recentYears(today) }, { headers });
}

// The same definition as the municipality's figures: present of present and absent.
const attendanceRate = ({ present, absent }: OrganisationInsight["municipalities"][number]) =>
  present + absent === 0 ? null : present / (present + absent);

/** A club's participants' attendance and claims for a year, per municipality it works with. */
export default function OrganisationInsightPage() {
  const { t } = useT();
  const { insight, years } = useLoaderData<typeof loader>();
  const rows = insight.municipalities;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("orgInsight.heading", { organisation: insight.organisation.name, year: insight.year })}
      </Heading>
      <Paragraph className="mb-4">{t("orgInsight.lead")}</Paragraph>
      <YearPicker years={years} year={insight.year} />
      {rows.length === 0 ? (
        <Paragraph>{t("orgInsight.none")}</Paragraph>
      ) : (
        <ScrollRegion label={t("orgInsight.caption", { year: insight.year })}>
          <Table>
            <caption className="mb-2 text-left font-semibold">
              {t("orgInsight.caption", { year: insight.year })}
            </caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("orgInsight.municipality")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("orgInsight.placements")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("orgInsight.present")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("orgInsight.absent")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("insight.attendanceRate")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("orgInsight.claimed")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("orgInsight.approved")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rows.map((row) => (
                <Table.Row key={row.municipality}>
                  <Table.HeaderCell scope="row">{row.municipality}</Table.HeaderCell>
                  <Table.Cell className="text-right">{row.placements}</Table.Cell>
                  <Table.Cell className="text-right">{row.present}</Table.Cell>
                  <Table.Cell className="text-right">{row.absent}</Table.Cell>
                  <Table.Cell className="text-right">{formatShare(attendanceRate(row))}</Table.Cell>
                  <Table.Cell className="text-right">{formatKroner(row.claimed_ore)}</Table.Cell>
                  <Table.Cell className="text-right">{formatKroner(row.approved_ore)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </ScrollRegion>
      )}
      <Paragraph className="mt-6">
        <TextLink to={`/organisasjoner/${insight.organisation.id}`}>{insight.organisation.name}</TextLink>
      </Paragraph>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
