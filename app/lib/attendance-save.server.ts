import { z } from "zod";
import { ApiError, callApi, failureToForm } from "./api.server";
import { hasMarks, marksFromForm } from "./attendance";
import { refuseForm, type FormFailure } from "./forms";
import type { Supabase } from "./supabase.server";

/**
 * Saves one session form's marks, for the week page (a form post) and for the phone's outbox
 * (a retry sent by the service worker). `lasting` says whether sending it again could help:
 * a refusal (R4, R7, a form we did not make) will be refused again, a failed call may not be.
 */
export type SaveAnswer = { saved: number } | { failure: FormFailure; lasting: boolean };

const saveKey = z.uuid().optional().catch(undefined);

export async function saveSessionMarks(supabase: Supabase, formData: FormData): Promise<SaveAnswer> {
  const marks = marksFromForm(formData);
  if (!marks) return { failure: refuseForm(formData, { key: "marks_invalid" }), lasting: true };
  if (!hasMarks(marks)) return { failure: refuseForm(formData, { key: "week.nothingMarked" }), lasting: true };
  try {
    const saved = await callApi(supabase, "save_attendance", {
      session_id: String(formData.get("session_id") ?? ""),
      marks,
      save_key: saveKey.parse(formData.get("save_key") ?? undefined),
    });
    return { saved };
  } catch (error) {
    // Row-level security's answer: the person no longer logs this participant (R7).
    if (error instanceof ApiError && error.code === "42501") {
      return { failure: refuseForm(formData, { key: "week.noLongerAllowed" }), lasting: true };
    }
    const failure = failureToForm(error, formData);
    return { failure, lasting: !(error instanceof ApiError && !error.refusal) };
  }
}
