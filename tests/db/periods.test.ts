import { describe, expect, it } from "vitest";
import { inRollback, refusedAs } from "../support/db";

// Agreements, placements, claims and prize rounds check their periods with app.check_period.
describe("a period's dates (R12)", () => {
  const check = "select app.check_period($1, $2, 'starts', 'ends', $3)";

  it("R12: a period without a start, or ending before it starts, is refused at the right field", () =>
    inRollback(async (db) => {
      const missing = await refusedAs(db, "postgres", check, [null, "2026-03-01", true]);
      expect([missing.message, missing.detail]).toEqual(["date_required", "starts"]);
      for (const ends of [null, "2026-02-28"]) {
        const early = await refusedAs(db, "postgres", check, ["2026-03-01", ends, true]);
        expect([early.message, early.detail]).toEqual(["period_out_of_order", "ends"]);
      }
    }));

  it("R12: a period may end the day it starts only where the caller allows it", () =>
    inRollback(async (db) => {
      await db.query(check, ["2026-03-01", "2026-03-01", true]);
      const sameDay = await refusedAs(db, "postgres", check, ["2026-03-01", "2026-03-01", false]);
      expect([sameDay.message, sameDay.detail]).toEqual(["period_out_of_order", "ends"]);
      await db.query(check, ["2026-03-01", "2026-03-02", false]);
    }));
});
