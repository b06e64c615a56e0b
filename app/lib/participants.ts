import { z } from "zod";
import { message } from "./forms";
import type { AuditEvent } from "./insight";
import type { CatalogueItem } from "./organisations";

/** The JSON of the caseworker's participant and placement functions (supabase/schemas/30_placements.sql). */
export type Paged = { total: number; page: number; page_size: number };

export type ParticipantList = Paged & {
  municipality: { id: string; name: string };
  participants: {
    id: string;
    first_name: string;
    birth_year: number;
    anonymised: boolean;
    active_placements: number;
  }[];
};

export type PlacementStatus = "planned" | "active" | "ended";
export const placementOutcomes = ["continues_as_member", "continues_with_support", "stopped", "moved"] as const;
export type PlacementOutcome = (typeof placementOutcomes)[number];

export type ParticipantPage = {
  participant: {
    id: string;
    municipality_id: string;
    first_name: string;
    birth_year: number;
    contact_name: string | null;
    contact_phone: string | null;
    activity_note: string;
    share_activity_note: boolean;
    interests: string[];
    wishes: string;
    anonymised_at: string | null;
    /** Counts the saves; an edit form sends back the one it was loaded with. */
    version: number;
  };
  age_band: string;
  notes: { id: string; body: string; created_at: string; author: string | null }[];
  placements: {
    id: string;
    status: PlacementStatus;
    activity: string;
    organisation: string;
    starts_on: string;
    ends_on: string;
    ended_on: string | null;
    outcome: PlacementOutcome | null;
  }[];
  suggestions: {
    id: string;
    title: string;
    category: string;
    organisation: string;
    adaptation_tags: string[];
    /** ISO weekdays the activity meets (1 = Monday). */
    weekdays: number[];
    /** The participant's interests this activity matched. */
    matches: string[];
  }[];
  /** The participant's history from the audit trail; staff only. */
  timeline: AuditEvent[] | null;
};

/** "Place here" under an activity, on the participant's page and in the placement search. */
export const placeFields = z.object({
  intent: z.literal("place"),
  activity_id: z.uuid(),
  starts_on: z.iso.date(message("date_required")),
});

/** api.placement_search: a page of the activities the participant can be placed in. */
export type PlacementSearch = Paged & {
  participant: { id: string; first_name: string; birth_year: number; interests: string[]; municipality_id: string };
  activities: (CatalogueItem & {
    /** The participant's interests this activity matches. */
    matches: string[];
    /** The participant has a placement there that has not ended. */
    placed: boolean;
  })[];
};

export type PlacementPage = {
  placement: {
    id: string;
    municipality_id: string;
    participant_id: string;
    status: PlacementStatus;
    starts_on: string;
    ends_on: string;
    ended_on: string | null;
    outcome: PlacementOutcome | null;
    evaluation?: string;
  };
  participant: { first_name: string; birth_year: number; note: string | null } | null;
  activity: { id: string; title: string };
  organisation: { id: string; name: string };
  /** Who facilitated the placement, from when to when (`to` null while they still do), oldest first. */
  facilitators: { display_name: string | null; email: string; from: string; to: string | null }[];
  followups: { occurred_on: string; body: string; author: string | null }[] | null;
  attendance: { date: string; status: "present" | "absent" | "cancelled"; note: string | null }[];
  /** Days ahead the caseworker reported the participant will not come; staff only. */
  planned_absences: string[] | null;
  /** The placement's history from the audit trail; staff only. */
  timeline: AuditEvent[] | null;
  is_staff: boolean;
};

/** `api.placements`' filters: the period ends within 30 days; no one marked present in 3 weeks. */
export type PlacementFilter = "ending_soon" | "no_attendance";

export type PlacementList = Paged & {
  filter: PlacementFilter | null;
  placements: {
    id: string;
    status: PlacementStatus;
    participant: string;
    participant_id: string;
    activity: string;
    organisation: string;
    starts_on: string;
    ends_on: string;
    outcome: PlacementOutcome | null;
    last_attendance: string | null;
  }[];
};

/** A participant registered by mistake or twice, and those they could be merged into (api.participant_duplicates). */
export type ParticipantDuplicates = {
  municipality: { id: string; name: string };
  participant: DuplicateCandidate & { anonymised: boolean };
  search: string | null;
  candidates: DuplicateCandidate[];
};
type DuplicateCandidate = { id: string; first_name: string; birth_year: number; placements: number; notes: number };

/** ?side=N of a paged list; anything else is the first page. */
export const pageQuery = z.coerce.number().int().min(1).catch(1);
