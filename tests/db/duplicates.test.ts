import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { actAs, daysFromToday, inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

/**
 * No duplicates and no silent drops: a form posted twice (a double click) makes one record,
 * and a caseworker puts a participant registered by mistake right, by deleting or merging.
 */
afterAll(() => pool.end());

async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const y = await make.municipality(db, "Y");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  const activity = await make.activity(db, club, x, { title: "Klatring", fee_ore: 120000 });
  const agreement = await make.agreement(db, x, club, "active");
  const facilitator = await make.member(db, club, "facilitator");
  await make.facilitatorRole(db, agreement, activity, facilitator);
  return {
    x,
    y,
    club,
    activity,
    agreement,
    facilitator,
    caseworker: await make.staff(db, x, "caseworker"),
    caseworkerY: await make.staff(db, y, "caseworker"),
    clubAdmin: await make.member(db, club, "admin"),
  };
}

const register = (db: Db, caseworker: string, municipality: string, name: string, key: string) =>
  queryAs<{ id: string }>(
    db,
    { userId: caseworker },
    "select api.register_participant($1, $2, 2004, submission_key => $3) as id",
    [municipality, name, key],
  ).then(({ rows }) => rows[0]!.id);

const count = async (db: Db, sql: string, params: unknown[]) =>
  Number((await db.query<{ n: string }>(`select count(*) as n from ${sql}`, params)).rows[0]!.n);

describe("a form posted twice", () => {
  it("R12: the same registration posted twice registers one participant", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const key = randomUUID();
      const first = await register(db, w.caseworker, w.x, "Emma", key);
      const second = await register(db, w.caseworker, w.x, "Emma", key);
      expect(second).toBe(first);
      expect(await count(db, "app.participants where municipality_id = $1", [w.x])).toBe(1);
    }));

  it("R12: a form sent again with another name after going back registers that participant too", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const key = randomUUID();
      const emma = await register(db, w.caseworker, w.x, "Emma", key);
      const nora = await register(db, w.caseworker, w.x, "Nora", key);
      expect(nora).not.toBe(emma);
      expect(await count(db, "app.participants where municipality_id = $1", [w.x])).toBe(2);
    }));

  it("R12: two posts of the same form at the same moment register one participant", async () => {
    const setup = await pool.connect();
    const [one, two] = [await pool.connect(), await pool.connect()];
    let municipality = "";
    try {
      municipality = await make.municipality(setup, "Samtidig");
      const caseworker = await make.staff(setup, municipality, "caseworker");
      const key = randomUUID();
      for (const db of [one, two]) {
        await db.query("begin");
        await actAs(db, { userId: caseworker });
      }
      const call = "select api.register_participant($1, 'Emma', 2004, submission_key => $2) as id";
      const first = await one.query<{ id: string }>(call, [municipality, key]);
      // The second waits for the first's key, then answers with its participant.
      const waiting = two.query<{ id: string }>(call, [municipality, key]);
      await one.query("commit");
      const second = await waiting;
      await two.query("commit");
      expect(second.rows[0]!.id).toBe(first.rows[0]!.id);
      expect(await count(setup, "app.participants where municipality_id = $1", [municipality])).toBe(1);
    } finally {
      for (const db of [one, two]) {
        await db.query("rollback").catch(() => {});
        db.release();
      }
      await setup.query("delete from app.participants where municipality_id = $1", [municipality]);
      await setup.query("delete from app.municipalities where id = $1", [municipality]);
      setup.release();
    }
  });

  it("R12: the same organisation registration posted twice registers once; another person hears the number is taken", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const person = await make.user(db);
      const other = await make.user(db);
      const key = randomUUID();
      const registerAs = (userId: string) =>
        queryAs<{ id: string }>(
          db,
          { userId },
          "select api.register_organisation('923609016', 'Nyklubben', 'idrett', array[$1::uuid], submission_key => $2) as id",
          [w.x, key],
        );
      const first = (await registerAs(person)).rows[0]!.id;
      expect((await registerAs(person)).rows[0]!.id).toBe(first);
      const taken = await refusedAs(
        db,
        { userId: other },
        "select api.register_organisation('923609016', 'Nyklubben', 'idrett', array[$1::uuid], submission_key => $2)",
        [w.x, key],
      );
      expect([taken.message, taken.detail]).toEqual(["organisation_number_taken", "organisation_number"]);
      expect(await count(db, "app.memberships where organisation_id = $1", [first])).toBe(1);
    }));

  it("R12: a new claim posted twice makes one claim, and its receipt is attached once", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const participant = await make.participant(db, w.x);
      const placement = await make.placement(db, participant, w.activity, w.agreement);
      const key = randomUUID();
      const save = () =>
        queryAs<{ id: string }>(
          db,
          { userId: w.clubAdmin },
          `select api.save_claim($1, 'kontingent', 120000, period_start => $2::date, period_end => $3::date,
                                 submission_key => $4) as id`,
          [placement, daysFromToday(-30), daysFromToday(-1), key],
        ).then(({ rows }) => rows[0]!.id);
      const claim = await save();
      expect(await save()).toBe(claim);
      expect(await count(db, "app.claims where placement_id = $1", [placement])).toBe(1);

      const attach = (file: string) =>
        queryAs<{ r: { attached: boolean } }>(
          db,
          { userId: w.clubAdmin },
          `select api.add_receipt($1::uuid, $2::text || '/' || $1::text || '/' || $3::text, 'kvittering.pdf',
                                  'application/pdf', 1000, repeat('e', 64)) as r`,
          [claim, w.club, file],
        ).then(({ rows }) => rows[0]!.r.attached);
      expect([await attach("a.pdf"), await attach("b.pdf")]).toEqual([true, false]);
      expect(await count(db, "app.claim_receipts where claim_id = $1", [claim])).toBe(1);
    }));

  it("R8/R12: a nomination posted twice answers as the first did; a second nomination by the address is still refused", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const round = await make.prizeRound(db, w.x, "open", 2031);
      const key = randomUUID();
      const nominate = (submissionKey: string) =>
        `select api.nominate('${round}', '${w.club}', 'Per Publikum', 'per@example.test', '', '{"x": "Fordi"}',
                             submission_key => '${submissionKey}') as r`;
      const first = await queryAs<{ r: unknown }>(db, "anon", nominate(key));
      const again = await queryAs<{ r: unknown }>(db, "anon", nominate(key));
      expect(again.rows[0]!.r).toEqual(first.rows[0]!.r);
      expect(await count(db, "app.nominations where round_id = $1", [round])).toBe(1);
      expect(await count(db, "app.outbox where recipient = 'per@example.test'", [])).toBe(1);
      const second = await refusedAs(db, "anon", nominate(randomUUID()));
      expect(second.message).toBe("already_nominated");
    }));
});

describe("a participant registered by mistake", () => {
  it("R9: a caseworker deletes a participant who was never placed, with the notes; the trail keeps the deletion", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const participant = await make.participant(db, w.x, { first_name: "Feil" });
      await queryAs(db, { userId: w.caseworker }, "select api.add_participant_note($1, 'Registrert to ganger')", [
        participant,
      ]);
      await queryAs(db, { userId: w.caseworker }, "select api.delete_participant($1)", [participant]);
      expect(await count(db, "app.participants where id = $1", [participant])).toBe(0);
      expect(await count(db, "app.participant_notes where participant_id = $1", [participant])).toBe(0);
      const { rows } = await db.query(
        "select action, actor_id, old_row ? 'first_name' as personal from app.audit_events where table_name = 'participants' and record_id = $1 order by id",
        [participant],
      );
      expect(rows.at(-1)).toEqual({ action: "delete", actor_id: w.caseworker, personal: false });
      const { rows: list } = await queryAs<{ r: { total: number } }>(
        db,
        { userId: w.caseworker },
        "select api.participants($1) as r",
        [w.x],
      );
      expect(list[0]!.r.total).toBe(0);
    }));

  it("R12: a participant who was placed cannot be deleted, and hears to merge instead", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const participant = await make.participant(db, w.x);
      await make.placement(db, participant, w.activity, w.agreement);
      const refused = await refusedAs(db, { userId: w.caseworker }, "select api.delete_participant($1)", [participant]);
      expect(refused.message).toBe("participant_has_placements");
      // The policy holds for a direct delete too.
      await queryAs(db, { userId: w.caseworker }, "delete from app.participants where id = $1", [participant]);
      expect(await count(db, "app.participants where id = $1", [participant])).toBe(1);
    }));

  it("R9: merging moves the placements and notes to the kept participant and the trail records it", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const kept = await make.participant(db, w.x, { first_name: "Emma", interests: ["klatring"] });
      const twin = await make.participant(db, w.x, {
        first_name: "Emma",
        interests: ["svømming"],
        wishes: "Vil prøve noe nytt",
      });
      const placement = await make.placement(db, twin, w.activity, w.agreement);
      await queryAs(db, { userId: w.caseworker }, "select api.add_participant_note($1, 'Ringte mor')", [twin]);

      await queryAs(db, { userId: w.caseworker }, "select api.merge_participants($1, $2)", [twin, kept]);

      const { rows } = await db.query(
        "select p.interests, p.wishes, (select participant_id from app.placements where id = $2) as placed from app.participants p where p.id = $1",
        [kept, placement],
      );
      expect(rows[0]).toEqual({ interests: ["klatring", "svømming"], wishes: "Vil prøve noe nytt", placed: kept });
      expect(await count(db, "app.participant_notes where participant_id = $1", [kept])).toBe(1);
      expect(await count(db, "app.participants where id = $1", [twin])).toBe(0);
      const trail = await db.query(
        `select actor_id, new_row from app.audit_events
          where table_name = 'participants' and record_id = $1 and new_row ? 'merged_participant'`,
        [kept],
      );
      expect(trail.rows).toEqual([
        {
          actor_id: w.caseworker,
          new_row: { merged_participant: twin, moved_placements: 1, moved_notes: 1 },
        },
      ]);
      const { rows: list } = await queryAs<{ r: { participants: { id: string; active_placements: number }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.participants($1) as r",
        [w.x],
      );
      expect(list[0]!.r.participants.map(({ id, active_placements }) => ({ id, active_placements }))).toEqual([
        { id: kept, active_placements: 1 },
      ]);
    }));

  it("R9: only staff of the participant's municipality delete or merge; nobody merges across municipalities", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const mistake = await make.participant(db, w.x);
      const kept = await make.participant(db, w.x);
      const elsewhere = await make.participant(db, w.y);
      for (const userId of [w.caseworkerY, w.clubAdmin, w.facilitator]) {
        const deleted = await refusedAs(db, { userId }, "select api.delete_participant($1)", [mistake]);
        const merged = await refusedAs(db, { userId }, "select api.merge_participants($1, $2)", [mistake, kept]);
        expect([deleted.code, merged.code]).toEqual(["PT404", "PT404"]);
      }
      const across = await refusedAs(db, { userId: w.caseworker }, "select api.merge_participants($1, $2)", [
        mistake,
        elsewhere,
      ]);
      expect([across.message, across.detail]).toEqual(["merge_target_required", "kept_id"]);
      const itself = await refusedAs(db, { userId: w.caseworker }, "select api.merge_participants($1, $1)", [mistake]);
      expect(itself.message).toBe("merge_same_participant");
      expect(await count(db, "app.participants where id = any($1)", [[mistake, kept, elsewhere]])).toBe(3);
    }));

  it("R9: the page for a mistaken registration offers participants of the same name in the same municipality only", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const emma = await make.participant(db, w.x, { first_name: "Emma", birth_year: 2004 });
      const twin = await make.participant(db, w.x, { first_name: "emma", birth_year: 2005 });
      await make.participant(db, w.x, { first_name: "Nora" });
      const { rows } = await queryAs<{ r: { candidates: { id: string }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.participant_duplicates($1) as r",
        [emma],
      );
      expect(rows[0]!.r.candidates.map(({ id }) => id)).toEqual([twin]);
      const searched = await queryAs<{ r: { candidates: { first_name: string }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.participant_duplicates($1, 'nor') as r",
        [emma],
      );
      expect(searched.rows[0]!.r.candidates.map(({ first_name }) => first_name)).toEqual(["Nora"]);
      const other = await refusedAs(db, { userId: w.caseworkerY }, "select api.participant_duplicates($1)", [emma]);
      expect(other.code).toBe("PT404");
    }));
});
