import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

async function world(db: Db, status: "open" | "judging") {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klatreklubben");
  await make.partnership(db, club, x, "verified");
  const round = await make.prizeRound(db, x, status, 2026);
  const criteria = (
    await db.query<{ id: string; weight: number }>(
      "select id, weight from app.prize_criteria where round_id = $1 order by position",
      [round],
    )
  ).rows;
  return { x, club, round, criteria, admin: await make.staff(db, x, "admin") };
}

const nominate = (db: Db, actor: "anon" | { userId: string }, round: string, organisation: string, email: string) =>
  queryAs<{ r: { needs_confirmation: boolean } }>(
    db,
    actor,
    `select api.nominate($1, $2, 'Nora Nominator', $3, 'Forelder', '{"åpenhet": "Alle er velkomne"}') as r`,
    [round, organisation, email],
  );

describe("R8: nominations", () => {
  it("R8: nominations are refused outside the open window", () =>
    inRollback(async (db) => {
      const w = await world(db, "judging");
      const error = await refusedAs(
        db,
        "anon",
        `select api.nominate($1, $2, 'Nora', 'nora@example.test', '', '{"x": "y"}')`,
        [w.round, w.club],
      );
      expect(error.message).toBe("nominations_closed");
      await db.query(
        "update app.prize_rounds set status = 'open', opens_at = now() + interval '1 day', closes_at = now() + interval '9 days' where id = $1",
        [w.round],
      );
      const early = await refusedAs(
        db,
        "anon",
        `select api.nominate($1, $2, 'Nora', 'nora@example.test', '', '{"x": "y"}')`,
        [w.round, w.club],
      );
      expect(early.message).toBe("nominations_closed");
    }));

  it("R8: the same e-mail nominates an organisation at most once per round", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      await nominate(db, "anon", w.round, w.club, "nora@example.test");
      const again = await refusedAs(
        db,
        "anon",
        `select api.nominate($1, $2, 'Nora', 'NORA@example.test', '', '{"x": "y"}')`,
        [w.round, w.club],
      );
      expect({ message: again.message, field: again.detail }).toEqual({
        message: "already_nominated",
        field: "organisation_id",
      });
    }));

  it("an anonymous nomination counts once its e-mail is confirmed; the club is told, not by whom", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      const clubAdmin = await make.member(db, w.club, "admin");
      const { rows } = await nominate(db, "anon", w.round, w.club, "nora@example.test");
      expect(rows[0]!.r).toEqual({ needs_confirmation: true });
      const token = (
        await db.query(
          "select payload ->> 'token' as token from app.outbox where template = 'nomination_confirm' and recipient = 'nora@example.test'",
        )
      ).rows[0]!.token;
      const counted = async () =>
        (
          await queryAs<{ p: { nominees: unknown[] } }>(
            db,
            { userId: w.admin },
            "select api.prize_round_admin($1) as p",
            [w.round],
          )
        ).rows[0]!.p.nominees.length;
      expect(await counted()).toBe(0);
      await queryAs(db, "anon", "select api.confirm_nomination($1)", [token]);
      expect(await counted()).toBe(1);
      const told = await db.query("select recipient, payload from app.outbox where template = 'nomination_received'");
      expect(told.rows).toEqual([
        { recipient: `${clubAdmin}@example.test`, payload: { round: "Inkluderingsprisen 2026" } },
      ]);
    }));

  it("a filled honeypot is answered like a success and stores nothing", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      const { rows } = await queryAs<{ r: unknown }>(
        db,
        "anon",
        `select api.nominate($1, $2, 'Bot', 'bot@example.test', '', '{"x": "y"}', website => 'http://spam.example') as r`,
        [w.round, w.club],
      );
      expect(rows[0]!.r).toEqual({ needs_confirmation: true });
      expect((await db.query("select 1 from app.nominations where round_id = $1", [w.round])).rowCount).toBe(0);
    }));

  it("only organisations verified in the municipality can be nominated", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      const other = await make.organisation(db, "Ikke verifisert");
      const error = await refusedAs(
        db,
        "anon",
        `select api.nominate($1, $2, 'Nora', 'nora@example.test', '', '{"x": "y"}')`,
        [w.round, other],
      );
      expect(error.message).toBe("organisation_not_eligible");
    }));
});

describe("R8: judging", () => {
  async function judging(db: Db) {
    const w = await world(db, "judging");
    await make.nomination(db, w.round, w.club, { status: "eligible" });
    const jurorA = await make.user(db, "Jury A");
    const jurorB = await make.user(db, "Jury B");
    await db.query("insert into app.prize_jurors (round_id, user_id) values ($1, $2), ($1, $3)", [
      w.round,
      jurorA,
      jurorB,
    ]);
    return { ...w, jurorA, jurorB };
  }
  const score = (
    db: Db,
    juror: string,
    round: string,
    organisation: string,
    values: number[],
    criteria: Array<{ id: string }>,
  ) =>
    queryAs(db, { userId: juror }, "select api.score_nominee($1, $2, $3)", [
      round,
      organisation,
      JSON.stringify(criteria.map((c, i) => ({ criterion_id: c.id, score: values[i] }))),
    ]);

  it("R8: a municipality admin on the round's jury sees neither the ranking nor other jurors' scores until the announcement", () =>
    inRollback(async (db) => {
      const w = await judging(db);
      const otherAdmin = await make.staff(db, w.x, "admin");
      await queryAs(db, { userId: w.admin }, "select api.add_juror($1, $2)", [w.round, `${w.admin}@example.test`]);
      await score(db, w.jurorA, w.round, w.club, [5, 4], w.criteria);
      await score(db, w.admin, w.round, w.club, [2, 2], w.criteria);
      type Page = { ranking: unknown[] | null; ranking_hidden: boolean; jurors: { user_id: string; scored: number }[] };
      const page = async (userId: string) =>
        (await queryAs<{ p: Page }>(db, { userId }, "select api.prize_round_admin($1) as p", [w.round])).rows[0]!.p;
      const scoresSeenBy = async (userId: string) =>
        (await queryAs(db, { userId }, "select juror_id from app.prize_scores where round_id = $1", [w.round])).rows;

      const asJuror = await page(w.admin);
      expect({ ranking: asJuror.ranking, hidden: asJuror.ranking_hidden }).toEqual({ ranking: null, hidden: true });
      // Progress is not a score: the admin still sees who has scored how many nominees.
      expect(Object.fromEntries(asJuror.jurors.map((j) => [j.user_id, j.scored]))).toEqual({
        [w.admin]: 1,
        [w.jurorA]: 1,
        [w.jurorB]: 0,
      });
      expect(await scoresSeenBy(w.admin)).toEqual([{ juror_id: w.admin }, { juror_id: w.admin }]);

      // Leaving the jury after scoring does not open the ranking either.
      await queryAs(db, { userId: w.admin }, "select api.remove_juror($1, $2)", [w.round, w.admin]);
      expect((await page(w.admin)).ranking).toBeNull();

      // An admin who is not on the jury follows the ranking, and announces.
      const asOther = await page(otherAdmin);
      expect({ rows: asOther.ranking?.length, hidden: asOther.ranking_hidden }).toEqual({ rows: 1, hidden: false });
      expect(await scoresSeenBy(otherAdmin)).toHaveLength(4);
      await queryAs(
        db,
        { userId: otherAdmin },
        "select api.announce_winners($1, jsonb_build_array(jsonb_build_object('organisation_id', $2::uuid, 'citation', 'For åpne dører')))",
        [w.round, w.club],
      );
      const announced = await page(w.admin);
      expect({ rows: announced.ranking?.length, hidden: announced.ranking_hidden }).toEqual({ rows: 1, hidden: false });
      expect(await scoresSeenBy(w.admin)).toHaveLength(4);
    }));

  it("R8: jurors do not see each other's scores before the round is announced", () =>
    inRollback(async (db) => {
      const w = await judging(db);
      await score(db, w.jurorA, w.round, w.club, [5, 4], w.criteria);
      const seenByB = await queryAs(db, { userId: w.jurorB }, "select * from app.prize_scores where round_id = $1", [
        w.round,
      ]);
      expect(seenByB.rowCount).toBe(0);
      const page = await queryAs<{ p: { all_scores: unknown } }>(
        db,
        { userId: w.jurorB },
        "select api.juror_round($1) as p",
        [w.round],
      );
      expect(page.rows[0]!.p.all_scores).toBeNull();
      await queryAs(
        db,
        { userId: w.admin },
        "select api.announce_winners($1, jsonb_build_array(jsonb_build_object('organisation_id', $2::uuid, 'citation', 'For åpne dører')))",
        [w.round, w.club],
      );
      const after = await queryAs(db, { userId: w.jurorB }, "select * from app.prize_scores where round_id = $1", [
        w.round,
      ]);
      expect(after.rowCount).toBe(2);
    }));

  it("R8: a juror who belongs to the organisation cannot score it", () =>
    inRollback(async (db) => {
      const w = await judging(db);
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
        w.club,
        w.jurorA,
      ]);
      const error = await refusedAs(db, { userId: w.jurorA }, "select api.score_nominee($1, $2, $3)", [
        w.round,
        w.club,
        JSON.stringify([{ criterion_id: w.criteria[0]!.id, score: 5 }]),
      ]);
      expect(error.message).toBe("juror_conflicted");
    }));

  it("R8: a juror who declared a conflict cannot score, and earlier scores are withdrawn", () =>
    inRollback(async (db) => {
      const w = await judging(db);
      await score(db, w.jurorA, w.round, w.club, [3, 3], w.criteria);
      await queryAs(db, { userId: w.jurorA }, "select api.declare_conflict($1, $2, 'Søster er leder')", [
        w.round,
        w.club,
      ]);
      expect((await db.query("select 1 from app.prize_scores where juror_id = $1", [w.jurorA])).rowCount).toBe(0);
      const error = await refusedAs(db, { userId: w.jurorA }, "select api.score_nominee($1, $2, $3)", [
        w.round,
        w.club,
        JSON.stringify([{ criterion_id: w.criteria[0]!.id, score: 5 }]),
      ]);
      expect(error.message).toBe("juror_conflicted");
    }));

  it("the weighted ranking averages score × weight, and ties share a rank", () =>
    inRollback(async (db) => {
      const w = await judging(db);
      const second = await make.organisation(db, "Korpset");
      const third = await make.organisation(db, "Turlaget");
      for (const org of [second, third]) {
        await make.partnership(db, org, w.x, "verified");
        await make.nomination(db, w.round, org, { status: "eligible" });
      }
      // Weights 2 and 1. Club: (5·2 + 2 + 4·2 + 5) / 6 = 4.17; the other two score 4 everywhere and tie at 4.
      await score(db, w.jurorA, w.round, w.club, [5, 2], w.criteria);
      await score(db, w.jurorB, w.round, w.club, [4, 5], w.criteria);
      await score(db, w.jurorA, w.round, second, [4, 4], w.criteria);
      await score(db, w.jurorB, w.round, second, [4, 4], w.criteria);
      await score(db, w.jurorA, w.round, third, [4, 4], w.criteria);
      await score(db, w.jurorB, w.round, third, [4, 4], w.criteria);
      const { rows } = await queryAs<{ p: { ranking: Array<{ name: string; weighted_score: number; rank: number }> } }>(
        db,
        { userId: w.admin },
        "select api.prize_round_admin($1) as p",
        [w.round],
      );
      expect(rows[0]!.p.ranking.map((r) => [r.name, Number(r.weighted_score), r.rank])).toEqual([
        ["Klatreklubben", 4.17, 1],
        ["Korpset", 4, 2],
        ["Turlaget", 4, 2],
      ]);
    }));

  it("a juror of another municipality's round reads nothing of this one", () =>
    inRollback(async (db) => {
      const w = await judging(db);
      const y = await make.municipality(db, "Y");
      const otherRound = await make.prizeRound(db, y, "judging", 2026);
      const outsider = await make.user(db);
      await db.query("insert into app.prize_jurors (round_id, user_id) values ($1, $2)", [otherRound, outsider]);
      const page = await refusedAs(db, { userId: outsider }, "select api.juror_round($1)", [w.round]);
      expect(page.code).toBe("PT404");
      expect(
        (await queryAs(db, { userId: outsider }, "select 1 from app.nominations where round_id = $1", [w.round]))
          .rowCount,
      ).toBe(0);
    }));

  it("the roll of honour shows announced winners only", () =>
    inRollback(async (db) => {
      const w = await judging(db);
      const roll = async () =>
        (
          await queryAs<{ r: Array<{ round_id: string }> }>(db, "anon", "select api.roll_of_honour() as r")
        ).rows[0]!.r.filter((entry) => entry.round_id === w.round);
      expect(await roll()).toEqual([]);
      await queryAs(
        db,
        { userId: w.admin },
        "select api.announce_winners($1, jsonb_build_array(jsonb_build_object('organisation_id', $2::uuid, 'citation', 'For åpne dører')))",
        [w.round, w.club],
      );
      expect(await roll()).toMatchObject([
        { year: 2026, winners: [{ name: "Klatreklubben", citation: "For åpne dører" }] },
      ]);
    }));

  it("rounds open and close on their dates by themselves", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      await make.staff(db, x, "admin");
      const { rows } = await db.query<{ id: string }>(
        `insert into app.prize_rounds (municipality_id, year, title, opens_at, closes_at)
         values ($1, 2027, 'Prisen', '2027-03-01T00:00:00+01', '2027-04-01T00:00:00+02') returning id`,
        [x],
      );
      const run = async (at: string) =>
        (await queryAs<{ r: unknown }>(db, "service_role", "select api.run_prize_lifecycle($1) as r", [at])).rows[0]!.r;
      const status = async () =>
        (await db.query("select status from app.prize_rounds where id = $1", [rows[0]!.id])).rows[0]!.status;
      await run("2027-02-28T12:00:00Z");
      expect(await status()).toBe("draft");
      await run("2027-03-01T12:00:00Z");
      expect(await status()).toBe("open");
      await run("2027-04-01T12:00:00Z");
      expect(await status()).toBe("judging");
    }));
});

describe("the round's page for staff", () => {
  it("carries each nominee's nominations for screening, and the staff to pick jurors from for admins only", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      const caseworker = await make.staff(db, w.x, "caseworker");
      await make.nomination(db, w.round, w.club);
      await make.nomination(db, w.round, w.club);
      await make.nomination(db, w.round, w.club, { confirmed: false });
      type Page = {
        nominees: { nominations: number; details: { nominator_name: string }[] }[];
        staff: unknown[] | null;
      };
      const page = async (userId: string) =>
        (await queryAs<{ p: Page }>(db, { userId }, "select api.prize_round_admin($1) as p", [w.round])).rows[0]!.p;
      const asCaseworker = await page(caseworker);
      expect(asCaseworker.nominees).toHaveLength(1);
      expect(asCaseworker.nominees[0]!.nominations).toBe(2);
      expect(asCaseworker.nominees[0]!.details.map((d) => d.nominator_name)).toEqual([
        "Nora Nominator",
        "Nora Nominator",
      ]);
      expect(asCaseworker.staff).toBeNull();
      expect((await page(w.admin)).staff).toHaveLength(2);
    }));

  it("lists the jury invitations not yet accepted, for admins only", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      const caseworker = await make.staff(db, w.x, "caseworker");
      await queryAs(db, { userId: w.admin }, "select api.add_juror($1, 'ny.jurymedlem@example.test')", [w.round]);
      type Page = { invitations: { email: string }[] | null };
      const page = async (userId: string) =>
        (await queryAs<{ p: Page }>(db, { userId }, "select api.prize_round_admin($1) as p", [w.round])).rows[0]!.p;
      expect((await page(w.admin)).invitations?.map((i) => i.email)).toEqual(["ny.jurymedlem@example.test"]);
      expect((await page(caseworker)).invitations).toBeNull();
    }));

  it("tells a person with an account by mail when added to the jury, once", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      const juror = await make.user(db, "Jorunn Jury");
      const email = (await db.query<{ email: string }>("select email from auth.users where id = $1", [juror])).rows[0]!
        .email;
      for (let time = 0; time < 2; time++) {
        const added = await queryAs<{ a: string }>(db, { userId: w.admin }, "select api.add_juror($1, $2) as a", [
          w.round,
          email,
        ]);
        expect(added.rows[0]!.a).toBe("added");
      }
      const { rows } = await db.query<{ payload: { round_id: string } }>(
        "select payload from app.outbox where template = 'juror_added' and recipient = $1",
        [email],
      );
      expect(rows.map((row) => row.payload.round_id)).toEqual([w.round]);
    }));

  it("names a juror from outside the municipality in the juror list", () =>
    inRollback(async (db) => {
      const w = await world(db, "open");
      const outsider = await make.user(db, "Ola Utenfra");
      await db.query("insert into app.prize_jurors (round_id, user_id) values ($1, $2)", [w.round, outsider]);
      const { rows } = await queryAs<{ p: { jurors: { display_name: string }[] } }>(
        db,
        { userId: w.admin },
        "select api.prize_round_admin($1) as p",
        [w.round],
      );
      expect(rows[0]!.p.jurors.map((j) => j.display_name)).toEqual(["Ola Utenfra"]);
      // Someone who is not the round's staff still does not read the juror's profile.
      const other = await make.staff(db, await make.municipality(db, "Y"), "admin");
      const seen = await queryAs(db, { userId: other }, "select 1 from app.profiles where user_id = $1", [outsider]);
      expect(seen.rows).toHaveLength(0);
    }));
});
