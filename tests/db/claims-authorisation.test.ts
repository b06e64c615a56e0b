import { afterAll, describe, expect, it } from "vitest";
import { actAs, inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/**
 * R13, attestasjon og anvisning: a caseworker approves a claim (attests it, within R3 and R5)
 * and a different person with the role `anviser` authorises it for payment.
 */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  // A fee high enough that R3's limits never refuse these tests' approvals.
  const activity = await make.activity(db, club, x, { fee_ore: 10_000_000, fee_period: "year" });
  const agreement = await make.agreement(db, x, club, "active");
  const participant = await make.participant(db, x);
  const placement = await make.placement(db, participant, activity, agreement);
  await make.budget(db, x, "kontingent", 10_000_000);
  await db.query("insert into app.organisation_private (organisation_id, bank_account) values ($1, '86011117947')", [
    club,
  ]);
  const caseworker = await make.staff(db, x, "caseworker", "Kari Saksbehandler");
  const anviser = await make.staff(db, x, "anviser", "Arne Anviser");
  // A caseworker who may also authorise: the one person R13 must stop from doing both.
  const both = await make.staff(db, x, "caseworker", "Berit Begge");
  await db.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'anviser')", [x, both]);
  return { x, club, placement, caseworker, anviser, both, admin: await make.staff(db, x, "admin") };
}

const approve = (db: Db, userId: string, claim: string) =>
  queryAs(db, { userId }, "select api.decide_claim($1, 'approved')", [claim]);

const authorise = (db: Db, userId: string, municipality: string, claims: string[]) =>
  queryAs(db, { userId }, "select api.authorise_claims($1, $2::uuid[])", [municipality, claims]);

const batchRows = async (db: Db, userId: string, municipality: string) => {
  const { rows } = await queryAs<{ b: { rows: { claim_id: string }[] } }>(
    db,
    { userId },
    "select api.create_payment_batch($1) as b",
    [municipality],
  );
  return rows[0]!.b.rows.map((row) => row.claim_id);
};

describe("R13: attestasjon og anvisning", () => {
  it("R13: an approved claim is paid only after a different person with the anviser role authorises it", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "submitted", { amount_ore: 120000 });
      await approve(db, w.caseworker, claim);

      // Approved, not yet authorised: no payment file takes it, and it cannot be marked paid.
      expect(await batchRows(db, w.caseworker, w.x)).toEqual([]);
      const early = await refusedAs(
        db,
        { userId: w.caseworker },
        "select api.mark_paid($1, app.today(), 'BET-1', claim_ids => array[$2::uuid])",
        [w.x, claim],
      );
      expect(early.message).toBe("claim_awaiting_authorisation");

      const { rows } = await authorise(db, w.anviser, w.x, [claim]);
      expect(rows[0]!.authorise_claims).toBe(1);
      expect(await batchRows(db, w.caseworker, w.x)).toEqual([claim]);

      // Both steps are in the audit trail, each with the person who took it.
      const events = await db.query<{ actor_id: string; status: string; authorised_by: string | null }>(
        `select actor_id, new_row ->> 'status' as status, new_row ->> 'authorised_by' as authorised_by
           from app.audit_events where table_name = 'claims' and record_id = $1 and action = 'update' order by id`,
        [claim],
      );
      expect(events.rows.slice(0, 2)).toEqual([
        { actor_id: w.caseworker, status: "approved", authorised_by: null },
        { actor_id: w.anviser, status: "approved", authorised_by: w.anviser },
      ]);

      // The claim page tells the municipality who attested and who authorised.
      const page = await queryAs<{ p: { steps: Record<string, unknown>; history: { authorised: boolean }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.claim_page($1) as p",
        [claim],
      );
      expect(page.rows[0]!.p.steps).toMatchObject({
        approved_by: "Kari Saksbehandler",
        authorised_by: "Arne Anviser",
        one_step: false,
        payment_steps: 2,
      });
      expect(page.rows[0]!.p.history.filter((entry) => entry.authorised)).toHaveLength(1);
    }));

  it("R13: nobody authorises a claim they approved, even holding both roles, and the table refuses it too", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "submitted");
      await approve(db, w.both, claim);
      const page = await queryAs<{ p: { can: { authorise: boolean } } }>(
        db,
        { userId: w.both },
        "select api.claim_page($1) as p",
        [claim],
      );
      expect(page.rows[0]!.p.can.authorise).toBe(false);
      const refused = await refusedAs(db, { userId: w.both }, "select api.authorise_claims($1, array[$2::uuid])", [
        w.x,
        claim,
      ]);
      expect({ message: refused.message, params: JSON.parse(refused.hint!) }).toMatchObject({
        message: "approver_cannot_authorise",
        params: { reference: expect.stringMatching(/^R-\d{6}$/) },
      });
      // Past the function, the row's own constraint stops the same person.
      const direct = await refusedAs(
        db,
        "postgres",
        "update app.claims set authorised_at = now(), authorised_by = decided_by where id = $1",
        [claim],
      );
      expect(direct.code).toBe("23514");
      // Once authorised, the authorisation is not taken back.
      await authorise(db, w.anviser, w.x, [claim]);
      const undo = await refusedAs(db, "postgres", "update app.claims set authorised_at = null where id = $1", [claim]);
      expect(undo.message).toBe("claim_authorised_is_locked");
    }));

  it("R13: only anvisers authorise, and someone who is only an anviser does not approve", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const claim = await make.claim(db, w.placement, "submitted");
      const byAnviser = await refusedAs(db, { userId: w.anviser }, "select api.decide_claim($1, 'approved')", [claim]);
      expect(byAnviser.code).toBe("PT404");
      await approve(db, w.caseworker, claim);
      for (const userId of [w.caseworker, w.admin]) {
        const refused = await refusedAs(db, { userId }, "select api.authorise_claims($1, array[$2::uuid])", [
          w.x,
          claim,
        ]);
        expect(refused.code).toBe("42501");
      }
      // Another municipality's anviser is not this one's.
      const y = await make.municipality(db, "Y");
      const anviserY = await make.staff(db, y, "anviser");
      const elsewhere = await refusedAs(db, { userId: anviserY }, "select api.authorise_claims($1, array[$2::uuid])", [
        y,
        claim,
      ]);
      expect(elsewhere.code).toBe("PT404");
    }));

  it("R13: with one step, the municipality's setting, approval makes a claim payable", () =>
    inRollback(async (db) => {
      const w = await world(db);
      // The payer account is checked with R2 and kept as digits; the change is in the audit trail.
      const bad = await refusedAs(
        db,
        { userId: w.admin },
        "select api.save_municipality_settings($1, 1, '1503.20.80118')",
        [w.x],
      );
      expect({ message: bad.message, field: bad.detail }).toEqual({
        message: "bank_account_invalid",
        field: "payer_account",
      });
      await queryAs(db, { userId: w.admin }, "select api.save_municipality_settings($1, 1, '1503 20 80119')", [w.x]);
      const saved = await db.query(
        `select m.payer_account, e.actor_id, e.new_row ->> 'payment_steps' as steps
           from app.municipalities m join app.audit_events e on e.table_name = 'municipalities' and e.record_id = m.id::text
          where m.id = $1 and e.action = 'update'`,
        [w.x],
      );
      expect(saved.rows).toEqual([{ payer_account: "15032080119", actor_id: w.admin, steps: "1" }]);
      const claim = await make.claim(db, w.placement, "submitted");
      await approve(db, w.both, claim);
      expect(await batchRows(db, w.caseworker, w.x)).toEqual([claim]);
      const page = await queryAs<{ p: { steps: Record<string, unknown> } }>(
        db,
        { userId: w.caseworker },
        "select api.claim_page($1) as p",
        [claim],
      );
      expect(page.rows[0]!.p.steps).toMatchObject({ approved_by: "Berit Begge", authorised_by: null, one_step: true });
      // Two steps is the default, and switching back applies to the next approvals.
      const fresh = await make.municipality(db, "Z");
      const { rows } = await db.query("select payment_steps from app.municipalities where id = $1", [fresh]);
      expect(rows[0]!.payment_steps).toBe(2);
    }));

  it("R13: the queue shows what waits for authorisation; a batch is authorised all or none", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const first = await make.claim(db, w.placement, "approved", { approved_by: w.caseworker, amount_ore: 10000 });
      const second = await make.claim(db, w.placement, "approved", { approved_by: w.both, amount_ore: 20000 });
      // The one approved first waits longest and comes first.
      await db.query("update app.claims set decided_at = decided_at - interval '1 day' where id = $1", [first]);
      await make.claim(db, w.placement, "approved"); // payable already: one step
      type Queue = { total: number; total_ore: number; can_authorise: boolean; claims: Record<string, unknown>[] };
      const queue = async (userId: string) =>
        (await queryAs<{ q: Queue }>(db, { userId }, "select api.authorisation_queue($1) as q", [w.x])).rows[0]!.q;
      const seen = await queue(w.both);
      expect(seen).toMatchObject({ total: 2, total_ore: 30000, can_authorise: true });
      expect(seen.claims.map((c) => [c.id, c.approved_by_me])).toEqual([
        [first, false],
        [second, true],
      ]);
      expect((await queue(w.caseworker)).can_authorise).toBe(false);
      const { rows } = await queryAs<{ n: string }>(
        db,
        { userId: w.caseworker },
        "select app.claims_to_authorise_count($1) as n",
        [w.x],
      );
      expect(Number(rows[0]!.n)).toBe(2);

      // Berit approved the second claim herself: her batch of both is refused whole.
      const refused = await refusedAs(db, { userId: w.both }, "select api.authorise_claims($1, $2::uuid[])", [
        w.x,
        [first, second],
      ]);
      expect(refused.message).toBe("approver_cannot_authorise");
      expect((await queue(w.anviser)).total).toBe(2);
      await authorise(db, w.anviser, w.x, [first, second]);
      expect((await queue(w.anviser)).total).toBe(0);
      const again = await refusedAs(db, { userId: w.anviser }, "select api.authorise_claims($1, array[$2::uuid])", [
        w.x,
        first,
      ]);
      expect(again.message).toBe("claim_not_awaiting_authorisation");
    }));

  it("R13: the payments page's figures follow a claim from approval through authorisation, batch and payment", () =>
    inRollback(async (db) => {
      const w = await world(db);
      type Figures = { count: number; amount_ore: number };
      type Payments = { unbatched: Figures; awaiting_authorisation: Figures };
      const figures = async () => {
        const { rows } = await queryAs<{ p: Payments }>(
          db,
          { userId: w.caseworker },
          "select api.payment_batches($1) as p",
          [w.x],
        );
        // The same figures counted from the claims themselves.
        const counted = await db.query<{
          awaiting: string;
          awaiting_ore: string;
          payable: string;
          payable_ore: string;
        }>(
          `select count(*) filter (where authorised_at is null) as awaiting,
                  coalesce(sum(amount_ore) filter (where authorised_at is null), 0) as awaiting_ore,
                  count(*) filter (where authorised_at is not null and payment_batch_id is null) as payable,
                  coalesce(sum(amount_ore) filter (where authorised_at is not null and payment_batch_id is null), 0) as payable_ore
             from app.claims where municipality_id = $1 and status = 'approved'`,
          [w.x],
        );
        const c = counted.rows[0]!;
        expect(rows[0]!.p).toMatchObject({
          awaiting_authorisation: { count: Number(c.awaiting), amount_ore: Number(c.awaiting_ore) },
          unbatched: { count: Number(c.payable), amount_ore: Number(c.payable_ore) },
        });
        return [rows[0]!.p.awaiting_authorisation.count, rows[0]!.p.unbatched.count];
      };
      const first = await make.claim(db, w.placement, "submitted", { amount_ore: 10000 });
      const second = await make.claim(db, w.placement, "submitted", { amount_ore: 20000 });
      expect(await figures()).toEqual([0, 0]);
      await approve(db, w.caseworker, first);
      await approve(db, w.caseworker, second);
      expect(await figures()).toEqual([2, 0]);
      await authorise(db, w.anviser, w.x, [first]);
      expect(await figures()).toEqual([1, 1]);
      expect(await batchRows(db, w.caseworker, w.x)).toEqual([first]);
      expect(await figures()).toEqual([1, 0]);
      await authorise(db, w.anviser, w.x, [second]);
      await queryAs(db, { userId: w.caseworker }, "select api.mark_paid($1, app.today(), 'BET-2', array[$2::uuid])", [
        w.x,
        second,
      ]);
      expect(await figures()).toEqual([0, 0]);
      // A claim written approved (one statement, as an import would) counts at once.
      await make.claim(db, w.placement, "approved", { approved_by: w.caseworker, amount_ore: 5000 });
      expect(await figures()).toEqual([1, 0]);
    }));

  /**
   * Separate connections, committed fixtures (the test database is thrown away after the run).
   * An approval is in progress, holding the claim, when an authorisation of the same claim
   * arrives: the authorisation waits and then sees who approved.
   */
  it("R13: concurrent approval and authorisation: the same person never gets both, two people do", async () => {
    const setup = await pool.connect();
    let w: Awaited<ReturnType<typeof world>>;
    const claims: string[] = [];
    try {
      await setup.query("begin");
      w = await world(setup);
      for (let i = 0; i < 2; i++) claims.push(await make.claim(setup, w.placement, "submitted"));
      await setup.query("commit");
    } finally {
      setup.release();
    }
    const race = async (claim: string, approver: string, authoriser: string) => {
      const approving = await pool.connect();
      const authorising = await pool.connect();
      try {
        await approving.query("begin");
        await actAs(approving, { userId: approver });
        await approving.query("select api.decide_claim($1, 'approved')", [claim]);
        await authorising.query("begin");
        await actAs(authorising, { userId: authoriser });
        const pid = (await authorising.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
        const authorisation = authorising.query("select api.authorise_claims($1, array[$2::uuid])", [w.x, claim]).then(
          () => "authorised",
          (error: Error) => error.message,
        );
        // The authorisation is under way, waiting for the approval's lock on the claim.
        await expect
          .poll(
            async () =>
              (await pool.query("select wait_event_type from pg_stat_activity where pid = $1", [pid])).rows[0]
                ?.wait_event_type,
            { timeout: 10_000 },
          )
          .toBe("Lock");
        await approving.query("commit");
        const outcome = await authorisation;
        await authorising.query(outcome === "authorised" ? "commit" : "rollback");
        return outcome;
      } finally {
        approving.release();
        authorising.release();
      }
    };
    expect(await race(claims[0]!, w!.both, w!.both)).toBe("approver_cannot_authorise");
    expect(await race(claims[1]!, w!.caseworker, w!.anviser)).toBe("authorised");

    // And free-running: one person approving and authorising ten claims at the same moment.
    const setupMore = await pool.connect();
    const more: string[] = [];
    try {
      for (let i = 0; i < 10; i++) more.push(await make.claim(setupMore, w!.placement, "submitted"));
    } finally {
      setupMore.release();
    }
    const act = async (sql: string, params: unknown[]) => {
      const db = await pool.connect();
      try {
        await db.query("begin");
        await actAs(db, { userId: w.both });
        await db.query(sql, params);
        await db.query("commit");
        return true;
      } catch {
        await db.query("rollback");
        return false;
      } finally {
        db.release();
      }
    };
    const outcomes = await Promise.all(
      more.map(async (claim) => {
        const [approved, authorised] = await Promise.all([
          act("select api.decide_claim($1, 'approved')", [claim]),
          act("select api.authorise_claims($1, array[$2::uuid])", [w.x, claim]),
        ]);
        return { approved, authorised };
      }),
    );
    expect(outcomes.every((outcome) => outcome.approved)).toBe(true);
    expect(outcomes.filter((outcome) => outcome.authorised)).toEqual([]);
    const { rows } = await pool.query(
      `select id, status, decided_by, authorised_by from app.claims where id = any ($1::uuid[]) order by id`,
      [[...claims, ...more]],
    );
    expect(rows.filter((row) => row.authorised_by !== null && row.authorised_by === row.decided_by)).toEqual([]);
    expect(rows.filter((row) => row.authorised_by === w!.anviser).map((row) => row.id)).toEqual([claims[1]]);
  });
});
