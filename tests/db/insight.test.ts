import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/**
 * A small, hand-built municipality for 2026 (and 2025 for the comparison):
 * - Ada, born 2008, turns 18 in 2026: placed 2025-09-01 → 2026-08-31 (spans two years),
 *   ended 2026-06-30 continuing as an ordinary member; 3 present and 1 absent in 2026.
 * - Bo, born 1950 (76 in 2026): placed 2026-02-01, still active; 1 present, 1 absent, one
 *   mark in a cancelled session (not counted).
 * - Cy, born 1940 (86 in 2026): placed 2026-01-10, ended 2026-03-01 as stopped, and anonymised.
 * A second municipality with its own placement must never show up.
 */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const y = await make.municipality(db, "Y");
  const club = await make.organisation(db, "Klubb");
  await make.partnership(db, club, x, "verified");
  await make.partnership(db, club, y, "verified");
  const climbing = await make.activity(db, club, x, { title: "Klatring", category: "idrett" });
  const choir = await make.activity(db, club, x, { title: "Kor", category: "musikk" });
  const agreement = await make.agreement(db, x, club, "active", { from: "2025-01-01", to: "2026-12-31" });
  const agreementY = await make.agreement(db, y, club, "active", { from: "2025-01-01", to: "2026-12-31" });
  const ada = await make.participant(db, x, { first_name: "Ada", birth_year: 2008 });
  const bo = await make.participant(db, x, { first_name: "Bo", birth_year: 1950 });
  const cy = await make.participant(db, x, { first_name: "Cy", birth_year: 1940 });
  const other = await make.participant(db, y, { first_name: "Annen", birth_year: 1990 });
  const pAda = await make.placement(db, ada, climbing, agreement, { from: "2025-09-01", to: "2026-08-31" });
  const pBo = await make.placement(db, bo, choir, agreement, { from: "2026-02-01", to: "2027-01-31" });
  const pCy = await make.placement(db, cy, choir, agreement, { from: "2026-01-10", to: "2027-01-09" });
  const pOther = await make.placement(db, other, climbing, agreementY, { from: "2026-01-01", to: "2026-12-31" });
  await db.query(
    "update app.placements set status = 'ended', ended_on = '2026-06-30', outcome = 'continues_as_member' where id = $1",
    [pAda],
  );
  await db.query(
    "update app.placements set status = 'ended', ended_on = '2026-03-01', outcome = 'stopped' where id = $1",
    [pCy],
  );
  const mark = async (placement: string, activity: string, date: string, status: string, cancelled = false) => {
    const session = (
      await db.query<{ id: string }>(
        `insert into app.sessions (activity_id, on_date, starts_at, ends_at, cancelled) values ($1, $2, '17:00', '18:00', $3)
       on conflict (activity_id, on_date, starts_at) do update set cancelled = excluded.cancelled returning id`,
        [activity, date, cancelled],
      )
    ).rows[0]!.id;
    // Fixture rows, written as the superuser past the R4 trigger's clock checks.
    await db.query("alter table app.attendance disable trigger attendance_rules");
    await db.query("insert into app.attendance (placement_id, session_id, status) values ($1, $2, $3)", [
      placement,
      session,
      status,
    ]);
    await db.query("alter table app.attendance enable trigger attendance_rules");
  };
  await mark(pAda, climbing, "2025-10-01", "present");
  for (const date of ["2026-01-07", "2026-01-14", "2026-01-21"]) await mark(pAda, climbing, date, "present");
  await mark(pAda, climbing, "2026-01-28", "absent");
  await mark(pBo, choir, "2026-02-03", "present");
  await mark(pBo, choir, "2026-02-10", "absent");
  await mark(pBo, choir, "2026-02-17", "present", true);
  await mark(pOther, climbing, "2026-03-04", "present");
  await make.budget(db, x, "kontingent", 1_000_000, 2026);
  const claim = await make.claim(db, pBo, "approved", {
    amount_ore: 150000,
    period_start: "2026-02-01",
    period_end: "2026-12-31",
  });
  await db.query(
    "update app.claims set first_submitted_at = '2026-02-10T10:00:00Z', decided_at = '2026-02-14T10:00:00Z' where id = $1",
    [claim],
  );
  await db.query("update app.participants set first_name = 'Anonymisert', anonymised_at = now() where id = $1", [cy]);
  return {
    x,
    y,
    club,
    caseworker: await make.staff(db, x, "caseworker"),
    clubAdmin: await make.member(db, club, "admin"),
  };
}

describe("dashboard figures", () => {
  it("are right for a hand-built year, across a birthday, two years and an anonymisation", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const { rows } = await queryAs<{ d: { figures: Record<string, unknown> } }>(
        db,
        { userId: w.caseworker },
        "select api.dashboard($1, 2026) as d",
        [w.x],
      );
      const f = rows[0]!.d.figures;
      expect(f).toMatchObject({
        year: 2026,
        participants: 3,
        placements: 3,
        new_placements: 2,
        by_age_band: { "18-66": 1, "67-79": 1, "80+": 1 },
        by_category: { idrett: 1, musikk: 2 },
        organisations: 1,
        agreements_active: 1,
        attendance: { present: 4, absent: 2, rate: 0.667 },
        outcomes: {
          ended: 2,
          continues_as_member: 1,
          stopped: 1,
          continues_with_support: 0,
          moved: 0,
          member_share: 0.5,
        },
        decision_days: { decided: 1, average: 4, median: 4 },
      });
      expect(f.claims).toContainEqual({
        kind: "kontingent",
        budget_ore: 1000000,
        approved_ore: 150000,
        paid_ore: 0,
        count: 1,
      });
    }));

  it("the previous year has its own figures in the yearly report", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const { rows } = await queryAs<{ r: { previous: Record<string, unknown> } }>(
        db,
        { userId: w.caseworker },
        "select api.yearly_report($1, 2026) as r",
        [w.x],
      );
      expect(rows[0]!.r.previous).toMatchObject({
        year: 2025,
        participants: 1,
        new_placements: 1,
        by_age_band: { "0-17": 1 },
        attendance: { present: 1, absent: 0, rate: 1 },
        outcomes: { ended: 0 },
      });
    }));

  it("R10: figures stay the same when personal data is anonymised", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const figures = async () =>
        (await queryAs<{ f: unknown }>(db, { userId: w.caseworker }, "select app.year_figures($1, 2026) as f", [w.x]))
          .rows[0]!.f;
      const before = await figures();
      await db.query(
        "update app.participants set first_name = 'Anonymisert', contact_name = null, anonymised_at = now() where municipality_id = $1",
        [w.x],
      );
      expect(await figures()).toEqual(before);
    }));

  it("follow changes: a session cancelled afterwards and a corrected mark", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const attendance = async () =>
        (
          await queryAs<{ f: { attendance: unknown } }>(
            db,
            { userId: w.caseworker },
            "select app.year_figures($1, 2026) as f",
            [w.x],
          )
        ).rows[0]!.f.attendance;
      await db.query(`update app.sessions set cancelled = true where on_date = '2026-01-07'`);
      expect(await attendance()).toEqual({ present: 3, absent: 2, rate: 0.6 });
      await db.query(
        `update app.attendance set status = 'present' where session_id in (select id from app.sessions where on_date = '2026-01-28')`,
      );
      expect(await attendance()).toEqual({ present: 4, absent: 1, rate: 0.8 });
    }));

  it("are computed at most once a minute for the dashboard, which says when", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const dashboard = async () =>
        (
          await queryAs<{ d: { figures: { placements: number }; computed_at: string } }>(
            db,
            { userId: w.caseworker },
            "select api.dashboard($1, 2026) as d",
            [w.x],
          )
        ).rows[0]!.d;
      const first = await dashboard();
      expect(first.figures.placements).toBe(3);
      await db.query(
        "update app.placements set starts_on = '2027-01-01', ends_on = '2027-12-31' where municipality_id = $1 and starts_on = '2026-02-01'",
        [w.x],
      );
      expect((await dashboard()).figures.placements).toBe(3); // still the cached figures
      await db.query(
        "update app.figure_cache set computed_at = now() - interval '61 seconds' where municipality_id = $1",
        [w.x],
      );
      const fresh = await dashboard();
      expect(fresh.figures.placements).toBe(2);
      expect(new Date(fresh.computed_at).getTime()).toBeGreaterThan(0);
    }));

  it("are computed by one caller at a time: while one computes, the others show the figures they have", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const dashboard = async () =>
        (
          await queryAs<{ d: { figures: { placements: number } } }>(
            db,
            { userId: w.caseworker },
            "select api.dashboard($1, 2026) as d",
            [w.x],
          )
        ).rows[0]!.d;
      await db.query(
        `insert into app.figure_cache (municipality_id, year, figures, computed_at)
                      values ($1, 2026, '{"placements": 99}', now() - interval '61 seconds')`,
        [w.x],
      );
      const computing = await pool.connect();
      try {
        await computing.query("begin");
        await computing.query("select pg_advisory_xact_lock(hashtext('figure_cache:' || $1::text), 2026)", [w.x]);
        expect((await dashboard()).figures.placements).toBe(99);
        await computing.query("rollback");
        expect((await dashboard()).figures.placements).toBe(3);
      } finally {
        await computing.query("rollback").catch(() => {});
        computing.release();
      }
    }));

  it("R9: never include another municipality's data, and are for staff only", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const caseworkerY = await make.staff(db, w.y, "caseworker");
      const { rows } = await queryAs<{ d: { figures: { placements: number; attendance: { present: number } } } }>(
        db,
        { userId: caseworkerY },
        "select api.dashboard($1, 2026) as d",
        [w.y],
      );
      expect(rows[0]!.d.figures.placements).toBe(1);
      expect(rows[0]!.d.figures.attendance.present).toBe(1);
      const refused = await refusedAs(db, { userId: caseworkerY }, "select api.dashboard($1, 2026)", [w.x]);
      expect(refused.code).toBe("42501");
    }));
});

describe("exports", () => {
  it("placements are exported with age bands and counts, and without names", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const { rows } = await queryAs<{ e: Array<Record<string, unknown>> }>(
        db,
        { userId: w.caseworker },
        "select api.export_placements($1, 2026) as e",
        [w.x],
      );
      expect(rows[0]!.e).toHaveLength(3);
      expect(JSON.stringify(rows[0]!.e)).not.toMatch(/Ada|"Bo"|Anonymisert/);
      expect(rows[0]!.e.map((r) => r.age_band).sort()).toEqual(["18-66", "67-79", "80+"]);
    }));
});

describe("the organisation's view", () => {
  it("shows each municipality it works with, and never another club's data", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const { rows } = await queryAs<{ i: { municipalities: Array<Record<string, unknown>> } }>(
        db,
        { userId: w.clubAdmin },
        "select api.organisation_insight($1, 2026) as i",
        [w.club],
      );
      expect(rows[0]!.i.municipalities).toEqual([
        { municipality: "X", placements: 3, present: 4, absent: 2, claimed_ore: 150000, approved_ore: 150000 },
        { municipality: "Y", placements: 1, present: 1, absent: 0, claimed_ore: 0, approved_ore: 0 },
      ]);
      const otherClub = await make.organisation(db, "Annen klubb");
      const otherAdmin = await make.member(db, otherClub, "admin");
      const refused = await refusedAs(db, { userId: otherAdmin }, "select api.organisation_insight($1, 2026)", [
        w.club,
      ]);
      expect(refused.code).toBe("42501");
    }));
});

describe("R9: the report and the exports", () => {
  it("hold only the municipality's own rows", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const caseworkerY = await make.staff(db, w.y, "caseworker");
      const asY = async (sql: string) =>
        (await queryAs<{ r: unknown }>(db, { userId: caseworkerY }, sql, [w.y])).rows[0]!.r;
      const report = (await asY("select api.yearly_report($1, 2026) as r")) as { figures: { placements: number } };
      expect(report.figures.placements).toBe(1);
      expect(await asY("select api.export_placements($1, 2026) as r")).toHaveLength(1);
      expect(await asY("select api.export_claims($1, 2026) as r")).toEqual([]);
      expect(await asY("select api.export_attendance($1, 2026) as r")).toEqual([
        { activity: "Klatring", organisation: "Klubb", month: "2026-03", sessions: 1, present: 1, absent: 0 },
      ]);
      for (const fn of [
        "yearly_report($1, 2026)",
        "export_claims($1, 2026)",
        "export_attendance($1, 2026)",
        "export_organisations($1)",
      ]) {
        expect((await refusedAs(db, { userId: caseworkerY }, `select api.${fn}`, [w.x])).code).toBe("42501");
      }
    }));
});

describe("an object's history", () => {
  it("the placement page shows staff its audit trail, others none; another municipality reads none of it", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const placement = (
        await db.query<{ id: string }>(
          "select id from app.placements where municipality_id = $1 and starts_on = '2025-09-01'",
          [w.x],
        )
      ).rows[0]!.id;
      type Page = { timeline: Array<{ action: string; new: { status?: string } }> | null };
      const page = async (userId: string) =>
        (await queryAs<{ p: Page }>(db, { userId }, "select api.placement_page($1) as p", [placement])).rows[0]!.p;
      const timeline = (await page(w.caseworker)).timeline!;
      expect(timeline.map((event) => event.action)).toEqual(["insert", "update"]);
      expect(timeline[1]!.new.status).toBe("ended");
      expect((await page(w.clubAdmin)).timeline).toBeNull();
      const caseworkerY = await make.staff(db, w.y, "caseworker");
      const { rows } = await queryAs<{ n: string }>(
        db,
        { userId: caseworkerY },
        "select count(*) as n from app.audit_events where table_name = 'placements' and record_id = $1",
        [placement],
      );
      expect(rows[0]!.n).toBe("0");
    }));

  it("R10: the participant page's history for staff never holds the personal fields", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const participant = (
        await db.query<{ id: string }>(
          "select id from app.participants where municipality_id = $1 and birth_year = 1950",
          [w.x],
        )
      ).rows[0]!.id;
      await db.query("update app.participants set first_name = 'Bodil', wishes = 'Synge mer' where id = $1", [
        participant,
      ]);
      const { rows } = await queryAs<{ p: { timeline: unknown[] } }>(
        db,
        { userId: w.caseworker },
        "select api.participant_page($1) as p",
        [participant],
      );
      const trail = JSON.stringify(rows[0]!.p.timeline);
      expect(rows[0]!.p.timeline).toHaveLength(2);
      expect(trail).toContain('"personal_data_changed":true');
      expect(trail).not.toMatch(/Bodil|Synge|"Bo"/);
    }));
});
