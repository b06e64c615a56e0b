import type { ActivitySessions, ParticipantExport } from "../sessions";
import type { ApiArea } from "./area";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type SessionsApi = ApiArea<{
  update_participant: { returns: null };
  participant_export: { returns: ParticipantExport };
  add_session: { returns: string };
  activity_sessions: { returns: ActivitySessions };
  cancel_session: { returns: null };
}>;
