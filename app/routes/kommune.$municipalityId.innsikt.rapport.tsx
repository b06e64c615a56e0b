import { Heading, Link as DsLink, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/print-button";
import { TextLink } from "~/components/text-link";
import { YearPicker } from "~/components/year-picker";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { osloToday } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { recentYears } from "~/lib/insight";
import { pageTitle } from "~/lib/meta";
import { idParam, yearParam } from "~/lib/params";
import { reportHeading, reportRows } from "~/lib/report";
import printStyles from "~/styles/report-print.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "report.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const today = osloToday();
  const year = yearParam(request, today);
  const report = await loadApi(supabase, "yearly_report", { municipality_id: municipalityId, year });
  return data({ report, today, years: recentYears(today) }, { headers });
}

/**
 * The yearly report a municipality can put in its annual report, in the reader's language:
 * on screen, on paper and as a PDF.
 */
export default function YearlyReportPage() {
  const { t, lang, date } = useT();
  const { report, today, years } = useLoaderData<typeof loader>();
  const { year } = report.figures;
  const previous = report.previous.year;
  const insight = `/kommune/${report.municipality.id}/innsikt`;
  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4 print:hidden">
        <YearPicker years={years} year={year} />
        <div className="mb-5 flex flex-wrap items-center gap-4">
          <PrintButton>{t("report.print")}</PrintButton>
          <DsLink asChild>
            <Link to={`${insight}/rapport.pdf?year=${year}`} reloadDocument download>
              {t("report.pdf")}
            </Link>
          </DsLink>
        </div>
      </div>
      <article>
        <Heading level={1} data-size="lg" className="mb-2">
          {reportHeading(report, lang)}
        </Heading>
        <Paragraph className="mb-6">{t("report.lead", { year, previous, date: date(today) })}</Paragraph>
        <Table className="mb-6">
          <caption className="mb-2 text-left font-semibold">{t("report.caption", { year, previous })}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("report.figure")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{year}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{previous}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("report.change")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {reportRows(report, lang).map((row) => (
              <Table.Row key={row.label}>
                <Table.HeaderCell scope="row">{row.label}</Table.HeaderCell>
                <Table.Cell className="text-right">{row.current}</Table.Cell>
                <Table.Cell className="text-right">{row.previous}</Table.Cell>
                <Table.Cell className="text-right">{row.change}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
        <Paragraph data-size="sm">{t("report.definitions")}</Paragraph>
      </article>
      <Paragraph className="mt-6 print:hidden">
        <TextLink to={`${insight}?year=${year}`}>{t("report.back")}</TextLink>
      </Paragraph>
    </>
  );
}
