import type { Ref } from "../organisations";
import type { JurorRound, NominationForm, PrizeRoundAdmin, PrizeRounds, RollOfHonour, RoundStatus } from "../prize";
import type { ApiArea } from "./area";

/** The inclusion prize's `api` functions (supabase/schemas/50_prize.sql). */
export type PrizeApi = ApiArea<{
  prize_rounds: { returns: PrizeRounds };
  save_prize_round: {
    returns: string;
    narrow: { criteria: { title: string; description: string; weight: number }[] };
  };
  advance_prize_round: { returns: RoundStatus };
  add_juror: { returns: "added" | "invited" };
  remove_juror: { returns: null };
  prize_round_admin: { returns: PrizeRoundAdmin };
  nomination_form: { returns: NominationForm };
  nominate: {
    returns: { needs_confirmation: boolean };
    narrow: { reasons: Record<string, string> };
  };
  confirm_nomination: {
    returns: { state: "confirmed"; organisation: string } | { state: "already_confirmed" };
  };
  screen_nominee: { returns: null };
  juror_round: { returns: JurorRound };
  declare_conflict: { returns: null };
  score_nominee: {
    returns: null;
    narrow: { scores: { criterion_id: string; score: number; comment: string }[] };
  };
  my_jury_rounds: {
    returns: (Pick<Ref, "id"> & { title: string; year: number; status: RoundStatus; municipality: string })[];
  };
  announce_winners: {
    returns: null;
    narrow: { winners: { organisation_id: string; citation: string }[] };
  };
  roll_of_honour: { returns: RollOfHonour };
}>;
