import type {
  AgreementArchiveEntry,
  AgreementArchiveYear,
  AgreementForm,
  AgreementPage,
  AgreementStatus,
  AgreementTemplate,
  FacilitatorRoles,
  MunicipalityAgreements,
  OrganisationAgreements,
} from "../agreements";
import type { ApiArea } from "./area";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type AgreementsApi = ApiArea<{
  agreement_template: { returns: AgreementTemplate };
  save_agreement_template: { returns: number };
  agreement_form: { returns: AgreementForm };
  create_agreement: { returns: string };
  update_agreement: { returns: null };
  set_agreement_activities: { returns: null };
  send_agreement: { returns: null };
  sign_agreement: { returns: AgreementStatus };
  revise_agreement: { returns: string };
  terminate_agreement: { returns: null };
  name_facilitator: { returns: null };
  end_facilitator_role: { returns: null };
  accept_facilitator_role: { returns: null };
  record_police_certificate: { returns: null };
  municipality_agreements: { returns: MunicipalityAgreements };
  organisation_agreements: { returns: OrganisationAgreements };
  agreement_page: { returns: AgreementPage };
  my_facilitator_roles: { returns: FacilitatorRoles };
  agreement_archive: { returns: AgreementArchiveEntry };
  agreement_archive_year: { returns: AgreementArchiveYear };
}>;
