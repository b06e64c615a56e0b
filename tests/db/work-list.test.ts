import { afterAll, describe, expect, it } from "vitest";
import {
  daysFromToday,
  inRollback,
  make,
  pool,
  queryAs,
  refusedAs,
  validOrganisationNumber,
  type Db,
} from "../support/db";

afterAll(() => pool.end());

type Task = { task: string; count: number; round_id?: string | null };
type WorkList = { tasks: Task[]; settings: { registration_mail: boolean } };

/** Municipality X with a little of every kind of waiting work, and Y beside it. */
async function world(db: Db) {
  const x = await make.municipality(db, "X");
  const y = await make.municipality(db, "Y");
  const caseworker = await make.staff(db, x, "caseworker", "Siri Saksbehandler");
  const club = await make.organisation(db, "Klubben");
  await make.partnership(db, club, x, "verified");
  for (const name of ["Ny klubb 1", "Ny klubb 2"])
    await make.partnership(db, await make.organisation(db, name), x, "pending");
  // Y's work is not X's (R9).
  await make.partnership(db, await make.organisation(db, "Klubb i Y"), y, "pending");
  const agreement = await make.agreement(db, x, club, "active");
  await make.agreement(db, x, club, "awaiting_municipality");
  await make.agreement(db, x, club, "awaiting_organisation");
  const activity = await make.activity(db, club, x);
  const participant = await make.participant(db, x);
  const since = (days: number) => ({ from: daysFromToday(-days), to: daysFromToday(300) });
  const placed = (days: number) => make.placement(db, participant, activity, agreement, since(days));
  const placements = {
    neverThere: await placed(60),
    thereLastWeek: await placed(60),
    thereLongAgo: await placed(60),
    justStarted: await placed(5),
    ended: await placed(90),
  };
  await db.query("update app.placements set status = 'ended', ended_on = $2, outcome = 'stopped' where id = $1", [
    placements.ended,
    daysFromToday(-30),
  ]);
  const present = async (placement: string, daysAgo: number) => {
    const session = await make.session(db, activity, daysFromToday(-daysAgo));
    await db.query("insert into app.attendance (placement_id, session_id, status) values ($1, $2, 'present')", [
      placement,
      session,
    ]);
  };
  await present(placements.thereLastWeek, 6);
  await present(placements.thereLongAgo, 20);
  for (const status of ["submitted", "submitted", "needs_info", "approved", "draft"]) {
    await make.claim(db, placements.thereLastWeek, status);
  }
  const round = await make.prizeRound(db, x, "judging", 2025);
  const nominee = await make.organisation(db, "Nominert klubb");
  await make.nomination(db, round, nominee);
  await make.nomination(db, round, nominee);
  await make.nomination(db, round, await make.organisation(db, "Ubekreftet"), { confirmed: false });
  await make.nomination(db, round, await make.organisation(db, "Vurdert"), { status: "eligible" });
  return { x, y, caseworker, club, activity, round, placements, present };
}

async function workList(db: Db, userId: string, municipality: string) {
  return (await queryAs<{ w: WorkList }>(db, { userId }, "select api.work_list($1) as w", [municipality])).rows[0]!.w;
}

const count = (list: WorkList, task: string) => list.tasks.find((entry) => entry.task === task)?.count;

describe("the caseworker's work list", () => {
  it("counts what waits for the municipality, each kind of work in the order of the day", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const list = await workList(db, w.caseworker, w.x);
      expect(list.tasks).toEqual([
        { task: "organisations_to_verify", count: 2 },
        { task: "claims_to_decide", count: 2 },
        { task: "agreements_to_countersign", count: 1 },
        // Nobody there for two weeks: never, or 20 days ago; not the new one nor the ended one.
        { task: "placements_without_attendance", count: 2 },
        // One confirmed nominee not yet screened (its two nominations are screened together).
        { task: "nominations_to_screen", count: 1, round_id: w.round },
      ]);
      expect(list.settings).toEqual({ registration_mail: true });
    }));

  it("R13: shows those with the anviser role the approved claims waiting for their authorisation", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const anviser = await make.staff(db, w.x, "anviser", "Anne Anviser");
      // Approved by the caseworker, so it waits for an anviser (the world's approved claim does not).
      await make.claim(db, w.placements.thereLastWeek, "approved", { approved_by: w.caseworker });
      const tasks = (await workList(db, anviser, w.x)).tasks.map((entry) => entry.task);
      expect(tasks.slice(0, 3)).toEqual(["organisations_to_verify", "claims_to_decide", "claims_to_authorise"]);
      expect(count(await workList(db, anviser, w.x), "claims_to_authorise")).toBe(1);
      // Authorised, it waits no more.
      await db.query(
        "update app.claims set authorised_at = now(), authorised_by = $1 where status = 'approved' and municipality_id = $2",
        [anviser, w.x],
      );
      expect(count(await workList(db, anviser, w.x), "claims_to_authorise")).toBe(0);
      // A caseworker without the role is not offered the step.
      expect(count(await workList(db, w.caseworker, w.x), "claims_to_authorise")).toBeUndefined();
    }));

  it("counts placements without attendance as the placement list's filter does, and follows new marks", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const filtered = async () =>
        (
          await queryAs<{ p: { total: number; placements: { id: string }[] } }>(
            db,
            { userId: w.caseworker },
            "select api.placements($1, 'no_attendance') as p",
            [w.x],
          )
        ).rows[0]!.p;
      expect((await filtered()).placements.map((p) => p.id).sort()).toEqual(
        [w.placements.neverThere, w.placements.thereLongAgo].sort(),
      );
      expect((await filtered()).total).toBe(2);

      await w.present(w.placements.thereLongAgo, 1);
      expect(count(await workList(db, w.caseworker, w.x), "placements_without_attendance")).toBe(1);
      expect((await filtered()).total).toBe(1);

      await db.query("update app.placements set status = 'ended', ended_on = $2, outcome = 'moved' where id = $1", [
        w.placements.neverThere,
        daysFromToday(0),
      ]);
      expect(count(await workList(db, w.caseworker, w.x), "placements_without_attendance")).toBe(0);
    }));

  it("R9: staff of another municipality are refused the work list", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const other = await make.staff(db, w.y, "admin");
      const error = await refusedAs(db, { userId: other }, "select api.work_list($1)", [w.x]);
      expect(error.code).toBe("42501");
      // Their own municipality's list holds only Y's waiting organisation.
      expect(count(await workList(db, other, w.y), "organisations_to_verify")).toBe(1);
    }));

  it("is refused for the organisation's people and for visitors", () =>
    inRollback(async (db) => {
      const w = await world(db);
      for (const role of ["admin", "facilitator"] as const) {
        const member = await make.member(db, w.club, role);
        expect((await refusedAs(db, { userId: member }, "select api.work_list($1)", [w.x])).code).toBe("42501");
      }
      expect((await refusedAs(db, "anon", "select api.work_list($1)", [w.x])).code).toBe("42501");
    }));
});

describe("the registration e-mail", () => {
  const registrationMails = async (db: Db, organisation: string) =>
    (
      await db.query<{ recipient: string; municipality: string }>(
        `select recipient, payload ->> 'municipality_id' as municipality from app.outbox
          where template = 'organisation_registered' and payload ->> 'organisation_id' = $1 order by recipient`,
        [organisation],
      )
    ).rows;

  it("reaches the caseworkers of each municipality the club registers with, except those who turned it off", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const wants = await make.staff(db, x, "caseworker");
      const declines = await make.staff(db, x, "caseworker");
      await make.staff(db, x, "admin");
      const inY = await make.staff(db, y, "caseworker");
      await make.staff(db, await make.municipality(db, "Z"), "caseworker");
      await queryAs(db, { userId: declines }, "select api.set_staff_settings($1, false)", [x]);
      expect((await workList(db, declines, x)).settings).toEqual({ registration_mail: false });

      const leader = await make.user(db);
      const { rows } = await queryAs<{ id: string }>(
        db,
        { userId: leader },
        "select api.register_organisation($3, 'Ny klubb', 'idrett', array[$1, $2]::uuid[]) as id",
        [x, y, validOrganisationNumber()],
      );
      expect(await registrationMails(db, rows[0]!.id)).toEqual(
        [
          { recipient: `${wants}@example.test`, municipality: x },
          { recipient: `${inY}@example.test`, municipality: y },
        ].sort((a, b) => a.recipient.localeCompare(b.recipient)),
      );

      // Turned on again, it comes again.
      await queryAs(db, { userId: declines }, "select api.set_staff_settings($1, true)", [x]);
      const again = await queryAs<{ id: string }>(
        db,
        { userId: leader },
        "select api.register_organisation($2, 'Enda en klubb', 'kultur', array[$1]::uuid[]) as id",
        [x, validOrganisationNumber()],
      );
      expect((await registrationMails(db, again.rows[0]!.id)).map((mail) => mail.recipient).sort()).toEqual(
        [`${wants}@example.test`, `${declines}@example.test`].sort(),
      );
    }));

  it("R9: is turned off only by staff, each for themselves in their own municipality", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const inY = await make.staff(db, y, "caseworker");
      const error = await refusedAs(db, { userId: inY }, "select api.set_staff_settings($1, false)", [x]);
      expect(error.code).toBe("42501");
      const stranger = await make.user(db);
      expect((await refusedAs(db, { userId: stranger }, "select api.set_staff_settings($1, false)", [x])).code).toBe(
        "42501",
      );
      const { rows } = await db.query("select * from app.staff_settings where municipality_id = $1", [x]);
      expect(rows).toEqual([]);
    }));
});

describe("a claim's way back to the caseworker and to the club", () => {
  it("an answer to a request for more information reaches the caseworker as an answer, not as a new claim", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const admin = await make.member(db, w.club, "admin");
      // A placement with no other kontingent claim for the period (R3).
      const claim = await make.claim(db, w.placements.neverThere, "draft");
      await make.receipt(db, claim);
      await db.query("update app.activities set fee_ore = 100000 where id = $1", [w.activity]);
      const templates = async () =>
        (
          await db.query<{ template: string }>(
            "select template from app.outbox where payload ->> 'claim_id' = $1 and recipient = $2 order by id",
            [claim, `${w.caseworker}@example.test`],
          )
        ).rows.map((row) => row.template);

      await queryAs(db, { userId: admin }, "select api.submit_claim($1)", [claim]);
      await queryAs(db, { userId: w.caseworker }, "select api.decide_claim($1, 'needs_info', 'Hvilken periode?')", [
        claim,
      ]);
      // The club answers a day later.
      await db.query(
        `update app.claims set submitted_at = submitted_at - interval '1 day',
                first_submitted_at = first_submitted_at - interval '1 day' where id = $1`,
        [claim],
      );
      await queryAs(db, { userId: admin }, "select api.answer_claim($1, 'Høsthalvåret')", [claim]);
      expect(await templates()).toEqual(["claim_submitted", "claim_answered"]);

      const { rows } = await queryAs<{ q: { claims: { id: string; answered: boolean }[] } }>(
        db,
        { userId: w.caseworker },
        "select api.claim_queue($1) as q",
        [w.x],
      );
      const row = rows[0]!.q.claims.find((queued) => queued.id === claim);
      expect(row?.answered).toBe(true);
      expect(rows[0]!.q.claims.filter((queued) => queued.id !== claim).every((queued) => !queued.answered)).toBe(true);
    }));

  it("the club is told, in one e-mail per organisation, which claims were paid", () =>
    inRollback(async (db) => {
      const w = await world(db);
      const admin = await make.member(db, w.club, "admin");
      const approved = [
        await make.claim(db, w.placements.thereLastWeek, "approved"),
        await make.claim(db, w.placements.thereLastWeek, "approved"),
      ];
      const marked = await queryAs<{ n: number }>(
        db,
        { userId: w.caseworker },
        "select api.mark_paid($1, $2, 'BET-77', $3::uuid[]) as n",
        [w.x, daysFromToday(0), approved],
      );
      expect(marked.rows[0]!.n).toBe(2);
      const { rows } = await db.query<{ recipient: string; payload: Record<string, unknown> }>(
        "select recipient, payload from app.outbox where template = 'claims_paid' and payload ->> 'organisation_id' = $1",
        [w.club],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.recipient).toBe(`${admin}@example.test`);
      expect(rows[0]!.payload).toMatchObject({
        count: 2,
        amount_ore: 100000,
        paid_on: daysFromToday(0),
        payment_reference: "BET-77",
        municipality: "X",
      });
      expect((rows[0]!.payload.claims as { id: string }[]).map((claim) => claim.id).sort()).toEqual(approved.sort());
    }));
});
