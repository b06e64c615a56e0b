import { Heading, Table } from "@digdir/designsystemet-react";
import { useId } from "react";
import { useT } from "~/lib/i18n/react";

export type ChartRow = { label: string; values: number[] };

const width = 420;
const labelHeight = 22;
const barHeight = 18;
const rowGap = 14;
// Bars of the series in turn; each contrasts at least 3:1 with the page (WCAG 1.4.11).
const colours = ["#1e5aa0", "#8a4b08", "#2b6e3f"];

/**
 * A horizontal bar chart drawn on the server as SVG, so it needs no JavaScript, with the
 * same numbers as a table for screen readers and for anyone who would rather read them.
 * The label sits above its bars, which keeps long labels readable on a phone.
 */
export function BarChart({
  title,
  header,
  series,
  rows,
  format = String,
}: {
  title: string;
  /** The heading of the table's first column (what the rows are). */
  header: string;
  /** One name per value in a row: ["Antall"], or ["Budsjett", "Godkjent"]. */
  series: string[];
  rows: ChartRow[];
  format?: (value: number) => string;
}) {
  const { t } = useT();
  const titleId = useId();
  const max = Math.max(1, ...rows.flatMap((row) => row.values));
  const rowHeight = labelHeight + series.length * barHeight + rowGap;
  const legend = series.length > 1 ? 24 : 0;
  const height = legend + rows.length * rowHeight;
  // Room after the longest bar for its value ("kr 10 000,00").
  const barSpace = width - 130;
  return (
    <figure className="m-0" aria-labelledby={titleId}>
      <Heading level={2} data-size="sm" id={titleId} className="mb-2">
        {title}
      </Heading>
      <svg
        role="img"
        aria-label={t("insight.chartSummary", { title })}
        viewBox={`0 0 ${width} ${height}`}
        className="w-full max-w-xl"
        fontSize="15"
      >
        {series.length > 1
          ? series.map((name, index) => (
              <g key={name} transform={`translate(${index * 130} 0)`}>
                <rect width="14" height="14" y="2" fill={colours[index]} />
                <text x="20" y="14" fill="currentColor">
                  {name}
                </text>
              </g>
            ))
          : null}
        {rows.map((row, rowIndex) => {
          const top = legend + rowIndex * rowHeight;
          return (
            <g key={row.label} transform={`translate(0 ${top})`}>
              <text y="16" fill="currentColor">
                {row.label}
              </text>
              {row.values.map((value, index) => {
                const length = Math.round((value / max) * barSpace);
                const y = labelHeight + index * barHeight;
                return (
                  <g key={index}>
                    <rect y={y} width={Math.max(length, 2)} height={barHeight - 4} fill={colours[index]} />
                    <text x={Math.max(length, 2) + 6} y={y + 12} fill="currentColor">
                      {format(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <details className="mt-2">
        <summary className="cursor-pointer">{t("insight.showTable")}</summary>
        <Table data-size="sm" className="mt-2">
          <caption className="sr-only">{title}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{header}</Table.HeaderCell>
              {series.map((name) => (
                <Table.HeaderCell key={name}>{name}</Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((row) => (
              <Table.Row key={row.label}>
                <Table.HeaderCell scope="row">{row.label}</Table.HeaderCell>
                {row.values.map((value, index) => (
                  <Table.Cell key={index}>{format(value)}</Table.Cell>
                ))}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </details>
    </figure>
  );
}
