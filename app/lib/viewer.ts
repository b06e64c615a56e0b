import type { StaffRole } from "./organisations";

/** What `api.session_context()` says about the signed-in person: who they are and what they may reach. */
export type Viewer = {
  user: { id: string; email: string; display_name: string | null };
  staff: { municipality_id: string; municipality_name: string; role: StaffRole }[];
  organisations: { organisation_id: string; name: string; role: "admin" | "facilitator" }[];
};

export type SessionContext = Omit<Viewer, "user"> & { user: Viewer["user"] | null };

/**
 * Where a person lands after signing in when they were not on their way somewhere: staff on
 * their municipality's work list (the first, by name), everyone else on the home page.
 */
export function landingPage(context: Pick<SessionContext, "staff">): string {
  const municipality = context.staff[0]?.municipality_id;
  return municipality ? `/kommune/${municipality}` : "/";
}
