import type { AttendanceMark, FacilitatorWeek } from "./attendance";
import { refuseForm, type FormFailure } from "./forms";
import { isMessageKey } from "./i18n";
import type {
  ParticipantList,
  ParticipantPage,
  PlacementFilter,
  PlacementList,
  PlacementOutcome,
  PlacementPage,
} from "./participants";
import type { Supabase } from "./supabase.server";
import type { SessionContext } from "./viewer";

/**
 * The `api` functions the app calls, with their arguments and results. One entry per use
 * case, named as in SQL (STYLE.md "Name a use case once").
 */
export type ApiFunctions = {
  session_context: { args: Record<string, never>; returns: SessionContext };
  facilitator_week: { args: { week_start?: string }; returns: FacilitatorWeek };
  save_attendance: { args: { session_id: string; marks: AttendanceMark[] }; returns: number };
  participants: { args: { municipality_id: string; search?: string; page?: number }; returns: ParticipantList };
  register_participant: {
    args: {
      municipality_id: string;
      first_name: string;
      birth_year: number;
      contact_name?: string;
      contact_phone?: string;
      activity_note?: string;
      share_activity_note?: boolean;
      interests?: string[];
      wishes?: string;
    };
    returns: string;
  };
  participant_page: { args: { participant_id: string }; returns: ParticipantPage };
  add_participant_note: { args: { participant_id: string; body: string }; returns: null };
  place_participant: {
    args: { participant_id: string; activity_id: string; starts_on: string; ends_on?: string };
    returns: string;
  };
  placements: { args: { municipality_id: string; filter?: PlacementFilter; page?: number }; returns: PlacementList };
  placement_page: { args: { placement_id: string }; returns: PlacementPage };
  add_followup: { args: { placement_id: string; occurred_on: string; body: string }; returns: null };
  end_placement: {
    args: { placement_id: string; ended_on: string; outcome: PlacementOutcome; evaluation?: string };
    returns: null;
  };
};
export type ApiFunction = keyof ApiFunctions;

/** A refused or failed RPC, carrying what PostgREST answered. */
export class ApiError extends Error {
  constructor(
    readonly fn: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null,
    readonly hint: string | null
  ) {
    super(message);
    this.name = "ApiError";
  }

  /**
   * A refusal by `app.refuse()` (docs/decisions/005-refusals.md): the message is a
   * catalogue key, details names the form field, hint holds the message's parameters.
   * Anything else (a bug, the database down) is not a refusal and goes to the error page.
   */
  get refusal(): { key: string; field: string | null; params: Record<string, string> } | null {
    if (this.code !== "P0001") return null;
    return { key: this.message, field: this.details || null, params: parseParams(this.hint) };
  }
}

function parseParams(hint: string | null): Record<string, string> {
  if (!hint) return {};
  try {
    const parsed: unknown = JSON.parse(hint);
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, String(value)]));
  } catch {
    return {};
  }
}

/** Calls one `api` function as the request's user; throws ApiError when PostgREST says no. */
export async function callApi<F extends ApiFunction>(
  supabase: Supabase,
  fn: F,
  ...[args]: ApiFunctions[F]["args"] extends Record<string, never> ? [] : [ApiFunctions[F]["args"]]
): Promise<ApiFunctions[F]["returns"]> {
  const { data, error, status } = await supabase.rpc(fn, args ?? {});
  if (error) {
    throw new ApiError(fn, status, error.code, error.message, error.details || null, error.hint || null);
  }
  return data as ApiFunctions[F]["returns"];
}

/**
 * For loaders: like callApi, but "not found" and "not allowed" become the 404 and 403 pages
 * (STYLE.md 10) rather than the page that says something went wrong on our side.
 */
export async function loadFromApi<F extends ApiFunction>(
  ...call: Parameters<typeof callApi<F>>
): Promise<ApiFunctions[F]["returns"]> {
  try {
    return await callApi(...call);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
      throw new Response(null, { status: error.status });
    }
    throw error;
  }
}

/**
 * What a form action returns when the database refused: the reason at its field or at the
 * top of the form, with the input kept (R12). Anything that is not a refusal is rethrown
 * for the error boundary. A key missing from the catalogue is a bug; it shows the generic text.
 */
export function refusalToForm(error: unknown, formData: FormData): FormFailure {
  const refusal = error instanceof ApiError ? error.refusal : null;
  if (!refusal) throw error;
  if (!isMessageKey(refusal.key)) console.error(`No message for the refusal "${refusal.key}"`);
  const key = isMessageKey(refusal.key) ? refusal.key : "error.unknown";
  return refuseForm(formData, { key, params: refusal.params }, refusal.field ?? undefined);
}

/**
 * Like refusalToForm, but a call that failed (the database away, a dropped connection, no
 * access any more) also comes back to the form, with the input kept and a message that it
 * was not saved: for forms whose input is tedious to redo on a phone (DESIGN.md §5, reliability).
 */
export function failureToForm(error: unknown, formData: FormData): FormFailure {
  if (error instanceof ApiError && !error.refusal) {
    console.error(error);
    return refuseForm(formData, { key: "error.notSaved" });
  }
  return refusalToForm(error, formData);
}
