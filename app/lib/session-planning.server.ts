import { z } from "zod";
import { callApi, refusalToForm } from "./api.server";
import { message, parseForm, type FormFailure } from "./forms";
import { textLimits } from "./limits";
import type { Supabase } from "./supabase.server";
import { optionalText } from "./validation";

const time = z.string().regex(/^\d{2}:\d{2}$/, message("time_required"));

const planSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("cancel"),
    session_id: z.uuid(),
    reason: optionalText(textLimits.sessions.cancel_reason),
  }),
  z.object({
    intent: z.literal("add"),
    activity_id: z.uuid(message("sessions.activityRequired")),
    on_date: z.iso.date(message("date_required")),
    starts_at: time,
    ends_at: time,
  }),
]);

/** Why cancelling a session (that session's form) or adding one was refused, with the input kept. */
export type PlanResult =
  { intent: "cancel"; sessionId: string; failure: FormFailure } | { intent: "add"; failure: FormFailure };

/** A form that plans sessions (components/session-planning.tsx) rather than marking attendance. */
export const isPlanning = (formData: FormData) => ["cancel", "add"].includes(String(formData.get("intent")));

/**
 * Cancels a session or adds an extra one, as the form asks. Done: the date of a session
 * added (null for a cancellation), for the page to show its week. Refused: what to show at the form.
 */
export async function planSessions(
  supabase: Supabase,
  formData: FormData,
): Promise<{ done: string | null } | { refused: PlanResult }> {
  const refused = (failure: FormFailure) => ({
    refused:
      formData.get("intent") === "cancel"
        ? { intent: "cancel" as const, sessionId: String(formData.get("session_id") ?? ""), failure }
        : { intent: "add" as const, failure },
  });
  const form = parseForm(formData, planSchema);
  if (!form.success) return refused(form.failure);
  try {
    if (form.data.intent === "cancel") {
      await callApi(supabase, "cancel_session", { session_id: form.data.session_id, reason: form.data.reason || null });
      return { done: null };
    }
    const { intent: _, ...session } = form.data;
    await callApi(supabase, "add_session", session);
    return { done: session.on_date };
  } catch (error) {
    return refused(refusalToForm(error, formData));
  }
}
