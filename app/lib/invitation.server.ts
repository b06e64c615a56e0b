import { callApi } from "./api.server";
import type { Supabase } from "./supabase.server";

/**
 * The names an invitation is for (the organisation, municipality or prize round), when a
 * sign-up comes from its link (`redirectTo=/invitasjon/<token>`): a new password must not be
 * built on them (R14). Nothing when the link is anything else or the invitation is unknown.
 */
export async function invitationNames(supabase: Supabase, redirectTo: string | undefined): Promise<string[]> {
  const token = /^\/invitasjon\/([^/?#]+)$/.exec(redirectTo ?? "")?.[1];
  if (!token) return [];
  try {
    const invitation = await callApi(supabase, "invitation", { token: decodeURIComponent(token) });
    if (!invitation) return [];
    return [invitation.organisation?.name, invitation.municipality?.name, invitation.prize_round?.title].filter(
      (name): name is string => Boolean(name),
    );
  } catch {
    return [];
  }
}
