import type { StaffRole } from "./organisations";

/** What `api.session_context()` says about the signed-in person: who they are and what they may reach. */
export type Viewer = {
  user: { id: string; email: string; display_name: string | null };
  staff: { municipality_id: string; municipality_name: string; role: StaffRole }[];
  organisations: { organisation_id: string; name: string; role: "admin" | "facilitator" }[];
};

export type SessionContext = Omit<Viewer, "user"> & { user: Viewer["user"] | null };
