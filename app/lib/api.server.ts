import type { AgreementsApi } from "./api/agreements";
import type { ApiArea } from "./api/area";
import type { ClaimsApi } from "./api/claims";
import type { PrizeApi } from "./api/prize";
import type { InsightApi } from "./api/insight";
import type { MailApi } from "./api/mail";
import type { StaffApi } from "./api/staff";
import type { SessionsApi } from "./api/sessions";
import type { RemindersApi } from "./api/reminders";
import type { AttendanceMark, FacilitatorWeek } from "./attendance";
import { refuseForm, type FormFailure } from "./forms";
import { isMessageKey } from "./i18n";
import { errorFields, log } from "./log.server";
import { endSession, isEndedSession } from "./session-end.server";
import type {
  ParticipantDuplicates,
  ParticipantList,
  ParticipantPage,
  PlacementFilter,
  PlacementList,
  PlacementPage,
  PlacementSearch,
} from "./participants";
import type { RegisterChange } from "./register";
import type { Supabase } from "./supabase.server";
import type {
  ActivityEditor,
  ActivityPage,
  CatalogueAnswer,
  Invitation,
  MyOrganisation,
  OrganisationForStaff,
  OrganisationOverview,
  OrganisationProfile,
  Person,
  Ref,
  RegistrationForm,
  StaffRole,
  VerificationQueue,
} from "./organisations";
import { staleVersionForm } from "./stale-version";
import type { SessionContext } from "./viewer";

/**
 * The `api` functions the app calls, with their arguments and results. One entry per use
 * case, named as in SQL (STYLE.md "Name a use case once"). Each area keeps its own in app/lib/api/.
 * Arguments come from the catalog (app/lib/api/functions.generated.ts, `npm run gen:types`), so
 * a function or argument renamed or removed in SQL fails tsc.
 */
export type ApiFunctions = CoreApi &
  AgreementsApi &
  ClaimsApi &
  PrizeApi &
  InsightApi &
  StaffApi &
  SessionsApi &
  RemindersApi &
  MailApi;

type CoreApi = ApiArea<{
  session_context: { returns: SessionContext };

  register_organisation: { returns: string };
  registration_form: { returns: RegistrationForm };
  my_organisations: { returns: MyOrganisation[] };
  organisation_overview: { returns: OrganisationOverview };
  update_organisation: { returns: null };
  verification_queue: { returns: VerificationQueue };
  organisation_for_staff: { returns: OrganisationForStaff };
  decide_partnership: { returns: null };
  register_changes: { returns: { count: number; changes: RegisterChange[] } };
  review_register_change: { returns: null };
  invite_member: { returns: string };
  invite_staff: { returns: string };
  invitation: { returns: Invitation | null };
  accept_invitation: {
    returns: { organisation_id: string | null; municipality_id: string | null; prize_round_id: string | null };
  };
  set_member_roles: { returns: null };
  municipality_staff: {
    returns: {
      municipality: Ref & { number: string };
      staff: (Person & { roles: StaffRole[] })[];
      invitations: { id: string; email: string; role: StaffRole; expires_at: string }[];
    };
  };
  activity_editor: { returns: ActivityEditor };
  save_activity: {
    returns: string;
    narrow: { slots?: { weekday: number; starts_at: string; ends_at: string }[] };
  };
  catalogue: { returns: CatalogueAnswer };
  activity_page: { returns: ActivityPage };
  organisation_profile: { returns: OrganisationProfile };
  facilitator_week: { returns: FacilitatorWeek };
  save_attendance: { returns: number; narrow: { marks: AttendanceMark[] } };
  participants: { returns: ParticipantList };
  register_participant: { returns: string };
  participant_duplicates: { returns: ParticipantDuplicates };
  delete_participant: { returns: null };
  merge_participants: { returns: null };
  participant_page: { returns: ParticipantPage };
  add_participant_note: { returns: null };
  placement_search: { returns: PlacementSearch };
  place_participant: { returns: string };
  placements: { returns: PlacementList; narrow: { filter?: PlacementFilter } };
  placement_page: { returns: PlacementPage };
  add_followup: { returns: null };
  end_placement: { returns: null };
  add_planned_absence: { returns: null };
  remove_planned_absence: { returns: null };
}>;
export type ApiFunction = keyof ApiFunctions;

/** A refused or failed RPC, carrying what PostgREST answered. */
export class ApiError extends Error {
  constructor(
    readonly fn: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null,
    readonly hint: string | null,
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

  /**
   * Input that the forms should have refused reached the database and failed there as a data
   * exception: a number beyond its column, a NUL, an impossible date, text too long, a
   * malformed id. The person is told to check what they typed (R12), not shown an error page
   * that blames us.
   */
  get isBadInput(): boolean {
    return badInputCodes.has(this.code);
  }
}

const badInputCodes = new Set(["22001", "22003", "22007", "22008", "22021", "22P02", "22P05"]);

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

/**
 * Calls one `api` function as the request's user; throws ApiError when PostgREST says no, or
 * a redirect to sign-in when it says the session has ended.
 */
export async function callApi<F extends ApiFunction>(
  supabase: Supabase,
  fn: F,
  ...[args]: ApiFunctions[F]["args"] extends Record<string, never> ? [] : [ApiFunctions[F]["args"]]
): Promise<ApiFunctions[F]["returns"]> {
  const { data, error, status } = await supabase.rpc(fn, args ?? {});
  if (error && isEndedSession(status, error.code)) await endSession(supabase);
  if (error) {
    throw new ApiError(fn, status, error.code, error.message, error.details || null, error.hint || null);
  }
  return data as ApiFunctions[F]["returns"];
}

/**
 * For loaders: like callApi, but a record that is missing or not the reader's becomes the
 * 404 or 403 page (STYLE.md 10) instead of an error page that blames us.
 */
export async function loadApi<F extends ApiFunction>(
  supabase: Supabase,
  fn: F,
  ...args: ApiFunctions[F]["args"] extends Record<string, never> ? [] : [ApiFunctions[F]["args"]]
): Promise<ApiFunctions[F]["returns"]> {
  try {
    return await callApi(supabase, fn, ...args);
  } catch (error) {
    if (error instanceof ApiError && [401, 403, 404].includes(error.status)) {
      throw new Response(error.message, { status: error.status === 404 ? 404 : 403 });
    }
    if (error instanceof ApiError && error.isBadInput) {
      log.warn("bad_input_reached_database", { fn: error.fn, code: error.code });
      throw new Response(null, { status: 400 });
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
  if (error instanceof ApiError && error.isBadInput) {
    log.warn("bad_input_reached_database", { fn: error.fn, code: error.code });
    return refuseForm(formData, { key: "input.cannotBeSaved" });
  }
  const refusal = error instanceof ApiError ? error.refusal : null;
  if (!refusal) throw error;
  if (!isMessageKey(refusal.key)) log.error("refusal_without_message", { refusal: refusal.key });
  const key = isMessageKey(refusal.key) ? refusal.key : "error.unknown";
  const failure = refuseForm(formData, { key, params: refusal.params }, refusal.field ?? undefined);
  return key === "stale_version" ? staleVersionForm(failure, (error as ApiError).hint) : failure;
}

/**
 * Like refusalToForm, but a call that failed (the database away, a dropped connection, no
 * access any more) also comes back to the form, with the input kept and a message that it
 * was not saved: for forms whose input is tedious to redo on a phone (DESIGN.md §5, reliability).
 */
export function failureToForm(error: unknown, formData: FormData): FormFailure {
  if (error instanceof ApiError && !error.refusal && !error.isBadInput) {
    log.error("api_call_failed", { fn: error.fn, status: error.status, code: error.code, ...errorFields(error) });
    return refuseForm(formData, { key: "error.notSaved" });
  }
  return refusalToForm(error, formData);
}
