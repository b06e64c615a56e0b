import type { FeePeriod, Ref } from "./organisations";
import { toCsv } from "./csv";
import { formatPattern, kronerDecimal } from "./format";

/**
 * Claims, budgets and payments: what the claim functions return
 * (supabase/schemas/40_claims.sql) and the few rules the pages compute
 * themselves — the fee a period is worth (the same count as app.fee_periods, for the form's
 * prefill only: the database checks again), a receipt's real type, and the payment file.
 */
export const claimKinds = ["kontingent", "utstyr", "godtgjorelse"] as const;
export type ClaimKind = (typeof claimKinds)[number];

export const claimStatuses = ["draft", "submitted", "needs_info", "approved", "rejected", "withdrawn", "paid"] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export type AgreementTerms = {
  id: string;
  status: string;
  covered_fees: string;
  equipment_cap_ore: number;
  compensation_ore: number;
};
type ParticipantCard = { first_name: string; birth_year: number | null; note: string | null } | null;

export type ClaimForm = {
  placement: { id: string; starts_on: string; ends_on: string; status: string };
  participant: ParticipantCard;
  activity: { id: string; title: string; fee_ore: number; fee_period: FeePeriod };
  agreement: AgreementTerms;
  equipment_used_ore: number;
};

export type Claim = {
  id: string;
  reference: string;
  municipality_id: string;
  organisation_id: string;
  placement_id: string;
  kind: ClaimKind;
  status: ClaimStatus;
  amount_ore: number;
  period_start: string | null;
  period_end: string | null;
  purchase_date: string | null;
  description: string;
  budget_year: number;
  submitted_at: string | null;
  first_submitted_at: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  over_limit_reason: string | null;
  authorised_at: string | null;
  payment_batch_id: string | null;
  paid_on: string | null;
  payment_reference: string | null;
  /** Counts the saves; an edit form sends back the one it was loaded with. */
  version: number;
};

/** R13 on the claim page, for the municipality's staff: who approved, who authorised. */
export type ClaimSteps = {
  approved_by: string | null;
  approved_at: string | null;
  authorised_by: string | null;
  authorised_at: string | null;
  /** Approved in a municipality that pays in one step: the approval made it payable. */
  one_step: boolean;
  payment_steps: 1 | 2;
};

/** Sent again after a request for more information: the club's answer, waiting for a decision. */
export function isAnswer(claim: Pick<Claim, "status" | "submitted_at" | "first_submitted_at">): boolean {
  if (claim.status !== "submitted" || !claim.submitted_at || !claim.first_submitted_at) return false;
  return Date.parse(claim.submitted_at) > Date.parse(claim.first_submitted_at);
}

export type Receipt = {
  id: string;
  object_path: string;
  file_name: string;
  content_type: ReceiptType;
  size_bytes: number;
};

export type ClaimPage = {
  claim: Claim;
  organisation: Ref & { organisation_number: string };
  participant: ParticipantCard;
  placement: {
    id: string;
    starts_on: string;
    ends_on: string;
    activity: string;
    fee_ore: number;
    fee_period: FeePeriod;
  };
  agreement: AgreementTerms;
  /** R3 against the approved and paid claims: `rule` is the limit this claim goes over, if any. */
  limits: { rule: string | null; limit_ore?: number; used_ore?: number };
  earlier_claims: { id: string; reference: string; kind: ClaimKind; status: ClaimStatus; amount_ore: number }[];
  receipts: Receipt[];
  /** References of other claims with an identical receipt (same SHA-256). */
  duplicates: string[];
  messages: { body: string; from_municipality: boolean; created_at: string; author: string | null }[];
  budget: { amount_ore: number; approved_ore: number; left_ore: number } | null;
  steps: ClaimSteps | null;
  /** `authorised`: the anviser's authorisation, which leaves the status as it was. */
  history: { occurred_at: string; status: ClaimStatus; authorised: boolean | null; actor: string | null }[];
  can: {
    edit: boolean;
    submit: boolean;
    answer: boolean;
    withdraw: boolean;
    decide: boolean;
    authorise: boolean;
    mark_paid: boolean;
  };
};

export type OrganisationClaims = {
  organisation: Ref;
  year: number;
  claims: {
    id: string;
    reference: string;
    kind: ClaimKind;
    status: ClaimStatus;
    amount_ore: number;
    participant: string | null;
    municipality: string;
    created_at: string;
    submitted_at: string | null;
    decided_at: string | null;
  }[];
  placements: {
    id: string;
    participant: string | null;
    activity: string;
    status: string;
    claimed_ore: number;
    approved_ore: number;
  }[];
};

export type ClaimQueue = {
  total: number;
  total_ore: number;
  page: number;
  page_size: number;
  claims: {
    id: string;
    reference: string;
    kind: ClaimKind;
    status: ClaimStatus;
    amount_ore: number;
    organisation: string;
    organisation_id: string;
    submitted_at: string | null;
    waiting_days: number | null;
    /** Sent again after a request for more information: the club's answer. */
    answered: boolean;
  }[];
  /** The organisation the queue is narrowed to, if any. */
  organisation: Ref | null;
};

export type BudgetLine = {
  kind: ClaimKind;
  amount_ore: number;
  approved_ore: number;
  paid_ore: number;
  waiting_ore: number;
  left_ore: number;
};
export type BudgetPage = { municipality: Ref; year: number; is_admin: boolean; kinds: BudgetLine[] };

export type PaymentRow = {
  claim_id: string;
  reference: string;
  organisation_number: string;
  organisation: string;
  bank_account: string | null;
  amount_ore: number;
  kind: ClaimKind;
  period_start: string | null;
  period_end: string | null;
  purchase_date: string | null;
  status: ClaimStatus;
};
export type PaymentBatch = {
  batch: {
    id: string;
    municipality_id: string;
    created_at: string;
    due_on: string;
    paid_on: string | null;
    payment_reference: string | null;
  };
  /** The payer: the municipality and the account it pays from (null until an admin sets it). */
  municipality: Ref & { payer_account: string | null };
  rows: PaymentRow[];
};
type Sum = { count: number; amount_ore: number };
export type PaymentBatches = {
  payer_account: string | null;
  is_admin: boolean;
  /** Approved and authorised (R13), not yet in a batch. */
  unbatched: Sum;
  awaiting_authorisation: Sum;
  batches: (Sum & {
    id: string;
    created_at: string;
    due_on: string;
    paid_on: string | null;
    payment_reference: string | null;
  })[];
};

/** The anviser's queue (R13): approved claims waiting for authorisation. */
export type AuthorisationQueue = {
  municipality: Ref;
  payment_steps: 1 | 2;
  can_authorise: boolean;
  total: number;
  total_ore: number;
  page: number;
  page_size: number;
  claims: (Pick<Claim, "id" | "reference" | "kind" | "amount_ore" | "over_limit_reason"> &
    Pick<PaymentRow, "period_start" | "period_end" | "purchase_date"> & {
      organisation: string;
      decided_at: string | null;
      approved_by: string | null;
      /** The caller approved it, so may not authorise it. */
      approved_by_me: boolean;
    })[];
};

export type MunicipalitySettings = { municipality: Ref; payment_steps: 1 | 2; payer_account: string | null };

const monthsPerFee: Record<FeePeriod, number> = { year: 12, half_year: 6, month: 1 };

/** How many fee periods (years, half-years, months) a period touches, as app.fee_periods counts them. */
export function feePeriodsTouched(period: FeePeriod, start: string, end: string): number {
  const [startYear, startMonth] = start.split("-").map(Number) as [number, number];
  const [endYear, endMonth] = end.split("-").map(Number) as [number, number];
  const months = (endYear - startYear) * 12 + endMonth - startMonth + 1;
  return Math.ceil(months / monthsPerFee[period]);
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The activity's fee for a claim period: the most a kontingent claim may be (R3); null for no valid period. */
export function feeForPeriod(feeOre: number, period: FeePeriod, start: string, end: string): number | null {
  if (!isoDate.test(start) || !isoDate.test(end) || end < start) return null;
  return feeOre * feePeriodsTouched(period, start, end);
}

/**
 * The fee period that today falls in (this year, half-year or month), cut to the placement,
 * so that a new kontingent claim starts from the period the club most likely paid for.
 */
export function currentFeePeriod(period: FeePeriod, today: string, placement: { starts_on: string; ends_on: string }) {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const length = monthsPerFee[period];
  const firstMonth = Math.floor((month - 1) / length) * length + 1;
  const lastMonth = firstMonth + length - 1;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  const start = `${year}-${pad(firstMonth)}-01`;
  const end = `${year}-${pad(lastMonth)}-${pad(lastDay)}`;
  return {
    start: start < placement.starts_on ? placement.starts_on : start,
    end: end > placement.ends_on ? placement.ends_on : end,
  };
}

export const receiptTypes = ["application/pdf", "image/jpeg", "image/png", "image/heic"] as const;
export type ReceiptType = (typeof receiptTypes)[number];
/** The bucket's and app.claim_receipts' limit: 10 MiB. */
export const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;
export const receiptExtensions: Record<ReceiptType, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/heic": "heic",
};

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const heicBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"];

/**
 * What a file really is, from its first bytes: browsers name HEIC photos inconsistently (or
 * not at all), and a renamed file must not pass as a receipt.
 */
export function receiptType(bytes: Uint8Array): ReceiptType | null {
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("ftyp"), 4) && heicBrands.some((brand) => startsWith(bytes, ascii(brand), 8))) {
    return "image/heic";
  }
  return null;
}

type ClaimDates = Pick<PaymentRow, "period_start" | "period_end" | "purchase_date">;

/**
 * The period a claim covers as a Norwegian accounting clerk writes it: "01.01.2026–31.12.2026".
 * Files for other systems pass a plain hyphen: bank and accounting imports often read only ASCII.
 */
export function claimPeriod(row: ClaimDates, dash = "–"): string {
  const date = (value: string) => formatPattern(value, "dd.MM.yyyy");
  if (row.purchase_date) return date(row.purchase_date);
  return row.period_start && row.period_end ? `${date(row.period_start)}${dash}${date(row.period_end)}` : "";
}

/**
 * The payment file, in the format Norwegian Excel and most accounting systems open without an
 * import dialog (see toCsv): one line per claim with the account it is paid from and the due
 * date, then the total.
 */
export function paymentCsv({ batch, municipality, rows }: PaymentBatch): string {
  const dueOn = formatPattern(batch.due_on, "dd.MM.yyyy");
  const total = rows.reduce((sum, row) => sum + BigInt(row.amount_ore), 0n);
  return toCsv<PaymentRow>(
    [
      { header: "Organisasjonsnummer", value: (row) => row.organisation_number },
      { header: "Navn", value: (row) => row.organisation },
      { header: "Kontonummer", value: (row) => row.bank_account },
      { header: "Beløp (kr)", value: (row) => kronerDecimal(row.amount_ore) },
      { header: "Kravreferanse", value: (row) => row.reference },
      { header: "Periode", value: (row) => claimPeriod(row, "-") },
      { header: "Fra konto", value: () => municipality.payer_account },
      { header: "Forfallsdato", value: () => dueOn },
    ],
    rows,
    ["Sum", null, null, kronerDecimal(total), null, null, null, null],
  );
}
