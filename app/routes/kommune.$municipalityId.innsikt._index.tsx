import { Heading, Link as DsLink, List, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { KeyFigure } from "~/components/key-figure";
import { PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { YearPicker } from "~/components/year-picker";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { formatKroner, osloToday } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { exportDatasets } from "~/lib/exports";
import { ageBands, claimKinds, formatDecimal, formatShare, recentYears } from "~/lib/insight";
import { pageTitle } from "~/lib/meta";
import { organisationKinds } from "~/lib/organisations";
import { idParam, yearParam } from "~/lib/params";
import { placementOutcomes } from "~/lib/participants";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "insight.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const today = osloToday();
  const year = yearParam(request, today);
  const dashboard = await loadApi(supabase, "dashboard", { municipality_id: municipalityId, year });
  return data({ dashboard, years: recentYears(today) }, { headers });
}

export default function Insight() {
  const { t, dateTime } = useT();
  const { dashboard, years } = useLoaderData<typeof loader>();
  const { figures, municipality } = dashboard;
  const base = `/kommune/${municipality.id}`;
  const count = t("insight.count");
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("insight.heading", { municipality: municipality.name, year: figures.year })}
      </Heading>
      <Paragraph data-size="sm" className="mb-4">
        {t("insight.computedAt", { time: dateTime(dashboard.computed_at) })}
      </Paragraph>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <YearPicker years={years} year={figures.year} />
        <Paragraph className="mb-5">
          <TextLink to={`rapport?year=${figures.year}`}>{t("insight.reportLink", { year: figures.year })}</TextLink>
        </Paragraph>
      </div>

      <section aria-labelledby="key-figures" className="mb-10">
        <Heading level={2} data-size="md" id="key-figures" className="mb-3">
          {t("insight.keyFigures")}
        </Heading>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <KeyFigure label={t("insight.participants")} value={figures.participants} to={`${base}/deltakere`} />
          <KeyFigure label={t("insight.placements")} value={figures.placements} to={`${base}/tiltak`} />
          <KeyFigure label={t("insight.newPlacements")} value={figures.new_placements} to={`${base}/tiltak`} />
          <KeyFigure label={t("insight.organisations")} value={figures.organisations} to={`${base}/organisasjoner`} />
          <KeyFigure label={t("insight.agreementsActive")} value={figures.agreements_active} />
          <KeyFigure
            label={t("insight.attendanceRate")}
            value={formatShare(figures.attendance.rate)}
            detail={t("insight.attendanceDetail", {
              present: figures.attendance.present,
              absent: figures.attendance.absent,
            })}
          />
          <KeyFigure
            label={t("insight.memberShare")}
            value={formatShare(figures.outcomes.member_share)}
            detail={t("insight.memberShareDetail", {
              members: figures.outcomes.continues_as_member,
              ended: figures.outcomes.ended,
            })}
          />
        </dl>
      </section>

      <div className="mb-10 grid gap-10 lg:grid-cols-2">
        <BarChart
          title={t("insight.byAgeBand")}
          header={t("insight.ageBand")}
          series={[count]}
          rows={ageBands.map((band) => ({
            label: t("insight.ageBandValue", { band }),
            values: [figures.by_age_band[band] ?? 0],
          }))}
        />
        <BarChart
          title={t("insight.byCategory")}
          header={t("insight.category")}
          series={[count]}
          rows={organisationKinds.map((kind) => ({
            label: t(`kind.${kind}`),
            values: [figures.by_category[kind] ?? 0],
          }))}
        />
        <BarChart
          title={t("insight.outcomes")}
          header={t("insight.outcome")}
          series={[count]}
          rows={placementOutcomes.map((outcome) => ({
            label: t(`outcomeOption.${outcome}`),
            values: [figures.outcomes[outcome]],
          }))}
        />
        <div>
          <BarChart
            title={t("insight.claims")}
            header={t("insight.claimKind")}
            series={[t("insight.budget"), t("insight.approved"), t("insight.paid")]}
            rows={claimKinds.map((kind) => {
              const claims = figures.claims.find((row) => row.kind === kind);
              return {
                label: t(`insight.claimKind.${kind}`),
                values: [claims?.budget_ore ?? 0, claims?.approved_ore ?? 0, claims?.paid_ore ?? 0],
              };
            })}
            format={formatKroner}
          />
          <Paragraph className="mt-2">
            <TextLink to={`${base}/refusjoner`}>{t("insight.toList")}</TextLink>
          </Paragraph>
        </div>
      </div>

      <div className="grid gap-10 lg:grid-cols-2">
        <PageSection heading="insight.decisionDays">
          <Paragraph>
            {figures.decision_days.decided === 0
              ? t("insight.noDecisions")
              : t("insight.decisionDaysDetail", {
                  average: formatDecimal(figures.decision_days.average),
                  median: formatDecimal(figures.decision_days.median),
                  decided: figures.decision_days.decided,
                })}
          </Paragraph>
        </PageSection>
        <PageSection heading="insight.exports">
          <Paragraph className="mb-2">{t("insight.exportsHint")}</Paragraph>
          <List.Unordered>
            {exportDatasets.map((dataset) => (
              <List.Item key={dataset.path}>
                <DsLink asChild>
                  <Link to={`eksport/${dataset.path}?year=${figures.year}`} reloadDocument download>
                    {t(dataset.label)}
                  </Link>
                </DsLink>
              </List.Item>
            ))}
          </List.Unordered>
        </PageSection>
      </div>
    </>
  );
}
