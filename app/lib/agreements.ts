import type { SignerCheck } from "./register";
import type { Ref } from "./organisations";

/**
 * What the agreement functions return (supabase/schemas/20_agreements.sql),
 * shared by the agreement routes, their components and the PDF.
 */
export const agreementStatuses = [
  "draft",
  "awaiting_organisation",
  "awaiting_municipality",
  "active",
  "expired",
  "terminated",
  "replaced",
] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];
export type AgreementParty = "organisation" | "municipality";

export type AgreementSummary = {
  id: string;
  status: AgreementStatus;
  valid_from: string;
  valid_to: string;
  organisation: Ref;
  municipality: Ref;
  sent_at: string | null;
  activated_at: string | null;
  replaces_id: string | null;
};

export type AgreementTerms = {
  covered_fees: string;
  equipment_cap_ore: number;
  compensation_ore: number;
  municipality_contact: string;
  organisation_contact: string;
};

export type Signature = {
  party: AgreementParty;
  signer_name: string;
  signer_role: string;
  signed_at: string;
  text_hash: string;
};

type PersonRef = { user_id: string; display_name: string | null; email: string };

/** A person named facilitator for an activity (R7), taking over from the others or alongside them. */
export type NamedFacilitator = PersonRef & {
  alongside: boolean;
  accepted_at: string | null;
  police_certificate_seen_on: string | null;
};

export type AgreementPage = AgreementSummary & {
  terms: AgreementTerms;
  template_version: number;
  /** The newer version that took this one's place, if one did. */
  replaced_by: string | null;
  text: string;
  text_hash: string | null;
  termination_reason: string | null;
  signatures: Signature[];
  activities: {
    activity_id: string;
    title: string;
    has_minors: boolean;
    /** The current namings, accepted ones first. */
    facilitators: NamedFacilitator[];
  }[];
  /** The organisation's activities to choose from, for staff while a draft. */
  organisation_activities: { id: string; title: string }[] | null;
  /** The organisation's facilitators, for its admins. */
  facilitators: PersonRef[] | null;
  timeline: {
    occurred_at: string;
    table: "agreements" | "agreement_signatures" | "agreement_activities" | "facilitator_namings";
    action: "insert" | "update" | "delete";
    status: AgreementStatus | null;
    party: AgreementParty | null;
    /** For the activities' and namings' rows: which activity, whose naming, and what happened. */
    activity: string | null;
    facilitator: string | null;
    change: "covered" | "uncovered" | "named" | "accepted" | "ended" | "police_certificate" | null;
    actor: string | null;
  }[];
  /** For staff: the organisation's signer checked against Enhetsregisteret's roles, once it signed. */
  signer_check: (SignerCheck & { signer_name: string; checked_at: string }) | null;
  can: Record<
    "edit" | "send" | "sign" | "countersign" | "revise" | "terminate" | "name_facilitators" | "download" | "archive",
    boolean
  >;
};

export type AgreementTemplate = {
  municipality: Ref;
  placeholders: string[];
  versions: {
    id: string;
    version: number;
    body: string;
    created_at: string;
    created_by: string | null;
    agreement_count: number;
  }[];
};

export type AgreementForm = { municipality: Ref; has_template: boolean; organisations: Ref[] };

export type MunicipalityAgreements = {
  municipality: Ref;
  counts: Partial<Record<AgreementStatus, number>>;
  agreements: AgreementSummary[];
};

export type OrganisationAgreements = { organisation: Ref; agreements: AgreementSummary[] };

export type FacilitatorRoles = {
  declaration: string;
  roles: {
    agreement_id: string;
    activity_id: string;
    activity: string;
    organisation: string;
    municipality: string;
    agreement_status: AgreementStatus;
    accepted_at: string | null;
  }[];
};

/** What the signed agreement's PDF shows (agreement-pdf.server.ts). */
export type AgreementDocument = Pick<
  AgreementPage,
  | "id"
  | "municipality"
  | "organisation"
  | "valid_from"
  | "valid_to"
  | "text"
  | "text_hash"
  | "signatures"
  | "activities"
>;

/** One signed agreement as the archive takes it in: the PDF's content and the arkivmelding's facts. */
export type AgreementArchiveEntry = AgreementDocument & {
  status: AgreementStatus;
  created_at: string;
  sent_at: string | null;
  activated_at: string;
  municipality: Ref & { number: string };
  organisation: Ref & { organisation_number: string };
};

/** A year's archive packages: the agreements the municipality countersigned that year. */
export type AgreementArchiveYear = { municipality: Ref; year: number; agreements: AgreementArchiveEntry[] };

/** The PDF's object in the private `agreements` bucket: the storage policies read the id from it. */
export const agreementPdfPath = (agreementId: string) => `${agreementId}.pdf`;
