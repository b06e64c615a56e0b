import type { Ref } from "../organisations";
import type { JurorRound, NominationForm, PrizeRoundAdmin, PrizeRounds, RollOfHonour, RoundStatus } from "../prize";

/** The inclusion prize's `api` functions (supabase/schemas/50_prize.sql). */
export type PrizeApi = {
  prize_rounds: { args: { municipality_id: string }; returns: PrizeRounds };
  save_prize_round: {
    args: {
      municipality_id: string;
      year: number;
      title: string;
      opens_at: string;
      closes_at: string;
      criteria: { title: string; description: string; weight: number }[];
      prize_description?: string;
      round_id?: string | null;
    };
    returns: string;
  };
  advance_prize_round: { args: { round_id: string }; returns: RoundStatus };
  add_juror: { args: { round_id: string; email: string }; returns: "added" | "invited" };
  remove_juror: { args: { round_id: string; user_id: string }; returns: null };
  prize_round_admin: { args: { round_id: string }; returns: PrizeRoundAdmin };
  nomination_form: { args: { round_id?: string | null }; returns: NominationForm };
  nominate: {
    args: {
      round_id: string;
      organisation_id: string;
      nominator_name: string;
      nominator_email: string;
      relation?: string;
      reasons: Record<string, string>;
      website?: string | null;
      submission_key?: string | null;
    };
    returns: { needs_confirmation: boolean };
  };
  confirm_nomination: {
    args: { token: string };
    returns: { state: "confirmed"; organisation: string } | { state: "already_confirmed" };
  };
  screen_nominee: {
    args: { round_id: string; organisation_id: string; eligible: boolean; reason?: string | null };
    returns: null;
  };
  juror_round: { args: { round_id: string }; returns: JurorRound };
  declare_conflict: { args: { round_id: string; organisation_id: string; reason?: string }; returns: null };
  score_nominee: {
    args: {
      round_id: string;
      organisation_id: string;
      scores: { criterion_id: string; score: number; comment: string }[];
    };
    returns: null;
  };
  my_jury_rounds: {
    args: Record<string, never>;
    returns: (Pick<Ref, "id"> & { title: string; year: number; status: RoundStatus; municipality: string })[];
  };
  announce_winners: {
    args: { round_id: string; winners: { organisation_id: string; citation: string }[] };
    returns: null;
  };
  roll_of_honour: { args: { municipality_number?: string | null }; returns: RollOfHonour };
};
