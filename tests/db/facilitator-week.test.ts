import { afterAll, describe, expect, it } from "vitest";
import { daysFromToday, inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

type Participant = {
  placement_id: string;
  card: { first_name: string };
  status: string | null;
  planned_absence: boolean;
  locked: string | null;
  window_days: number;
};
type Week = {
  sessions: { id: string; on_date: string; participants: Participant[] }[];
  history: Record<string, { on_date: string; status: string | null }[]>;
};

/** A facilitator named and accepted for an activity with one participant placed 60 days ago. */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  const activity = await make.activity(db, club, x, { title: "Klatring" });
  const agreement = await make.agreement(db, x, club, "active");
  const facilitator = await make.member(db, club, "facilitator");
  await make.facilitatorRole(db, agreement, activity, facilitator);
  const participant = await make.participant(db, x, { first_name: "Emma", birth_year: 2011 });
  const placement = await make.placement(db, participant, activity, agreement);
  return { x, club, activity, agreement, facilitator, placement, caseworker: await make.staff(db, x, "caseworker") };
}

const week = async (db: Db, userId: string, weekStart?: string) =>
  (await queryAs<{ w: Week }>(db, { userId }, "select api.facilitator_week($1) as w", [weekStart ?? null])).rows[0]!.w;

const saveWithKey = (db: Db, userId: string, session: string, placement: string, status: string, key: string) =>
  queryAs<{ saved: number }>(
    db,
    { userId },
    "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', $3::text)), $4) as saved",
    [session, placement, status, key],
  );

const auditedMarks = async (db: Db, placement: string) =>
  Number(
    (
      await db.query<{ n: string }>(
        "select count(*) as n from app.audit_events where table_name = 'attendance' and record_id like $1",
        [`${placement}%`],
      )
    ).rows[0]!.n,
  );

describe("a save sent again with its key (a phone retrying after losing its connection)", () => {
  it("R4: is applied once, with one audit entry per mark, and answers what the first save saved", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      const key = "6f1c2a4e-0000-4000-8000-000000000001";
      const first = await saveWithKey(db, w.facilitator, session, w.placement, "present", key);
      expect(first.rows[0]!.saved).toBe(1);
      // The retry carries the same key; had it been applied, the mark would now say absent.
      const retry = await saveWithKey(db, w.facilitator, session, w.placement, "absent", key);
      expect(retry.rows[0]!.saved).toBe(1);
      const { rows } = await db.query("select status from app.attendance where placement_id = $1", [w.placement]);
      expect(rows).toEqual([{ status: "present" }]);
      expect(await auditedMarks(db, w.placement)).toBe(1);

      // Another tap of "Lagre" has a new key and is applied.
      await saveWithKey(db, w.facilitator, session, w.placement, "absent", "6f1c2a4e-0000-4000-8000-000000000002");
      expect((await db.query("select status from app.attendance where placement_id = $1", [w.placement])).rows).toEqual(
        [{ status: "absent" }],
      );
      expect(await auditedMarks(db, w.placement)).toBe(2);
    }));

  it("R4: a refused save keeps no key, so its retry is refused for the same reason", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await db.query("update app.municipalities set attendance_edit_window_days = 3 where id = $1", [w.x]);
      const session = await make.session(db, w.activity, daysFromToday(-5));
      const sql =
        "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', 'present')), $3)";
      const key = "6f1c2a4e-0000-4000-8000-000000000003";
      for (let attempt = 0; attempt < 2; attempt++) {
        const refused = await refusedAs(db, { userId: w.facilitator }, sql, [session, w.placement, key]);
        expect(refused.message).toBe("attendance_edit_window_closed");
      }
      expect((await db.query("select 1 from app.attendance_saves where save_key = $1", [key])).rowCount).toBe(0);
    }));

  it("keys are the caller's own: the same key from two people is two saves", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const clubAdmin = await make.member(db, w.club, "admin");
      const session = await make.session(db, w.activity, daysFromToday(-1));
      const key = "6f1c2a4e-0000-4000-8000-000000000004";
      await saveWithKey(db, w.facilitator, session, w.placement, "present", key);
      await saveWithKey(db, clubAdmin, session, w.placement, "absent", key);
      const { rows } = await db.query("select status from app.attendance where placement_id = $1", [w.placement]);
      expect(rows).toEqual([{ status: "absent" }]);
    }));
});

describe("the facilitator's week on a phone", () => {
  it("R4: says which marks cannot be changed and why, before anyone tries", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const old = await make.session(db, w.activity, daysFromToday(-20));
      const today = await make.session(db, w.activity, daysFromToday(0));
      const ahead = await make.session(db, w.activity, daysFromToday(7));
      const lockOf = async (session: string, date: string) =>
        (await week(db, w.facilitator, date)).sessions.find((s) => s.id === session)!.participants[0]!;
      expect(await lockOf(old, daysFromToday(-20))).toMatchObject({
        locked: "attendance_edit_window_closed",
        window_days: 14,
      });
      expect((await lockOf(today, daysFromToday(0))).locked).toBeNull();
      expect((await lockOf(ahead, daysFromToday(7))).locked).toBe("attendance_in_future");
    }));

  it("R7: the sessions ahead show the facilitator's participants whose placement has not started yet", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const later = await make.participant(db, w.x, { first_name: "Jonas" });
      const planned = await make.placement(db, later, w.activity, w.agreement, {
        from: daysFromToday(7),
        to: daysFromToday(300),
      });
      await db.query("update app.placements set status = 'planned' where id = $1", [planned]);
      await make.session(db, w.activity, daysFromToday(0));
      await make.session(db, w.activity, daysFromToday(8));
      const namesOn = async (date: string) =>
        (await week(db, w.facilitator, date)).sessions
          .find((s) => s.on_date === date)!
          .participants.map((p) => p.card.first_name);
      expect(await namesOn(daysFromToday(0))).toEqual(["Emma"]);
      expect((await namesOn(daysFromToday(8))).sort()).toEqual(["Emma", "Jonas"]);

      // Another facilitator's planned participant stays theirs.
      const other = await make.member(db, w.club, "facilitator");
      const otherActivity = await make.activity(db, w.club, w.x, { title: "Svømming" });
      await make.facilitatorRole(db, w.agreement, otherActivity, other);
      const theirs = await make.placement(db, later, otherActivity, w.agreement, {
        from: daysFromToday(7),
        to: daysFromToday(300),
      });
      await db.query("update app.placements set status = 'planned' where id = $1", [theirs]);
      const mine = await week(db, w.facilitator, daysFromToday(8));
      expect(JSON.stringify(mine)).not.toContain(theirs);
    }));

  it("R7: each of the facilitator's participants has their last eight sessions, oldest first", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const sessions: string[] = [];
      for (let weeksAgo = 10; weeksAgo >= 1; weeksAgo--) {
        sessions.push(await make.session(db, w.activity, daysFromToday(-7 * weeksAgo)));
      }
      // Ten sessions: present, absent, present …; the ninth cancelled, the tenth never logged.
      for (const [index, session] of sessions.slice(0, 8).entries()) {
        await db.query(
          "insert into app.attendance (placement_id, session_id, status) values ($1, $2, $3::app.attendance_status)",
          [w.placement, session, index % 2 === 0 ? "present" : "absent"],
        );
      }
      await db.query("update app.sessions set cancelled = true where id = $1", [sessions[8]]);
      await make.session(db, w.activity, daysFromToday(3));
      const history = (await week(db, w.facilitator)).history[w.placement]!;
      expect(history.map((h) => h.status)).toEqual([
        "present",
        "absent",
        "present",
        "absent",
        "present",
        "absent",
        "cancelled",
        null,
      ]);
      expect(history[0]!.on_date).toBe(daysFromToday(-56));

      // Someone else's participant is not in the history.
      const other = await make.member(db, w.club, "facilitator");
      expect((await week(db, other)).history).toEqual({});
    }));
});

describe("planned absences", () => {
  const add = (db: Db, userId: string, placement: string, date: string) =>
    queryAs(db, { userId }, "select api.add_planned_absence($1, $2)", [placement, date]);

  it("a caseworker marks a day ahead, and the facilitator sees it on that day's session only", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(2));
      await make.session(db, w.activity, daysFromToday(3));
      await add(db, w.caseworker, w.placement, daysFromToday(2));
      await add(db, w.caseworker, w.placement, daysFromToday(2));
      const sessions = (await week(db, w.facilitator, daysFromToday(2))).sessions.concat(
        (await week(db, w.facilitator, daysFromToday(3))).sessions,
      );
      const flagged = (date: string) => sessions.find((s) => s.on_date === date)!.participants[0]!.planned_absence;
      expect(flagged(daysFromToday(2))).toBe(true);
      expect(flagged(daysFromToday(3))).toBe(false);
      const page = await queryAs<{ p: { planned_absences: string[] } }>(
        db,
        { userId: w.caseworker },
        "select api.placement_page($1) as p",
        [w.placement],
      );
      expect(page.rows[0]!.p.planned_absences).toEqual([daysFromToday(2)]);

      await queryAs(db, { userId: w.caseworker }, "select api.remove_planned_absence($1, $2)", [
        w.placement,
        daysFromToday(2),
      ]);
      expect((await week(db, w.facilitator, daysFromToday(2))).sessions[0]!.participants[0]!.planned_absence).toBe(
        false,
      );
    }));

  it("R9: only the placement's municipality's staff enter them; not the facilitator, not another municipality", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const y = await make.municipality(db, "Y");
      const otherCaseworker = await make.staff(db, y, "caseworker");
      const sql = "select api.add_planned_absence($1, $2)";
      for (const userId of [w.facilitator, otherCaseworker]) {
        const refused = await refusedAs(db, { userId }, sql, [w.placement, daysFromToday(2)]);
        expect(refused.code).toBe("PT404");
      }
      const past = await refusedAs(db, { userId: w.caseworker }, sql, [w.placement, daysFromToday(-1)]);
      expect(past.message).toBe("planned_absence_in_past");
      const after = await refusedAs(db, { userId: w.caseworker }, sql, [w.placement, daysFromToday(400)]);
      expect(after.message).toBe("planned_absence_outside_placement");
    }));
});
