import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/** Club A in municipality X with an activity, a placed participant and a draft claim. */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  const activity = await make.activity(db, club, x, { title: "Klatring" });
  const agreement = await make.agreement(db, x, club, "active");
  const participant = await make.participant(db, x, { first_name: "Ola", birth_year: 2005 });
  const placement = await make.placement(db, participant, activity, agreement);
  const clubAdmin = await make.member(db, club, "admin");
  await db.query("update app.profiles set display_name = 'Kari Klubb' where user_id = $1", [clubAdmin]);
  return {
    x,
    club,
    activity,
    participant,
    placement,
    claim: await make.claim(db, placement),
    clubAdmin,
    caseworker: await make.staff(db, x, "caseworker", "Siri Saksbehandler"),
  };
}

async function versionOf(db: Db, table: string, id: string) {
  const { rows } = await db.query<{ version: number }>(`select version from app.${table} where id = $1`, [id]);
  return rows[0]!.version;
}

/** The refusal's parameters, which the database sends as the error's hint. */
function staleParams(error: { message: string; hint?: string }) {
  expect(error.message).toBe("stale_version");
  return JSON.parse(error.hint!) as { version: number; changes: Record<string, unknown>; by?: string; at?: string };
}

describe("no lost updates", () => {
  it("R12: an edit made from a stale version is refused: a participant", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const save = "select api.update_participant($1, $2, 'Ola', 2005, wishes => $3)";
      await queryAs(db, { userId: w.caseworker }, save, [w.participant, 1, "Vil klatre"]);
      expect(await versionOf(db, "participants", w.participant)).toBe(2);

      const stale = await refusedAs(db, { userId: w.caseworker }, save, [w.participant, 1, "Vil synge"]);
      const params = staleParams(stale);
      expect(params.version).toBe(2);
      expect(params.changes).toEqual({ wishes: "Vil klatre" });
      expect(params.by).toBe("Siri Saksbehandler");
      expect(await versionOf(db, "participants", w.participant)).toBe(2);

      await queryAs(db, { userId: w.caseworker }, save, [w.participant, 2, "Vil synge"]);
      const { rows } = await db.query("select wishes, version from app.participants where id = $1", [w.participant]);
      expect(rows[0]).toEqual({ wishes: "Vil synge", version: 3 });
    }));

  it("R12: an edit made from a stale version is refused: an organisation's profile", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const save = "select api.update_organisation($1, $2, $3, 'idrett', contact_email => $4)";
      await queryAs(db, { userId: w.clubAdmin }, save, [w.club, 1, "Klubb A", "post@klubb.test"]);

      const stale = await refusedAs(db, { userId: w.clubAdmin }, save, [w.club, 1, "Klubb Alfa", null]);
      const params = staleParams(stale);
      expect(params.version).toBe(2);
      expect(params.changes).toEqual({ name: "Klubb A", contact_email: "post@klubb.test" });
      expect(params.by).toBe("Kari Klubb");
      expect(params.at).toBeTruthy();

      await queryAs(db, { userId: w.clubAdmin }, save, [w.club, 2, "Klubb Alfa", null]);
      expect(await versionOf(db, "organisations", w.club)).toBe(3);
    }));

  it("R12: an edit made from a stale version is refused: a claim draft", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const save = `select api.save_claim($1, 'kontingent', $2, claim_id => $3, base_version => $4,
                                          period_start => app.today() - 30, period_end => app.today() - 1)`;
      await queryAs(db, { userId: w.clubAdmin }, save, [w.placement, 60000, w.claim, 1]);

      const stale = await refusedAs(db, { userId: w.clubAdmin }, save, [w.placement, 70000, w.claim, 1]);
      expect(staleParams(stale)).toMatchObject({ version: 2, changes: { amount_ore: 60000 } });
      // Without a version an edit is as stale as with an old one: it cannot know what it overwrites.
      const unversioned = await refusedAs(db, { userId: w.clubAdmin }, save, [w.placement, 70000, w.claim, null]);
      expect(unversioned.message).toBe("stale_version");

      await queryAs(db, { userId: w.clubAdmin }, save, [w.placement, 70000, w.claim, 2]);
      const { rows } = await db.query("select amount_ore, version from app.claims where id = $1", [w.claim]);
      expect(rows[0]).toEqual({ amount_ore: "70000", version: 3 });
    }));

  it("R12: an edit made from a stale version is refused: an activity", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const save =
        "select api.save_activity($1, $2, $3, 'idrett', activity_id => $4, base_version => $5, capacity => $6)";
      await queryAs(db, { userId: w.clubAdmin }, save, [w.club, w.x, "Klatring", w.activity, 1, 12]);

      const stale = await refusedAs(db, { userId: w.clubAdmin }, save, [w.club, w.x, "Buldring", w.activity, 1, 12]);
      expect(staleParams(stale)).toMatchObject({ version: 2, changes: { title: "Klatring" }, by: "Kari Klubb" });

      await queryAs(db, { userId: w.clubAdmin }, save, [w.club, w.x, "Buldring", w.activity, 2, 12]);
      const { rows } = await db.query("select title, capacity, version from app.activities where id = $1", [
        w.activity,
      ]);
      expect(rows[0]).toEqual({ title: "Buldring", capacity: 12, version: 3 });
    }));

  it("creating a record needs no version", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const { rows } = await queryAs<{ id: string }>(
        db,
        { userId: w.clubAdmin },
        "select api.save_activity($1, $2, 'Kor', 'kultur') as id",
        [w.club, w.x],
      );
      expect(await versionOf(db, "activities", rows[0]!.id)).toBe(1);
    }));
});
