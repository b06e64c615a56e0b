import type {
  AuthorisationQueue,
  BudgetPage,
  ClaimForm,
  ClaimPage,
  ClaimQueue,
  ClaimStatus,
  OrganisationClaims,
  PaymentBatch,
  PaymentBatches,
} from "../claims";
import type { ApiArea } from "./area";

/**
 * The `api` functions of claims, budgets and payments (supabase/schemas/40_claims.sql).
 * The claim queue's status defaults to submitted claims; null asks for every status.
 */
export type ClaimsApi = ApiArea<{
  organisation_claims: { returns: OrganisationClaims };
  claim_form: { returns: ClaimForm };
  save_claim: { returns: string };
  add_receipt: { returns: { duplicates: string[] } };
  remove_receipt: { returns: string };
  submit_claim: { returns: null };
  withdraw_claim: { returns: null };
  answer_claim: { returns: null };
  // organisation_search: part of a partner organisation's name, or its organisation number.
  claim_queue: { returns: ClaimQueue; narrow: { status?: ClaimStatus | null } };
  claim_page: { returns: ClaimPage };
  decide_claim: { returns: null };
  authorisation_queue: { returns: AuthorisationQueue };
  authorise_claims: { returns: number };
  set_budget: { returns: null };
  budget_page: { returns: BudgetPage };
  create_payment_batch: { returns: PaymentBatch };
  payment_batch: { returns: PaymentBatch };
  payment_batches: { returns: PaymentBatches };
  mark_paid: { returns: number };
}>;
