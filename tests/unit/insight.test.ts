import { describe, expect, test } from "vitest";
import { fieldChanges } from "../../app/lib/audit";
import { toCsv } from "../../app/lib/csv";
import { translate, type MessageKey, type Params } from "../../app/lib/i18n";
import type { YearFigures, YearlyReport } from "../../app/lib/insight";
import { reportRows } from "../../app/lib/report";

const t = (key: MessageKey, params?: Params) => translate("nb", key, params);

describe("CSV for a Norwegian spreadsheet", () => {
  test("starts with a byte-order mark, separates with semicolons and ends lines with CRLF", () => {
    const csv = toCsv(
      [
        { header: "Navn", value: (row: { name: string; n: number }) => row.name },
        { header: "Andel", value: (row) => row.n },
      ],
      [
        { name: "Kor; Øvre", n: 0.5 },
        { name: 'Si "hei"', n: 2 },
      ],
    );
    expect(csv).toBe('\ufeffNavn;Andel\r\n"Kor; Øvre";0,5\r\n"Si ""hei""";2\r\n');
  });

  test("a cell that a spreadsheet would run as a formula is kept as text", () => {
    expect(toCsv([{ header: "A", value: (row: string) => row }], ["=SUM(A1)"])).toBe("\ufeffA\r\n'=SUM(A1)\r\n");
  });

  test.each(["\t=SUM(A1)", "\r=SUM(A1)", "+47 99", "-1+2", "@SUM(A1)"])(
    "a cell starting %j, which a spreadsheet may run as a formula, starts with a quote",
    (text) => {
      const cell = toCsv([{ header: "A", value: (row: string) => row }], [text]).split("\r\n")[1]!;
      expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
    },
  );
});

const figures = (year: number, fields: Partial<YearFigures> = {}): YearFigures => ({
  year,
  participants: 0,
  placements: 0,
  new_placements: 0,
  by_age_band: {},
  by_category: {},
  organisations: 0,
  agreements_active: 0,
  attendance: { present: 0, absent: 0, rate: null },
  outcomes: { ended: 0, continues_as_member: 0, continues_with_support: 0, stopped: 0, moved: 0, member_share: null },
  claims: [],
  decision_days: { decided: 0, average: null, median: null },
  ...fields,
});

describe("the yearly report's rows", () => {
  const report: YearlyReport = {
    municipality: { id: "m", name: "Kongsberg", number: "3303" },
    computed_at: "2026-03-01T12:00:00Z",
    figures: figures(2026, {
      participants: 12,
      attendance: { present: 3, absent: 1, rate: 0.75 },
      claims: [{ kind: "kontingent", budget_ore: 100000, approved_ore: 25000, paid_ore: 0, count: 1 }],
    }),
    previous: figures(2025, { participants: 15, attendance: { present: 1, absent: 1, rate: 0.5 } }),
  };
  const row = (label: string) => reportRows(report, "nb").find((line) => line.label === label);

  test("counts change by their difference, with a minus sign when they fall", () => {
    expect(row("Deltakere med tiltak")).toEqual({
      label: "Deltakere med tiltak",
      current: "12",
      previous: "15",
      change: "\u22123",
    });
  });

  test("shares change in percentage points", () => {
    expect(row("Oppmøte (andel av gangene)")).toMatchObject({
      current: "75\u00a0%",
      previous: "50\u00a0%",
      change: "+25 prosentpoeng",
    });
  });

  test("money is in kroner and a year without the figure counts as nothing", () => {
    expect(row("Godkjent: kontingent")).toMatchObject({
      current: "kr\u00a0250,00",
      previous: "kr\u00a00,00",
      change: "+kr\u00a0250,00",
    });
  });
});

describe("the audit log's changes", () => {
  test("name each changed field with the old and new value in words, and leave bookkeeping out", () => {
    const changes = fieldChanges(
      {
        table: "placements",
        old: { status: "active", outcome: null, ends_on: "2026-12-31", updated_at: "a" },
        new: { status: "ended", outcome: "continues_as_member", ends_on: "2026-12-31", updated_at: "b" },
      },
      t,
      "nb",
    );
    expect(changes).toEqual([
      { field: "status", from: "Pågår", to: "Avsluttet" },
      { field: "utfall", from: "–", to: "fortsetter som vanlig medlem" },
    ]);
  });
});
