import { data, redirect } from "@remix-run/node";
import { callApi, refusalToForm } from "./api.server";
import { requireUser } from "./auth.server";
import { readForm } from "./form-body.server";
import { parseForm } from "./forms";
import { osloEndOfDay, osloStartOfDay } from "./prize";
import { roundFormSchema } from "./prize-round-form";

/** Saves a new round (roundId null) or a draft, then shows the round's page. */
export async function saveRound(request: Request, municipalityId: string, roundId: string | null) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  const form = parseForm(formData, roundFormSchema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  // The form has Oslo calendar dates; the round's window is instants (R11).
  const { opens_at, closes_at, ...round } = form.data;
  let saved: string;
  try {
    saved = await callApi(supabase, "save_prize_round", {
      ...round,
      municipality_id: municipalityId,
      opens_at: osloStartOfDay(opens_at),
      closes_at: osloEndOfDay(closes_at),
      round_id: roundId,
    });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/kommune/${municipalityId}/pris/${saved}`, { headers });
}
