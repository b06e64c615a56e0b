import { describe, expect, test } from "vitest";
import { formatDate, formatDateTime, formatKroner, formatPattern, osloToday } from "../../app/lib/format";

const nbsp = "\u00a0";

describe("formatKroner (R11: integer øre shown as kroner)", () => {
  test.each([
    [125000, `kr${nbsp}1${nbsp}250,00`],
    [0, `kr${nbsp}0,00`],
    [5, `kr${nbsp}0,05`],
    [99, `kr${nbsp}0,99`],
    [123456789, `kr${nbsp}1${nbsp}234${nbsp}567,89`],
    [-2550, `−kr${nbsp}25,50`],
  ])("%i øre is %s", (ore, shown) => {
    expect(formatKroner(ore)).toBe(shown);
  });

  test("is exact beyond what a float can hold", () => {
    expect(formatKroner(900719925474099301n)).toBe(`kr${nbsp}9${nbsp}007${nbsp}199${nbsp}254${nbsp}740${nbsp}993,01`);
  });
});

describe("formatDate (Europe/Oslo)", () => {
  test("shows a calendar date as it is, in bokmål", () => {
    expect(formatDate("2026-05-17")).toBe("17. mai 2026");
    expect(formatDate("2026-01-01")).toBe("1. januar 2026");
  });

  test("formats the same calendar date again the same way, in each style asked for", () => {
    expect(formatDate("2026-05-17", "short")).toBe("17.5.2026");
    expect(formatDate("2026-05-17")).toBe("17. mai 2026");
    expect(formatDate("2026-05-17", "short")).toBe("17.5.2026");
    expect(formatDate("2026-05-18", "short")).toBe("18.5.2026");
    expect(formatDate("2026-05-18", "weekday")).toBe("mandag 18. mai");
  });

  test("writes dates in English with the British locale, each style in its own words", () => {
    expect(formatDate("2026-05-17", "long", "en")).toBe("17 May 2026");
    expect(formatDate("2026-05-17", "short", "en")).toBe("17/05/2026");
    expect(formatDate("2026-05-18", "weekday", "en")).toBe("Monday 18 May");
    expect(formatDate("2026-05-18", "dayMonth", "en")).toBe("18 May");
    expect(formatDateTime(new Date("2026-06-30T22:15:00Z"), "en")).toBe("1 July 2026 at 00:15");
    // The cache keeps the languages apart.
    expect(formatDate("2026-05-17", "long", "nb")).toBe("17. mai 2026");
  });

  test("writes machine formats the same in every language", () => {
    expect(formatPattern("2026-05-17", "dd.MM.yyyy")).toBe("17.05.2026");
    expect(formatPattern("2026-05-17", "yyyy-MM-dd", "en")).toBe("2026-05-17");
  });

  test("shows an instant as the date in Oslo, not in UTC", () => {
    // 23:30 UTC on 31 December is already New Year's Day in Oslo (UTC+1).
    expect(formatDate("2025-12-31T23:30:00Z")).toBe("1. januar 2026");
    // Summer time: UTC+2.
    expect(formatDateTime(new Date("2026-06-30T22:15:00Z"))).toBe("1. juli 2026 kl. 00:15");
  });

  test.each([
    ["summer time begins", "2026-03-28T22:00:00Z"],
    ["summer time ends", "2026-10-24T22:00:00Z"],
  ])("reads Oslo's clock right through the night %s, minute by minute and out of order", (_, start) => {
    const oslo = new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit" });
    const instants = Array.from({ length: 6 * 60 }, (_, minute) => new Date(Date.parse(start) + minute * 60_000));
    // Backwards and then forwards, so that what one hour remembers is tried on its neighbours.
    for (const instant of [...instants].reverse().concat(instants)) {
      expect(formatPattern(instant, "HH:mm"), instant.toISOString()).toBe(oslo.format(instant).replace(".", ":"));
    }
    expect(formatDateTime(new Date("2026-03-29T00:59:00Z"))).toBe("29. mars 2026 kl. 01:59");
    expect(formatDateTime(new Date("2026-03-29T01:00:00Z"))).toBe("29. mars 2026 kl. 03:00");
    expect(formatDateTime(new Date("2026-10-25T00:59:00Z"))).toBe("25. oktober 2026 kl. 02:59");
    expect(formatDateTime(new Date("2026-10-25T01:00:00Z"))).toBe("25. oktober 2026 kl. 02:00");
  });
});

describe("osloToday", () => {
  test("is the calendar date in Oslo, as YYYY-MM-DD", () => {
    const oslo = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo" }).format(new Date());
    expect(osloToday()).toBe(oslo);
  });
});
