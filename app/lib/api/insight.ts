import type { AuditLog, ClaimKind, ClaimStatus, Dashboard, OrganisationInsight, YearlyReport } from "../insight";
import type { OrganisationKind, PartnershipStatus } from "../organisations";
import type { PlacementOutcome } from "../participants";

type MunicipalityYear = { municipality_id: string; year: number };

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type InsightApi = {
  dashboard: { args: MunicipalityYear; returns: Dashboard };
  yearly_report: { args: MunicipalityYear; returns: YearlyReport };
  export_placements: { args: MunicipalityYear; returns: PlacementExportRow[] };
  export_claims: { args: MunicipalityYear; returns: ClaimExportRow[] };
  export_organisations: { args: { municipality_id: string }; returns: OrganisationExportRow[] };
  export_attendance: { args: MunicipalityYear; returns: AttendanceExportRow[] };
  organisation_insight: { args: { organisation_id: string; year: number }; returns: OrganisationInsight };
  audit_log: {
    args: {
      municipality_id: string;
      table_name?: string;
      search?: string;
      from_date?: string;
      to_date?: string;
      page?: number;
    };
    returns: AuditLog;
  };
};

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
