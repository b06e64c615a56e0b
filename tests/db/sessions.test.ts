import { afterAll, describe, expect, it } from "vitest";
import { daysFromToday, inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/**
 * Club A with two activities under an active agreement in municipality X: climbing, where
 * the facilitator has a participant placed, and choir, facilitated by someone else.
 */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  const climbing = await make.activity(db, club, x, { title: "Klatring" });
  const choir = await make.activity(db, club, x, { title: "Kor" });
  const agreement = await make.agreement(db, x, club, "active");
  const facilitator = await make.member(db, club, "facilitator");
  const choirFacilitator = await make.member(db, club, "facilitator");
  await make.facilitatorRole(db, agreement, climbing, facilitator);
  await make.facilitatorRole(db, agreement, choir, choirFacilitator);
  const participant = await make.participant(db, x, { first_name: "Ola", birth_year: 2005 });
  const placement = await make.placement(db, participant, climbing, agreement);
  return {
    x,
    club,
    climbing,
    choir,
    agreement,
    facilitator,
    choirFacilitator,
    participant,
    placement,
    clubAdmin: await make.member(db, club, "admin"),
    caseworker: await make.staff(db, x, "caseworker"),
  };
}

const addSession = "select api.add_session($1, $2, '20:00', '21:30') as id";
const cancelSession = "select api.cancel_session($1, $2)";

describe("sessions: extra and cancelled", () => {
  it("R7: the facilitator of the activity's placement and the club's admin add an extra session", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const byFacilitator = await queryAs<{ id: string }>(db, { userId: w.facilitator }, addSession, [
        w.climbing,
        daysFromToday(2),
      ]);
      const byAdmin = await queryAs<{ id: string }>(db, { userId: w.clubAdmin }, addSession, [
        w.climbing,
        daysFromToday(3),
      ]);
      const { rows } = await db.query(
        "select is_extra, created_by from app.sessions where id = any ($1) order by on_date",
        [[byFacilitator.rows[0]!.id, byAdmin.rows[0]!.id]],
      );
      expect(rows).toEqual([
        { is_extra: true, created_by: w.facilitator },
        { is_extra: true, created_by: w.clubAdmin },
      ]);
    }));

  it("R7: a facilitator of another activity of the same club, a caseworker and an ended placement's facilitator cannot plan sessions", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.climbing, daysFromToday(1));
      for (const userId of [w.choirFacilitator, w.caseworker]) {
        expect((await refusedAs(db, { userId }, addSession, [w.climbing, daysFromToday(2)])).message).toBe("not_found");
        expect((await refusedAs(db, { userId }, cancelSession, [session, null])).message).toBe("not_found");
      }
      await db.query("update app.placements set status = 'ended', ended_on = $2, outcome = 'stopped' where id = $1", [
        w.placement,
        daysFromToday(-1),
      ]);
      expect((await refusedAs(db, { userId: w.facilitator }, addSession, [w.climbing, daysFromToday(2)])).message).toBe(
        "not_found",
      );
    }));

  it("R7: the policies refuse a direct insert by a facilitator of another activity", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const error = await refusedAs(
        db,
        { userId: w.choirFacilitator },
        "insert into app.sessions (activity_id, on_date, starts_at, ends_at) values ($1, app.today(), '10:00', '11:00')",
        [w.climbing],
      );
      expect(error.code).toBe("42501");
    }));

  it("an extra session at the same time as another is refused at the start time, and one that ends before it starts at the end", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await queryAs(db, { userId: w.facilitator }, addSession, [w.climbing, daysFromToday(2)]);
      const twice = await refusedAs(db, { userId: w.facilitator }, addSession, [w.climbing, daysFromToday(2)]);
      expect({ message: twice.message, field: twice.detail }).toEqual({
        message: "session_exists",
        field: "starts_at",
      });
      const backwards = await refusedAs(
        db,
        { userId: w.facilitator },
        "select api.add_session($1, $2, '21:00', '20:00')",
        [w.climbing, daysFromToday(2)],
      );
      expect({ message: backwards.message, field: backwards.detail }).toEqual({
        message: "slot_invalid",
        field: "ends_at",
      });
    }));

  it("a cancelled session keeps its reason, shows as cancelled in the week and its marks stop counting", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const today = daysFromToday(0);
      const session = await make.session(db, w.climbing, today);
      await queryAs(
        db,
        { userId: w.facilitator },
        "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', 'present')))",
        [session, w.placement],
      );
      await queryAs(db, { userId: w.facilitator }, cancelSession, [session, "  Hallen er stengt "]);
      const { rows } = await db.query("select cancelled, cancel_reason from app.sessions where id = $1", [session]);
      expect(rows[0]).toEqual({ cancelled: true, cancel_reason: "Hallen er stengt" });
      const week = await queryAs<{ w: { sessions: Array<{ id: string; cancelled: boolean }> } }>(
        db,
        { userId: w.facilitator },
        "select api.facilitator_week() as w",
      );
      expect(week.rows[0]!.w.sessions.find((s) => s.id === session)?.cancelled).toBe(true);
      const counts = await db.query(
        "select coalesce(sum(present), 0)::int as present from app.attendance_months where placement_id = $1",
        [w.placement],
      );
      expect(counts.rows[0]).toEqual({ present: 0 });
      const again = await refusedAs(db, { userId: w.facilitator }, cancelSession, [session, null]);
      expect(again.message).toBe("session_already_cancelled");
    }));
});

describe("the facilitator's week", () => {
  type Week = {
    activities: Array<{ title: string }>;
    sessions: Array<{ activity: string; may_plan: boolean; participants: unknown[] }>;
  };
  const week = async (db: Db, userId: string) =>
    (await queryAs<{ w: Week }>(db, { userId }, "select api.facilitator_week() as w")).rows[0]!.w;

  it("R7: offers planning where the facilitator has an active placement or is the club's admin, and makes the schedule's sessions once", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const today = daysFromToday(0);
      const isoWeekday = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, $2, '18:00', '19:30')",
        [w.climbing, isoWeekday],
      );
      const first = await week(db, w.facilitator);
      expect(first.activities.map((a) => a.title)).toEqual(["Klatring"]);
      expect(first.sessions.map((s) => [s.activity, s.may_plan, s.participants.length])).toEqual([
        ["Klatring", true, 1],
      ]);
      expect(await week(db, w.facilitator)).toEqual(first);
      const { rows } = await db.query("select count(*)::int as n from app.sessions where activity_id = $1", [
        w.climbing,
      ]);
      expect(rows[0]).toEqual({ n: 1 });

      // Ended, but within the 30 days: the marks can still be made, the sessions not planned.
      await db.query("update app.placements set status = 'ended', ended_on = $2, outcome = 'stopped' where id = $1", [
        w.placement,
        daysFromToday(0),
      ]);
      const ended = await week(db, w.facilitator);
      expect(ended.activities).toEqual([]);
      expect(ended.sessions.map((s) => [s.activity, s.may_plan, s.participants.length])).toEqual([
        ["Klatring", false, 1],
      ]);

      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')", [
        w.club,
        w.facilitator,
      ]);
      const asAdmin = await week(db, w.facilitator);
      expect(asAdmin.activities.map((a) => a.title)).toEqual(["Klatring"]);
      expect(asAdmin.sessions.map((s) => s.may_plan)).toEqual([true]);
    }));
});

describe("access-request export", () => {
  it("R9: only the caseworkers of the participant's municipality export, and each export is audited", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const y = await make.municipality(db, "Y");
      const otherCaseworker = await make.staff(db, y, "caseworker");
      await db.query(
        "insert into app.participant_notes (participant_id, municipality_id, body, author_id) values ($1, $2, 'Privat', $3)",
        [w.participant, w.x, w.caseworker],
      );
      const { rows } = await queryAs<{
        e: {
          participant: { first_name: string };
          notes: Array<{ body: string }>;
          placements: Array<{ activity: string }>;
        };
      }>(db, { userId: w.caseworker }, "select api.participant_export($1) as e", [w.participant]);
      expect(rows[0]!.e.participant.first_name).toBe("Ola");
      expect(rows[0]!.e.notes.map((n) => n.body)).toEqual(["Privat"]);
      expect(rows[0]!.e.placements.map((p) => p.activity)).toEqual(["Klatring"]);
      for (const userId of [otherCaseworker, w.facilitator, w.clubAdmin]) {
        expect((await refusedAs(db, { userId }, "select api.participant_export($1)", [w.participant])).message).toBe(
          "not_found",
        );
      }
      const audit = await db.query(
        "select actor_id, action, municipality_id from app.audit_events where table_name = 'participant_exports' and record_id = $1",
        [w.participant],
      );
      expect(audit.rows).toEqual([{ actor_id: w.caseworker, action: "insert", municipality_id: w.x }]);
    }));

  it("R9: a caseworker edits their own municipality's participant, not another's", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const y = await make.municipality(db, "Y");
      const otherCaseworker = await make.staff(db, y, "caseworker");
      const update =
        "select api.update_participant($1, 1, 'Ole', 2004, 'Far', '912 34 567', 'Liker ro', true, '{klatring, Musikk}', 'Vil prøve kor')";
      const refused = await refusedAs(db, { userId: otherCaseworker }, update, [w.participant]);
      expect(refused.message).toBe("not_found");
      await queryAs(db, { userId: w.caseworker }, update, [w.participant]);
      const { rows } = await db.query(
        "select first_name, birth_year, contact_name, share_activity_note, interests from app.participants where id = $1",
        [w.participant],
      );
      expect(rows[0]).toEqual({
        first_name: "Ole",
        birth_year: 2004,
        contact_name: "Far",
        share_activity_note: true,
        interests: ["klatring", "musikk"],
      });
    }));
});

describe("an activity's coming sessions", () => {
  it("R7: the club's admin and the activity's facilitator see four weeks of it from the schedule; another activity's facilitator does not", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 3, '18:00', '20:00')",
        [w.climbing],
      );
      const sql = "select api.activity_sessions($1) as s";
      for (const userId of [w.clubAdmin, w.facilitator]) {
        const { rows } = await queryAs<{ s: { sessions: Array<{ on_date: string; starts_at: string }> } }>(
          db,
          { userId },
          sql,
          [w.climbing],
        );
        expect(rows[0]!.s.sessions.map((s) => s.starts_at)).toEqual(["18:00", "18:00", "18:00", "18:00"]);
      }
      expect((await refusedAs(db, { userId: w.choirFacilitator }, sql, [w.climbing])).message).toBe("not_found");
    }));
});

describe("mapping and plan: suggested activities", () => {
  it("match the participant's interests by category, adaptation, title and weekday, and say which and when", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const hiking = await make.activity(db, w.club, w.x, { title: "Kveldstur", category: "friluft" });
      const chess = await make.activity(db, w.club, w.x, {
        title: "Sjakk",
        category: "annet",
        adaptation_tags: ["rolig"],
      });
      const football = await make.activity(db, w.club, w.x, {
        title: "Fotball",
        category: "idrett",
        adaptation_tags: ["rolig"],
        age_max: 16,
      });
      for (const activity of [hiking, chess, football]) {
        await db.query("insert into app.agreement_activities (agreement_id, activity_id) values ($1, $2)", [
          w.agreement,
          activity,
        ]);
      }
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 2, '18:00', '20:00')",
        [hiking],
      );
      await db.query("update app.participants set interests = '{friluft,tirsdag,rolig}' where id = $1", [
        w.participant,
      ]);
      const { rows } = await queryAs<{
        p: { suggestions: Array<{ title: string; matches: string[]; weekdays: number[] }> };
      }>(db, { userId: w.caseworker }, "select api.participant_page($1) as p", [w.participant]);
      // Football is for under-17s; Ola was born in 2005.
      expect(rows[0]!.p.suggestions.map(({ title, matches, weekdays }) => ({ title, matches, weekdays }))).toEqual([
        { title: "Kveldstur", matches: ["friluft", "tirsdag"], weekdays: [2] },
        { title: "Sjakk", matches: ["rolig"], weekdays: [] },
      ]);
    }));
});
