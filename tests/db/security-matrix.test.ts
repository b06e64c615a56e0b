import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, daysFromToday, make, pool, type Actor, type Db } from "../support/db";

/**
 * Every function in schema `api`, called as every kind of caller. The catalogue check below
 * fails when a function has no entry, so a new use case cannot ship without deciding who
 * may call it.
 */
const roles = [
  "anon",
  "adminA",
  "facilitatorA",
  "adminB",
  "facilitatorB",
  "caseworkerX",
  "adminX",
  "caseworkerY",
  "adminY",
  // A signed-in person with no role anywhere; becomes a prize juror once rounds exist.
  "juror",
  "service_role",
] as const;
type Role = (typeof roles)[number];

type World = Record<Exclude<Role, "anon" | "service_role">, string> & {
  municipalityX: string;
  municipalityY: string;
  organisationA: string;
  organisationB: string;
  activityA: string;
  draftAgreement: string;
  agreementToSign: string;
  activeAgreement: string;
  activityA2: string;
  participantX: string;
  unplacedParticipantX: string;
  placementA: string;
  sessionA: string;
  draftClaim: string;
  draftReceipt: string;
  submittedClaim: string;
  needsInfoClaim: string;
  approvedClaim: string;
  awaitingAuthorisationClaim: string;
  paymentBatch: string;
  judgingRoundX: string;
  draftRoundX: string;
  openRoundY: string;
  registerChange: string;
};

const NOMINATION_TOKEN = "matrix-nomination-token";

const INVITATION_TOKEN = "matrix-invitation-token";

const REMINDER_TOKEN = "matrix-reminder-token";

const CALENDAR_TOKEN = "matrix-calendar-token";

type Entry = {
  /** The call, built from the fixture world. */
  call: (world: World) => { sql: string; params?: unknown[] };
  allowed: readonly Role[];
};

/** Signed-in people, whatever their roles (not the service role, which is no person). */
const people = roles.filter((role) => role !== "anon" && role !== "service_role");
const everyone = roles.filter((role) => role !== "service_role");

export const matrix: Record<string, Entry> = {
  "api.session_context()": {
    call: () => ({ sql: "select api.session_context()" }),
    allowed: people,
  },
  "api.registration_form()": { call: () => ({ sql: "select api.registration_form()" }), allowed: people },
  "api.register_organisation(text,text,app.organisation_kind,uuid[],text,text,text,text,text,text,text,uuid)": {
    call: (w) => ({
      sql: "select api.register_organisation('912 345 637', 'Ny klubb', 'idrett', array[$1::uuid])",
      params: [w.municipalityX],
    }),
    allowed: people,
  },
  "api.my_organisations()": { call: () => ({ sql: "select api.my_organisations()" }), allowed: people },
  "api.organisation_overview(uuid)": {
    call: (w) => ({ sql: "select api.organisation_overview($1)", params: [w.organisationA] }),
    allowed: ["adminA", "facilitatorA"],
  },
  "api.update_organisation(uuid,integer,text,app.organisation_kind,text,text,text,text,text,text,text)": {
    call: (w) => ({ sql: "select api.update_organisation($1, 1, 'Klubb A', 'idrett')", params: [w.organisationA] }),
    allowed: ["adminA"],
  },
  "api.verification_queue(uuid,app.partnership_status)": {
    call: (w) => ({ sql: "select api.verification_queue($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.organisation_for_staff(uuid,uuid)": {
    call: (w) => ({ sql: "select api.organisation_for_staff($1, $2)", params: [w.municipalityX, w.organisationA] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.decide_partnership(uuid,uuid,app.partnership_status,text)": {
    call: (w) => ({
      sql: "select api.decide_partnership($1, $2, 'suspended', 'Mangler politiattest')",
      params: [w.municipalityX, w.organisationA],
    }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.invite_member(uuid,text,app.member_role)": {
    call: (w) => ({ sql: "select api.invite_member($1, 'ny@example.test', 'facilitator')", params: [w.organisationA] }),
    allowed: ["adminA"],
  },
  "api.invite_staff(uuid,text,app.staff_role)": {
    call: (w) => ({ sql: "select api.invite_staff($1, 'ny@example.test', 'caseworker')", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.invitation(text)": {
    call: () => ({ sql: "select api.invitation($1)", params: [INVITATION_TOKEN] }),
    allowed: everyone,
  },
  "api.accept_invitation(text)": {
    call: () => ({ sql: "select api.accept_invitation($1)", params: [INVITATION_TOKEN] }),
    allowed: ["juror"],
  },
  "api.set_member_roles(uuid,uuid,app.member_role[])": {
    call: (w) => ({
      sql: "select api.set_member_roles($1, $2, '{admin,facilitator}')",
      params: [w.organisationA, w.facilitatorA],
    }),
    allowed: ["adminA"],
  },
  "api.municipality_staff(uuid)": {
    call: (w) => ({ sql: "select api.municipality_staff($1)", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.set_staff_roles(uuid,uuid,app.staff_role[])": {
    call: (w) => ({
      sql: "select api.set_staff_roles($1, $2, '{caseworker,admin,anviser}')",
      params: [w.municipalityX, w.caseworkerX],
    }),
    allowed: ["adminX"],
  },
  "api.municipality_settings(uuid)": {
    call: (w) => ({ sql: "select api.municipality_settings($1)", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.save_municipality_settings(uuid,integer,text)": {
    call: (w) => ({
      sql: "select api.save_municipality_settings($1, 2, '1503.20.80119')",
      params: [w.municipalityX],
    }),
    allowed: ["adminX"],
  },
  "api.activity_editor(uuid,uuid)": {
    call: (w) => ({ sql: "select api.activity_editor($1, $2)", params: [w.organisationA, w.activityA] }),
    allowed: ["adminA"],
  },
  "api.save_activity(uuid,uuid,text,app.organisation_kind,uuid,text,text,date,date,integer,integer,text,text[],integer,bigint,app.fee_period,boolean,jsonb,integer)":
    {
      call: (w) => ({
        sql: 'select api.save_activity($1, $2, \'Buldring\', \'idrett\', slots => \'[{"weekday": 2, "starts_at": "18:00", "ends_at": "20:00"}]\')',
        params: [w.organisationA, w.municipalityX],
      }),
      allowed: ["adminA"],
    },
  "api.catalogue(text,app.organisation_kind,integer,integer,text,text,integer,text)": {
    call: () => ({ sql: "select api.catalogue()" }),
    allowed: everyone,
  },
  "api.activity_page(uuid)": {
    call: (w) => ({ sql: "select api.activity_page($1)", params: [w.activityA] }),
    allowed: everyone,
  },
  "api.organisation_profile(uuid)": {
    call: (w) => ({ sql: "select api.organisation_profile($1)", params: [w.organisationA] }),
    allowed: everyone,
  },
  "api.agreement_template(uuid)": {
    call: (w) => ({ sql: "select api.agreement_template($1)", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.save_agreement_template(uuid,text)": {
    call: (w) => ({
      sql: "select api.save_agreement_template($1, 'Avtale mellom {{kommune}} og {{organisasjon}}')",
      params: [w.municipalityX],
    }),
    allowed: ["adminX"],
  },
  "api.agreement_form(uuid)": {
    call: (w) => ({ sql: "select api.agreement_form($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.create_agreement(uuid,uuid,date,date,text,bigint,bigint,text,text)": {
    call: (w) => ({
      sql: "select api.create_agreement($1, $2, '2027-01-01', '2027-12-31')",
      params: [w.municipalityX, w.organisationA],
    }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.update_agreement(uuid,date,date,text,bigint,bigint,text,text)": {
    call: (w) => ({ sql: "select api.update_agreement($1, '2027-01-01', '2027-06-30')", params: [w.draftAgreement] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.set_agreement_activities(uuid,uuid[])": {
    call: (w) => ({
      sql: "select api.set_agreement_activities($1, array[$2::uuid])",
      params: [w.draftAgreement, w.activityA],
    }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.send_agreement(uuid)": {
    call: (w) => ({ sql: "select api.send_agreement($1)", params: [w.draftAgreement] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.sign_agreement(uuid,text,text,boolean,text)": {
    call: (w) => ({
      sql: "select api.sign_agreement($1, 'Lena Leder', 'Styreleder', true, (select text_hash from app.agreements where id = $1))",
      params: [w.agreementToSign],
    }),
    allowed: ["adminA"],
  },
  "api.revise_agreement(uuid)": {
    call: (w) => ({ sql: "select api.revise_agreement($1)", params: [w.activeAgreement] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.terminate_agreement(uuid,text)": {
    call: (w) => ({ sql: "select api.terminate_agreement($1, 'Klubben legges ned')", params: [w.activeAgreement] }),
    allowed: ["adminA", "caseworkerX", "adminX"],
  },
  "api.name_facilitator(uuid,uuid,uuid,boolean)": {
    call: (w) => ({
      sql: "select api.name_facilitator($1, $2, $3)",
      params: [w.activeAgreement, w.activityA2, w.facilitatorA],
    }),
    allowed: ["adminA"],
  },
  "api.end_facilitator_role(uuid,uuid,uuid)": {
    call: (w) => ({
      sql: "select api.end_facilitator_role($1, $2, $3)",
      params: [w.activeAgreement, w.activityA, w.facilitatorA],
    }),
    allowed: ["adminA"],
  },
  "api.accept_facilitator_role(uuid,uuid,text,boolean)": {
    call: (w) => ({
      sql: "select api.accept_facilitator_role($1, $2, 'Tor Tilrettelegger', true)",
      params: [w.activeAgreement, w.activityA2],
    }),
    allowed: ["facilitatorA"],
  },
  "api.record_police_certificate(uuid,uuid,uuid,date)": {
    call: (w) => ({
      sql: "select api.record_police_certificate($1, $2, $3, '2026-01-15')",
      params: [w.activeAgreement, w.activityA, w.facilitatorA],
    }),
    allowed: ["adminA"],
  },
  "api.municipality_agreements(uuid,app.agreement_status)": {
    call: (w) => ({ sql: "select api.municipality_agreements($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.organisation_agreements(uuid)": {
    call: (w) => ({ sql: "select api.organisation_agreements($1)", params: [w.organisationA] }),
    allowed: ["adminA"],
  },
  "api.agreement_page(uuid)": {
    call: (w) => ({ sql: "select api.agreement_page($1)", params: [w.activeAgreement] }),
    allowed: ["adminA", "caseworkerX", "adminX"],
  },
  "api.agreement_archive(uuid)": {
    call: (w) => ({ sql: "select api.agreement_archive($1)", params: [w.activeAgreement] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.agreement_archive_year(uuid,integer)": {
    call: (w) => ({
      sql: "select api.agreement_archive_year($1, extract(year from now() at time zone 'Europe/Oslo')::int)",
      params: [w.municipalityX],
    }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.my_facilitator_roles()": { call: () => ({ sql: "select api.my_facilitator_roles()" }), allowed: people },
  "api.run_agreement_lifecycle(date)": {
    call: () => ({ sql: "select api.run_agreement_lifecycle('2026-12-01')" }),
    allowed: ["service_role"],
  },
  "api.register_participant(uuid,text,integer,text,text,text,boolean,text[],text,uuid)": {
    call: (w) => ({
      sql: "select api.register_participant($1, 'Kari', 2001, submission_key => gen_random_uuid())",
      params: [w.municipalityX],
    }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.participant_duplicates(uuid,text)": {
    call: (w) => ({ sql: "select api.participant_duplicates($1)", params: [w.participantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.delete_participant(uuid)": {
    call: (w) => ({ sql: "select api.delete_participant($1)", params: [w.unplacedParticipantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.merge_participants(uuid,uuid)": {
    call: (w) => ({ sql: "select api.merge_participants($1, $2)", params: [w.unplacedParticipantX, w.participantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.update_participant(uuid,integer,text,integer,text,text,text,boolean,text[],text)": {
    call: (w) => ({ sql: "select api.update_participant($1, 1, 'Ola', 2000)", params: [w.participantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.participants(uuid,text,integer)": {
    call: (w) => ({ sql: "select api.participants($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.participant_page(uuid)": {
    call: (w) => ({ sql: "select api.participant_page($1)", params: [w.participantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.add_participant_note(uuid,text)": {
    call: (w) => ({ sql: "select api.add_participant_note($1, 'Trives godt')", params: [w.participantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.participant_export(uuid)": {
    call: (w) => ({ sql: "select api.participant_export($1)", params: [w.participantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.place_participant(uuid,uuid,date,date)": {
    call: (w) => ({ sql: "select api.place_participant($1, $2, app.today())", params: [w.participantX, w.activityA] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.placement_search(uuid,text,app.organisation_kind,integer,integer)": {
    call: (w) => ({ sql: "select api.placement_search($1, 'klatr')", params: [w.participantX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.add_followup(uuid,date,text)": {
    call: (w) => ({ sql: "select api.add_followup($1, app.today(), 'Samtale med deltaker')", params: [w.placementA] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.end_placement(uuid,date,app.placement_outcome,text)": {
    call: (w) => ({ sql: "select api.end_placement($1, app.today(), 'continues_as_member')", params: [w.placementA] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.add_planned_absence(uuid,date)": {
    call: (w) => ({ sql: "select api.add_planned_absence($1, app.today() + 7)", params: [w.placementA] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.remove_planned_absence(uuid,date)": {
    call: (w) => ({ sql: "select api.remove_planned_absence($1, app.today() + 14)", params: [w.placementA] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.placements(uuid,text,integer)": {
    call: (w) => ({ sql: "select api.placements($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.placement_page(uuid)": {
    call: (w) => ({ sql: "select api.placement_page($1)", params: [w.placementA] }),
    allowed: ["adminA", "facilitatorA", "caseworkerX", "adminX"],
  },
  "api.facilitator_week(date)": { call: () => ({ sql: "select api.facilitator_week()" }), allowed: people },
  "api.save_attendance(uuid,jsonb,uuid)": {
    call: (w) => ({
      sql: "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', 'present')), gen_random_uuid())",
      params: [w.sessionA, w.placementA],
    }),
    allowed: ["adminA", "facilitatorA", "caseworkerX", "adminX"],
  },
  "api.add_session(uuid,date,time without time zone,time without time zone)": {
    call: (w) => ({ sql: "select api.add_session($1, app.today(), '10:00', '11:00')", params: [w.activityA] }),
    allowed: ["adminA", "facilitatorA"],
  },
  "api.cancel_session(uuid,text)": {
    call: (w) => ({ sql: "select api.cancel_session($1, 'Hallen er stengt')", params: [w.sessionA] }),
    allowed: ["adminA", "facilitatorA"],
  },
  "api.activity_sessions(uuid,date)": {
    call: (w) => ({ sql: "select api.activity_sessions($1)", params: [w.activityA] }),
    allowed: ["adminA", "facilitatorA"],
  },
  "api.run_placement_lifecycle(date)": {
    call: () => ({ sql: "select api.run_placement_lifecycle()" }),
    allowed: ["service_role"],
  },
  "api.claim_form(uuid)": {
    call: (w) => ({ sql: "select api.claim_form($1)", params: [w.placementA] }),
    allowed: ["adminA"],
  },
  "api.save_claim(uuid,app.claim_kind,bigint,uuid,date,date,date,text,integer,uuid)": {
    call: (w) => ({
      sql: "select api.save_claim($1, 'kontingent', 100000, period_start => app.today() - 30, period_end => app.today())",
      params: [w.placementA],
    }),
    allowed: ["adminA"],
  },
  "api.add_receipt(uuid,text,text,text,integer,text)": {
    call: (w) => ({
      sql: `select api.add_receipt($1::uuid, $2::text || '/' || $1::text || '/kvittering.png', 'kvittering.png', 'image/png', 2000, repeat('c', 64))`,
      params: [w.draftClaim, w.organisationA],
    }),
    allowed: ["adminA"],
  },
  "api.remove_receipt(uuid)": {
    call: (w) => ({ sql: "select api.remove_receipt($1)", params: [w.draftReceipt] }),
    allowed: ["adminA"],
  },
  "api.submit_claim(uuid)": {
    call: (w) => ({ sql: "select api.submit_claim($1)", params: [w.draftClaim] }),
    allowed: ["adminA"],
  },
  "api.withdraw_claim(uuid)": {
    call: (w) => ({ sql: "select api.withdraw_claim($1)", params: [w.submittedClaim] }),
    allowed: ["adminA"],
  },
  "api.answer_claim(uuid,text)": {
    call: (w) => ({ sql: "select api.answer_claim($1, 'Kvitteringen er lagt ved')", params: [w.needsInfoClaim] }),
    allowed: ["adminA"],
  },
  "api.organisation_claims(uuid,integer)": {
    call: (w) => ({ sql: "select api.organisation_claims($1)", params: [w.organisationA] }),
    allowed: ["adminA"],
  },
  "api.claim_queue(uuid,app.claim_status,app.claim_kind,uuid,integer,integer,text)": {
    call: (w) => ({ sql: "select api.claim_queue($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.claim_page(uuid)": {
    call: (w) => ({ sql: "select api.claim_page($1)", params: [w.submittedClaim] }),
    allowed: ["adminA", "caseworkerX", "adminX"],
  },
  "api.decide_claim(uuid,app.claim_status,text,text)": {
    call: (w) => ({ sql: "select api.decide_claim($1, 'approved')", params: [w.submittedClaim] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.set_budget(uuid,integer,app.claim_kind,bigint)": {
    call: (w) => ({ sql: "select api.set_budget($1, 2030, 'utstyr', 5000000)", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.budget_page(uuid,integer)": {
    call: (w) => ({ sql: "select api.budget_page($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.authorisation_queue(uuid,integer)": {
    call: (w) => ({ sql: "select api.authorisation_queue($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.authorise_claims(uuid,uuid[])": {
    call: (w) => ({
      sql: "select api.authorise_claims($1, array[$2::uuid])",
      params: [w.municipalityX, w.awaitingAuthorisationClaim],
    }),
    allowed: ["adminX"],
  },
  "api.create_payment_batch(uuid,date)": {
    call: (w) => ({ sql: "select api.create_payment_batch($1, app.today() + 1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.payment_batch(uuid)": {
    call: (w) => ({ sql: "select api.payment_batch($1)", params: [w.paymentBatch] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.payment_batches(uuid)": {
    call: (w) => ({ sql: "select api.payment_batches($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.mark_paid(uuid,date,text,uuid[],uuid)": {
    call: (w) => ({
      sql: "select api.mark_paid($1, app.today(), 'BET-2026-11', claim_ids => array[$2::uuid])",
      params: [w.municipalityX, w.approvedClaim],
    }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.prize_rounds(uuid)": {
    call: (w) => ({ sql: "select api.prize_rounds($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.save_prize_round(uuid,integer,text,timestamp with time zone,timestamp with time zone,jsonb,text,uuid)": {
    call: (w) => ({
      sql: `select api.save_prize_round($1, 2032, 'Inkluderingsprisen 2032', now() + interval '1 day', now() + interval '30 days',
              '[{"title": "Åpenhet", "weight": 2}]')`,
      params: [w.municipalityX],
    }),
    allowed: ["adminX"],
  },
  "api.advance_prize_round(uuid)": {
    call: (w) => ({ sql: "select api.advance_prize_round($1)", params: [w.draftRoundX] }),
    allowed: ["adminX"],
  },
  "api.add_juror(uuid,text)": {
    call: (w) => ({ sql: "select api.add_juror($1, 'ny.jurymedlem@example.test')", params: [w.judgingRoundX] }),
    allowed: ["adminX"],
  },
  "api.remove_juror(uuid,uuid)": {
    call: (w) => ({ sql: "select api.remove_juror($1, $2)", params: [w.judgingRoundX, w.juror] }),
    allowed: ["adminX"],
  },
  "api.prize_round_admin(uuid)": {
    call: (w) => ({ sql: "select api.prize_round_admin($1)", params: [w.judgingRoundX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.nomination_form(uuid)": { call: () => ({ sql: "select api.nomination_form()" }), allowed: everyone },
  "api.nominate(uuid,uuid,text,text,text,jsonb,text,uuid)": {
    call: (w) => ({
      sql: `select api.nominate($1, $2, 'Per Publikum', 'per@example.test', 'Nabo', '{"åpenhet": "Alle er velkomne"}')`,
      params: [w.openRoundY, w.organisationA],
    }),
    allowed: everyone,
  },
  "api.confirm_nomination(text)": {
    call: () => ({ sql: "select api.confirm_nomination($1)", params: [NOMINATION_TOKEN] }),
    allowed: everyone,
  },
  "api.screen_nominee(uuid,uuid,boolean,text)": {
    call: (w) => ({ sql: "select api.screen_nominee($1, $2, true)", params: [w.judgingRoundX, w.organisationA] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.juror_round(uuid)": {
    call: (w) => ({ sql: "select api.juror_round($1)", params: [w.judgingRoundX] }),
    allowed: ["juror"],
  },
  "api.declare_conflict(uuid,uuid,text)": {
    call: (w) => ({
      sql: "select api.declare_conflict($1, $2, 'Nabo av lederen')",
      params: [w.judgingRoundX, w.organisationA],
    }),
    allowed: ["juror"],
  },
  "api.score_nominee(uuid,uuid,jsonb)": {
    call: (w) => ({
      sql: `select api.score_nominee($1, $2, (select jsonb_agg(jsonb_build_object('criterion_id', id, 'score', 4))
                                               from app.prize_criteria where round_id = $1))`,
      params: [w.judgingRoundX, w.organisationA],
    }),
    allowed: ["juror"],
  },
  "api.my_jury_rounds()": { call: () => ({ sql: "select api.my_jury_rounds()" }), allowed: people },
  "api.announce_winners(uuid,jsonb)": {
    call: (w) => ({
      sql: "select api.announce_winners($1, jsonb_build_array(jsonb_build_object('organisation_id', $2::uuid, 'citation', 'For åpne dører')))",
      params: [w.judgingRoundX, w.organisationA],
    }),
    allowed: ["adminX"],
  },
  "api.roll_of_honour(text)": { call: () => ({ sql: "select api.roll_of_honour()" }), allowed: everyone },
  "api.run_prize_lifecycle(timestamp with time zone)": {
    call: () => ({ sql: "select api.run_prize_lifecycle()" }),
    allowed: ["service_role"],
  },
  "api.work_list(uuid)": {
    call: (w) => ({ sql: "select api.work_list($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.set_staff_settings(uuid,boolean)": {
    call: (w) => ({ sql: "select api.set_staff_settings($1, false)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.dashboard(uuid,integer)": {
    call: (w) => ({ sql: "select api.dashboard($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.yearly_report(uuid,integer)": {
    call: (w) => ({ sql: "select api.yearly_report($1, 2026)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.export_placements(uuid,integer)": {
    call: (w) => ({ sql: "select api.export_placements($1, 2026)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.export_claims(uuid,integer)": {
    call: (w) => ({ sql: "select api.export_claims($1, 2026)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.export_organisations(uuid)": {
    call: (w) => ({ sql: "select api.export_organisations($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.export_attendance(uuid,integer)": {
    call: (w) => ({ sql: "select api.export_attendance($1, 2026)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.audit_log(uuid,text,text,date,date,integer)": {
    call: (w) => ({ sql: "select api.audit_log($1)", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.organisation_insight(uuid,integer)": {
    call: (w) => ({ sql: "select api.organisation_insight($1)", params: [w.organisationA] }),
    allowed: ["adminA"],
  },
  "api.record_register_snapshot(uuid,jsonb)": {
    call: (w) => ({
      sql: `select api.record_register_snapshot($1, '{"outcome": "found", "name": "Klubb A", "bankrupt": true}')`,
      params: [w.organisationA],
    }),
    allowed: ["service_role"],
  },
  "api.take_register_checks(integer,timestamp with time zone)": {
    call: () => ({ sql: "select api.take_register_checks(1)" }),
    allowed: ["service_role"],
  },
  "api.register_changes(uuid)": {
    call: (w) => ({ sql: "select api.register_changes($1)", params: [w.municipalityX] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.review_register_change(uuid,bigint)": {
    call: (w) => ({ sql: "select api.review_register_change($1, $2)", params: [w.municipalityX, w.registerChange] }),
    allowed: ["caseworkerX", "adminX"],
  },
  "api.signer_to_check(uuid)": {
    call: (w) => ({ sql: "select api.signer_to_check($1)", params: [w.activeAgreement] }),
    allowed: ["service_role"],
  },
  "api.record_signer_check(uuid,text,text,jsonb)": {
    call: (w) => ({ sql: "select api.record_signer_check($1, 'no_match')", params: [w.activeAgreement] }),
    allowed: ["service_role"],
  },
  "api.undelivered_mail(uuid)": {
    call: (w) => ({ sql: "select api.undelivered_mail($1)", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.retry_mail(uuid,bigint)": {
    call: (w) => ({ sql: "select api.retry_mail($1)", params: [w.municipalityX] }),
    allowed: ["adminX"],
  },
  "api.my_reminders()": { call: () => ({ sql: "select api.my_reminders()" }), allowed: people },
  "api.set_reminders(boolean,boolean,boolean)": {
    call: () => ({ sql: "select api.set_reminders(false, true, true)" }),
    allowed: people,
  },
  "api.renew_calendar_feed(text)": {
    call: () => ({ sql: "select api.renew_calendar_feed()" }),
    allowed: ["facilitatorA", "facilitatorB"],
  },
  "api.reminder_link(text)": {
    call: () => ({ sql: "select api.reminder_link($1)", params: [REMINDER_TOKEN] }),
    allowed: everyone,
  },
  "api.opt_out_by_link(text)": {
    call: () => ({ sql: "select api.opt_out_by_link($1)", params: [REMINDER_TOKEN] }),
    allowed: everyone,
  },
  "api.calendar_feed(text)": {
    call: () => ({ sql: "select api.calendar_feed($1)", params: [CALENDAR_TOKEN] }),
    allowed: everyone,
  },
  "api.run_session_reminders(date)": {
    call: () => ({ sql: "select api.run_session_reminders('2026-12-01')" }),
    allowed: ["service_role"],
  },
  "api.run_attendance_summary(date)": {
    call: () => ({ sql: "select api.run_attendance_summary('2026-12-01')" }),
    allowed: ["service_role"],
  },
  "api.take_outbox(integer)": { call: () => ({ sql: "select api.take_outbox(1)" }), allowed: ["service_role"] },
  "api.count_attempts(jsonb,boolean)": {
    call: () => ({
      sql: "select api.count_attempts($1)",
      params: [JSON.stringify([{ bucket: "matrix", subject: "a".repeat(64), limit: 5, window_seconds: 60 }])],
    }),
    allowed: ["service_role"],
  },
  "api.report_outbox(bigint,text)": {
    call: () => ({ sql: "select api.report_outbox((select max(id) from app.outbox))" }),
    allowed: ["service_role"],
  },
};

/** Functions anonymous visitors may call: the public catalogue and what a link opens. */
const publicFunctions = [
  "api.activity_page(uuid)",
  "api.calendar_feed(text)",
  "api.catalogue(text,app.organisation_kind,integer,integer,text,text,integer,text)",
  "api.confirm_nomination(text)",
  "api.invitation(text)",
  "api.nominate(uuid,uuid,text,text,text,jsonb,text,uuid)",
  "api.nomination_form(uuid)",
  "api.opt_out_by_link(text)",
  "api.organisation_profile(uuid)",
  "api.reminder_link(text)",
  "api.roll_of_honour(text)",
];

let db: Db;
let world: World;

beforeAll(async () => {
  db = await pool.connect();
  await db.query("begin");
  const municipalityX = await make.municipality(db, "X");
  const municipalityY = await make.municipality(db, "Y");
  const organisationA = await make.organisation(db, "Klubb A");
  const organisationB = await make.organisation(db, "Klubb B");
  world = {
    municipalityX,
    municipalityY,
    organisationA,
    organisationB,
    adminA: await make.member(db, organisationA, "admin"),
    facilitatorA: await make.member(db, organisationA, "facilitator"),
    adminB: await make.member(db, organisationB, "admin"),
    facilitatorB: await make.member(db, organisationB, "facilitator"),
    caseworkerX: await make.staff(db, municipalityX, "caseworker"),
    adminX: await make.staff(db, municipalityX, "admin"),
    caseworkerY: await make.staff(db, municipalityY, "caseworker"),
    adminY: await make.staff(db, municipalityY, "admin"),
    juror: await make.user(db),
    activityA: "",
    draftAgreement: "",
    agreementToSign: "",
    activeAgreement: "",
    activityA2: "",
    participantX: "",
    unplacedParticipantX: "",
    placementA: "",
    sessionA: "",
    draftClaim: "",
    draftReceipt: "",
    submittedClaim: "",
    needsInfoClaim: "",
    approvedClaim: "",
    awaitingAuthorisationClaim: "",
    paymentBatch: "",
    judgingRoundX: "",
    draftRoundX: "",
    openRoundY: "",
    registerChange: "",
  };
  await make.partnership(db, organisationA, municipalityX, "verified");
  await make.partnership(db, organisationB, municipalityY, "pending");
  world.activityA = await make.activity(db, organisationA, municipalityX);
  await make.activity(db, organisationB, municipalityY);
  await make.invitation(db, `${world.juror}@example.test`, organisationA, "facilitator", INVITATION_TOKEN);
  world.draftAgreement = await make.agreement(db, municipalityX, organisationA, "draft");
  // R6: only an agreement that covers an activity can be sent.
  await db.query("insert into app.agreement_activities (agreement_id, activity_id) values ($1, $2)", [
    world.draftAgreement,
    world.activityA,
  ]);
  world.agreementToSign = await make.agreement(db, municipalityX, organisationA, "awaiting_organisation");
  world.activeAgreement = await make.agreement(db, municipalityX, organisationA, "active");
  world.activityA2 = await make.activity(db, organisationA, municipalityX, { title: "Tauklatring" });
  await make.facilitatorRole(db, world.activeAgreement, world.activityA, world.facilitatorA, true);
  await make.facilitatorRole(db, world.activeAgreement, world.activityA2, world.facilitatorA, false);
  world.participantX = await make.participant(db, municipalityX);
  world.unplacedParticipantX = await make.participant(db, municipalityX, { first_name: "Ola" });
  world.placementA = await make.placement(db, world.participantX, world.activityA, world.activeAgreement);
  world.sessionA = await make.session(db, world.activityA, daysFromToday(-1));
  await db.query(
    "insert into app.planned_absences (placement_id, municipality_id, on_date) values ($1, $2, app.today() + 14)",
    [world.placementA, municipalityX],
  );
  // Room in the year's fee (R3) for the draft, submitted, waiting and approved claims below together.
  await db.query("update app.activities set fee_ore = 300000 where id = $1", [world.activityA]);
  await make.budget(db, municipalityX, "kontingent", 10_000_000);
  world.draftClaim = await make.claim(db, world.placementA, "draft");
  world.draftReceipt = await make.receipt(db, world.draftClaim);
  world.submittedClaim = await make.claim(db, world.placementA, "submitted");
  world.needsInfoClaim = await make.claim(db, world.placementA, "needs_info");
  await make.receipt(db, world.needsInfoClaim, "b".repeat(64));
  world.approvedClaim = await make.claim(db, world.placementA, "approved");
  // Municipality X's admin also authorises payments (R13), here a claim the caseworker approved.
  await db.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'anviser')", [
    municipalityX,
    world.adminX,
  ]);
  world.awaitingAuthorisationClaim = await make.claim(db, world.placementA, "approved", {
    approved_by: world.caseworkerX,
  });
  world.paymentBatch = (
    await db.query<{ id: string }>("insert into app.payment_batches (municipality_id) values ($1) returning id", [
      municipalityX,
    ])
  ).rows[0]!.id;
  await make.partnership(db, organisationA, municipalityY, "verified");
  world.registerChange = (
    await db.query<{ id: string }>(
      "insert into app.register_changes (organisation_id, kind) values ($1, 'bankrupt') returning id",
      [organisationA],
    )
  ).rows[0]!.id;
  world.judgingRoundX = await make.prizeRound(db, municipalityX, "judging", 2025);
  world.draftRoundX = await make.prizeRound(db, municipalityX, "draft", 2031);
  world.openRoundY = await make.prizeRound(db, municipalityY, "open", 2026);
  await db.query("insert into app.prize_jurors (round_id, user_id) values ($1, $2)", [
    world.judgingRoundX,
    world.juror,
  ]);
  await make.nomination(db, world.judgingRoundX, organisationA, { status: "eligible" });
  await make.nomination(db, world.openRoundY, organisationA, { token: NOMINATION_TOKEN, confirmed: false });
  await db.query(
    `insert into app.reminder_links (token_hash, user_id, kind) values (app.token_hash($1), $2, 'session_ahead')`,
    [REMINDER_TOKEN, world.facilitatorA],
  );
  await db.query("insert into app.calendar_feeds (user_id, token_hash) values ($1, app.token_hash($2))", [
    world.facilitatorA,
    CALENDAR_TOKEN,
  ]);
});

afterAll(async () => {
  await db.query("rollback");
  db.release();
  await pool.end();
});

const actorFor = (role: Role): Actor => (role === "anon" || role === "service_role" ? role : { userId: world[role] });

/** Calls inside a savepoint, so each call leaves nothing behind for the next. */
async function attempt(role: Role, entry: Entry): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const { sql, params = [] } = entry.call(world);
  await db.query("savepoint attempt");
  try {
    await actAs(db, actorFor(role));
    await db.query(sql, params);
    return { ok: true };
  } catch (error) {
    const { code = "", message } = error as { code?: string; message: string };
    return { ok: false, code, message };
  } finally {
    await db.query("rollback to savepoint attempt");
    await actAs(db, "postgres");
  }
}

describe("security matrix", () => {
  it("has an entry for every function in schema api", async () => {
    const { rows } = await pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'api' order by 1`,
    );
    expect(rows.map((row) => row.fn)).toEqual(Object.keys(matrix).sort());
  });

  it("lets anonymous visitors execute only the public functions", async () => {
    const { rows } = await pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('api', 'app') and has_function_privilege('anon', p.oid, 'execute')
          and n.nspname = 'api' order by 1`,
    );
    expect(rows.map((row) => row.fn)).toEqual([...publicFunctions].sort());
  });

  for (const [fn, entry] of Object.entries(matrix)) {
    for (const role of roles) {
      const expected = entry.allowed.includes(role) ? "allowed" : "refused";
      it(`${fn} as ${role} is ${expected}`, async () => {
        const outcome = await attempt(role, entry);
        if (expected === "allowed") expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
        else expect(outcome.ok, `expected a refusal, the call succeeded`).toBe(false);
      });
    }
  }
});
