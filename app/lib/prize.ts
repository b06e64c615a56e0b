import type { Person, Ref } from "./organisations";

/** The inclusion prize (issue 7): what its pages load, and the dates of a round's window. */
export const roundStatuses = ["draft", "open", "judging", "announced"] as const;
export type RoundStatus = (typeof roundStatuses)[number];
export type ScreeningStatus = "submitted" | "eligible" | "ineligible";

export type Criterion = { id: string; title: string; description: string; weight: number };

/** Reasons per criterion id, as the nominator wrote them. */
export type Reasons = Record<string, string>;

export type PrizeRounds = {
  municipality: Ref;
  is_admin: boolean;
  rounds: {
    id: string;
    year: number;
    title: string;
    status: RoundStatus;
    opens_at: string;
    closes_at: string;
    nominations: number;
  }[];
};

export type PrizeRoundAdmin = {
  round: {
    id: string;
    municipality_id: string;
    year: number;
    title: string;
    prize_description: string;
    status: RoundStatus;
    opens_at: string;
    closes_at: string;
    announced_at: string | null;
  };
  municipality: Ref;
  is_admin: boolean;
  criteria: Criterion[];
  jurors: (Person & { scored: number; conflicts: number })[];
  /** Only for the municipality's admins, who appoint jurors. */
  staff: Person[] | null;
  /** Jury invitations not yet accepted; only for admins. */
  invitations: { email: string; expires_at: string }[] | null;
  nominees: {
    organisation_id: string;
    name: string;
    status: ScreeningStatus;
    screening_reason: string | null;
    nominations: number;
    details: { nominator_name: string; relation: string; reasons: Reasons; created_at: string }[];
  }[];
  /** Only for the municipality's admins, and not for one who sits on the round's jury before the announcement (R8). */
  ranking:
    { organisation_id: string; name: string; weighted_score: number | null; jurors: number; rank: number }[] | null;
  /** The caller is an admin on the round's jury, so the ranking waits for the announcement (R8). */
  ranking_hidden: boolean;
  winners: { organisation_id: string; citation: string }[];
};

export type NominationForm = {
  rounds: {
    id: string;
    title: string;
    year: number;
    closes_at: string;
    prize_description: string;
    municipality: string;
    criteria: Omit<Criterion, "weight">[];
    organisations: Ref[];
  }[];
};

export type JurorRound = {
  round: { id: string; title: string; year: number; status: RoundStatus };
  criteria: Criterion[];
  nominees: {
    organisation_id: string;
    name: string;
    conflicted: boolean;
    member: boolean;
    nominations: { relation: string; reasons: Reasons }[];
    my_scores: Record<string, { score: number; comment: string }>;
  }[];
  /** R8: everyone's scores, only once the round is announced. */
  all_scores: { organisation_id: string; criterion_id: string; score: number }[] | null;
};

export type RollOfHonour = {
  round_id: string;
  year: number;
  title: string;
  municipality: string;
  winners: { organisation_id: string; name: string; citation: string }[];
}[];

export const scoreValues = ["1", "2", "3", "4", "5"] as const;

/** Criteria rows a round form offers; rows left empty are not criteria. */
export const CRITERIA_ROWS = 4;

const offsetFormat = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Oslo", timeZoneName: "longOffset" });

/** The instant an Oslo calendar date begins ("2026-03-01" → 2026-02-28T23:00:00.000Z), R11. */
export function osloStartOfDay(date: string): string {
  // Oslo changes its clock at 01:00 UTC, so the offset three hours before UTC midnight is
  // the one in force when the Oslo day begins.
  const before = new Date(new Date(`${date}T00:00:00Z`).getTime() - 3 * 3600_000);
  const offset = offsetFormat.formatToParts(before).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const [, sign = "+", hours = "00", minutes = "00"] = /GMT([+-])(\d{2}):(\d{2})/.exec(offset) ?? [];
  return new Date(`${date}T00:00:00${sign}${hours}:${minutes}`).toISOString();
}

/** Nominations close at the end of the closing date in Oslo: the next day's start. */
export function osloEndOfDay(date: string): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return osloStartOfDay(next.toISOString().slice(0, 10));
}

/** The calendar date in Oslo a stored closing instant belongs to (the reverse of osloEndOfDay). */
export function lastOsloDay(closesAt: string): string {
  return new Date(new Date(closesAt).getTime() - 1).toLocaleDateString("sv-SE", { timeZone: "Europe/Oslo" });
}

export function osloDay(instant: string): string {
  return new Date(instant).toLocaleDateString("sv-SE", { timeZone: "Europe/Oslo" });
}
