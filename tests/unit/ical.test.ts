import { describe, expect, it } from "vitest";
import { calendarResponse } from "../../app/lib/calendar-feed.server";
import { escapeText, foldLine, renderCalendar, utcStamp } from "../../app/lib/ical";
import { feedCalendar, type CalendarFeed } from "../../app/lib/reminders";

const octets = (line: string) => new TextEncoder().encode(line).length;

/** Unfolds as a calendar app does (RFC 5545 3.1): a CRLF followed by one space is removed. */
const unfold = (text: string) => text.replace(/\r\n /g, "");

describe("iCalendar text", () => {
  it("escapes backslashes, semicolons, commas and line breaks", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("folds lines at 75 octets, continuation lines start with a space, and never splits a character", () => {
    const line = `SUMMARY:${"Åpen klatring på veggen – for alle ".repeat(6)}`;
    const folded = foldLine(line);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const [index, part] of lines.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (index > 0) expect(part.startsWith(" ")).toBe(true);
      expect(part).not.toContain("\uFFFD");
    }
    expect(unfold(folded)).toBe(line);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
  });

  it("writes instants in UTC", () => {
    expect(utcStamp(new Date("2026-12-09T16:00:05.123Z"))).toBe("20261209T160005Z");
  });

  it("ends every line with CRLF and marks cancelled events", () => {
    const text = renderCalendar({
      name: "Mine økter",
      now: new Date("2026-12-01T08:00:00Z"),
      events: [
        { uid: "a@host", start: "20261209T160000Z", end: "20261209T180000Z", summary: "Klatring", cancelled: true },
      ],
    });
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines).toContain("UID:a@host");
    expect(lines).toContain("DTSTAMP:20261201T080000Z");
    expect(lines).toContain("DTSTART:20261209T160000Z");
    expect(lines).toContain("STATUS:CANCELLED");
    expect(lines.at(-2)).toBe("END:VCALENDAR");
  });
});

const feed: CalendarFeed = {
  locale: "nb",
  sessions: [
    {
      session_id: "11111111-1111-4111-8111-111111111111",
      activity: "Klatring, for alle",
      organisation: "Klatreklubben",
      place: "Hallen; vegg 2",
      starts: "20261209T160000Z",
      ends: "20261209T180000Z",
      cancelled: false,
      expected: 3,
    },
    {
      session_id: "22222222-2222-4222-8222-222222222222",
      activity: "Klatring, for alle",
      organisation: "Klatreklubben",
      place: "",
      starts: "20261216T160000Z",
      ends: "20261216T180000Z",
      cancelled: true,
      expected: 1,
    },
  ],
};

describe("the calendar feed", () => {
  it("has one event per session with a UID stable per session, the count and cancelled ones marked", () => {
    const first = unfold(feedCalendar(feed, "sammen.example", new Date("2026-12-01T08:00:00Z")));
    const again = unfold(feedCalendar(feed, "sammen.example", new Date("2026-12-02T08:00:00Z")));
    const uids = (text: string) => text.match(/^UID:.*$/gm);
    expect(uids(first)).toEqual([
      "UID:11111111-1111-4111-8111-111111111111@sammen.example",
      "UID:22222222-2222-4222-8222-222222222222@sammen.example",
    ]);
    expect(uids(again)).toEqual(uids(first));
    expect(first).toContain("SUMMARY:Klatring\\, for alle\r\n");
    expect(first).toContain("LOCATION:Hallen\\; vegg 2\r\n");
    expect(first).toContain("DESCRIPTION:Klatreklubben\\n3 deltakere er ventet\r\n");
    expect(first).toContain("SUMMARY:Avlyst: Klatring\\, for alle\r\n");
    expect(first.match(/^STATUS:.*$/gm)).toEqual(["STATUS:CONFIRMED", "STATUS:CANCELLED"]);
    expect(first).toContain("X-WR-CALNAME:Sammen – mine økter");
  });

  it("is written in the language the address was made in", () => {
    const text = unfold(feedCalendar({ ...feed, locale: "en" }, "sammen.example", new Date()));
    expect(text).toContain("SUMMARY:Cancelled: Klatring\\, for alle");
    expect(text).toContain("1 participant expected");
  });

  it("answers text/calendar that apps may keep 15 minutes, and 304 when the data has not changed", async () => {
    const response = calendarResponse(feed, new Request("https://sammen.example/kalender/x.ics"), "sammen.example");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, max-age=900");
    const etag = response.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(await response.text()).toContain("BEGIN:VEVENT");

    const unchanged = calendarResponse(
      feed,
      new Request("https://sammen.example/kalender/x.ics", { headers: { "If-None-Match": etag } }),
      "sammen.example",
    );
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("ETag")).toBe(etag);

    const changed = calendarResponse(
      { ...feed, sessions: [{ ...feed.sessions[0]!, cancelled: true }] },
      new Request("https://sammen.example/kalender/x.ics", { headers: { "If-None-Match": etag } }),
      "sammen.example",
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
  });
});
