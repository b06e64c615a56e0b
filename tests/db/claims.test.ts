import { afterAll, describe, expect, it } from "vitest";
import { actAs, daysFromToday, inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/** A placement of club A under an active agreement with municipality X (fee kr 1 500 a year). */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  const activity = await make.activity(db, club, x, { fee_ore: 150000, fee_period: "year" });
  const agreement = await make.agreement(db, x, club, "active");
  const facilitator = await make.member(db, club, "facilitator");
  await make.facilitatorRole(db, agreement, activity, facilitator);
  const participant = await make.participant(db, x);
  const placement = await make.placement(db, participant, activity, agreement);
  return {
    x,
    club,
    activity,
    agreement,
    participant,
    placement,
    clubAdmin: await make.member(db, club, "admin"),
    caseworker: await make.staff(db, x, "caseworker"),
  };
}

// The parts of `api.claim_page` that the policy comparison below reads.
type Ref = { id: string } | null;
type ClaimPage = {
  claim: { id: string };
  organisation: Ref;
  placement: Ref;
  agreement: Ref;
  earlier_claims: { id: string }[];
  receipts: unknown[];
  budget: unknown;
};

const submitRefusal = async (db: Db, userId: string, claim: string) => {
  const error = await refusedAs(db, { userId }, "select api.submit_claim($1)", [claim]);
  return { message: error.message, field: error.detail, params: error.hint ? JSON.parse(error.hint) : null };
};

describe("R3: what a claim may be", () => {
  it("R3: a kontingent claim may not exceed the activity's fee for the period", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "draft", { amount_ore: 150001 });
      await make.receipt(db, claim);
      expect(await submitRefusal(db, w.clubAdmin, claim)).toEqual({
        message: "kontingent_above_fee",
        field: "amount",
        params: { limit_ore: 150000, used_ore: 0 },
      });
      await db.query("update app.claims set amount_ore = 150000 where id = $1", [claim]);
      await queryAs(db, { userId: w.clubAdmin }, "select api.submit_claim($1)", [claim]);
    }));

  it("R3: kontingent is claimed once per period: submitted, waiting and approved claims count together against the fee", () =>
    inRollback(async (db) => {
      const w = await world(db); // kr 1 500 a year
      const first = await make.claim(db, w.placement, "submitted", {
        amount_ore: 100000,
        period_start: daysFromToday(-40),
        period_end: daysFromToday(-20),
      });
      const second = await make.claim(db, w.placement, "draft", {
        amount_ore: 60000,
        period_start: daysFromToday(-10),
        period_end: daysFromToday(-1),
      });
      await make.receipt(db, second);
      const refusal = await submitRefusal(db, w.clubAdmin, second);
      expect(refusal).toEqual({
        message: "kontingent_already_claimed",
        field: "amount",
        params: expect.objectContaining({ limit_ore: 150000, used_ore: 100000, left_ore: 50000 }),
      });
      // The run of months reported is the one both claims lie in.
      expect(refusal.params.from <= daysFromToday(-40) && refusal.params.to >= daysFromToday(-1)).toBe(true);
      // A claim waiting for the organisation's answer still holds its period.
      await db.query("update app.claims set status = 'needs_info' where id = $1", [first]);
      expect((await submitRefusal(db, w.clubAdmin, second)).message).toBe("kontingent_already_claimed");
      // What is left of the fee may be claimed; a rejected claim gives its period back.
      await db.query("update app.claims set amount_ore = 50000 where id = $1", [second]);
      await queryAs(db, { userId: w.clubAdmin }, "select api.submit_claim($1)", [second]);
      const third = await make.claim(db, w.placement, "draft", { amount_ore: 100000 });
      await make.receipt(db, third);
      expect((await submitRefusal(db, w.clubAdmin, third)).message).toBe("kontingent_already_claimed");
      await db.query("update app.claims set status = 'rejected', decision_reason = 'Feil' where id = $1", [first]);
      await queryAs(db, { userId: w.clubAdmin }, "select api.submit_claim($1)", [third]);
    }));

  it("R3: kontingent for the next fee period is a claim of its own", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await db.query("update app.activities set fee_ore = 50000, fee_period = 'month' where id = $1", [w.activity]);
      await db.query("update app.placements set starts_on = app.today() - 170 where id = $1", [w.placement]);
      const { rows } = await db.query<Record<"a1" | "a2" | "b1" | "b2" | "c1" | "c2", string>>(
        `select to_char(m, 'YYYY-MM-DD') as a1, to_char(m + interval '1 month - 1 day', 'YYYY-MM-DD') as a2,
                to_char(m + interval '1 month', 'YYYY-MM-DD') as b1, to_char(m + interval '2 months - 1 day', 'YYYY-MM-DD') as b2,
                to_char(m + interval '14 days', 'YYYY-MM-DD') as c1, to_char(m + interval '1 month 14 days', 'YYYY-MM-DD') as c2
           from (select date_trunc('month', app.today() - 120)::date as m) month`,
      );
      const d = rows[0]!;
      await make.claim(db, w.placement, "approved", { amount_ore: 50000, period_start: d.a1, period_end: d.a2 });
      const nextMonth = await make.claim(db, w.placement, "draft", {
        amount_ore: 50000,
        period_start: d.b1,
        period_end: d.b2,
      });
      await make.receipt(db, nextMonth);
      await queryAs(db, { userId: w.clubAdmin }, "select api.submit_claim($1)", [nextMonth]);
      // Half of each month: both months' fees are taken by the claims inside them.
      const straddling = await make.claim(db, w.placement, "draft", {
        amount_ore: 10000,
        period_start: d.c1,
        period_end: d.c2,
      });
      await make.receipt(db, straddling);
      expect(await submitRefusal(db, w.clubAdmin, straddling)).toEqual({
        message: "kontingent_already_claimed",
        field: "amount",
        params: { limit_ore: 100000, used_ore: 100000, left_ore: 0, from: d.a1, to: d.b2 },
      });
    }));

  it("R3: a caseworker approves kontingent above what is left of the period's fee only with a written reason", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.budget(db, w.x, "kontingent", 1_000_000);
      await make.claim(db, w.placement, "approved", { amount_ore: 100000 });
      const claim = await make.claim(db, w.placement, "submitted", { amount_ore: 60000 });
      const refused = await refusedAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'approved')", [claim]);
      expect({ message: refused.message, field: refused.detail, rule: JSON.parse(refused.hint!).rule }).toEqual({
        message: "over_limit_reason_required",
        field: "over_limit_reason",
        rule: "kontingent_already_claimed",
      });
      await queryAs(
        db,
        { userId: w.caseworker },
        "select api.decide_claim($1, 'approved', over_limit_reason => 'Dobbel kontingent i overgangsåret')",
        [claim],
      );
    }));

  it("R3: two kontingent claims for one period submitted at the same moment do not both pass", async () => {
    // Committed fixtures, so that separate connections see them; the test database is thrown away after the run.
    const setup = await pool.connect();
    let w: Awaited<ReturnType<typeof world>>;
    const claims: string[] = [];
    try {
      await setup.query("begin");
      w = await world(setup);
      for (const sha of ["1", "2"]) {
        const claim = await make.claim(setup, w.placement, "draft", { amount_ore: 100000 });
        await make.receipt(setup, claim, sha.repeat(64));
        claims.push(claim);
      }
      await setup.query("commit");
    } finally {
      setup.release();
    }
    const [first, second] = [await pool.connect(), await pool.connect()];
    try {
      for (const db of [first, second]) {
        await db.query("begin");
        await actAs(db, { userId: w!.clubAdmin });
      }
      // The first submission is made but not yet committed when the second one is checked.
      await first.query("select api.submit_claim($1)", [claims[0]]);
      const secondOutcome = second.query("select api.submit_claim($1)", [claims[1]]).then(
        () => "submitted",
        (error: Error) => error.message,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query("commit");
      expect(await secondOutcome).toBe("kontingent_already_claimed");
    } finally {
      await second.query("rollback");
      first.release();
      second.release();
    }
  });

  it("R3: a monthly fee is allowed once per month the period touches", () =>
    inRollback(async (db) => {
      const { rows } = await db.query(
        `select app.fee_periods('month', '2026-01-15', '2026-03-10') as months,
                app.fee_periods('half_year', '2026-01-01', '2026-12-31') as halves,
                app.fee_periods('year', '2026-01-01', '2026-12-31') as years`,
      );
      expect(rows[0]).toEqual({ months: 3, halves: 2, years: 1 });
    }));

  it("R3: an equipment claim may not take a participant over the agreement's yearly cap", () =>
    inRollback(async (db) => {
      const w = await world(db); // the agreement's cap is kr 3 000
      await make.claim(db, w.placement, "approved", { kind: "utstyr", amount_ore: 200000 });
      const claim = await make.claim(db, w.placement, "draft", { kind: "utstyr", amount_ore: 100001 });
      await make.receipt(db, claim);
      expect(await submitRefusal(db, w.clubAdmin, claim)).toEqual({
        message: "equipment_cap_exceeded",
        field: "amount",
        params: { limit_ore: 300000, used_ore: 200000 },
      });
    }));

  it("R3: a claim needs a placement whose period covers the claim's period or purchase date", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const early = await make.claim(db, w.placement, "draft", { kind: "utstyr", purchase_date: daysFromToday(-200) });
      await make.receipt(db, early);
      const refusal = await submitRefusal(db, w.clubAdmin, early);
      expect({ message: refusal.message, field: refusal.field }).toEqual({
        message: "claim_outside_placement",
        field: "purchase_date",
      });
    }));

  it("R3: a claim needs an active agreement", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "draft");
      await make.receipt(db, claim);
      await db.query("update app.agreements set status = 'terminated', termination_reason = 'Test' where id = $1", [
        w.agreement,
      ]);
      expect((await submitRefusal(db, w.clubAdmin, claim)).message).toBe("no_active_agreement");
    }));

  it("R3: kontingent and equipment claims need a receipt", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "draft");
      expect(await submitRefusal(db, w.clubAdmin, claim)).toEqual({
        message: "receipt_required",
        field: "receipt",
        params: null,
      });
    }));

  it("R3: a caseworker approves above a limit only with a written reason", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.budget(db, w.x, "utstyr", 1_000_000);
      await make.claim(db, w.placement, "approved", { kind: "utstyr", amount_ore: 250000 });
      const claim = await make.claim(db, w.placement, "submitted", { kind: "utstyr", amount_ore: 100000 });
      const refused = await refusedAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'approved')", [claim]);
      expect({ message: refused.message, field: refused.detail }).toEqual({
        message: "over_limit_reason_required",
        field: "over_limit_reason",
      });
      await queryAs(
        db,
        { userId: w.caseworker },
        "select api.decide_claim($1, 'approved', over_limit_reason => 'Rullestoltilpasning, avtalt i møte')",
        [claim],
      );
      const { rows } = await db.query("select status, over_limit_reason from app.claims where id = $1", [claim]);
      expect(rows[0]).toEqual({ status: "approved", over_limit_reason: "Rullestoltilpasning, avtalt i møte" });
    }));
});

describe("R5: budgets", () => {
  it("R5: an approval that would overspend the budget of its kind and year is refused", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.budget(db, w.x, "kontingent", 80000);
      const first = await make.claim(db, w.placement, "submitted", { amount_ore: 50000 });
      const second = await make.claim(db, w.placement, "submitted", { amount_ore: 50000 });
      await queryAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'approved')", [first]);
      const refused = await refusedAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'approved')", [
        second,
      ]);
      expect(refused.message).toBe("budget_exceeded");
      expect(JSON.parse(refused.hint!)).toEqual({ left_ore: 30000, amount_ore: 50000 });
      const overspend = await refusedAs(
        db,
        "postgres",
        "update app.budgets set approved_ore = amount_ore + 1 where municipality_id = $1",
        [w.x],
      );
      expect(overspend.code).toBe("23514");
    }));

  it("R5: concurrent approvals cannot overspend", async () => {
    // Committed fixtures, so that separate connections see them; the test database is thrown away after the run.
    const setup = await pool.connect();
    let w: Awaited<ReturnType<typeof world>>;
    const claims: string[] = [];
    try {
      await setup.query("begin");
      w = await world(setup);
      await make.budget(setup, w.x, "kontingent", 500000); // room for 5 of the 12 claims below
      for (let i = 0; i < 12; i++)
        claims.push(await make.claim(setup, w.placement, "submitted", { amount_ore: 100000 }));
      await setup.query("commit");
    } finally {
      setup.release();
    }
    const approve = async (claim: string) => {
      const db = await pool.connect();
      try {
        await db.query("begin");
        await actAs(db, { userId: w.caseworker });
        // Twelve kontingent claims for one period go over its fee (R3); the reason lets R5 decide.
        await db.query("select api.decide_claim($1, 'approved', over_limit_reason => 'Budsjettprøve')", [claim]);
        await db.query("commit");
        return "approved";
      } catch (error) {
        await db.query("rollback");
        return (error as Error).message;
      } finally {
        db.release();
      }
    };
    const outcomes = await Promise.all(claims.map(approve));
    expect(outcomes.filter((o) => o === "approved")).toHaveLength(5);
    expect(outcomes.filter((o) => o !== "approved").every((o) => o === "budget_exceeded")).toBe(true);
    const { rows } = await pool.query(
      `select b.approved_ore, (select sum(amount_ore) from app.claims where municipality_id = $1 and status = 'approved') as total
         from app.budgets b where b.municipality_id = $1`,
      [w!.x],
    );
    expect(rows[0]).toEqual({ approved_ore: "500000", total: "500000" });
  });
});

describe("decisions and payment", () => {
  it("asks for more information, gets an answer and the claim is back in the queue", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "submitted");
      await make.receipt(db, claim);
      const noMessage = await refusedAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'needs_info')", [
        claim,
      ]);
      expect(noMessage.message).toBe("message_required");
      await queryAs(
        db,
        { userId: w.caseworker },
        "select api.decide_claim($1, 'needs_info', 'Hvilken periode gjelder det?')",
        [claim],
      );
      await queryAs(db, { userId: w.clubAdmin }, "select api.answer_claim($1, 'Høsten 2026')", [claim]);
      const { rows } = await db.query("select status from app.claims where id = $1", [claim]);
      expect(rows[0]!.status).toBe("submitted");
      const messages = await db.query(
        "select from_municipality, body from app.claim_messages where claim_id = $1 order by created_at, from_municipality desc",
        [claim],
      );
      expect(messages.rows).toEqual([
        { from_municipality: true, body: "Hvilken periode gjelder det?" },
        { from_municipality: false, body: "Høsten 2026" },
      ]);
      const mails = await db.query("select template from app.outbox where payload ->> 'claim_id' = $1 order by id", [
        claim,
      ]);
      // The caseworker is told it is the club's answer, not a new claim.
      expect(mails.rows.map((r) => r.template)).toEqual(["claim_decided", "claim_answered"]);
    }));

  it("a rejection needs a reason; an organisation withdraws before a decision only", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "submitted");
      const noReason = await refusedAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'rejected')", [
        claim,
      ]);
      expect({ message: noReason.message, field: noReason.detail }).toEqual({
        message: "reason_required",
        field: "reason",
      });
      await queryAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'rejected', 'Ikke dekket av avtalen')", [
        claim,
      ]);
      const withdraw = await refusedAs(db, { userId: w.clubAdmin }, "select api.withdraw_claim($1)", [claim]);
      expect(withdraw.message).toBe("claim_not_withdrawable");
    }));

  it("paid claims are locked, for every role", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "approved");
      await queryAs(
        db,
        { userId: w.caseworker },
        "select api.mark_paid($1, app.today(), 'BET-1', claim_ids => array[$2::uuid])",
        [w.x, claim],
      );
      for (const actor of [{ userId: w.caseworker }, "postgres"] as const) {
        const error = await refusedAs(db, actor, "update app.claims set amount_ore = 1 where id = $1", [claim]);
        expect(error.message).toBe("claim_paid_is_locked");
      }
      const remove = await refusedAs(db, "postgres", "delete from app.claims where id = $1", [claim]);
      expect(remove.message).toBe("claim_submitted_cannot_be_deleted");
    }));

  it("a payment batch holds every approved claim once, with the organisation's bank account", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await db.query(
        "insert into app.organisation_private (organisation_id, bank_account) values ($1, '86011117947')",
        [w.club],
      );
      const approved = await make.claim(db, w.placement, "approved", { amount_ore: 125000 });
      await make.claim(db, w.placement, "submitted");
      const { rows } = await queryAs<{ b: { batch: { id: string }; rows: Array<Record<string, unknown>> } }>(
        db,
        { userId: w.caseworker },
        "select api.create_payment_batch($1) as b",
        [w.x],
      );
      expect(rows[0]!.b.rows).toMatchObject([{ claim_id: approved, bank_account: "86011117947", amount_ore: 125000 }]);
      const again = await queryAs<{ b: { rows: unknown[] } }>(
        db,
        { userId: w.caseworker },
        "select api.create_payment_batch($1) as b",
        [w.x],
      );
      expect(again.rows[0]!.b.rows).toEqual([]);
      const marked = await queryAs<{ n: number }>(
        db,
        { userId: w.caseworker },
        "select api.mark_paid($1, app.today(), 'BET-7', batch_id => $2) as n",
        [w.x, rows[0]!.b.batch.id],
      );
      expect(marked.rows[0]!.n).toBe(1);
    }));

  it("a receipt identical to one in another claim is flagged to both sides", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const first = await make.claim(db, w.placement, "submitted");
      await make.receipt(db, first, "d".repeat(64));
      const second = await make.claim(db, w.placement, "draft");
      const { rows } = await queryAs<{ r: { duplicates: string[] } }>(
        db,
        { userId: w.clubAdmin },
        `select api.add_receipt($1::uuid, $2::text || '/' || $1::text || '/samme.pdf', 'samme.pdf', 'application/pdf', 1000, $3) as r`,
        [second, w.club, "d".repeat(64)],
      );
      const firstReference = (await db.query("select reference from app.claims where id = $1", [first])).rows[0]!
        .reference;
      expect(rows[0]!.r.duplicates).toEqual([firstReference]);
      const page = await queryAs<{ p: { duplicates: string[] } }>(
        db,
        { userId: w.caseworker },
        "select api.claim_page($1) as p",
        [first],
      );
      expect(page.rows[0]!.p.duplicates).toHaveLength(0); // the second claim is still a draft
      await queryAs(db, { userId: w.clubAdmin }, "select api.submit_claim($1)", [second]);
      const after = await queryAs<{ p: { duplicates: string[] } }>(
        db,
        { userId: w.caseworker },
        "select api.claim_page($1) as p",
        [first],
      );
      expect(after.rows[0]!.p.duplicates).toHaveLength(1);
    }));

  it("only the municipality's staff decide, and only claims that were submitted", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.budget(db, w.x, "kontingent", 1000000);
      const draft = await make.claim(db, w.placement, "draft");
      const submitted = await make.claim(db, w.placement, "submitted");
      const y = await make.municipality(db, "Y");
      const caseworkerY = await make.staff(db, y, "caseworker");
      // A draft is not the municipality's to see; the others may not decide at all.
      for (const [userId, claim] of [
        [w.caseworker, draft],
        [w.clubAdmin, submitted],
        [caseworkerY, submitted],
      ] as const) {
        const refused = await refusedAs(db, { userId }, "select api.decide_claim($1, 'approved')", [claim]);
        expect(refused.code).toBe("PT404");
      }
      await queryAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'approved')", [submitted]);
      const again = await refusedAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'rejected', 'Nei')", [
        submitted,
      ]);
      expect(again.message).toBe("claim_not_awaiting_decision");
      const { rows } = await db.query(
        `select c.status, c.decided_by, b.approved_ore, (select count(*)::int from app.audit_events e
                                                            where e.record_id = c.id::text and e.actor_id = $2) as events
           from app.claims c join app.budgets b on b.municipality_id = c.municipality_id and b.kind = c.kind and b.year = c.budget_year
          where c.id = $1`,
        [submitted, w.caseworker],
      );
      expect(rows[0]).toEqual({ status: "approved", decided_by: w.caseworker, approved_ore: "50000", events: 1 });
    }));

  it("R9: club B and another municipality's caseworker read none of club A's claims", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "submitted");
      await make.receipt(db, claim);
      const clubB = await make.organisation(db, "Klubb B");
      const adminB = await make.member(db, clubB, "admin");
      const y = await make.municipality(db, "Y");
      const caseworkerY = await make.staff(db, y, "caseworker");
      for (const userId of [adminB, caseworkerY]) {
        for (const table of ["claims", "claim_receipts", "budgets"]) {
          const { rowCount } = await queryAs(db, { userId }, `select 1 from app.${table}`);
          expect(rowCount, table).toBe(0);
        }
        const page = await refusedAs(db, { userId }, "select api.claim_page($1)", [claim]);
        expect(page.code).toBe("PT404");
      }
    }));

  it("the claim page shows each reader what the tables' own policies let them read", () =>
    inRollback(async (db) => {
      const w = await world(db);
      // The same participant also placed with club B, whose claims club A's admin may not read.
      const clubB = await make.organisation(db, "Klubb B");
      await make.partnership(db, clubB, w.x, "verified");
      const activityB = await make.activity(db, clubB, w.x, { fee_ore: 150000, fee_period: "year" });
      const agreementB = await make.agreement(db, w.x, clubB, "active");
      const placementB = await make.placement(db, w.participant, activityB, agreementB);
      const adminB = await make.member(db, clubB, "admin");
      const claim = await make.claim(db, w.placement, "submitted");
      await make.receipt(db, claim);
      await make.claim(db, w.placement, "approved");
      await make.claim(db, w.placement, "draft");
      await make.claim(db, placementB, "submitted");
      await make.claim(db, placementB, "draft");
      const y = await make.municipality(db, "Y");
      const caseworkerY = await make.staff(db, y, "caseworker");
      const draft = await make.claim(db, w.placement, "draft");
      for (const [userId, id] of [
        [w.caseworker, claim],
        [w.clubAdmin, claim],
        [w.clubAdmin, draft],
      ] as const) {
        const { rows } = await queryAs<{ p: ClaimPage }>(db, { userId }, "select api.claim_page($1) as p", [id]);
        const p = rows[0]!.p;
        const own = async (sql: string) => (await queryAs(db, { userId }, sql, [id])).rows;
        expect(p.claim.id).toBe((await own("select id from app.claims where id = $1"))[0]!.id);
        expect(p.organisation?.id ?? null).toBe(
          (
            await own(
              "select o.id from app.claims c join app.organisations o on o.id = c.organisation_id where c.id = $1",
            )
          )[0]?.id ?? null,
        );
        expect(p.placement?.id ?? null).toBe(
          (
            await own(
              `select p.id from app.claims c join app.placements p on p.id = c.placement_id
             join app.activities a on a.id = p.activity_id where c.id = $1`,
            )
          )[0]?.id ?? null,
        );
        expect(p.agreement?.id ?? null).toBe(
          (
            await own("select ag.id from app.claims c join app.agreements ag on ag.id = c.agreement_id where c.id = $1")
          )[0]?.id ?? null,
        );
        const earlier = await own(
          `select c.id from app.claims c join app.placements p on p.id = c.placement_id, app.claims this
            where this.id = $1 and p.participant_id = (select participant_id from app.placements where id = this.placement_id)
              and c.budget_year = this.budget_year and c.id <> this.id and c.status <> 'draft'`,
        );
        expect(p.earlier_claims.map((c) => c.id).sort()).toEqual(earlier.map((c) => c.id).sort());
        expect(p.receipts).toHaveLength((await own("select 1 from app.claim_receipts where claim_id = $1")).length);
        expect(p.budget === null).toBe(
          (
            await own(
              "select 1 from app.claims c join app.budgets b on b.municipality_id = c.municipality_id and b.year = c.budget_year and b.kind = c.kind where c.id = $1",
            )
          ).length === 0,
        );
      }
      // Club A's admin sees club A's earlier approved claim and none of club B's; the caseworker sees both clubs'.
      const earlierOf = async (userId: string) =>
        (await queryAs<{ p: { earlier_claims: unknown[] } }>(db, { userId }, "select api.claim_page($1) as p", [claim]))
          .rows[0]!.p.earlier_claims.length;
      expect([await earlierOf(w.clubAdmin), await earlierOf(w.caseworker)]).toEqual([1, 2]);
      for (const [userId, id] of [
        [w.caseworker, draft],
        [adminB, claim],
        [caseworkerY, claim],
      ] as const) {
        expect((await refusedAs(db, { userId }, "select api.claim_page($1)", [id])).code).toBe("PT404");
      }
    }));
});

describe("kept figures of the queue and the budget page", () => {
  /** The queue's totals for every status filter and the budget page's sums, and the same counted from the claims. */
  const figures = async (db: Db, caseworker: string, municipality: string) => {
    const statuses = [null, "submitted", "needs_info", "approved", "rejected", "withdrawn", "paid", "draft"];
    const kept: Record<string, unknown> = {};
    const counted: Record<string, unknown> = {};
    for (const status of statuses) {
      for (const kind of [null, "kontingent", "utstyr"]) {
        const key = `${status}/${kind}`;
        const { rows } = await queryAs<{ q: { total: number; total_ore: number } }>(
          db,
          { userId: caseworker },
          "select api.claim_queue($1, $2::app.claim_status, $3::app.claim_kind) as q",
          [municipality, status, kind],
        );
        kept[key] = [rows[0]!.q.total, rows[0]!.q.total_ore];
        const direct = await db.query<{ n: number; ore: number }>(
          `select count(*)::int as n, coalesce(sum(amount_ore), 0)::int as ore from app.claims
            where municipality_id = $1 and status <> 'draft' and ($2::app.claim_status is null or status = $2)
              and ($3::app.claim_kind is null or kind = $3)`,
          [municipality, status, kind],
        );
        counted[key] = [direct.rows[0]!.n, direct.rows[0]!.ore];
      }
    }
    const page = await queryAs<{ b: { kinds: Array<{ kind: string; paid_ore: number; waiting_ore: number }> } }>(
      db,
      { userId: caseworker },
      "select api.budget_page($1) as b",
      [municipality],
    );
    kept.budget = page.rows[0]!.b.kinds.map((k) => [k.kind, k.paid_ore, k.waiting_ore]);
    const sums = await db.query<{ kind: string; paid: number; waiting: number }>(
      `select k.kind, coalesce(sum(c.amount_ore) filter (where c.status = 'paid'), 0)::int as paid,
              coalesce(sum(c.amount_ore) filter (where c.status in ('submitted', 'needs_info')), 0)::int as waiting
         from unnest(enum_range(null::app.claim_kind)) k (kind)
         left join app.claims c on c.kind = k.kind and c.municipality_id = $1 and c.budget_year = extract(year from app.today())
        group by k.kind order by k.kind`,
      [municipality],
    );
    counted.budget = sums.rows.map((r) => [r.kind, r.paid, r.waiting]);
    return { kept, counted };
  };

  it("the totals follow every change of a claim: submission, edits, decisions, payment, deletion", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.budget(db, w.x, "kontingent", 10000000);
      await make.budget(db, w.x, "utstyr", 10000000);
      const check = async () => {
        const { kept, counted } = await figures(db, w.caseworker, w.x);
        expect(kept).toEqual(counted);
      };
      const draft = await make.claim(db, w.placement, "draft", { amount_ore: 40000 });
      const submitted = await make.claim(db, w.placement, "submitted", { amount_ore: 60000 });
      const equipment = await make.claim(db, w.placement, "submitted", { kind: "utstyr", amount_ore: 70000 });
      await make.claim(db, w.placement, "approved", { amount_ore: 30000 });
      await check();
      await make.receipt(db, draft);
      await make.receipt(db, submitted);
      await queryAs(db, { userId: w.clubAdmin }, "select api.submit_claim($1)", [draft]);
      await queryAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'needs_info', 'Hvilken periode?')", [
        submitted,
      ]);
      await check();
      // An organisation changes the amount while more information is needed.
      await db.query("update app.claims set amount_ore = 55000 where id = $1", [submitted]);
      await queryAs(db, { userId: w.clubAdmin }, "select api.answer_claim($1, 'Våren')", [submitted]);
      await queryAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'approved')", [submitted]);
      await queryAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'rejected', 'Ikke dekket')", [
        equipment,
      ]);
      await check();
      // The anviser's authorisation (R13) moves no figure: the claim stays approved until paid.
      const anviser = await make.staff(db, w.x, "anviser");
      await queryAs(db, { userId: anviser }, "select api.authorise_claims($1, array[$2::uuid])", [w.x, submitted]);
      await check();
      await queryAs(
        db,
        { userId: w.caseworker },
        "select api.mark_paid($1, app.today(), 'BET-9', claim_ids => array[$2::uuid])",
        [w.x, submitted],
      );
      await db.query("delete from app.claims where status = 'draft' and municipality_id = $1", [w.x]);
      await check();
    }));

  it("the queue finds an organisation's claims by part of its name or its organisation number, among partners only", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const mine = await make.claim(db, w.placement, "submitted", { amount_ore: 60000 });
      const other = await make.organisation(db, "100% Moro_klubb");
      await make.partnership(db, other, w.x, "verified");
      const number = (
        await db.query<{ number: string }>(
          "select organisation_number as number from app.organisations where id = $1",
          [w.club],
        )
      ).rows[0]!.number;
      const outsider = await make.organisation(db, "Klubb A utenfor");
      const queue = async (args: { search?: string; organisation?: string }) =>
        (
          await queryAs<{
            q: {
              total: number;
              claims: Array<{ id: string; organisation_id: string }>;
              organisation: { id: string; name: string } | null;
            };
          }>(
            db,
            { userId: w.caseworker },
            "select api.claim_queue($1, organisation_id => $2, organisation_search => $3) as q",
            [w.x, args.organisation ?? null, args.search ?? null],
          )
        ).rows[0]!.q;

      expect((await queue({ search: "klubb a" })).claims.map((c) => c.id)).toEqual([mine]);
      expect((await queue({ search: `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}` })).total).toBe(1);
      // The search's own % and _ are letters, not wildcards.
      expect((await queue({ search: "%" })).total).toBe(0);
      expect((await queue({ search: "_" })).total).toBe(0);
      // An organisation that does not work with the municipality is neither searched nor named.
      expect((await queue({ search: "utenfor" })).total).toBe(0);
      expect((await queue({ organisation: outsider })).organisation).toBeNull();
      const narrowed = await queue({ organisation: w.club });
      expect(narrowed.organisation).toEqual({ id: w.club, name: "Klubb A" });
      expect(narrowed.claims.map((c) => [c.id, c.organisation_id])).toEqual([[mine, w.club]]);
      expect((await queue({})).organisation).toBeNull();
    }));
});
