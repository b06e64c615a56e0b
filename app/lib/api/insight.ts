import type { AuditLog, ClaimKind, ClaimStatus, Dashboard, OrganisationInsight, YearlyReport } from "../insight";
import type { OrganisationKind, PartnershipStatus } from "../organisations";
import type { PlacementOutcome } from "../participants";
import type { ApiArea } from "./area";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type InsightApi = ApiArea<{
  dashboard: { returns: Dashboard };
  yearly_report: { returns: YearlyReport };
  export_placements: { returns: PlacementExportRow[] };
  export_claims: { returns: ClaimExportRow[] };
  export_organisations: { returns: OrganisationExportRow[] };
  export_attendance: { returns: AttendanceExportRow[] };
  organisation_insight: { returns: OrganisationInsight };
  audit_log: { returns: AuditLog };
}>;

export type PlacementExportRow = {
  placement: string;
  age_band: string;
  activity: string;
  category: OrganisationKind;
  organisation: string;
  organisation_number: string;
  starts_on: string;
  ends_on: string;
  ended_on: string | null;
  status: "planned" | "active" | "ended";
  outcome: PlacementOutcome | null;
  present: number;
  absent: number;
};

export type ClaimExportRow = {
  reference: string;
  kind: ClaimKind;
  status: ClaimStatus;
  amount_ore: number;
  organisation: string;
  organisation_number: string;
  period_start: string | null;
  period_end: string | null;
  purchase_date: string | null;
  submitted_at: string | null;
  decided_at: string | null;
  paid_on: string | null;
  payment_reference: string | null;
};

export type OrganisationExportRow = {
  organisation_number: string;
  name: string;
  kind: OrganisationKind;
  status: PartnershipStatus;
  contact_email: string | null;
  contact_phone: string | null;
  postal_town: string | null;
  activities: number;
  active_placements: number;
};

export type AttendanceExportRow = {
  activity: string;
  organisation: string;
  month: string;
  sessions: number;
  present: number;
  absent: number;
};
