import { afterAll, describe, expect, it } from "vitest";
import { daysFromToday, inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

const today = daysFromToday(0);

/**
 * A club with one activity, its accepted facilitator, a second facilitator named but not yet
 * accepted, an admin, and two participants placed (Emmeline and Jonatan: names to look for).
 */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klatreklubben");
  await make.partnership(db, club, x, "verified");
  const activity = await make.activity(db, club, x, {
    title: "Klatring for alle",
    place: "Klatreveggen, Idrettshallen",
  });
  const agreement = await make.agreement(db, x, club, "active");
  const facilitator = await make.member(db, club, "facilitator");
  await make.facilitatorRole(db, agreement, activity, facilitator);
  const notAccepted = await make.member(db, club, "facilitator");
  await make.facilitatorRole(db, agreement, activity, notAccepted, false);
  const admin = await make.member(db, club, "admin");
  const placements = [];
  for (const first_name of ["Emmeline", "Jonatan"]) {
    const participant = await make.participant(db, x, { first_name, birth_year: 2010 });
    placements.push(await make.placement(db, participant, activity, agreement));
  }
  return { x, club, activity, agreement, facilitator, notAccepted, admin, placements };
}

const emailOf = async (db: Db, userId: string) =>
  (await db.query<{ email: string }>("select email from app.profiles where user_id = $1", [userId])).rows[0]!.email;

/** The reminders queued for these people, oldest first. */
async function mailTo(db: Db, ...userIds: string[]) {
  const { rows } = await db.query<{ recipient: string; template: string; payload: Record<string, unknown> }>(
    `select o.recipient, o.template, o.payload from app.outbox o
      where o.recipient in (select email from app.profiles where user_id = any ($1::uuid[]))
        and o.template in ('session_ahead', 'attendance_missing', 'attendance_summary')
      order by o.id`,
    [userIds],
  );
  return rows;
}

const runDaily = (db: Db, on = today) => queryAs(db, "service_role", "select api.run_session_reminders($1)", [on]);
const runWeekly = (db: Db, on = today) => queryAs(db, "service_role", "select api.run_attendance_summary($1)", [on]);

describe("the day-before reminder", () => {
  it("goes once to the activity's accepted facilitators, with the activity, place, time and count", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(1));
      await runDaily(db);
      await runDaily(db); // the job run twice the same day sends once

      const mail = await mailTo(db, w.facilitator, w.notAccepted, w.admin);
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({
        recipient: await emailOf(db, w.facilitator),
        template: "session_ahead",
        payload: {
          session_id: session,
          activity: "Klatring for alle",
          place: "Klatreveggen, Idrettshallen",
          on_date: daysFromToday(1),
          starts_at: "17:00",
          ends_at: "19:00",
          expected: 2,
          unsubscribe_token: expect.stringMatching(/^[0-9a-f]{48}$/),
        },
      });
    }));

  it("counts planned absences out, and is not sent for a cancelled session or one without participants", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(1));
      await db.query("insert into app.planned_absences (placement_id, municipality_id, on_date) values ($1, $2, $3)", [
        w.placements[0],
        w.x,
        daysFromToday(1),
      ]);
      const empty = await make.activity(db, w.club, w.x, { title: "Tom aktivitet" });
      await make.facilitatorRole(db, w.agreement, empty, w.facilitator);
      await make.session(db, empty, daysFromToday(1));
      const cancelled = await make.activity(db, w.club, w.x, { title: "Avlyst aktivitet" });
      await make.facilitatorRole(db, w.agreement, cancelled, w.facilitator);
      const participant = await make.participant(db, w.x);
      await make.placement(db, participant, cancelled, w.agreement);
      await db.query("update app.sessions set cancelled = true where id = $1", [
        await make.session(db, cancelled, daysFromToday(1)),
      ]);
      await runDaily(db);
      const mail = await mailTo(db, w.facilitator);
      expect(mail.map((m) => [m.payload.activity, m.payload.expected])).toEqual([["Klatring for alle", 1]]);
    }));

  it("respects the facilitator's choice to turn it off", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(1));
      await queryAs(db, { userId: w.facilitator }, "select api.set_reminders(false, true, true)");
      await runDaily(db);
      expect(await mailTo(db, w.facilitator)).toEqual([]);
    }));
});

describe("the reminder of unlogged attendance", () => {
  it("goes two days after a session nobody logged, once, and not for a logged one", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const unlogged = await make.session(db, w.activity, daysFromToday(-2));
      const logged = await make.session(db, w.activity, daysFromToday(-3));
      await db.query("insert into app.attendance (placement_id, session_id, status) values ($1, $2, 'present')", [
        w.placements[0],
        logged,
      ]);
      await make.session(db, w.activity, daysFromToday(-1)); // one day is not yet two
      await runDaily(db);
      await runDaily(db);
      const mail = await mailTo(db, w.facilitator, w.notAccepted, w.admin);
      expect(mail.map((m) => [m.template, m.payload.session_id])).toEqual([["attendance_missing", unlogged]]);
    }));

  it("respects the choice to turn it off", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(-2));
      await queryAs(db, { userId: w.facilitator }, "select api.set_reminders(true, false, true)");
      await runDaily(db);
      expect(await mailTo(db, w.facilitator)).toEqual([]);
    }));
});

describe("the weekly summary", () => {
  it("lists the club's unlogged sessions of the last two weeks to its admins, once a week", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(-4));
      await make.session(db, w.activity, daysFromToday(-10));
      await make.session(db, w.activity, daysFromToday(-20)); // too old to be in it
      await runWeekly(db);
      await runWeekly(db);
      const mail = await mailTo(db, w.facilitator, w.admin);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.recipient).toBe(await emailOf(db, w.admin));
      expect(mail[0]!.payload).toMatchObject({
        organisation: "Klatreklubben",
        sessions: [{ on_date: daysFromToday(-10) }, { on_date: daysFromToday(-4) }],
      });
    }));

  it("respects the admin's choice to turn it off", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(-4));
      await queryAs(db, { userId: w.admin }, "select api.set_reminders(true, true, false)");
      await runWeekly(db);
      expect(await mailTo(db, w.admin)).toEqual([]);
    }));
});

describe("R7: reminders and the calendar feed name no participant", () => {
  it("carry the activity, place, time and count, and no participant's name anywhere", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(1));
      await make.session(db, w.activity, daysFromToday(-3));
      await runDaily(db);
      await runWeekly(db);
      const token = (
        await queryAs<{ t: string }>(db, { userId: w.facilitator }, "select api.renew_calendar_feed() as t")
      ).rows[0]!.t;
      const feed = (await queryAs<{ f: unknown }>(db, "anon", "select api.calendar_feed($1) as f", [token])).rows[0]!.f;

      const mail = await mailTo(db, w.facilitator, w.admin);
      expect(mail.map((m) => m.template).sort()).toEqual(["attendance_missing", "attendance_summary", "session_ahead"]);
      const everything = JSON.stringify([mail, feed]);
      expect(everything).toContain("Klatring for alle");
      expect(everything).not.toMatch(/Emmeline|Jonatan/);
      expect(everything).not.toMatch(/birth_year|first_name|2010/);
    }));
});

describe("choosing reminders", () => {
  it("changes only the kinds given, and leaves the others as they were", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const off = async () =>
        (await queryAs<{ r: { off: string[] } }>(db, { userId: w.admin }, "select api.my_reminders() as r")).rows[0]!.r
          .off;
      await queryAs(db, { userId: w.admin }, "select api.set_reminders(false, false, null)");
      expect(await off()).toEqual(["session_ahead", "attendance_missing"]);
      await queryAs(db, { userId: w.admin }, "select api.set_reminders(null, true, false)");
      expect(await off()).toEqual(["session_ahead", "attendance_summary"]);
    }));
});

describe("the one-click link in a reminder", () => {
  it("turns that kind off for its recipient without signing in, and an unknown link is not found", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await make.session(db, w.activity, daysFromToday(1));
      await runDaily(db);
      const token = String((await mailTo(db, w.facilitator))[0]!.payload.unsubscribe_token);

      const link = (await queryAs<{ l: unknown }>(db, "anon", "select api.reminder_link($1) as l", [token])).rows[0]!.l;
      expect(link).toEqual({ kind: "session_ahead", off: false });
      await queryAs(db, "anon", "select api.opt_out_by_link($1)", [token]);
      await queryAs(db, "anon", "select api.opt_out_by_link($1)", [token]); // twice changes nothing
      const mine = (
        await queryAs<{ r: { off: string[] } }>(db, { userId: w.facilitator }, "select api.my_reminders() as r")
      ).rows[0]!.r;
      expect(mine.off).toEqual(["session_ahead"]);

      const unknown = await refusedAs(db, "anon", "select api.opt_out_by_link('not-a-token')");
      expect(unknown.message).toBe("not_found");
      // Only the hash is stored.
      const stored = await db.query("select 1 from app.reminder_links where token_hash = $1", [token]);
      expect(stored.rowCount).toBe(0);
    }));
});

describe("the calendar feed", () => {
  it("has the facilitator's sessions ahead, cancelled ones marked, in UTC; renewing ends the old address", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 3, '18:00', '20:00')",
        [w.activity],
      );
      const cancelled = await make.session(db, w.activity, daysFromToday(2));
      await db.query("update app.sessions set cancelled = true where id = $1", [cancelled]);
      const first = (
        await queryAs<{ t: string }>(db, { userId: w.facilitator }, "select api.renew_calendar_feed('en') as t")
      ).rows[0]!.t;
      type Feed = {
        locale: string;
        sessions: { session_id: string; cancelled: boolean; starts: string; expected: number }[];
      };
      const feed = (await queryAs<{ f: Feed }>(db, "anon", "select api.calendar_feed($1) as f", [first])).rows[0]!.f;
      expect(feed.locale).toBe("en");
      // Eight weeks of Wednesdays from the weekly schedule, and the cancelled extra session.
      expect(feed.sessions.filter((s) => !s.cancelled)).toHaveLength(8);
      expect(feed.sessions.find((s) => s.session_id === cancelled)).toMatchObject({
        cancelled: true,
        expected: 2,
        starts: expect.stringMatching(/^\d{8}T1[56]0000Z$/), // 17:00 in Oslo
      });
      expect((await db.query("select 1 from app.calendar_feeds where token_hash = $1", [first])).rowCount).toBe(0);

      const second = (
        await queryAs<{ t: string }>(db, { userId: w.facilitator }, "select api.renew_calendar_feed() as t")
      ).rows[0]!.t;
      expect(second).not.toBe(first);
      expect(
        (await queryAs<{ f: unknown }>(db, "anon", "select api.calendar_feed($1) as f", [first])).rows[0]!.f,
      ).toBeNull();
      expect(
        (await queryAs<{ f: unknown }>(db, "anon", "select api.calendar_feed($1) as f", [second])).rows[0]!.f,
      ).not.toBeNull();
    }));

  it("is only for facilitators, and loses an activity once its naming ends (R7)", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const refused = await refusedAs(db, { userId: w.admin }, "select api.renew_calendar_feed()");
      expect(refused.message).toBe("not_allowed");
      await make.session(db, w.activity, daysFromToday(3));
      const token = (
        await queryAs<{ t: string }>(db, { userId: w.facilitator }, "select api.renew_calendar_feed() as t")
      ).rows[0]!.t;
      await db.query("update app.facilitator_namings set ended_at = now() where facilitator_id = $1", [w.facilitator]);
      const feed = (
        await queryAs<{ f: { sessions: unknown[] } }>(db, "anon", "select api.calendar_feed($1) as f", [token])
      ).rows[0]!.f;
      expect(feed.sessions).toEqual([]);
    }));
});
