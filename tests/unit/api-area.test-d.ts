// Checked by tsc (the type-check in npm test), not run by vitest: the contract of app/lib/api/area.ts.
import type { ApiArea } from "../../app/lib/api/area";

type Mark = { placement_id: string; status: "present" | "absent" | null; note: string | null };

// An area that matches the catalog.
export type Fits = ApiArea<{
  submit_claim: { returns: null };
  save_attendance: { returns: number; narrow: { marks: Mark[] } };
  catalogue: { returns: { total: number }; narrow: { page?: number } };
  claim_queue: { returns: unknown; narrow: { status?: "submitted" | null } };
}>;

// @ts-expect-error a function that is not in schema api
export type UnknownFunction = ApiArea<{ submit_claims: { returns: null } }>;

// @ts-expect-error an argument the function does not have (as after a rename in SQL)
export type UnknownArgument = ApiArea<{ withdraw_claim: { returns: null; narrow: { claim: string } } }>;

// @ts-expect-error an argument SQL requires, made optional
export type RequiredMadeOptional = ApiArea<{ save_attendance: { returns: number; narrow: { marks?: Mark[] } } }>;

// @ts-expect-error a narrowing that does not fit SQL's type
export type WrongType = ApiArea<{ placements: { returns: unknown; narrow: { page: string } } }>;

// @ts-expect-error a result that does not fit SQL's (submit_claim returns void)
export type WrongResult = ApiArea<{ submit_claim: { returns: string } }>;

type Args = Fits["save_attendance"]["args"];
export const ok: Args = { session_id: "x", marks: [] };
// @ts-expect-error the generated arguments are kept beside the narrowed ones
export const missing: Args = { marks: [] };
