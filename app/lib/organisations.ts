import type { RegisterChange, RegisterSnapshot } from "./register";

/**
 * What the organisation and catalogue functions return (supabase/schemas/10_organisations.sql),
 * shared by the routes and their components.
 */
export const organisationKinds = ["idrett", "kultur", "musikk", "friluft", "annet"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const feePeriods = ["year", "half_year", "month"] as const;
export type FeePeriod = (typeof feePeriods)[number];

export const partnershipStatuses = ["pending", "verified", "declined", "suspended"] as const;
export type PartnershipStatus = (typeof partnershipStatuses)[number];

export const memberRoles = ["admin", "facilitator"] as const;
export type MemberRole = (typeof memberRoles)[number];

export const staffRoles = ["caseworker", "admin", "anviser"] as const;
export type StaffRole = (typeof staffRoles)[number];

/** ISO weekdays: 1 = Monday. */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

export type Slot = { weekday: number; starts_at: string; ends_at: string };
export type Ref = { id: string; name: string };

export type Organisation = {
  id: string;
  organisation_number: string;
  name: string;
  kind: OrganisationKind;
  description: string;
  contact_email: string | null;
  contact_phone: string | null;
  postal_address: string;
  postal_code: string | null;
  postal_town: string;
  /** Counts the saves; an edit form sends back the one it was loaded with. */
  version: number;
};

export type PublicOrganisation = Pick<
  Organisation,
  "id" | "name" | "kind" | "description" | "contact_email" | "contact_phone" | "postal_town"
>;

export type Partnership = {
  municipality_id: string;
  municipality_name: string;
  status: PartnershipStatus;
  status_reason: string | null;
  requested_at: string;
  decided_at: string | null;
};

export type Activity = {
  id: string;
  organisation_id: string;
  municipality_id: string;
  municipality_name: string;
  title: string;
  category: OrganisationKind;
  description: string;
  place: string;
  season_start: string | null;
  season_end: string | null;
  age_min: number | null;
  age_max: number | null;
  adaptations: string;
  adaptation_tags: string[];
  capacity: number;
  fee_ore: number;
  fee_period: FeePeriod;
  is_public: boolean;
  slots: Slot[];
  /** Counts the saves; an edit form sends back the one it was loaded with. */
  version: number;
};

export type CatalogueItem = Pick<
  Activity,
  "id" | "title" | "category" | "place" | "age_min" | "age_max" | "adaptation_tags" | "fee_ore" | "fee_period" | "slots"
> & { organisation_name: string; municipality_name: string };

export type Catalogue = {
  total: number;
  page: number;
  page_size: number;
  items: CatalogueItem[];
  municipalities: { number: string; name: string }[];
  tags: string[];
};

/** What `api.catalogue` answers: the picker is null when the caller named the digest it holds. */
export type CatalogueAnswer = Omit<Catalogue, "municipalities"> & {
  municipalities: Catalogue["municipalities"] | null;
  municipalities_digest: string;
};

export type ActivityPage = {
  activity: Activity;
  organisation: PublicOrganisation;
  other_activities: { id: string; title: string }[];
};

export type OrganisationProfile = {
  organisation: PublicOrganisation;
  municipalities: string[];
  activities: { id: string; title: string; category: OrganisationKind }[];
};

export type MyOrganisation = {
  id: string;
  name: string;
  organisation_number: string;
  kind: OrganisationKind;
  roles: MemberRole[];
  partnerships: Partnership[];
  activity_count: number;
};

export type Person = { user_id: string; display_name: string | null; email: string };

export type OrganisationOverview = {
  organisation: Organisation;
  is_admin: boolean;
  bank_account: string | null;
  partnerships: Partnership[];
  members: (Person & { roles: MemberRole[] })[];
  invitations: { id: string; email: string; role: MemberRole; created_at: string; expires_at: string }[];
  activities: {
    id: string;
    title: string;
    category: OrganisationKind;
    municipality_name: string;
    is_public: boolean;
    capacity: number;
  }[];
};

export type ActivityEditor = {
  organisation: { id: string; name: string; kind: OrganisationKind };
  activity: Activity | null;
  municipalities: Ref[];
  known_tags: string[];
};

export type VerificationQueue = {
  municipality: Ref;
  status: PartnershipStatus;
  counts: Partial<Record<PartnershipStatus, number>> | null;
  organisations: {
    id: string;
    name: string;
    organisation_number: string;
    kind: OrganisationKind;
    requested_at: string;
    decided_at: string | null;
    status_reason: string | null;
  }[];
};

export type OrganisationForStaff = {
  organisation: Organisation;
  bank_account: string | null;
  partnership: {
    status: PartnershipStatus;
    status_reason: string | null;
    requested_at: string;
    decided_at: string | null;
  };
  admins: { display_name: string | null; email: string }[];
  activities: { id: string; title: string; category: OrganisationKind; is_public: boolean }[];
  history: {
    occurred_at: string;
    action: string;
    status: PartnershipStatus | null;
    reason: string | null;
    actor: string | null;
  }[];
  /** What Enhetsregisteret said at the last lookup that answered, if any. */
  register: RegisterSnapshot | null;
  /** Register changes nobody in this municipality has marked as seen. */
  register_changes: RegisterChange[];
};

/** The decisions a caseworker can make from each status (as api.decide_partnership allows). */
export const nextStatuses: Record<PartnershipStatus, PartnershipStatus[]> = {
  pending: ["verified", "declined"],
  verified: ["suspended"],
  suspended: ["verified"],
  declined: ["verified"],
};

export type Invitation = {
  email: string;
  role: MemberRole | "caseworker" | "juror";
  organisation: Ref | null;
  municipality: Ref | null;
  prize_round: { id: string; title: string } | null;
  state: "open" | "accepted" | "expired";
};

export type RegistrationForm = { municipalities: (Ref & { number: string })[] };

/** The fields of the people forms (organisation members, municipality staff). */
export const peopleLabels = { email: "field.email", role: "overview.role" } as const;
