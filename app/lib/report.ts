import { formatKroner } from "./format";
import { translate, type Lang, type MessageKey, type Params } from "./i18n";
import { ageBands, claimKinds, formatDecimal, formatShare, type YearFigures, type YearlyReport } from "./insight";
import { organisationKinds } from "./organisations";
import { placementOutcomes } from "./participants";

/** One line of the yearly report: a figure this year, last year, and the change. */
export type ReportRow = { label: string; current: string; previous: string; change: string };

type Figure = { label: MessageKey; params?: Params } & (
  | { kind: "count" | "money"; value: (figures: YearFigures) => number }
  | { kind: "share" | "days"; value: (figures: YearFigures) => number | null }
);

const claimOf = (figures: YearFigures, kind: string) => figures.claims.find((row) => row.kind === kind);

/** The figures of the report in the order it shows them; the page and the PDF share them. */
function reportFigures(lang: Lang): Figure[] {
  const t = (key: MessageKey, params?: Params) => translate(lang, key, params);
  return [
    { label: "insight.participants", kind: "count", value: (f) => f.participants },
    ...ageBands.map((band): Figure => ({
      label: "report.ageBandRow",
      params: { band },
      kind: "count",
      value: (f) => f.by_age_band[band] ?? 0,
    })),
    { label: "insight.placements", kind: "count", value: (f) => f.placements },
    { label: "insight.newPlacements", kind: "count", value: (f) => f.new_placements },
    ...organisationKinds.map((kind): Figure => ({
      label: "report.categoryRow",
      params: { category: t(`kind.${kind}`).toLowerCase() },
      kind: "count",
      value: (f) => f.by_category[kind] ?? 0,
    })),
    { label: "insight.organisations", kind: "count", value: (f) => f.organisations },
    { label: "insight.agreementsActive", kind: "count", value: (f) => f.agreements_active },
    { label: "report.attendanceRow", kind: "share", value: (f) => f.attendance.rate },
    { label: "report.endedRow", kind: "count", value: (f) => f.outcomes.ended },
    ...placementOutcomes.map((outcome): Figure => ({
      label: "report.outcomeRow",
      params: { outcome: t(`outcome.${outcome}`) },
      kind: "count",
      value: (f) => f.outcomes[outcome],
    })),
    { label: "report.memberShareRow", kind: "share", value: (f) => f.outcomes.member_share },
    ...claimKinds.flatMap((kind): Figure[] => {
      const params = { kind: t(`insight.claimKind.${kind}`).toLowerCase() };
      return [
        { label: "report.budgetRow", params, kind: "money", value: (f) => claimOf(f, kind)?.budget_ore ?? 0 },
        { label: "report.approvedRow", params, kind: "money", value: (f) => claimOf(f, kind)?.approved_ore ?? 0 },
        { label: "report.paidRow", params, kind: "money", value: (f) => claimOf(f, kind)?.paid_ore ?? 0 },
      ];
    }),
    { label: "report.decisionRow", kind: "days", value: (f) => f.decision_days.median },
  ];
}

const formats = {
  count: (value: number) => String(value),
  money: (value: number) => formatKroner(value),
  share: formatShare,
  days: formatDecimal,
};

function signed(difference: number, format: (value: number) => string) {
  if (difference === 0) return "0";
  return `${difference > 0 ? "+" : "\u2212"}${format(Math.abs(difference))}`;
}

function change(figure: Figure, current: number | null, previous: number | null, lang: Lang): string {
  if (current === null || previous === null) return "–";
  const difference = current - previous;
  if (figure.kind === "share") {
    // Shares change in percentage points, not percent.
    return translate(lang, "report.points", { value: signed(Math.round(difference * 1000) / 10, formatDecimal) });
  }
  return signed(difference, figure.kind === "days" ? formatDecimal : formats[figure.kind]);
}

export function reportRows(report: YearlyReport, lang: Lang): ReportRow[] {
  return reportFigures(lang).map((figure) => {
    const current = figure.value(report.figures);
    const previous = figure.value(report.previous);
    const format = formats[figure.kind] as (value: number | null) => string;
    return {
      label: translate(lang, figure.label, figure.params),
      current: format(current),
      previous: format(previous),
      change: change(figure, current, previous, lang),
    };
  });
}

export function reportHeading(report: YearlyReport, lang: Lang): string {
  return translate(lang, "report.heading", { municipality: report.municipality.name, year: report.figures.year });
}
