import { afterAll, describe, expect, it } from "vitest";
import { checkAgreementSigner, runRegisterChecks, type RpcClient } from "../../app/lib/register-checks.server";
import { registerClient } from "../../app/lib/register-client.server";
import { inRollback, make, pool, queryAs, refusedAs, validOrganisationNumber, type Db } from "../support/db";
import { BRREG_URL } from "../support/env";
import { registerNumbers } from "../support/register";

afterAll(() => pool.end());

/** The server's service-role client, over the test's transaction. */
function serviceOver(db: Db): RpcClient {
  return {
    async rpc(fn, args) {
      const names = Object.keys(args);
      const values = names.map((name) => {
        const value = args[name];
        return value !== null && typeof value === "object" ? JSON.stringify(value) : value;
      });
      const sql = `select api.${fn}(${names.map((name, i) => `${name} => $${i + 1}`).join(", ")}) as result`;
      try {
        const { rows } = await queryAs<{ result: unknown }>(db, "service_role", sql, values);
        return { data: rows[0]!.result, error: null };
      } catch (error) {
        return { data: null, error: { message: (error as Error).message } };
      }
    },
  };
}

async function organisation(db: Db, number: string, name: string) {
  const { rows } = await db.query<{ id: string }>(
    "insert into app.organisations (organisation_number, name) values ($1, $2) returning id",
    [number, name],
  );
  return rows[0]!.id;
}

const record = (db: Db, organisationId: string, snapshot: Record<string, unknown>) =>
  queryAs(db, "service_role", "select api.record_register_snapshot($1, $2)", [
    organisationId,
    JSON.stringify(snapshot),
  ]);

const changesOf = async (db: Db, organisationId: string) =>
  (
    await db.query<{ kind: string; previous_name: string | null; current_name: string | null }>(
      "select kind, previous_name, current_name from app.register_changes where organisation_id = $1 order by id",
      [organisationId],
    )
  ).rows;

/** Every organisation already in the database counts as looked up just now, so a run takes only the test's own. */
const freshenOthers = (db: Db) =>
  db.query(`insert into app.register_snapshots (organisation_id, fetched_at, outcome)
            select id, now(), 'found' from app.organisations
            on conflict (organisation_id) do update set fetched_at = now(), outcome = 'found', taken_at = null`);

/** Which of `ids` a run at `at` takes (browser tests may add organisations of their own meanwhile). */
const take = async (db: Db, at: string, ids: string[]) =>
  (
    await queryAs<{ taken: { organisation_id: string }[] }>(
      db,
      "service_role",
      "select api.take_register_checks(100, $1) as taken",
      [at],
    )
  ).rows[0]!.taken.map((row) => row.organisation_id).filter((id) => ids.includes(id));

describe("the register snapshot", () => {
  it("keeps the last answer and records what is new in it: bankruptcy once, a new name, deletion", () =>
    inRollback(async (db) => {
      const id = await organisation(db, registerNumbers.deleted, "Slettevik Sangkor");
      const found = { outcome: "found", name: "Slettevik Sangkor", form_code: "FLI", voluntary_register: true };
      await record(db, id, found);
      expect(await changesOf(db, id)).toEqual([]);
      await record(db, id, { ...found, bankrupt: true });
      await record(db, id, { ...found, bankrupt: true });
      await record(db, id, { ...found, bankrupt: true, name: "Slettevik Sangkor og Kor" });
      await record(db, id, { outcome: "deleted", name: "Slettevik Sangkor og Kor", deleted_on: "2025-03-01" });
      await record(db, id, { outcome: "not_found" });
      expect(await changesOf(db, id)).toEqual([
        { kind: "bankrupt", previous_name: "Slettevik Sangkor", current_name: "Slettevik Sangkor" },
        { kind: "name_changed", previous_name: "Slettevik Sangkor", current_name: "Slettevik Sangkor og Kor" },
        { kind: "deleted", previous_name: "Slettevik Sangkor og Kor", current_name: "Slettevik Sangkor og Kor" },
      ]);
      const { rows } = await db.query(
        "select outcome, name, bankrupt from app.register_snapshots where organisation_id = $1",
        [id],
      );
      expect(rows).toEqual([{ outcome: "not_found", name: null, bankrupt: false }]);
      const refused = await refusedAs(
        db,
        "service_role",
        'select api.record_register_snapshot($1, \'{"outcome": "maybe"}\')',
        [id],
      );
      expect(refused.message).toBe("register_outcome_invalid");
    }));

  it("is written by the service role only, and read by the partner municipality's staff on the verification page", () =>
    inRollback(async (db) => {
      const municipality = await make.municipality(db);
      const caseworker = await make.staff(db, municipality, "caseworker");
      const id = await make.organisation(db, "Flaggvik IL");
      await make.partnership(db, id, municipality, "pending");
      const admin = await make.member(db, id, "admin");
      for (const actor of [{ userId: caseworker }, { userId: admin }, "anon" as const]) {
        const refused = await refusedAs(
          db,
          actor,
          `select api.record_register_snapshot($1, '{"outcome": "not_found"}')`,
          [id],
        );
        expect(refused.code).toBe("42501");
      }
      await record(db, id, {
        outcome: "found",
        name: "FLAGGVIK IDRETTSLAG",
        under_liquidation: true,
        voluntary_register: false,
      });
      const { rows } = await queryAs<{
        page: { register: Record<string, unknown>; register_changes: { kind: string }[] };
      }>(db, { userId: caseworker }, "select api.organisation_for_staff($1, $2) as page", [municipality, id]);
      expect(rows[0]!.page.register).toMatchObject({
        outcome: "found",
        name: "FLAGGVIK IDRETTSLAG",
        under_liquidation: true,
        voluntary_register: false,
      });
      expect(rows[0]!.page.register).not.toHaveProperty("taken_at");
      expect(rows[0]!.page.register_changes.map((change) => change.kind)).toEqual(["liquidation"]);
      const direct = await queryAs(
        db,
        { userId: admin },
        "select * from app.register_snapshots where organisation_id = $1",
        [id],
      );
      expect(direct.rows).toEqual([]);
    }));
});

describe("register changes in the work list", () => {
  it("R9: list a change to each partner municipality until its own staff mark it as seen, and to no one else", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const z = await make.municipality(db, "Z");
      const staffX = await make.staff(db, x, "caseworker");
      const staffY = await make.staff(db, y, "caseworker");
      const staffZ = await make.staff(db, z, "caseworker");
      const club = await make.organisation(db, "Endringsvik SK");
      await make.partnership(db, club, x, "verified");
      await make.partnership(db, club, y, "pending");
      await make.partnership(db, club, z, "declined");
      await record(db, club, { outcome: "found", name: "Endringsvik SK" });
      await record(db, club, { outcome: "found", name: "Endringsvik SK", bankrupt: true });
      const list = async (staff: string, municipality: string) =>
        (
          await queryAs<{
            list: { count: number; changes: { id: number; kind: string; organisation: { id: string } }[] };
          }>(db, { userId: staff }, "select api.register_changes($1) as list", [municipality])
        ).rows[0]!.list;

      const forX = await list(staffX, x);
      expect(forX.count).toBe(1);
      expect(forX.changes).toEqual([
        expect.objectContaining({ kind: "bankrupt", organisation: expect.objectContaining({ id: club }) }),
      ]);
      expect((await list(staffY, y)).count).toBe(1);
      expect((await list(staffZ, z)).count).toBe(0); // declined: not a partner
      expect((await refusedAs(db, { userId: staffY }, "select api.register_changes($1)", [x])).code).toBe("42501");

      const change = forX.changes[0]!.id;
      expect(
        (await refusedAs(db, { userId: staffZ }, "select api.review_register_change($1, $2)", [z, change])).code,
      ).toBe("PT404");
      await queryAs(db, { userId: staffX }, "select api.review_register_change($1, $2)", [x, change]);
      await queryAs(db, { userId: staffX }, "select api.review_register_change($1, $2)", [x, change]); // twice is once
      expect((await list(staffX, x)).count).toBe(0);
      expect((await list(staffY, y)).count).toBe(1);
      const { rows } = await db.query(
        "select count(*)::int as n from app.audit_events where table_name = 'register_change_reviews' and actor_id = $1",
        [staffX],
      );
      expect(rows[0]).toEqual({ n: 1 });
    }));
});

describe("the daily re-check", () => {
  it("hands out never-checked partner organisations at once and again after an hour, checked ones only at night after 20 hours", () =>
    inRollback(async (db) => {
      await freshenOthers(db);
      const municipality = await make.municipality(db);
      const pending = await make.organisation(db, "Ventevik IL");
      const declined = await make.organisation(db, "Avslagsvik IL");
      await make.partnership(db, pending, municipality, "pending");
      await make.partnership(db, declined, municipality, "declined");

      const ours = [pending, declined];
      expect(await take(db, "2026-06-01T12:00:00+02:00", ours)).toEqual([pending]);
      expect(await take(db, "2026-06-01T12:30:00+02:00", ours)).toEqual([]); // taken by a run that has not answered
      expect(await take(db, "2026-06-01T13:01:00+02:00", ours)).toEqual([pending]);

      await record(db, pending, { outcome: "found", name: "Ventevik IL" });
      await db.query(
        "update app.register_snapshots set fetched_at = '2026-06-01T13:00:00+02:00' where organisation_id = $1",
        [pending],
      );
      expect(await take(db, "2026-06-02T12:00:00+02:00", ours)).toEqual([]); // 23 hours, but daytime
      expect(await take(db, "2026-06-02T03:00:00+02:00", ours)).toEqual([]); // night, but 14 hours
      expect(await take(db, "2026-06-03T03:00:00+02:00", ours)).toEqual([pending]);
    }));

  it("looks partner organisations up in the register and records bankruptcy, liquidation and new names", () =>
    inRollback(async (db) => {
      await freshenOthers(db);
      const night = (
        await db.query<{ at: string }>(
          "select ((date_trunc('day', now() at time zone 'Europe/Oslo') + interval '3 hours') at time zone 'Europe/Oslo')::text as at",
        )
      ).rows[0]!.at;
      const municipality = await make.municipality(db);
      const winding = await organisation(db, registerNumbers.liquidation, "Avviklingsvik BK");
      const renamed = await organisation(db, registerNumbers.roles, "Registervik Roklag");
      const unknown = await organisation(db, validOrganisationNumber(), "Ukjentvik IL");
      for (const id of [winding, renamed, unknown]) await make.partnership(db, id, municipality, "verified");
      await record(db, renamed, { outcome: "found", name: "Registervik Roklag" });
      await db.query(
        "update app.register_snapshots set fetched_at = $2::timestamptz - interval '2 days' where organisation_id = $1",
        [renamed, night],
      );

      const checked = await runRegisterChecks(serviceOver(db), registerClient(BRREG_URL), new Date(night));
      expect(checked).toBeGreaterThanOrEqual(3);
      expect(await changesOf(db, winding)).toEqual([
        { kind: "liquidation", previous_name: null, current_name: "Avviklingsvik Ballklubb" },
      ]);
      expect(await changesOf(db, renamed)).toEqual([
        { kind: "name_changed", previous_name: "Registervik Roklag", current_name: "Registervik Roklubb" },
      ]);
      expect(await changesOf(db, unknown)).toEqual([]);
      const { rows } = await db.query<{ organisation_id: string; outcome: string }>(
        "select organisation_id, outcome from app.register_snapshots where organisation_id = any($1) order by outcome",
        [[winding, renamed, unknown]],
      );
      expect(Object.fromEntries(rows.map((row) => [row.organisation_id, row.outcome]))).toEqual({
        [winding]: "found",
        [renamed]: "found",
        [unknown]: "not_found",
      });
      // Nothing is due again the same night.
      expect(await take(db, night, [winding, renamed, unknown])).toEqual([]);
    }));

  it("leaves the last snapshot as it was when the register cannot be asked, and tries again later", () =>
    inRollback(async (db) => {
      await freshenOthers(db);
      const municipality = await make.municipality(db);
      const club = await make.organisation(db, "Nettløsvik IL");
      await make.partnership(db, club, municipality, "verified");
      const offline = registerClient("http://127.0.0.1:9", 500);
      expect(
        await runRegisterChecks(serviceOver(db), offline, new Date("2026-06-01T10:00:00Z")),
      ).toBeGreaterThanOrEqual(1);
      const { rows } = await db.query(
        "select fetched_at, outcome, taken_at is not null as taken from app.register_snapshots where organisation_id = $1",
        [club],
      );
      expect(rows).toEqual([{ fetched_at: null, outcome: null, taken: true }]);
      expect(await take(db, "2026-06-01T10:30:00Z", [club])).toEqual([]);
      expect(await take(db, "2026-06-01T11:01:00Z", [club])).toEqual([club]);
    }));
});

describe("the signer check", () => {
  async function signedAgreement(db: Db, signer: string) {
    const municipality = await make.municipality(db);
    const club = await organisation(db, registerNumbers.roles, "Registervik Roklubb");
    await make.partnership(db, club, municipality);
    const agreement = await make.agreement(db, municipality, club, "awaiting_organisation");
    const admin = await make.member(db, club, "admin");
    await db.query(
      `insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
       select id, 'organisation', $2, $3, 'Daglig leder', text_hash from app.agreements where id = $1`,
      [agreement, admin, signer],
    );
    await db.query("update app.agreements set status = 'awaiting_municipality' where id = $1", [agreement]);
    const caseworker = await make.staff(db, municipality, "caseworker");
    return { agreement, admin, caseworker };
  }

  const page = async (db: Db, userId: string, agreement: string) =>
    (
      await queryAs<{ page: { signer_check: Record<string, unknown> | null } }>(
        db,
        { userId },
        "select api.agreement_page($1) as page",
        [agreement],
      )
    ).rows[0]!.page.signer_check;

  it("matches the signer with a role holder and shows it to the caseworker only", () =>
    inRollback(async (db) => {
      const { agreement, admin, caseworker } = await signedAgreement(db, "kari nordmann");
      const check = await checkAgreementSigner(serviceOver(db), registerClient(BRREG_URL), agreement);
      expect(check).toMatchObject({ outcome: "match", matched_role: "DAGL" });
      expect(await page(db, caseworker, agreement)).toMatchObject({
        signer_name: "kari nordmann",
        outcome: "match",
        matched_role: "DAGL",
        role_holders: [
          { name: "Kari Marie Nordmann", role: "DAGL" },
          { name: "Øystein Ås", role: "LEDE" },
          { name: "Åse Signe", role: "SIGN" },
        ],
      });
      expect(await page(db, admin, agreement)).toBeNull();
    }));

  it("warns when the signer holds no signing role, and says so when the register cannot be asked", () =>
    inRollback(async (db) => {
      const { agreement, caseworker } = await signedAgreement(db, "Per Medlem");
      await checkAgreementSigner(serviceOver(db), registerClient(BRREG_URL), agreement);
      expect(await page(db, caseworker, agreement)).toMatchObject({ outcome: "no_match", matched_role: null });
      await checkAgreementSigner(serviceOver(db), registerClient("http://127.0.0.1:9", 500), agreement);
      expect(await page(db, caseworker, agreement)).toMatchObject({ outcome: "unavailable", role_holders: [] });
    }));
});
