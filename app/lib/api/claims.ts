import type {
  BudgetPage,
  ClaimForm,
  ClaimKind,
  ClaimPage,
  ClaimQueue,
  ClaimStatus,
  OrganisationClaims,
  PaymentBatch,
  PaymentBatches,
} from "../claims";

/** The `api` functions of claims, budgets and payments (supabase/schemas/40_claims.sql). */
export type ClaimsApi = {
  organisation_claims: { args: { organisation_id: string; year?: number | null }; returns: OrganisationClaims };
  claim_form: { args: { placement_id: string }; returns: ClaimForm };
  save_claim: {
    args: {
      placement_id: string;
      kind: ClaimKind;
      amount_ore: number;
      claim_id?: string | null;
      period_start?: string | null;
      period_end?: string | null;
      purchase_date?: string | null;
      description?: string;
      submission_key?: string | null;
    };
    returns: string;
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
    returns: { duplicates: string[]; attached: boolean };
  };
  remove_receipt: { args: { receipt_id: string }; returns: string };
  submit_claim: { args: { claim_id: string }; returns: null };
  withdraw_claim: { args: { claim_id: string }; returns: null };
  answer_claim: { args: { claim_id: string; message: string }; returns: null };
  claim_queue: {
    args: {
      municipality_id: string;
      status?: ClaimStatus | null;
      kind?: ClaimKind | null;
      organisation_id?: string | null;
      min_waiting_days?: number | null;
      page?: number;
      /** Part of a partner organisation's name, or its organisation number. */
      organisation_search?: string | null;
    };
    returns: ClaimQueue;
  };
  claim_page: { args: { claim_id: string }; returns: ClaimPage };
  decide_claim: {
    args: { claim_id: string; decision: ClaimStatus; reason?: string | null; over_limit_reason?: string | null };
    returns: null;
  };
  set_budget: { args: { municipality_id: string; year: number; kind: ClaimKind; amount_ore: number }; returns: null };
  budget_page: { args: { municipality_id: string; year?: number | null }; returns: BudgetPage };
  create_payment_batch: { args: { municipality_id: string }; returns: PaymentBatch };
  payment_batch: { args: { batch_id: string }; returns: PaymentBatch };
  payment_batches: { args: { municipality_id: string }; returns: PaymentBatches };
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
};
