import type { PlacementOutcome } from "./participants";
import type { OrganisationKind, Ref } from "./organisations";

/** The age bands of the figures (supabase/schemas/60_insight.sql: by the age reached that year). */
export const ageBands = ["0-17", "18-66", "67-79", "80+"] as const;
export type AgeBand = (typeof ageBands)[number];
export const claimKinds = ["kontingent", "utstyr", "godtgjorelse"] as const;
export type ClaimKind = (typeof claimKinds)[number];
export type ClaimStatus = "draft" | "submitted" | "needs_info" | "approved" | "rejected" | "withdrawn" | "paid";

/** One municipality's figures for one year, as app.year_figures computes them. */
export type YearFigures = {
  year: number;
  participants: number;
  placements: number;
  new_placements: number;
  by_age_band: Partial<Record<AgeBand, number>>;
  by_category: Partial<Record<OrganisationKind, number>>;
  organisations: number;
  agreements_active: number;
  attendance: { present: number; absent: number; rate: number | null };
  outcomes: Record<PlacementOutcome | "ended", number> & { member_share: number | null };
  claims: { kind: ClaimKind; budget_ore: number; approved_ore: number; paid_ore: number; count: number }[];
  decision_days: { decided: number; average: number | null; median: number | null };
};

export type Dashboard = { municipality: Ref; figures: YearFigures; computed_at: string };
export type YearlyReport = {
  municipality: Ref & { number: string };
  figures: YearFigures;
  previous: YearFigures;
  /** When the older of the two years' figures was computed (they are cached for a minute). */
  computed_at: string;
};

export type OrganisationInsight = {
  organisation: Ref;
  year: number;
  municipalities: {
    municipality: string;
    placements: number;
    present: number;
    absent: number;
    claimed_ore: number;
    approved_ore: number;
  }[];
};

export type AuditEvent = {
  id: number;
  occurred_at: string;
  table: string;
  record_id: string;
  action: "insert" | "update" | "delete";
  old: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
  actor: string | null;
};
export type AuditLog = { total: number; page: number; events: AuditEvent[] };
export const auditPageSize = 50;

/** The years a municipality can choose between, newest first. */
export function recentYears(today: string, count = 5): number[] {
  const current = Number(today.slice(0, 4));
  return Array.from({ length: count }, (_, index) => current - index);
}

/** Days between what the reader chooses and what they get, or a share as Norwegians write it. */
const decimal = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 1 });
export function formatDecimal(value: number | null): string {
  return value === null ? "–" : decimal.format(value);
}

/** 0.667 → "66,7 %" (rates are fractions with three decimals in the figures). */
export function formatShare(value: number | null): string {
  return value === null ? "–" : `${decimal.format(value * 100)}\u00a0%`;
}
