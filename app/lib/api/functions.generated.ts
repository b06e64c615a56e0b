// Generated from the database catalog by scripts/gen-api-types.ts. Do not edit by hand.
// After changing a function in schema `api`, run: npm run gen:types

/** Any JSON value: what a json or jsonb argument or result holds. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The enums of schema `app`, with their values in SQL's order. */
export type AppEnums = {
  agreement_party: "organisation" | "municipality";
  agreement_status:
    "draft" | "awaiting_organisation" | "awaiting_municipality" | "active" | "expired" | "terminated" | "replaced";
  attendance_status: "present" | "absent" | "cancelled";
  claim_kind: "kontingent" | "utstyr" | "godtgjorelse";
  claim_status: "draft" | "submitted" | "needs_info" | "approved" | "rejected" | "withdrawn" | "paid";
  fee_period: "year" | "half_year" | "month";
  member_role: "admin" | "facilitator";
  organisation_kind: "idrett" | "kultur" | "musikk" | "friluft" | "annet";
  partnership_status: "pending" | "verified" | "declined" | "suspended";
  placement_outcome: "continues_as_member" | "continues_with_support" | "stopped" | "moved";
  placement_status: "planned" | "active" | "ended";
  reminder_kind: "session_ahead" | "attendance_missing" | "attendance_summary";
  round_status: "draft" | "open" | "judging" | "announced";
  screening_status: "submitted" | "eligible" | "ineligible";
  staff_role: "caseworker" | "admin" | "anviser";
};

/**
 * Every function in schema `api` with its named arguments (optional where SQL has a default,
 * nullable where that default is NULL) and its result.
 */
export type GeneratedApi = {
  accept_facilitator_role: {
    args: { agreement_id: string; activity_id: string; full_name: string; confirmed: boolean };
    returns: null;
  };
  accept_invitation: {
    args: { token: string };
    returns: Json;
  };
  activity_editor: {
    args: { organisation_id: string; activity_id?: string | null };
    returns: Json;
  };
  activity_page: {
    args: { activity_id: string };
    returns: Json;
  };
  activity_sessions: {
    args: { activity_id: string; from_date?: string | null };
    returns: Json;
  };
  add_followup: {
    args: { placement_id: string; occurred_on: string; body: string };
    returns: null;
  };
  add_juror: {
    args: { round_id: string; email: string };
    returns: string;
  };
  add_participant_note: {
    args: { participant_id: string; body: string };
    returns: null;
  };
  add_planned_absence: {
    args: { placement_id: string; on_date: string };
    returns: null;
  };
  add_receipt: {
    args: {
      claim_id: string;
      object_path: string;
      file_name: string;
      content_type: string;
      size_bytes: number;
      sha256: string;
    };
    returns: Json;
  };
  add_session: {
    args: { activity_id: string; on_date: string; starts_at: string; ends_at: string };
    returns: string;
  };
  advance_prize_round: {
    args: { round_id: string };
    returns: AppEnums["round_status"];
  };
  agreement_archive: {
    args: { agreement_id: string };
    returns: Json;
  };
  agreement_archive_year: {
    args: { municipality_id: string; year: number };
    returns: Json;
  };
  agreement_form: {
    args: { municipality_id: string };
    returns: Json;
  };
  agreement_page: {
    args: { agreement_id: string };
    returns: Json;
  };
  agreement_template: {
    args: { municipality_id: string };
    returns: Json;
  };
  announce_winners: {
    args: { round_id: string; winners: Json };
    returns: null;
  };
  answer_claim: {
    args: { claim_id: string; message: string };
    returns: null;
  };
  audit_log: {
    args: {
      municipality_id: string;
      table_name?: string | null;
      search?: string | null;
      from_date?: string | null;
      to_date?: string | null;
      page?: number;
    };
    returns: Json;
  };
  authorisation_queue: {
    args: { municipality_id: string; page?: number };
    returns: Json;
  };
  authorise_claims: {
    args: { municipality_id: string; claim_ids: string[] };
    returns: number;
  };
  budget_page: {
    args: { municipality_id: string; year?: number | null };
    returns: Json;
  };
  calendar_feed: {
    args: { token: string };
    returns: Json;
  };
  cancel_session: {
    args: { session_id: string; reason?: string | null };
    returns: null;
  };
  catalogue: {
    args: {
      municipality_number?: string | null;
      category?: AppEnums["organisation_kind"] | null;
      weekday?: number | null;
      age?: number | null;
      tag?: string | null;
      search?: string | null;
      page?: number;
      municipalities_held?: string | null;
    };
    returns: Json;
  };
  claim_form: {
    args: { placement_id: string };
    returns: Json;
  };
  claim_page: {
    args: { claim_id: string };
    returns: Json;
  };
  claim_queue: {
    args: {
      municipality_id: string;
      status?: AppEnums["claim_status"];
      kind?: AppEnums["claim_kind"] | null;
      organisation_id?: string | null;
      min_waiting_days?: number | null;
      page?: number;
      organisation_search?: string | null;
    };
    returns: Json;
  };
  confirm_nomination: {
    args: { token: string };
    returns: Json;
  };
  count_attempts: {
    args: { attempts: Json; give_back?: boolean };
    returns: number;
  };
  create_agreement: {
    args: {
      municipality_id: string;
      organisation_id: string;
      valid_from: string;
      valid_to: string;
      covered_fees?: string;
      equipment_cap_ore?: number;
      compensation_ore?: number;
      municipality_contact?: string;
      organisation_contact?: string;
    };
    returns: string;
  };
  create_payment_batch: {
    args: { municipality_id: string; due_on?: string | null };
    returns: Json;
  };
  dashboard: {
    args: { municipality_id: string; year?: number | null };
    returns: Json;
  };
  decide_claim: {
    args: {
      claim_id: string;
      decision: AppEnums["claim_status"];
      reason?: string | null;
      over_limit_reason?: string | null;
    };
    returns: null;
  };
  decide_partnership: {
    args: {
      municipality_id: string;
      organisation_id: string;
      decision: AppEnums["partnership_status"];
      reason?: string | null;
    };
    returns: null;
  };
  declare_conflict: {
    args: { round_id: string; organisation_id: string; reason?: string };
    returns: null;
  };
  delete_participant: {
    args: { participant_id: string };
    returns: null;
  };
  end_facilitator_role: {
    args: { agreement_id: string; activity_id: string; facilitator_id: string };
    returns: null;
  };
  end_placement: {
    args: { placement_id: string; ended_on: string; outcome: AppEnums["placement_outcome"]; evaluation?: string };
    returns: null;
  };
  export_attendance: {
    args: { municipality_id: string; year: number };
    returns: Json;
  };
  export_claims: {
    args: { municipality_id: string; year: number };
    returns: Json;
  };
  export_organisations: {
    args: { municipality_id: string };
    returns: Json;
  };
  export_placements: {
    args: { municipality_id: string; year: number };
    returns: Json;
  };
  facilitator_week: {
    args: { week_start?: string | null };
    returns: Json;
  };
  invitation: {
    args: { token: string };
    returns: Json;
  };
  invite_member: {
    args: { organisation_id: string; email: string; role: AppEnums["member_role"] };
    returns: string;
  };
  invite_staff: {
    args: { municipality_id: string; email: string; role: AppEnums["staff_role"] };
    returns: string;
  };
  juror_round: {
    args: { round_id: string };
    returns: Json;
  };
  mark_paid: {
    args: {
      municipality_id: string;
      paid_on: string;
      payment_reference: string;
      claim_ids?: string[] | null;
      batch_id?: string | null;
    };
    returns: number;
  };
  merge_participants: {
    args: { merged_id: string; kept_id: string };
    returns: null;
  };
  municipality_agreements: {
    args: { municipality_id: string; status?: AppEnums["agreement_status"] | null };
    returns: Json;
  };
  municipality_settings: {
    args: { municipality_id: string };
    returns: Json;
  };
  municipality_staff: {
    args: { municipality_id: string };
    returns: Json;
  };
  my_facilitator_roles: {
    args: Record<string, never>;
    returns: Json;
  };
  my_jury_rounds: {
    args: Record<string, never>;
    returns: Json;
  };
  my_organisations: {
    args: Record<string, never>;
    returns: Json;
  };
  my_reminders: {
    args: Record<string, never>;
    returns: Json;
  };
  name_facilitator: {
    args: { agreement_id: string; activity_id: string; facilitator_id: string; alongside?: boolean };
    returns: null;
  };
  nominate: {
    args: {
      round_id: string;
      organisation_id: string;
      nominator_name: string;
      nominator_email: string;
      relation?: string;
      reasons?: Json;
      website?: string | null;
      submission_key?: string | null;
    };
    returns: Json;
  };
  nomination_form: {
    args: { round_id?: string | null };
    returns: Json;
  };
  opt_out_by_link: {
    args: { token: string };
    returns: Json;
  };
  organisation_agreements: {
    args: { organisation_id: string };
    returns: Json;
  };
  organisation_claims: {
    args: { organisation_id: string; year?: number | null };
    returns: Json;
  };
  organisation_for_staff: {
    args: { municipality_id: string; organisation_id: string };
    returns: Json;
  };
  organisation_insight: {
    args: { organisation_id: string; year?: number | null };
    returns: Json;
  };
  organisation_overview: {
    args: { organisation_id: string };
    returns: Json;
  };
  organisation_profile: {
    args: { organisation_id: string };
    returns: Json;
  };
  participant_duplicates: {
    args: { participant_id: string; search?: string | null };
    returns: Json;
  };
  participant_export: {
    args: { participant_id: string };
    returns: Json;
  };
  participant_page: {
    args: { participant_id: string };
    returns: Json;
  };
  participants: {
    args: { municipality_id: string; search?: string | null; page?: number };
    returns: Json;
  };
  payment_batch: {
    args: { batch_id: string };
    returns: Json;
  };
  payment_batches: {
    args: { municipality_id: string };
    returns: Json;
  };
  place_participant: {
    args: { participant_id: string; activity_id: string; starts_on: string; ends_on?: string | null };
    returns: string;
  };
  placement_page: {
    args: { placement_id: string };
    returns: Json;
  };
  placement_search: {
    args: {
      participant_id: string;
      search?: string | null;
      category?: AppEnums["organisation_kind"] | null;
      weekday?: number | null;
      page?: number;
    };
    returns: Json;
  };
  placements: {
    args: { municipality_id: string; filter?: string | null; page?: number };
    returns: Json;
  };
  prize_round_admin: {
    args: { round_id: string };
    returns: Json;
  };
  prize_rounds: {
    args: { municipality_id: string };
    returns: Json;
  };
  record_police_certificate: {
    args: { agreement_id: string; activity_id: string; facilitator_id: string; seen_on: string };
    returns: null;
  };
  record_register_snapshot: {
    args: { organisation_id: string; snapshot: Json };
    returns: null;
  };
  record_signer_check: {
    args: { agreement_id: string; outcome: string; matched_role?: string | null; role_holders?: Json };
    returns: null;
  };
  register_changes: {
    args: { municipality_id: string };
    returns: Json;
  };
  register_organisation: {
    args: {
      organisation_number: string;
      name: string;
      kind: AppEnums["organisation_kind"];
      municipality_ids: string[];
      description?: string;
      contact_email?: string | null;
      contact_phone?: string | null;
      postal_address?: string;
      postal_code?: string | null;
      postal_town?: string;
      bank_account?: string | null;
      submission_key?: string | null;
    };
    returns: string;
  };
  register_participant: {
    args: {
      municipality_id: string;
      first_name: string;
      birth_year: number;
      contact_name?: string | null;
      contact_phone?: string | null;
      activity_note?: string;
      share_activity_note?: boolean;
      interests?: string[];
      wishes?: string;
      submission_key?: string | null;
    };
    returns: string;
  };
  registration_form: {
    args: Record<string, never>;
    returns: Json;
  };
  reminder_link: {
    args: { token: string };
    returns: Json;
  };
  remove_juror: {
    args: { round_id: string; user_id: string };
    returns: null;
  };
  remove_planned_absence: {
    args: { placement_id: string; on_date: string };
    returns: null;
  };
  remove_receipt: {
    args: { receipt_id: string };
    returns: string;
  };
  renew_calendar_feed: {
    args: { locale?: string };
    returns: string;
  };
  report_outbox: {
    args: { message_id: number; error?: string | null };
    returns: null;
  };
  retry_mail: {
    args: { municipality_id: string; message_id?: number | null };
    returns: number;
  };
  review_register_change: {
    args: { municipality_id: string; change_id: number };
    returns: null;
  };
  revise_agreement: {
    args: { agreement_id: string };
    returns: string;
  };
  roll_of_honour: {
    args: { municipality_number?: string | null };
    returns: Json;
  };
  run_agreement_lifecycle: {
    args: { today?: string };
    returns: Json;
  };
  run_attendance_summary: {
    args: { today?: string };
    returns: Json;
  };
  run_placement_lifecycle: {
    args: { today?: string };
    returns: Json;
  };
  run_prize_lifecycle: {
    args: { at?: string };
    returns: Json;
  };
  run_session_reminders: {
    args: { today?: string };
    returns: Json;
  };
  save_activity: {
    args: {
      organisation_id: string;
      municipality_id: string;
      title: string;
      category: AppEnums["organisation_kind"];
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
      fee_period?: AppEnums["fee_period"];
      is_public?: boolean;
      slots?: Json;
      base_version?: number | null;
    };
    returns: string;
  };
  save_agreement_template: {
    args: { municipality_id: string; body: string };
    returns: number;
  };
  save_attendance: {
    args: { session_id: string; marks: Json; save_key?: string | null };
    returns: number;
  };
  save_claim: {
    args: {
      placement_id: string;
      kind: AppEnums["claim_kind"];
      amount_ore: number;
      claim_id?: string | null;
      period_start?: string | null;
      period_end?: string | null;
      purchase_date?: string | null;
      description?: string;
      base_version?: number | null;
      submission_key?: string | null;
    };
    returns: string;
  };
  save_municipality_settings: {
    args: { municipality_id: string; payment_steps: number; payer_account?: string | null };
    returns: null;
  };
  save_prize_round: {
    args: {
      municipality_id: string;
      year: number;
      title: string;
      opens_at: string;
      closes_at: string;
      criteria: Json;
      prize_description?: string;
      round_id?: string | null;
    };
    returns: string;
  };
  score_nominee: {
    args: { round_id: string; organisation_id: string; scores: Json };
    returns: null;
  };
  screen_nominee: {
    args: { round_id: string; organisation_id: string; eligible: boolean; reason?: string | null };
    returns: null;
  };
  send_agreement: {
    args: { agreement_id: string };
    returns: null;
  };
  session_context: {
    args: Record<string, never>;
    returns: Json;
  };
  set_agreement_activities: {
    args: { agreement_id: string; activity_ids: string[] };
    returns: null;
  };
  set_budget: {
    args: { municipality_id: string; year: number; kind: AppEnums["claim_kind"]; amount_ore: number };
    returns: null;
  };
  set_member_roles: {
    args: { organisation_id: string; user_id: string; roles: AppEnums["member_role"][] };
    returns: null;
  };
  set_reminders: {
    args: { session_ahead: boolean; attendance_missing: boolean; attendance_summary: boolean };
    returns: null;
  };
  set_staff_roles: {
    args: { municipality_id: string; user_id: string; roles: AppEnums["staff_role"][] };
    returns: null;
  };
  set_staff_settings: {
    args: { municipality_id: string; registration_mail: boolean };
    returns: null;
  };
  sign_agreement: {
    args: { agreement_id: string; full_name: string; signer_role: string; confirmed: boolean; text_hash: string };
    returns: AppEnums["agreement_status"];
  };
  signer_to_check: {
    args: { agreement_id: string };
    returns: Json;
  };
  submit_claim: {
    args: { claim_id: string };
    returns: null;
  };
  take_outbox: {
    args: { batch_size?: number };
    returns: Json;
  };
  take_register_checks: {
    args: { batch_size?: number; at?: string };
    returns: Json;
  };
  terminate_agreement: {
    args: { agreement_id: string; reason: string };
    returns: null;
  };
  undelivered_mail: {
    args: { municipality_id: string };
    returns: Json;
  };
  update_agreement: {
    args: {
      agreement_id: string;
      valid_from: string;
      valid_to: string;
      covered_fees?: string;
      equipment_cap_ore?: number;
      compensation_ore?: number;
      municipality_contact?: string;
      organisation_contact?: string;
    };
    returns: null;
  };
  update_organisation: {
    args: {
      organisation_id: string;
      base_version: number;
      name: string;
      kind: AppEnums["organisation_kind"];
      description?: string;
      contact_email?: string | null;
      contact_phone?: string | null;
      postal_address?: string;
      postal_code?: string | null;
      postal_town?: string;
      bank_account?: string | null;
    };
    returns: null;
  };
  update_participant: {
    args: {
      participant_id: string;
      base_version: number;
      first_name: string;
      birth_year: number;
      contact_name?: string | null;
      contact_phone?: string | null;
      activity_note?: string;
      share_activity_note?: boolean;
      interests?: string[];
      wishes?: string;
    };
    returns: null;
  };
  verification_queue: {
    args: { municipality_id: string; status?: AppEnums["partnership_status"] };
    returns: Json;
  };
  withdraw_claim: {
    args: { claim_id: string };
    returns: null;
  };
  work_list: {
    args: { municipality_id: string };
    returns: Json;
  };
  yearly_report: {
    args: { municipality_id: string; year: number };
    returns: Json;
  };
};
