import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

type Found = {
  total: number;
  page: number;
  page_size: number;
  activities: { id: string; title: string; organisation_name: string; matches: string[]; placed: boolean }[];
};

type Filters = { search?: string; category?: string; weekday?: number; page?: number };

/** Municipality X with a caseworker and a participant who likes swimming, and a club with an active agreement. */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Fjellklubben");
  await make.partnership(db, club, x);
  const agreement = await make.agreement(db, x, club, "active");
  const facilitator = await make.member(db, club, "facilitator");
  const cover = async (title: string, fields: Record<string, unknown> = {}) => {
    const activity = await make.activity(db, club, x, { title, ...fields });
    await make.facilitatorRole(db, agreement, activity, facilitator);
    return activity;
  };
  return {
    x,
    club,
    agreement,
    facilitator,
    cover,
    caseworker: await make.staff(db, x, "caseworker"),
    participant: await make.participant(db, x, { first_name: "Sara", interests: ["svømming"] }),
  };
}

async function search(db: Db, userId: string, participant: string, filters: Filters = {}) {
  const { rows } = await queryAs<{ found: Found }>(
    db,
    { userId },
    "select api.placement_search($1, $2, $3::app.organisation_kind, $4, $5) as found",
    [participant, filters.search ?? null, filters.category ?? null, filters.weekday ?? null, filters.page ?? 1],
  );
  return rows[0]!.found;
}

const titles = (found: Found) => found.activities.map((activity) => activity.title);

describe("placement without matching: the caseworker's search among all covered activities", () => {
  it("finds every activity an active agreement covers, also those the participant's interests do not match", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await w.cover("Svømming for alle");
      const climbing = await w.cover("Klatring for alle");
      const suggested = await queryAs<{ page: { suggestions: { title: string }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.participant_page($1) as page",
        [w.participant],
      );
      expect(suggested.rows[0]!.page.suggestions.map((s) => s.title)).toEqual(["Svømming for alle"]);

      const found = await search(db, w.caseworker, w.participant);
      expect(found.total).toBe(2);
      expect(titles(found)).toEqual(["Klatring for alle", "Svømming for alle"]);
      expect(found.activities.map((a) => a.matches)).toEqual([[], ["svømming"]]);
      expect(found.activities[0]).toMatchObject({ id: climbing, organisation_name: "Fjellklubben", placed: false });

      await queryAs(db, { userId: w.caseworker }, "select api.place_participant($1, $2, app.today())", [
        w.participant,
        climbing,
      ]);
      expect((await search(db, w.caseworker, w.participant)).activities[0]!.placed).toBe(true);
    }));

  it("leaves out activities with no active agreement with the participant's municipality", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await w.cover("Klatring for alle");
      const draft = await make.agreement(db, w.x, w.club, "draft");
      await make.facilitatorRole(db, draft, await make.activity(db, w.club, w.x, { title: "Kajakk" }), w.facilitator);
      const y = await make.municipality(db, "Y");
      const otherClub = await make.organisation(db, "Andreklubben");
      await make.partnership(db, otherClub, y);
      const elsewhere = await make.agreement(db, y, otherClub, "active");
      await make.facilitatorRole(
        db,
        elsewhere,
        await make.activity(db, otherClub, y, { title: "Korps" }),
        w.facilitator,
      );

      expect(titles(await search(db, w.caseworker, w.participant))).toEqual(["Klatring for alle"]);
      await db.query(
        "update app.agreements set status = 'terminated', ended_at = now(), termination_reason = 'Slutt' where id = $1",
        [w.agreement],
      );
      expect(await search(db, w.caseworker, w.participant)).toMatchObject({ total: 0, activities: [] });
    }));

  it("searches words of the activity's title and club, a category and a weekday, 20 to a page", () =>
    inRollback(async (db) => {
      const w = await world(db);
      for (let n = 1; n <= 21; n++) await w.cover(`Turgruppe ${String(n).padStart(2, "0")}`, { category: "friluft" });
      const choir = await w.cover("Kor 50% rabatt", { category: "musikk" });
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 2, '18:00', '19:30')",
        [choir],
      );

      const first = await search(db, w.caseworker, w.participant);
      expect(first).toMatchObject({ total: 22, page: 1, page_size: 20 });
      expect(titles(first)[0]).toBe("Kor 50% rabatt");
      expect(titles(await search(db, w.caseworker, w.participant, { page: 2 }))).toEqual([
        "Turgruppe 20",
        "Turgruppe 21",
      ]);
      const byCategory = await search(db, w.caseworker, w.participant, { category: "friluft", page: 2 });
      expect(byCategory.total).toBe(21);
      expect(titles(byCategory)).toEqual(["Turgruppe 21"]);
      expect(titles(await search(db, w.caseworker, w.participant, { search: "  KOR " }))).toEqual(["Kor 50% rabatt"]);
      expect((await search(db, w.caseworker, w.participant, { search: "fjellklubb" })).total).toBe(22);
      // % is a character to find, not a wildcard.
      expect(titles(await search(db, w.caseworker, w.participant, { search: "50%" }))).toEqual(["Kor 50% rabatt"]);
      expect((await search(db, w.caseworker, w.participant, { search: "0%r" })).total).toBe(0);
      expect(titles(await search(db, w.caseworker, w.participant, { weekday: 2 }))).toEqual(["Kor 50% rabatt"]);
      expect((await search(db, w.caseworker, w.participant, { weekday: 3, category: "musikk" })).total).toBe(0);
    }));

  it("follows renamed activities and clubs, changed slots and newly covered activities", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const activity = await w.cover("Klatring");
      await db.query("update app.activities set title = 'Buldring' where id = $1", [activity]);
      await db.query("update app.organisations set name = 'Veggklubben' where id = $1", [w.club]);
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 4, '17:00', '18:00')",
        [activity],
      );
      const found = await search(db, w.caseworker, w.participant, { search: "veggklubben", weekday: 4 });
      expect(titles(found)).toEqual(["Buldring"]);
      expect(found.activities[0]!.organisation_name).toBe("Veggklubben");
      await db.query("delete from app.activity_slots where activity_id = $1", [activity]);
      expect((await search(db, w.caseworker, w.participant, { weekday: 4 })).total).toBe(0);
      await w.cover("Bordtennis");
      expect(titles(await search(db, w.caseworker, w.participant))).toEqual(["Bordtennis", "Buldring"]);
    }));

  it("keeps the suggestions to the ten that match the interests best; the search finds the rest", () =>
    inRollback(async (db) => {
      const w = await world(db);
      for (let n = 1; n <= 11; n++) await w.cover(`Bading ${String(n).padStart(2, "0")}`, { category: "friluft" });
      await w.cover("Svømming og bading", { adaptation_tags: ["svømming"] });
      await w.cover("Svømmetrening", { category: "idrett" });
      const page = await queryAs<{ page: { suggestions: { title: string; matches: string[] }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.participant_page($1) as page",
        [w.participant],
      );
      // Only one activity names "svømming" (by tag and title); "Svømmetrening" does not.
      expect(page.rows[0]!.page.suggestions).toEqual([
        expect.objectContaining({ title: "Svømming og bading", matches: ["svømming"] }),
      ]);
      await db.query("update app.participants set interests = '{friluft,svømming}' where id = $1", [w.participant]);
      const more = await queryAs<{ page: { suggestions: { title: string }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.participant_page($1) as page",
        [w.participant],
      );
      expect(more.rows[0]!.page.suggestions).toHaveLength(10);
      expect((await search(db, w.caseworker, w.participant, { category: "friluft" })).total).toBe(11);
    }));

  it("R9: only the participant's municipality's staff search for them; to anyone else the participant is not there", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await w.cover("Klatring for alle");
      const y = await make.municipality(db, "Y");
      const otherCaseworker = await make.staff(db, y, "caseworker");
      const clubAdmin = await make.member(db, w.club, "admin");
      const call = "select api.placement_search($1)";
      expect((await refusedAs(db, { userId: otherCaseworker }, call, [w.participant])).code).toBe("PT404");
      expect((await refusedAs(db, { userId: clubAdmin }, call, [w.participant])).code).toBe("PT404");
      expect((await refusedAs(db, { userId: w.facilitator }, call, [w.participant])).code).toBe("PT404");
      expect((await refusedAs(db, "anon", call, [w.participant])).code).toBe("42501");
    }));
});
