import { afterAll, describe, expect, it } from "vitest";
import { actAs, daysFromToday, inRollback, make, pool, queryAs, type Db } from "../support/db";

afterAll(() => pool.end());

/**
 * Club A with an activity under an active agreement with municipality X; facilitator Anna is
 * named and accepted the way the club does it (through the API), and Ola is placed there.
 */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  const activity = await make.activity(db, club, x, { title: "Klatring" });
  const agreement = await make.agreement(db, x, club, "active");
  await db.query("insert into app.agreement_activities (agreement_id, activity_id) values ($1, $2)", [
    agreement,
    activity,
  ]);
  const clubAdmin = await make.member(db, club, "admin");
  const w = { x, club, activity, agreement, clubAdmin };
  const anna = await facilitator(db, w, "Anna Tilrettelegger");
  await name(db, w, anna);
  await accept(db, w, anna);
  // Anna has had the activity for a year.
  await db.query(
    "update app.facilitator_namings set named_at = now() - interval '1 year', accepted_at = now() - interval '1 year'",
  );
  const participant = await make.participant(db, x, { first_name: "Ola" });
  const placement = await make.placement(db, participant, activity, agreement);
  return { ...w, anna, placement, caseworker: await make.staff(db, x, "caseworker") };
}
type World = { club: string; activity: string; agreement: string; clubAdmin: string };

async function facilitator(db: Db, w: Pick<World, "club">, displayName: string) {
  const user = await make.member(db, w.club, "facilitator");
  await db.query("update app.profiles set display_name = $2 where user_id = $1", [user, displayName]);
  return user;
}

const name = (db: Db, w: World, person: string, alongside = false) =>
  queryAs(db, { userId: w.clubAdmin }, "select api.name_facilitator($1, $2, $3, $4)", [
    w.agreement,
    w.activity,
    person,
    alongside,
  ]);

const accept = (db: Db, w: World, person: string) =>
  queryAs(db, { userId: person }, "select api.accept_facilitator_role($1, $2, 'Fullt Navn', true)", [
    w.agreement,
    w.activity,
  ]);

/** What a person gets of the placement: its page, their week's participants, and a save. */
async function access(db: Db, userId: string, placement: string, session: string) {
  const page = await pageOf(db, userId, placement);
  const week = await queryAs<{ w: { sessions: { participants: { placement_id: string }[] }[] } }>(
    db,
    { userId },
    "select api.facilitator_week() as w",
  );
  const inWeek = week.rows[0]!.w.sessions.some((s) => s.participants.some((p) => p.placement_id === placement));
  await db.query("savepoint save");
  let saves: boolean;
  try {
    await queryAs(
      db,
      { userId },
      "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', 'present')))",
      [session, placement],
    );
    saves = true;
  } catch (error) {
    expect((error as { code: string }).code).toBe("42501");
    saves = false;
  }
  await db.query("rollback to savepoint save");
  await actAs(db, "postgres");
  return { reads: page !== null, inWeek, saves };
}

async function pageOf(db: Db, userId: string, placement: string) {
  await db.query("savepoint page");
  try {
    const { rows } = await queryAs<{ p: PlacementPage }>(db, { userId }, "select api.placement_page($1) as p", [
      placement,
    ]);
    return rows[0]!.p;
  } catch (error) {
    await db.query("rollback to savepoint page");
    await actAs(db, "postgres");
    expect((error as { code: string }).code).toBe("PT404");
    return null;
  }
}
type PlacementPage = {
  participant: { first_name: string } | null;
  facilitators: { display_name: string; from: string; to: string | null }[];
};

const full = { reads: true, inWeek: true, saves: true };
const readOnly = { reads: true, inWeek: false, saves: false };
const none = { reads: false, inWeek: false, saves: false };

describe("R7: a removed facilitator loses access at once", () => {
  it("R7: a facilitator whose facilitator role is taken away loses the placement page, the week and the save at once", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      expect(await access(db, w.anna, w.placement, session)).toEqual(full);
      await queryAs(db, { userId: w.clubAdmin }, "select api.set_member_roles($1, $2, '{}')", [w.club, w.anna]);
      expect(await access(db, w.anna, w.placement, session)).toEqual(none);
      const card = await queryAs<{ c: unknown }>(db, { userId: w.anna }, "select app.participant_card($1) as c", [
        w.placement,
      ]);
      expect(card.rows[0]!.c).toBeNull();
    }));

  it("R7: a facilitator removed from the club loses access at once, and an admin role elsewhere does not bring it back", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const otherClub = await make.organisation(db, "Klubb B");
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')", [
        otherClub,
        w.anna,
      ]);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      await queryAs(
        db,
        { userId: w.clubAdmin },
        "delete from app.memberships where organisation_id = $1 and user_id = $2",
        [w.club, w.anna],
      );
      expect(await access(db, w.anna, w.placement, session)).toEqual(none);
      // The role given back later is not a naming: the club names and the person accepts again.
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
        w.club,
        w.anna,
      ]);
      expect((await access(db, w.anna, w.placement, session)).saves).toBe(false);
    }));

  it("R7: every check asks for the facilitator membership itself, not only for a naming that has not ended", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      // The membership goes without its trigger ending the naming.
      await db.query("set local session_replication_role = replica");
      await db.query("delete from app.memberships where organisation_id = $1 and user_id = $2", [w.club, w.anna]);
      await db.query("set local session_replication_role = origin");
      expect(await access(db, w.anna, w.placement, session)).toEqual(none);
    }));
});

describe("R7/R4: naming a new facilitator hands over the participants", () => {
  it("R7: after the new facilitator accepts, the placements move to them; the old one reads for 30 days and logs nothing", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      const planned = await make.placement(
        db,
        await make.participant(db, w.x, { first_name: "Kari" }),
        w.activity,
        w.agreement,
        { from: daysFromToday(7), to: daysFromToday(300) },
      );
      await db.query("update app.placements set status = 'planned' where id = $1", [planned]);
      const bjorn = await facilitator(db, w, "Bjørn Ny");

      await name(db, w, bjorn);
      // Until Bjørn accepts, Anna keeps the participants: they are never without a facilitator.
      expect(await access(db, w.anna, w.placement, session)).toEqual(full);
      expect(await access(db, bjorn, w.placement, session)).toEqual(none);

      await accept(db, w, bjorn);
      expect(await access(db, bjorn, w.placement, session)).toEqual(full);
      expect(await access(db, w.anna, w.placement, session)).toEqual(readOnly);
      const annasCard = (await pageOf(db, w.anna, w.placement))!.participant;
      expect(annasCard?.first_name).toBe("Ola");

      // The planned placement starts under Bjørn, two days after the handover; Anna never had it.
      await db.query(
        "update app.facilitator_namings set ended_at = now() - interval '2 days' where facilitator_id = $1",
        [w.anna],
      );
      await db.query(
        "update app.facilitator_namings set named_at = now() - interval '3 days', accepted_at = now() - interval '2 days' where facilitator_id = $1",
        [bjorn],
      );
      await db.query("update app.placements set status = 'active', starts_on = app.today() - 1 where id = $1", [
        planned,
      ]);
      expect((await access(db, bjorn, planned, session)).saves).toBe(true);
      expect(await access(db, w.anna, planned, session)).toEqual(none);

      // 30 days after the handover Anna has nothing left.
      await db.query(
        "update app.facilitator_namings set ended_at = now() - interval '31 days' where facilitator_id = $1",
        [w.anna],
      );
      expect(await access(db, w.anna, w.placement, session)).toEqual(none);
    }));

  it("R7: the handover shows in the placement's history, for the caseworker and the club", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const bjorn = await facilitator(db, w, "Bjørn Ny");
      await name(db, w, bjorn);
      await accept(db, w, bjorn);
      const today = daysFromToday(0);
      for (const reader of [w.caseworker, w.clubAdmin, bjorn]) {
        const history = (await pageOf(db, reader, w.placement))!.facilitators;
        expect(history).toEqual([
          { display_name: "Anna Tilrettelegger", email: expect.any(String), from: daysFromToday(-60), to: today },
          { display_name: "Bjørn Ny", email: expect.any(String), from: today, to: null },
        ]);
      }
    }));

  it("R7: an old facilitator removed from the club after the handover has nothing, not even the 30 days", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      const bjorn = await facilitator(db, w, "Bjørn Ny");
      await name(db, w, bjorn);
      await accept(db, w, bjorn);
      await queryAs(db, { userId: w.clubAdmin }, "select api.set_member_roles($1, $2, '{}')", [w.club, w.anna]);
      expect(await access(db, w.anna, w.placement, session)).toEqual(none);
    }));

  it("R7: a handover also reaches the placements made under the agreement's earlier version", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      const revised = await queryAs<{ id: string }>(
        db,
        { userId: w.caseworker },
        "select api.revise_agreement($1) as id",
        [w.agreement],
      );
      const next = { ...w, agreement: revised.rows[0]!.id };
      await queryAs(db, { userId: w.caseworker }, "select api.send_agreement($1)", [next.agreement]);
      for (const signer of [w.clubAdmin, w.caseworker])
        await queryAs(
          db,
          { userId: signer },
          "select api.sign_agreement($1, 'Navn Navnesen', 'Leder', true, (select text_hash from app.agreements where id = $1))",
          [next.agreement],
        );
      // Anna is still named under the new version and keeps Ola.
      expect(await access(db, w.anna, w.placement, session)).toEqual(full);
      const bjorn = await facilitator(db, w, "Bjørn Ny");
      await name(db, next, bjorn);
      await accept(db, next, bjorn);
      expect(await access(db, bjorn, w.placement, session)).toEqual(full);
      expect(await access(db, w.anna, w.placement, session)).toEqual(readOnly);
    }));
});

describe("R7/R4: an activity with two facilitators", () => {
  it("R4: two facilitators named alongside each other both log every placement of the activity; ending one leaves the other", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      const cecilie = await facilitator(db, w, "Cecilie Med");
      await name(db, w, cecilie, true);
      await accept(db, w, cecilie);
      expect(await access(db, w.anna, w.placement, session)).toEqual(full);
      expect(await access(db, cecilie, w.placement, session)).toEqual(full);

      // Both log the same session; the last save stands and says who made it.
      for (const [person, status] of [
        [w.anna, "present"],
        [cecilie, "absent"],
      ] as const)
        await queryAs(
          db,
          { userId: person },
          "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', $3::text)))",
          [session, w.placement, status],
        );
      const mark = await db.query("select status, recorded_by from app.attendance where placement_id = $1", [
        w.placement,
      ]);
      expect(mark.rows).toEqual([{ status: "absent", recorded_by: cecilie }]);

      await queryAs(db, { userId: w.clubAdmin }, "select api.end_facilitator_role($1, $2, $3)", [
        w.agreement,
        w.activity,
        cecilie,
      ]);
      expect(await access(db, cecilie, w.placement, session)).toEqual(readOnly);
      expect(await access(db, w.anna, w.placement, session)).toEqual(full);
    }));

  it("R7: a handover to one person ends every other naming of the activity when they accept", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      const cecilie = await facilitator(db, w, "Cecilie Med");
      await name(db, w, cecilie, true);
      await accept(db, w, cecilie);
      const bjorn = await facilitator(db, w, "Bjørn Ny");
      await name(db, w, bjorn);
      await accept(db, w, bjorn);
      expect(await access(db, bjorn, w.placement, session)).toEqual(full);
      expect(await access(db, w.anna, w.placement, session)).toEqual(readOnly);
      expect(await access(db, cecilie, w.placement, session)).toEqual(readOnly);
      const page = await queryAs<{ p: { activities: { facilitators: { display_name: string }[] }[] } }>(
        db,
        { userId: w.clubAdmin },
        "select api.agreement_page($1) as p",
        [w.agreement],
      );
      expect(page.rows[0]!.p.activities[0]!.facilitators.map((f) => f.display_name)).toEqual(["Bjørn Ny"]);
    }));
});
