import { format, parseISO } from "date-fns";
import { enGB, nb } from "date-fns/locale";
import type { Lang } from "./i18n";

/**
 * Money and dates (R11): amounts are integer øre shown as Norwegian kroner whatever the
 * language; dates are calendar dates in Europe/Oslo, written in the page's language.
 */
const NBSP = "\u00a0";
const kronerFormat = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 0 });

/** 125000 → "kr 1 250,00" (non-breaking spaces, so an amount never wraps). */
export function formatKroner(ore: number | bigint): string {
  const value = BigInt(ore);
  const sign = value < 0n ? "−" : "";
  const absolute = value < 0n ? -value : value;
  const kroner = kronerFormat.format(absolute / 100n);
  const rest = String(absolute % 100n).padStart(2, "0");
  return `${sign}kr${NBSP}${kroner},${rest}`;
}

/** 125000 → "1250,00": kroner for a form field or a payment file, no currency or grouping. */
export function kronerDecimal(ore: number | bigint): string {
  const value = BigInt(ore);
  const absolute = value < 0n ? -value : value;
  return `${value < 0n ? "-" : ""}${absolute / 100n},${String(absolute % 100n).padStart(2, "0")}`;
}

const osloParts = new Intl.DateTimeFormat("en-US", {
  timeZone: "Europe/Oslo",
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/**
 * The wall clock in Oslo at an instant, as a Date whose local fields read that wall clock:
 * date-fns formats local fields, and the server's own time zone must not matter.
 */
function osloWallClock(instant: Date): Date {
  const wall = new Date(instant.getTime() + osloOffsetMs(instant));
  return new Date(
    wall.getUTCFullYear(),
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  );
}

// Oslo's offset from UTC changes only on a whole UTC hour (summer time begins and ends at
// 01:00 UTC), so it is asked of Intl once per hour of instants: formatToParts took ~3 % of a
// list page's CPU when asked for every timestamp.
const osloOffsets = new Map<number, number>();
const OSLO_OFFSETS_MAX = 10_000;

function osloOffsetMs(instant: Date): number {
  const hour = Math.floor(instant.getTime() / 3_600_000);
  let offset = osloOffsets.get(hour);
  if (offset === undefined) {
    const part = Object.fromEntries(osloParts.formatToParts(instant).map(({ type, value }) => [type, Number(value)]));
    const wallClockAsUtc = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
    offset = wallClockAsUtc - Math.floor(instant.getTime() / 1000) * 1000;
    if (osloOffsets.size >= OSLO_OFFSETS_MAX) osloOffsets.clear();
    osloOffsets.set(hour, offset);
  }
  return offset;
}

/** How a date is written on a page, in each language. */
export type DateStyle = "long" | "short" | "weekday" | "dayMonth" | "dateTime";
const datePatterns: Record<DateStyle, Record<Lang, string>> = {
  long: { nb: "d. MMMM yyyy", en: "d MMMM yyyy" },
  short: { nb: "d.M.yyyy", en: "dd/MM/yyyy" },
  weekday: { nb: "EEEE d. MMMM", en: "EEEE d MMMM" },
  dayMonth: { nb: "d. MMMM", en: "d MMMM" },
  dateTime: { nb: "d. MMMM yyyy 'kl.' HH:mm", en: "d MMMM yyyy 'at' HH:mm" },
};
const dateLocales = { nb, en: enGB };

/**
 * A calendar date ("2026-05-17") or an instant (Date, ISO timestamp) as an Oslo date in the
 * given style and language: "17. mai 2026", "17 May 2026". A calendar date is shown as it
 * is, never shifted by a time zone.
 */
export function formatDate(value: string | Date, style: DateStyle = "long", lang: Lang = "nb"): string {
  return formatPattern(value, datePatterns[style][lang], lang);
}

/** An instant as an Oslo date and time: "17. mai 2026 kl. 14:05", "17 May 2026 at 14:05". */
export function formatDateTime(value: string | Date, lang: Lang = "nb"): string {
  return formatDate(value, "dateTime", lang);
}

/**
 * A date in a fixed date-fns pattern, for what machines and files read ("yyyy-MM-dd",
 * "dd.MM.yyyy" in a CSV); pages use formatDate's styles.
 */
export function formatPattern(value: string | Date, pattern: string, lang: Lang = "nb"): string {
  const locale = dateLocales[lang];
  const calendarDate = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!calendarDate) return format(osloWallClock(new Date(value)), pattern, { locale });
  const key = `${lang}|${pattern}|${value}`;
  let formatted = formattedCalendarDates.get(key);
  if (formatted === undefined) {
    formatted = format(parseISO(value), pattern, { locale });
    if (formattedCalendarDates.size >= FORMATTED_DATES_MAX) formattedCalendarDates.clear();
    formattedCalendarDates.set(key, formatted);
  }
  return formatted;
}

// A calendar date reads the same whenever it is formatted, and a list shows the same few
// dates on every row: date-fns takes ~4 µs a date, a 50-row table ~0.7 ms of a page.
const formattedCalendarDates = new Map<string, string>();
const FORMATTED_DATES_MAX = 10_000;

/** Today's calendar date in Oslo as YYYY-MM-DD, whatever the server's time zone (R11). */
export function osloToday(): string {
  return formatPattern(new Date(), "yyyy-MM-dd");
}
