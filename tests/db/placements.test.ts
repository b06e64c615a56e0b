import { afterAll, describe, expect, it } from "vitest";
import { daysFromToday, inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/** Municipality X with staff, club A with a facilitator named and accepted under an active agreement. */
async function world(db: Db, options: { accepted?: boolean } = {}) {
  const x = await make.municipality(db, "X");
  const club = await make.organisation(db, "Klubb A");
  await make.partnership(db, club, x, "verified");
  const activity = await make.activity(db, club, x, { title: "Klatring" });
  const agreement = await make.agreement(db, x, club, "active");
  const facilitator = await make.member(db, club, "facilitator");
  await make.facilitatorRole(db, agreement, activity, facilitator, options.accepted ?? true);
  const participant = await make.participant(db, x, {
    first_name: "Ola",
    birth_year: 2005,
    activity_note: "Liker rolige omgivelser",
    share_activity_note: true,
    contact_name: "Mor",
    contact_phone: "91234567",
  });
  const placement = await make.placement(db, participant, activity, agreement);
  return {
    x,
    club,
    activity,
    agreement,
    facilitator,
    participant,
    placement,
    caseworker: await make.staff(db, x, "caseworker"),
    clubAdmin: await make.member(db, club, "admin"),
  };
}

const mark = (
  db: Db,
  userId: string,
  session: string,
  placement: string,
  status = "present",
  note: string | null = null,
) =>
  queryAs(
    db,
    { userId },
    "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', $3::text, 'note', $4::text)))",
    [session, placement, status, note],
  );
const markRefused = (db: Db, userId: string, session: string, placement: string) =>
  refusedAs(
    db,
    { userId },
    "select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', 'present')))",
    [session, placement],
  );

describe("R4: attendance", () => {
  it("R4: the placement's facilitator and the club's admin log attendance; another club's facilitator cannot", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      await mark(db, w.facilitator, session, w.placement, "present", "Fin dag");
      await mark(db, w.clubAdmin, session, w.placement, "absent");
      const otherClub = await make.organisation(db, "Klubb B");
      const stranger = await make.member(db, otherClub, "facilitator");
      const refused = await markRefused(db, stranger, session, w.placement);
      expect(refused.code).toBe("42501");
      const { rows } = await db.query("select status, recorded_by from app.attendance where placement_id = $1", [
        w.placement,
      ]);
      expect(rows).toEqual([{ status: "absent", recorded_by: w.clubAdmin }]);
    }));

  it("R4: a mark belongs to a session of the placement's own activity", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const otherActivity = await make.activity(db, w.club, w.x, { title: "Annen aktivitet" });
      const session = await make.session(db, otherActivity, daysFromToday(-1));
      const error = await markRefused(db, w.facilitator, session, w.placement);
      expect({ message: error.message, field: error.detail }).toEqual({
        message: "session_not_of_placement",
        field: "session_id",
      });
    }));

  it("R4: attendance cannot be logged for a future session", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(1));
      const error = await markRefused(db, w.facilitator, session, w.placement);
      expect({ message: error.message, field: error.detail }).toEqual({
        message: "attendance_in_future",
        field: "session_id",
      });
    }));

  it("R4: attendance cannot be logged outside the placement's period", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const before = await make.session(db, w.activity, daysFromToday(-90));
      const error = await markRefused(db, w.caseworker, before, w.placement);
      expect(error.message).toBe("attendance_outside_placement");
    }));

  it("R4: after the edit window only a caseworker can change attendance", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const old = await make.session(db, w.activity, daysFromToday(-20));
      const byFacilitator = await markRefused(db, w.facilitator, old, w.placement);
      expect(byFacilitator.message).toBe("attendance_edit_window_closed");
      expect(JSON.parse(byFacilitator.hint!)).toEqual({ days: 14 });
      const byAdmin = await markRefused(db, w.clubAdmin, old, w.placement);
      expect(byAdmin.message).toBe("attendance_edit_window_closed");
      await mark(db, w.caseworker, old, w.placement, "present");
      await db.query("update app.municipalities set attendance_edit_window_days = 30 where id = $1", [w.x]);
      await mark(db, w.facilitator, old, w.placement, "absent");
    }));

  it("R4: every change is audited with before and after, without the personal note", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-2));
      await mark(db, w.facilitator, session, w.placement, "present", "Hadde det fint");
      await mark(db, w.facilitator, session, w.placement, "absent", "Hadde det fint");
      const { rows } = await db.query(
        `select action, actor_id, old_row ->> 'status' as before, new_row ->> 'status' as after, new_row ? 'note' as has_note
           from app.audit_events where table_name = 'attendance' and record_id like $1 || '%' order by id`,
        [w.placement],
      );
      expect(rows).toEqual([
        { action: "insert", actor_id: w.facilitator, before: null, after: "present", has_note: false },
        { action: "update", actor_id: w.facilitator, before: "present", after: "absent", has_note: false },
      ]);
    }));

  it("a whole session is saved at once, and one refused mark refuses the save", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const second = await make.participant(db, w.x, { first_name: "Kari" });
      const secondPlacement = await make.placement(db, second, w.activity, w.agreement, {
        from: daysFromToday(-1),
        to: daysFromToday(300),
      });
      const session = await make.session(db, w.activity, daysFromToday(-3));
      const error = await refusedAs(
        db,
        { userId: w.facilitator },
        `select api.save_attendance($1, jsonb_build_array(
           jsonb_build_object('placement_id', $2::uuid, 'status', 'present'),
           jsonb_build_object('placement_id', $3::uuid, 'status', 'present')))`,
        [session, w.placement, secondPlacement],
      );
      expect(error.message).toBe("attendance_outside_placement");
      const { rowCount } = await db.query("select 1 from app.attendance where session_id = $1", [session]);
      expect(rowCount).toBe(0);
    }));
});

describe("monthly attendance counts", () => {
  const months = (db: Db, placement: string) =>
    db
      .query(
        "select month::text, present, absent, last_present_on::text from app.attendance_months where placement_id = $1 order by month",
        [placement],
      )
      .then((result) => result.rows);

  it("follow each save, correction and removal, once per statement, across months and placements", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const second = await make.participant(db, w.x, { first_name: "Kari" });
      const secondPlacement = await make.placement(db, second, w.activity, w.agreement);
      const thisMonth = await make.session(db, w.activity, daysFromToday(-1));
      const earlier = await make.session(db, w.activity, daysFromToday(-45));
      const [monthOf, earlierMonthOf] = [daysFromToday(-1), daysFromToday(-45)].map((day) => `${day.slice(0, 8)}01`);
      await queryAs(
        db,
        { userId: w.caseworker },
        `select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', 'present'),
                                                          jsonb_build_object('placement_id', $3::uuid, 'status', 'absent')))`,
        [earlier, w.placement, secondPlacement],
      );
      await mark(db, w.facilitator, thisMonth, w.placement, "present");
      expect(await months(db, w.placement)).toEqual([
        { month: earlierMonthOf, present: 1, absent: 0, last_present_on: daysFromToday(-45) },
        { month: monthOf, present: 1, absent: 0, last_present_on: daysFromToday(-1) },
      ]);
      expect(await months(db, secondPlacement)).toEqual([
        { month: earlierMonthOf, present: 0, absent: 1, last_present_on: null },
      ]);

      await mark(db, w.facilitator, thisMonth, w.placement, "absent");
      await db.query("delete from app.attendance where session_id = $1", [earlier]);
      expect(await months(db, w.placement)).toEqual([
        { month: earlierMonthOf, present: 0, absent: 0, last_present_on: null },
        { month: monthOf, present: 0, absent: 1, last_present_on: null },
      ]);
      expect(await months(db, secondPlacement)).toEqual([
        { month: earlierMonthOf, present: 0, absent: 0, last_present_on: null },
      ]);
    }));

  it("stay equal to a count from the marks while saves add to, correct and take from months", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const second = await make.participant(db, w.x, { first_name: "Kari" });
      const secondPlacement = await make.placement(db, second, w.activity, w.agreement);
      const [s1, s2, s3, s4, s5] = await Promise.all(
        [-1, -2, -3, -4, -12].map((days) => make.session(db, w.activity, daysFromToday(days))),
      );
      const elsewhere = await make.session(
        db,
        await make.activity(db, w.club, w.x, { title: "Annen aktivitet" }),
        daysFromToday(-3),
      );
      const counted = (placement: string) =>
        db
          .query(
            `select date_trunc('month', s.on_date)::date::text as month,
                         count(*) filter (where at.status = 'present')::int as present,
                         count(*) filter (where at.status = 'absent')::int as absent,
                         (max(s.on_date) filter (where at.status = 'present'))::text as last_present_on
                    from app.attendance at join app.sessions s on s.id = at.session_id
                   where at.placement_id = $1 and not s.cancelled group by 1 order by 1`,
            [placement],
          )
          .then((result) => result.rows);
      const save = (session: string, status: string, note: string | null = null) =>
        queryAs(
          db,
          { userId: w.facilitator },
          `select api.save_attendance($1, jsonb_build_array(jsonb_build_object('placement_id', $2::uuid, 'status', $4::text, 'note', $5::text),
                                                            jsonb_build_object('placement_id', $3::uuid, 'status', 'present')))`,
          [session, w.placement, secondPlacement, status, note],
        );
      const steps: Array<() => Promise<unknown>> = [
        () => save(s3!, "present"),
        () => save(s1!, "present"), // a later present day
        () => save(s3!, "absent"), // an earlier present day taken away
        () => save(s2!, "present"),
        () => save(s1!, "absent"), // the latest present day taken away
        () => save(s1!, "present", "Kom sent"),
        () => save(s1!, "present", "Kom tidlig"), // only the note changes
        () => save(s5!, "absent"),
        () => save(s4!, "present"),
        () => db.query("update app.sessions set cancelled = true where id = $1", [s1]),
        () => save(s2!, "absent"),
        () => db.query("delete from app.attendance where session_id = $1", [s4]),
        () => save(s5!, "present"),
        // A mark the system made on another activity's session (no person behind it, so no
        // R4 check): the month's count still has to find it.
        () =>
          db.query("insert into app.attendance (placement_id, session_id, status) values ($1, $2, 'present')", [
            w.placement,
            elsewhere,
          ]),
        () => save(s2!, "present"),
        () => save(s2!, "absent"),
      ];
      for (const step of steps) {
        await step();
        for (const placement of [w.placement, secondPlacement]) {
          const kept = (await months(db, placement)).filter((row) => row.present + row.absent > 0);
          expect(kept).toEqual(await counted(placement));
        }
      }
    }));
});

describe("R7: what a facilitator sees", () => {
  it("R7: nothing before accepting the role and signing the declaration", () =>
    inRollback(async (db) => {
      const w = await world(db, { accepted: false });
      await make.session(db, w.activity, daysFromToday(-1));
      const week = await queryAs<{ w: { sessions: unknown[] } }>(
        db,
        { userId: w.facilitator },
        "select api.facilitator_week() as w",
      );
      expect(week.rows[0]!.w.sessions).toEqual([]);
      const page = await refusedAs(db, { userId: w.facilitator }, "select api.placement_page($1)", [w.placement]);
      expect(page.code).toBe("PT404");
      const card = await queryAs<{ c: unknown }>(
        db,
        { userId: w.facilitator },
        "select app.participant_card($1) as c",
        [w.placement],
      );
      expect(card.rows[0]!.c).toBeNull();
    }));

  it("R7: after accepting, the first name, birth year and only the note the caseworker shared", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const card = async () =>
        (
          await queryAs<{ c: unknown }>(db, { userId: w.facilitator }, "select app.participant_card($1) as c", [
            w.placement,
          ])
        ).rows[0]!.c;
      expect(await card()).toEqual({ first_name: "Ola", birth_year: 2005, note: "Liker rolige omgivelser" });
      await db.query("update app.participants set share_activity_note = false where id = $1", [w.participant]);
      expect(await card()).toEqual({ first_name: "Ola", birth_year: 2005, note: null });
      const direct = await queryAs(db, { userId: w.facilitator }, "select * from app.participants where id = $1", [
        w.participant,
      ]);
      expect(direct.rowCount).toBe(0);
    }));

  it("R7: the week shows this week's sessions generated from the schedule, with the participants", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const today = daysFromToday(0);
      const isoWeekday = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, $2, '18:00', '19:30')",
        [w.activity, isoWeekday],
      );
      const week = await queryAs<{
        w: { sessions: Array<{ on_date: string; participants: Array<{ card: { first_name: string } }> }> };
      }>(db, { userId: w.facilitator }, "select api.facilitator_week() as w");
      const sessions = week.rows[0]!.w.sessions;
      expect(sessions.map((s) => s.on_date)).toEqual([today]);
      expect(sessions[0]!.participants.map((p) => p.card.first_name)).toEqual(["Ola"]);
    }));

  it("R7: access lasts 30 days after the placement ended, then stops", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const visible = async () =>
        (await queryAs(db, { userId: w.facilitator }, "select 1 from app.placements where id = $1", [w.placement]))
          .rowCount;
      await db.query(
        "update app.placements set status = 'ended', ended_on = $2, outcome = 'continues_as_member' where id = $1",
        [w.placement, daysFromToday(-30)],
      );
      expect(await visible()).toBe(1);
      await db.query("update app.placements set ended_on = $2 where id = $1", [w.placement, daysFromToday(-31)]);
      expect(await visible()).toBe(0);
    }));

  it("organisation admins see their placements' attendance but not the caseworker's notes", () =>
    inRollback(async (db) => {
      const w = await world(db);
      await queryAs(db, { userId: w.caseworker }, "select api.add_followup($1, app.today(), 'Snakket med mor')", [
        w.placement,
      ]);
      const page = await queryAs<{ p: { followups: unknown; placement: Record<string, unknown> } }>(
        db,
        { userId: w.clubAdmin },
        "select api.placement_page($1) as p",
        [w.placement],
      );
      expect(page.rows[0]!.p.followups).toBeNull();
      expect(page.rows[0]!.p.placement).not.toHaveProperty("evaluation");
      const notes = await queryAs(db, { userId: w.clubAdmin }, "select * from app.placement_followups");
      expect(notes.rowCount).toBe(0);
    }));
});

describe("R9: participants belong to one municipality", () => {
  it("R9: a caseworker of another municipality reads none of X's participants, placements or attendance", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const y = await make.municipality(db, "Y");
      const caseworkerY = await make.staff(db, y, "caseworker");
      const session = await make.session(db, w.activity, daysFromToday(-1));
      await mark(db, w.facilitator, session, w.placement);
      for (const table of ["participants", "placements", "attendance", "participant_notes", "placement_followups"]) {
        const { rowCount } = await queryAs(db, { userId: caseworkerY }, `select 1 from app.${table}`);
        expect(rowCount, table).toBe(0);
      }
      const page = await refusedAs(db, { userId: caseworkerY }, "select api.participant_page($1)", [w.participant]);
      expect(page.code).toBe("PT404");
      const place = await refusedAs(db, { userId: caseworkerY }, "select api.place_participant($1, $2, app.today())", [
        w.participant,
        w.activity,
      ]);
      expect(place.code).toBe("PT404");
    }));
});

describe("placements", () => {
  it("needs an active agreement covering the activity; the decision period defaults to one year", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const uncovered = await make.activity(db, w.club, w.x, { title: "Ikke i avtalen" });
      const refused = await refusedAs(
        db,
        { userId: w.caseworker },
        "select api.place_participant($1, $2, app.today())",
        [w.participant, uncovered],
      );
      expect({ message: refused.message, field: refused.detail }).toEqual({
        message: "no_active_agreement",
        field: "activity_id",
      });
      const start = daysFromToday(-10);
      const { rows } = await queryAs<{ id: string }>(
        db,
        { userId: w.caseworker },
        "select api.place_participant($1, $2, $3) as id",
        [w.participant, w.activity, start],
      );
      const placed = await db.query(
        `select starts_on::text, ends_on = (starts_on + interval '1 year' - interval '1 day')::date as one_year,
                status from app.placements where id = $1`,
        [rows[0]!.id],
      );
      expect(placed.rows[0]).toEqual({ starts_on: start, one_year: true, status: "active" });
    }));

  it("ends with an outcome; the list filters ending soon and no attendance in two weeks", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const ids = async (filter: string) =>
        (
          await queryAs<{ p: { placements: Array<{ id: string }> } }>(
            db,
            { userId: w.caseworker },
            "select api.placements($1, $2) as p",
            [w.x, filter],
          )
        ).rows[0]!.p.placements.map((p) => p.id);
      expect(await ids("no_attendance")).toEqual([w.placement]);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      await mark(db, w.facilitator, session, w.placement);
      expect(await ids("no_attendance")).toEqual([]);
      expect(await ids("ending_soon")).toEqual([]);
      await db.query("update app.placements set ends_on = $2 where id = $1", [w.placement, daysFromToday(10)]);
      expect(await ids("ending_soon")).toEqual([w.placement]);
      const noOutcome = await refusedAs(
        db,
        { userId: w.caseworker },
        "select api.end_placement($1, app.today(), null)",
        [w.placement],
      );
      expect(noOutcome.message).toBe("outcome_required");
      await queryAs(
        db,
        { userId: w.caseworker },
        "select api.end_placement($1, app.today(), 'continues_as_member', 'Fortsetter som medlem')",
        [w.placement],
      );
      const ended = await db.query("select status, outcome from app.placements where id = $1", [w.placement]);
      expect(ended.rows[0]).toEqual({ status: "ended", outcome: "continues_as_member" });
    }));
});

describe("the caseworker's lists", () => {
  it("count the municipality's participants and placements as they come and go, and page in list order", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const kari = await make.participant(db, w.x, { first_name: "Kari" });
      const anne = await make.participant(db, w.x, { first_name: "Anne" });
      const secondPlacement = await make.placement(db, kari, w.activity, w.agreement, {
        from: daysFromToday(-30),
        to: daysFromToday(20),
      });
      type People = {
        total: number;
        participants: Array<{ id: string; first_name: string; active_placements: number }>;
      };
      type Placements = { total: number; placements: Array<{ id: string; last_attendance: string | null }> };
      const people = async (search: string | null = null) =>
        (
          await queryAs<{ l: People }>(db, { userId: w.caseworker }, "select api.participants($1, $2) as l", [
            w.x,
            search,
          ])
        ).rows[0]!.l;
      const placements = async () =>
        (await queryAs<{ l: Placements }>(db, { userId: w.caseworker }, "select api.placements($1) as l", [w.x]))
          .rows[0]!.l;

      expect((await people()).participants.map((p) => [p.first_name, p.active_placements])).toEqual([
        ["Anne", 0],
        ["Kari", 1],
        ["Ola", 1],
      ]);
      expect((await people()).total).toBe(3);
      expect((await people("a")).total).toBe(3);
      expect((await people("ri")).participants.map((p) => p.id)).toEqual([kari]);
      expect((await placements()).total).toBe(2);
      expect((await placements()).placements.map((p) => p.id)).toEqual([secondPlacement, w.placement]);

      const earlier = await make.session(db, w.activity, daysFromToday(-8));
      const later = await make.session(db, w.activity, daysFromToday(-2));
      await mark(db, w.facilitator, earlier, w.placement, "present");
      await mark(db, w.facilitator, later, w.placement, "absent");
      expect((await placements()).placements.map((p) => p.last_attendance)).toEqual([null, daysFromToday(-8)]);

      await db.query("delete from app.placements where id = $1", [secondPlacement]);
      await db.query("delete from app.participants where id = $1", [anne]);
      const other = await make.municipality(db, "Y");
      await db.query("update app.participants set municipality_id = $2 where id = $1", [kari, other]);
      expect((await people()).total).toBe(1);
      expect((await placements()).total).toBe(1);
      const moved = await db.query<{ total: number }>(
        "select total from app.list_totals where list = 'participants' and municipality_id = $1",
        [other],
      );
      expect(moved.rows).toEqual([{ total: 1 }]);
    }));

  it("show a placement's row as it is now: its dates, status and outcome, the participant's name, the activity's title and the organisation's name", () =>
    inRollback(async (db) => {
      const w = await world(db);
      type Row = {
        id: string;
        status: string;
        participant: string;
        participant_id: string;
        activity: string;
        organisation: string;
        starts_on: string;
        ends_on: string;
        outcome: string | null;
        last_attendance: string | null;
      };
      const row = async () =>
        (
          await queryAs<{ l: { placements: Row[] } }>(db, { userId: w.caseworker }, "select api.placements($1) as l", [
            w.x,
          ])
        ).rows[0]!.l.placements[0]!;
      const source = async () =>
        (
          await db.query(
            `select pl.id, pl.status::text, pa.first_name as participant, pa.id as participant_id, a.title as activity,
                o.name as organisation, pl.starts_on::text, pl.ends_on::text, pl.outcome::text, null as last_attendance
           from app.placements pl join app.participants pa on pa.id = pl.participant_id
           join app.activities a on a.id = pl.activity_id join app.organisations o on o.id = pl.organisation_id
          where pl.id = $1`,
            [w.placement],
          )
        ).rows[0];
      expect(await row()).toEqual(await source());
      await db.query("update app.participants set first_name = 'Per' where id = $1", [w.participant]);
      await db.query("update app.activities set title = 'Buldring' where id = $1", [w.activity]);
      await db.query("update app.organisations set name = 'Klubb Ny' where id = $1", [w.club]);
      await db.query("update app.placements set ends_on = $2 where id = $1", [w.placement, daysFromToday(40)]);
      await queryAs(
        db,
        { userId: w.caseworker },
        "select api.end_placement($1, app.today(), 'continues_as_member', 'Fortsetter')",
        [w.placement],
      );
      const now = await source();
      expect(now).toMatchObject({
        participant: "Per",
        activity: "Buldring",
        organisation: "Klubb Ny",
        status: "ended",
        outcome: "continues_as_member",
      });
      expect(await row()).toEqual(now);

      const earlier = await make.session(db, w.activity, daysFromToday(-9));
      const later = await make.session(db, w.activity, daysFromToday(-3));
      await db.query(
        "insert into app.attendance (session_id, placement_id, status) values ($1, $3, 'present'), ($2, $3, 'present')",
        [earlier, later, w.placement],
      );
      expect((await row()).last_attendance).toBe(daysFromToday(-3));
      await db.query("update app.attendance set status = 'absent' where session_id = $1", [later]);
      expect((await row()).last_attendance).toBe(daysFromToday(-9));
      await db.query("delete from app.attendance where placement_id = $1", [w.placement]);
      expect((await row()).last_attendance).toBeNull();
    }));

  it("show a participant's row as it is now: name, birth year, anonymised, and the count of open placements", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const kari = await make.participant(db, w.x, { first_name: "Kari" });
      type Row = { id: string; first_name: string; birth_year: number; anonymised: boolean; active_placements: number };
      const rows = async () =>
        (
          await queryAs<{ l: { participants: Row[] } }>(
            db,
            { userId: w.caseworker },
            "select api.participants($1) as l",
            [w.x],
          )
        ).rows[0]!.l.participants;
      const source = async () =>
        (
          await db.query<Row>(
            `select pa.id, pa.first_name, pa.birth_year, pa.anonymised_at is not null as anonymised,
                (select count(*)::int from app.placements pl where pl.participant_id = pa.id and pl.status <> 'ended') as active_placements
           from app.participants pa where pa.municipality_id = $1 order by pa.first_name, pa.id`,
            [w.x],
          )
        ).rows;
      expect(await rows()).toEqual(await source());

      const second = await make.placement(db, kari, w.activity, w.agreement, {
        from: daysFromToday(-30),
        to: daysFromToday(20),
      });
      const third = await make.placement(db, kari, w.activity, w.agreement, {
        from: daysFromToday(-10),
        to: daysFromToday(30),
      });
      expect((await rows()).map((r) => [r.first_name, r.active_placements])).toEqual([
        ["Kari", 2],
        ["Ola", 1],
      ]);
      await db.query(
        "update app.placements set status = 'ended', ended_on = app.today(), outcome = 'continues_as_member' where id = $1",
        [second],
      );
      await db.query("update app.placements set participant_id = $2 where id = $1", [third, w.participant]);
      await db.query(
        "update app.participants set first_name = 'Per', birth_year = 2011, anonymised_at = now() where id = $1",
        [kari],
      );
      expect((await rows()).map((r) => [r.first_name, r.active_placements])).toEqual([
        ["Ola", 2],
        ["Per", 0],
      ]);
      await db.query("update app.placements set status = 'active', ended_on = null, outcome = null where id = $1", [
        second,
      ]);
      await db.query("delete from app.placements where id = $1", [third]);
      const now = await source();
      expect(now.map((r) => [r.first_name, r.birth_year, r.anonymised, r.active_placements])).toEqual([
        ["Ola", expect.any(Number), false, 1],
        ["Per", 2011, true, 1],
      ]);
      expect(await rows()).toEqual(now);
    }));
});

describe("R10: retention", () => {
  it("R10: personal data is cleared after the retention period; statistics stay the same", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const session = await make.session(db, w.activity, daysFromToday(-1));
      await mark(db, w.facilitator, session, w.placement, "present", "Kom med mor");
      await queryAs(db, { userId: w.caseworker }, "select api.add_participant_note($1, 'Trenger følge')", [
        w.participant,
      ]);
      await db.query(
        "update app.placements set status = 'ended', ended_on = $2, outcome = 'continues_as_member', evaluation = 'Gikk fint' where id = $1",
        [w.placement, daysFromToday(-1)],
      );
      const statistics = async () =>
        (
          await db.query(
            `select app.age_band(pa.birth_year, date '2026-06-30') as band, pl.outcome, count(distinct pl.id) as placements,
                count(at.session_id) as attendances
           from app.placements pl join app.participants pa on pa.id = pl.participant_id
           left join app.attendance at on at.placement_id = pl.id
          where pl.municipality_id = $1 group by 1, 2`,
            [w.x],
          )
        ).rows;
      const before = await statistics();

      const run = async (today: string) =>
        (
          await queryAs<{ r: { anonymised: number } }>(
            db,
            "service_role",
            "select api.run_placement_lifecycle($1) as r",
            [today],
          )
        ).rows[0]!.r;
      expect((await run(daysFromToday(30))).anonymised).toBe(0);
      expect((await run(daysFromToday(2 * 365 + 1))).anonymised).toBe(1);

      const { rows } = await db.query(
        "select first_name, contact_name, contact_phone, activity_note, birth_year, anonymised_at is not null as anonymised from app.participants where id = $1",
        [w.participant],
      );
      expect(rows[0]).toEqual({
        first_name: "Anonymisert",
        contact_name: null,
        contact_phone: null,
        activity_note: "",
        birth_year: 2005,
        anonymised: true,
      });
      expect(
        (await db.query("select 1 from app.participant_notes where participant_id = $1", [w.participant])).rowCount,
      ).toBe(0);
      expect((await db.query("select note from app.attendance where placement_id = $1", [w.placement])).rows).toEqual([
        { note: null },
      ]);
      expect(await statistics()).toEqual(before);
      const trail = await db.query(
        "select count(*)::int as n from app.audit_events where (old_row::text || coalesce(new_row::text, '')) like '%Ola%' or (old_row::text || coalesce(new_row::text, '')) like '%Mor%'",
      );
      expect(trail.rows[0]!.n).toBe(0);
    }));
});
