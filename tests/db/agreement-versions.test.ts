import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/** A municipality with a caseworker, and a verified club with an admin and an activity. */
async function parties(db: Db) {
  const municipality = await make.municipality(db, "Versjonvik");
  const organisation = await make.organisation(db, "Versjonvik Kor");
  await make.partnership(db, organisation, municipality);
  await make.template(db, municipality);
  return {
    municipality,
    organisation,
    caseworker: await make.staff(db, municipality, "caseworker"),
    admin: await make.member(db, organisation, "admin"),
    activity: await make.activity(db, organisation, municipality, { title: "Korøvelse", category: "musikk" }),
  };
}

type Parties = Awaited<ReturnType<typeof parties>>;

const asCaseworker = <R extends Record<string, unknown>>(db: Db, p: Parties, sql: string, params: unknown[]) =>
  queryAs<R>(db, { userId: p.caseworker }, sql, params);

/** A draft made and sent through the API, covering the club's activity. */
async function sentAgreement(db: Db, p: Parties) {
  const { rows } = await asCaseworker<{ id: string }>(
    db,
    p,
    "select api.create_agreement($1, $2, '2026-01-01', '2026-12-31') as id",
    [p.municipality, p.organisation],
  );
  const id = rows[0]!.id;
  await asCaseworker(db, p, "select api.set_agreement_activities($1, array[$2::uuid])", [id, p.activity]);
  await asCaseworker(db, p, "select api.send_agreement($1)", [id]);
  return id;
}

const revise = async (db: Db, p: Parties, agreement: string) =>
  (await asCaseworker<{ id: string }>(db, p, "select api.revise_agreement($1) as id", [agreement])).rows[0]!.id;

const sign = (db: Db, userId: string, agreement: string) =>
  queryAs(
    db,
    { userId },
    "select api.sign_agreement($1, 'Ola Nordmann', 'Leder', true, (select text_hash from app.agreements where id = $1))",
    [agreement],
  );

/** The e-mails waiting in the outbox about the agreement, by template. */
const queuedMail = async (db: Db, agreement: string) =>
  (
    await db.query<{ template: string; replaces_unsigned: boolean | null }>(
      `select template, (payload ->> 'replaces_unsigned')::boolean as replaces_unsigned from app.outbox
        where sent_at is null and payload ->> 'agreement_id' = $1 order by id`,
      [agreement],
    )
  ).rows;

describe("R6: versions of an agreement", () => {
  it("R6: an agreement that covers no activity cannot be sent; the refusal names the activities field", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const { rows } = await asCaseworker<{ id: string }>(
        db,
        p,
        "select api.create_agreement($1, $2, '2026-01-01', '2026-12-31') as id",
        [p.municipality, p.organisation],
      );
      const refused = await refusedAs(db, { userId: p.caseworker }, "select api.send_agreement($1)", [rows[0]!.id]);
      expect({ code: refused.code, message: refused.message, field: refused.detail }).toEqual({
        code: "P0001",
        message: "agreement_needs_activities",
        field: "activity_ids",
      });
      const state = await db.query("select status, rendered_text from app.agreements where id = $1", [rows[0]!.id]);
      expect(state.rows[0]).toEqual({ status: "draft", rendered_text: null });
      expect(await queuedMail(db, rows[0]!.id)).toEqual([]);
    }));

  it("R6: a new version of a sent, unsigned agreement replaces it quietly: not terminated, no request to sign the old one", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const first = await sentAgreement(db, p);
      expect(await queuedMail(db, first)).toEqual([{ template: "agreement_to_sign", replaces_unsigned: false }]);

      const second = await revise(db, p, first);
      const old = await db.query("select status, termination_reason, ended_at from app.agreements where id = $1", [
        first,
      ]);
      expect(old.rows[0]).toMatchObject({ status: "replaced", termination_reason: null });
      expect(old.rows[0]!.ended_at).not.toBeNull();
      // The request to sign the old version had not gone out: it never will.
      expect(await queuedMail(db, first)).toEqual([]);
      const told = await db.query("select count(*)::int as n from app.outbox where template = 'agreement_terminated'");
      expect(told.rows[0]!.n).toBe(0);

      await asCaseworker(db, p, "select api.send_agreement($1)", [second]);
      expect(await queuedMail(db, second)).toEqual([{ template: "agreement_to_sign", replaces_unsigned: true }]);

      const listed = await queryAs<{ list: { agreements: { id: string }[] } }>(
        db,
        { userId: p.admin },
        "select api.organisation_agreements($1) as list",
        [p.organisation],
      );
      expect(listed.rows[0]!.list.agreements.map((a) => a.id)).toEqual([second]);
      const staffList = await asCaseworker<{
        all: { agreements: { id: string }[] };
        replaced: { agreements: { id: string }[] };
      }>(
        db,
        p,
        "select api.municipality_agreements($1) as all, api.municipality_agreements($1, 'replaced') as replaced",
        [p.municipality],
      );
      expect(staffList.rows[0]!.all.agreements.map((a) => a.id)).toEqual([second]);
      expect(staffList.rows[0]!.replaced.agreements.map((a) => a.id)).toEqual([first]);
      const page = await asCaseworker<{ page: { replaced_by: string; can: Record<string, boolean> } }>(
        db,
        p,
        "select api.agreement_page($1) as page",
        [first],
      );
      expect(page.rows[0]!.page.replaced_by).toBe(second);
      expect(page.rows[0]!.page.can).toMatchObject({ sign: false, revise: false, terminate: false });
      expect(
        (await refusedAs(db, { userId: p.admin }, "select api.terminate_agreement($1, 'x')", [first])).message,
      ).toBe("agreement_already_ended");
    }));

  it("R6: a half-signed version replaced by a new one drops the request to countersign it", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const first = await sentAgreement(db, p);
      await sign(db, p.admin, first);
      expect((await queuedMail(db, first)).map((m) => m.template)).toEqual([
        "agreement_to_sign",
        "agreement_to_countersign",
      ]);
      await revise(db, p, first);
      expect(await queuedMail(db, first)).toEqual([]);
      const old = await db.query("select status from app.agreements where id = $1", [first]);
      expect(old.rows[0]!.status).toBe("replaced");
    }));

  it("R6: the active version ends as replaced when a newer one is active, also past an unsigned version between them", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const first = await sentAgreement(db, p);
      await sign(db, p.admin, first);
      await sign(db, p.caseworker, first);
      const second = await revise(db, p, first);
      await asCaseworker(db, p, "select api.send_agreement($1)", [second]);
      const third = await revise(db, p, second);
      await asCaseworker(db, p, "select api.send_agreement($1)", [third]);
      const whileSigning = await db.query("select status from app.agreements where id = $1", [first]);
      expect(whileSigning.rows[0]!.status).toBe("active");
      await sign(db, p.admin, third);
      await sign(db, p.caseworker, third);
      const states = await db.query("select id, status from app.agreements where id = any($1)", [
        [first, second, third],
      ]);
      expect(Object.fromEntries(states.rows.map((r) => [r.id, r.status]))).toEqual({
        [first]: "replaced",
        [second]: "replaced",
        [third]: "active",
      });
    }));

  it("the club reads the template version its sent agreement was made from, and no other template", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      await make.template(db, p.municipality, "Versjon 2 for {{organisasjon}}");
      const agreement = await sentAgreement(db, p);
      const page = await queryAs<{ page: { template_version: number | null } }>(
        db,
        { userId: p.admin },
        "select api.agreement_page($1) as page",
        [agreement],
      );
      expect(page.rows[0]!.page.template_version).toBe(2);
      const templates = await queryAs<{ version: number }>(
        db,
        { userId: p.admin },
        "select version from app.agreement_templates where municipality_id = $1",
        [p.municipality],
      );
      expect(templates.rows).toEqual([{ version: 2 }]);
    }));
});
