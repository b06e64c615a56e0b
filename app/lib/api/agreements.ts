import type {
  AgreementForm,
  AgreementPage,
  AgreementStatus,
  AgreementTemplate,
  FacilitatorRoles,
  MunicipalityAgreements,
  OrganisationAgreements,
} from "../agreements";

type Terms = {
  valid_from: string;
  valid_to: string;
  covered_fees?: string;
  equipment_cap_ore?: number;
  compensation_ore?: number;
  municipality_contact?: string;
  organisation_contact?: string;
};

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type AgreementsApi = {
  agreement_template: { args: { municipality_id: string }; returns: AgreementTemplate };
  save_agreement_template: { args: { municipality_id: string; body: string }; returns: number };
  agreement_form: { args: { municipality_id: string }; returns: AgreementForm };
  create_agreement: { args: Terms & { municipality_id: string; organisation_id: string }; returns: string };
  update_agreement: { args: Terms & { agreement_id: string }; returns: null };
  set_agreement_activities: { args: { agreement_id: string; activity_ids: string[] }; returns: null };
  send_agreement: { args: { agreement_id: string }; returns: null };
  sign_agreement: {
    args: { agreement_id: string; full_name: string; signer_role: string; confirmed: boolean; text_hash: string };
    returns: AgreementStatus;
  };
  revise_agreement: { args: { agreement_id: string }; returns: string };
  terminate_agreement: { args: { agreement_id: string; reason: string }; returns: null };
  name_facilitator: {
    args: { agreement_id: string; activity_id: string; facilitator_id: string; alongside?: boolean };
    returns: null;
  };
  end_facilitator_role: { args: { agreement_id: string; activity_id: string; facilitator_id: string }; returns: null };
  accept_facilitator_role: {
    args: { agreement_id: string; activity_id: string; full_name: string; confirmed: boolean };
    returns: null;
  };
  record_police_certificate: {
    args: { agreement_id: string; activity_id: string; facilitator_id: string; seen_on: string };
    returns: null;
  };
  municipality_agreements: {
    args: { municipality_id: string; status?: AgreementStatus | null };
    returns: MunicipalityAgreements;
  };
  organisation_agreements: { args: { organisation_id: string }; returns: OrganisationAgreements };
  agreement_page: { args: { agreement_id: string }; returns: AgreementPage };
  my_facilitator_roles: { args: Record<string, never>; returns: FacilitatorRoles };
};
