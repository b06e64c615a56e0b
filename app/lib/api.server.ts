import type { AgreementsApi } from "./api/agreements";
import type { ClaimsApi } from "./api/claims";
import type { PrizeApi } from "./api/prize";
import type { InsightApi } from "./api/insight";
import type { StaffApi } from "./api/staff";
import type { SessionsApi } from "./api/sessions";
import type { AttendanceMark, FacilitatorWeek } from "./attendance";
import { refuseForm, type FormFailure } from "./forms";
import { isMessageKey } from "./i18n";
import { errorFields, log } from "./log.server";
import type {
  ParticipantDuplicates,
  ParticipantList,
  ParticipantPage,
  PlacementFilter,
  PlacementList,
  PlacementOutcome,
  PlacementPage,
} from "./participants";
import type { Supabase } from "./supabase.server";
import type {
  ActivityEditor,
  ActivityPage,
  Catalogue,
  FeePeriod,
  Invitation,
  MemberRole,
  MyOrganisation,
  OrganisationForStaff,
  OrganisationKind,
  OrganisationOverview,
  OrganisationProfile,
  PartnershipStatus,
  Person,
  Ref,
  RegistrationForm,
  VerificationQueue,
} from "./organisations";
import type { SessionContext } from "./viewer";

type OrganisationFields = {
  name: string;
  kind: OrganisationKind;
  description?: string;
  contact_email?: string | null;
  contact_phone?: string | null;
  postal_address?: string;
  postal_code?: string | null;
  postal_town?: string;
  bank_account?: string | null;
};

/**
 * The `api` functions the app calls, with their arguments and results. One entry per use
 * case, named as in SQL (STYLE.md "Name a use case once"). Each area keeps its own in app/lib/api/.
 */
export type ApiFunctions = CoreApi & AgreementsApi & ClaimsApi & PrizeApi & InsightApi & StaffApi & SessionsApi;

type CoreApi = {
  session_context: { args: Record<string, never>; returns: SessionContext };

  register_organisation: {
    args: OrganisationFields & {
      organisation_number: string;
      municipality_ids: string[];
      submission_key?: string | null;
    };
    returns: string;
  };
  registration_form: { args: Record<string, never>; returns: RegistrationForm };
  my_organisations: { args: Record<string, never>; returns: MyOrganisation[] };
  organisation_overview: { args: { organisation_id: string }; returns: OrganisationOverview };
  update_organisation: { args: OrganisationFields & { organisation_id: string }; returns: null };
  verification_queue: { args: { municipality_id: string; status?: PartnershipStatus }; returns: VerificationQueue };
  organisation_for_staff: { args: { municipality_id: string; organisation_id: string }; returns: OrganisationForStaff };
  decide_partnership: {
    args: { municipality_id: string; organisation_id: string; decision: PartnershipStatus; reason?: string | null };
    returns: null;
  };
  invite_member: { args: { organisation_id: string; email: string; role: MemberRole }; returns: string };
  invite_staff: { args: { municipality_id: string; email: string; role: "caseworker" | "admin" }; returns: string };
  invitation: { args: { token: string }; returns: Invitation | null };
  accept_invitation: {
    args: { token: string };
    returns: { organisation_id: string | null; municipality_id: string | null; prize_round_id: string | null };
  };
  set_member_roles: { args: { organisation_id: string; user_id: string; roles: MemberRole[] }; returns: null };
  municipality_staff: {
    args: { municipality_id: string };
    returns: {
      municipality: Ref & { number: string };
      staff: (Person & { roles: ("caseworker" | "admin")[] })[];
      invitations: { id: string; email: string; role: "caseworker" | "admin"; expires_at: string }[];
    };
  };
  activity_editor: { args: { organisation_id: string; activity_id?: string | null }; returns: ActivityEditor };
  save_activity: {
    args: {
      organisation_id: string;
      municipality_id: string;
      title: string;
      category: OrganisationKind;
      activity_id?: string | null;
      description?: string;
      place?: string;
      season_start?: string | null;
      season_end?: string | null;
      age_min?: number | null;
      age_max?: number | null;
      adaptations?: string;
      adaptation_tags?: string[];
      capacity?: number;
      fee_ore?: number;
      fee_period?: FeePeriod;
      is_public?: boolean;
      slots?: { weekday: number; starts_at: string; ends_at: string }[];
    };
    returns: string;
  };
  catalogue: {
    args: {
      municipality_number?: string | null;
      category?: OrganisationKind | null;
      weekday?: number | null;
      age?: number | null;
      tag?: string | null;
      search?: string | null;
      page?: number;
    };
    returns: Catalogue;
  };
  activity_page: { args: { activity_id: string }; returns: ActivityPage };
  organisation_profile: { args: { organisation_id: string }; returns: OrganisationProfile };
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
      submission_key?: string | null;
    };
    returns: string;
  };
  participant_duplicates: { args: { participant_id: string; search?: string | null }; returns: ParticipantDuplicates };
  delete_participant: { args: { participant_id: string }; returns: null };
  merge_participants: { args: { merged_id: string; kept_id: string }; returns: null };
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
  if (!isMessageKey(refusal.key)) log.error("refusal_without_message", { refusal: refusal.key });
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
    log.error("api_call_failed", { fn: error.fn, status: error.status, code: error.code, ...errorFields(error) });
    return refuseForm(formData, { key: "error.notSaved" });
  }
  return refusalToForm(error, formData);
}
