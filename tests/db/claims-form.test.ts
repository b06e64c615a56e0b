import { afterAll, describe, expect, it } from "vitest";
import { feePeriodsTouched } from "../../app/lib/claims";
import type { FeePeriod } from "../../app/lib/organisations";
import { pool } from "../support/db";

afterAll(() => pool.end());

// The new-claim form prefills the fee for a period (app/lib/claims.ts); the database checks it
// (R3). If the two counted fee periods differently, a prefilled claim could be refused.
describe("the form's fee count and R3's", () => {
  it("R3: the form counts fee periods exactly as app.fee_periods does", async () => {
    const periods: FeePeriod[] = ["year", "half_year", "month"];
    const spans = [
      ["2026-01-01", "2026-12-31"],
      ["2026-09-30", "2027-01-15"],
      ["2026-09-30", "2027-10-01"],
      ["2026-06-30", "2026-07-01"],
      ["2026-02-14", "2026-02-14"],
      ["2025-12-01", "2027-11-30"],
    ] as const;
    for (const period of periods) {
      for (const [start, end] of spans) {
        const { rows } = await pool.query<{ n: number }>("select app.fee_periods($1, $2, $3) as n", [
          period,
          start,
          end,
        ]);
        expect(feePeriodsTouched(period, start, end), `${period} ${start}–${end}`).toBe(rows[0]!.n);
      }
    }
  });
});
