import type { ActivitySessions, ParticipantExport } from "../sessions";

type ParticipantFields = {
  first_name: string;
  birth_year: number;
  contact_name?: string;
  contact_phone?: string;
  activity_note?: string;
  share_activity_note?: boolean;
  interests?: string[];
  wishes?: string;
};

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type SessionsApi = {
  update_participant: { args: ParticipantFields & { participant_id: string }; returns: null };
  participant_export: { args: { participant_id: string }; returns: ParticipantExport };
  add_session: {
    args: { activity_id: string; on_date: string; starts_at: string; ends_at: string };
    returns: string;
  };
  activity_sessions: { args: { activity_id: string; from_date?: string }; returns: ActivitySessions };
  cancel_session: { args: { session_id: string; reason?: string | null }; returns: null };
};
