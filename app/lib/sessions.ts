import type { AttendanceStatus } from "./attendance";
import type { ParticipantPage, PlacementOutcome, PlacementStatus } from "./participants";

/**
 * What `api.participant_export` returns for an access request: the rows as they are held,
 * column names and all, so that the JSON download is complete rather than a selection.
 */
export type ParticipantExport = {
  exported_at: string;
  municipality: { id: string; name: string };
  participant: ParticipantPage["participant"] & { created_at: string; created_by: string | null };
  notes: { id: string; body: string; created_at: string }[];
  placements: {
    id: string;
    activity: string;
    organisation: string;
    status: PlacementStatus;
    starts_on: string;
    ends_on: string;
    ended_on: string | null;
    outcome: PlacementOutcome | null;
    evaluation: string;
    followups: { id: string; occurred_on: string; body: string }[];
    attendance: { date: string; status: AttendanceStatus; note: string | null }[];
  }[];
};

/** What `api.activity_sessions` returns: four weeks of one activity's sessions, to plan. */
export type ActivitySessions = {
  activity: { id: string; title: string };
  organisation: { id: string; name: string };
  from: string;
  to: string;
  today: string;
  sessions: {
    id: string;
    on_date: string;
    starts_at: string;
    ends_at: string;
    cancelled: boolean;
    cancel_reason: string | null;
    is_extra: boolean;
  }[];
};
