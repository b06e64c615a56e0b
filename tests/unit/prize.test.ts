import { describe, expect, it } from "vitest";
import { lastOsloDay, osloDay, osloEndOfDay, osloStartOfDay } from "../../app/lib/prize";

describe("a prize round's window in Oslo dates (R11)", () => {
  it("opens at the start of the Oslo day, in winter and in summer time", () => {
    expect(osloStartOfDay("2026-03-01")).toBe("2026-02-28T23:00:00.000Z");
    expect(osloStartOfDay("2026-06-01")).toBe("2026-05-31T22:00:00.000Z");
  });

  it("closes at the end of the closing day, across the change to summer time", () => {
    expect(osloEndOfDay("2026-03-28")).toBe("2026-03-28T23:00:00.000Z");
    expect(osloEndOfDay("2026-03-29")).toBe("2026-03-29T22:00:00.000Z");
  });

  it("reads the stored instants back as the dates that were typed", () => {
    expect(osloDay(osloStartOfDay("2026-10-25"))).toBe("2026-10-25");
    expect(lastOsloDay(osloEndOfDay("2026-12-31"))).toBe("2026-12-31");
  });
});
