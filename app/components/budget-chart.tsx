import type { BudgetLine } from "~/lib/claims";
import { formatKroner } from "~/lib/format";
import { useT } from "~/lib/i18n/react";

const BAR = 18;
const ROW = 64;
const LABEL = 110;
const WIDTH = 560;

/**
 * Per kind, the budget as a grey bar with what is paid and approved drawn over it, rendered
 * on the server. The table next to it carries the same figures for those who cannot see the
 * chart, so the drawing is hidden from screen readers.
 */
export function BudgetChart({ lines }: { lines: BudgetLine[] }) {
  const { t } = useT();
  const largest = Math.max(1, ...lines.map((line) => Math.max(line.amount_ore, line.approved_ore)));
  const scale = (ore: number) => ((WIDTH - LABEL - 10) * ore) / largest;
  return (
    <figure className="mb-6">
      <svg
        viewBox={`0 0 ${WIDTH} ${lines.length * ROW + 24}`}
        className="w-full max-w-2xl"
        aria-hidden="true"
        focusable="false"
      >
        {lines.map((line, index) => {
          const y = index * ROW;
          return (
            <g key={line.kind}>
              <text x={0} y={y + BAR + 2} fontSize="14" fill="currentColor">
                {t(`claimKind.${line.kind}`)}
              </text>
              <rect x={LABEL} y={y + 6} width={scale(line.amount_ore)} height={BAR} fill="#d5d9de" />
              <rect x={LABEL} y={y + 6} width={scale(line.approved_ore)} height={BAR} fill="#1e6fb5" />
              <rect x={LABEL} y={y + 6} width={scale(line.paid_ore)} height={BAR} fill="#0b3d6b" />
              <text x={LABEL} y={y + BAR + 24} fontSize="12" fill="currentColor">
                {t("budget.chartLine", {
                  approved: formatKroner(line.approved_ore),
                  amount: formatKroner(line.amount_ore),
                })}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${LABEL} ${lines.length * ROW + 8})`} fontSize="12">
          <rect width="12" height="12" fill="#0b3d6b" />
          <text x="16" y="11" fill="currentColor">
            {t("budget.paid")}
          </text>
          <rect x="110" width="12" height="12" fill="#1e6fb5" />
          <text x="126" y="11" fill="currentColor">
            {t("budget.approved")}
          </text>
          <rect x="240" width="12" height="12" fill="#d5d9de" />
          <text x="256" y="11" fill="currentColor">
            {t("budget.set")}
          </text>
        </g>
      </svg>
      <figcaption className="sr-only">{t("budget.chartCaption")}</figcaption>
    </figure>
  );
}
