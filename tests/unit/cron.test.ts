import { describe, expect, it } from "vitest";
import { cronMatches } from "../../supabase/local/cron";

describe("the local pg_cron stand-in's schedules", () => {
  const at = new Date("2026-11-23T05:15:00Z"); // a Monday

  it("matches fixed minutes and hours in UTC", () => {
    expect(cronMatches("15 5 * * *", at)).toBe(true);
    expect(cronMatches("15 6 * * *", at)).toBe(false);
  });

  it("matches steps, lists and ranges", () => {
    expect(cronMatches("*/5 * * * *", at)).toBe(true);
    expect(cronMatches("*/7 * * * *", at)).toBe(false);
    expect(cronMatches("0,15,30 * * * *", at)).toBe(true);
    expect(cronMatches("15 5 * * 1-5", at)).toBe(true);
    expect(cronMatches("15 5 * * 0,6", at)).toBe(false);
  });

  it("refuses schedules that do not have five fields", () => {
    expect(cronMatches("15 5 * *", at)).toBe(false);
  });
});
