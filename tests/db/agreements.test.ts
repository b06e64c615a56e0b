import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

/** A municipality with a caseworker and a verified organisation with an admin and a facilitator. */
async function parties(db: Db) {
  const municipality = await make.municipality(db, "Kongsberg");
  const organisation = await make.organisation(db, "Klatreklubben");
  await make.partnership(db, organisation, municipality, "verified");
  return {
    municipality,
    organisation,
    caseworker: await make.staff(db, municipality, "caseworker"),
    admin: await make.member(db, organisation, "admin"),
    facilitator: await make.member(db, organisation, "facilitator"),
  };
}

const sign = (
  db: Db,
  userId: string,
  agreement: string,
  hashSql = "(select text_hash from app.agreements where id = $1)",
) =>
  queryAs<{ status: string }>(
    db,
    { userId },
    `select api.sign_agreement($1, 'Ola Nordmann', 'Styreleder', true, ${hashSql}) as status`,
    [agreement],
  );

describe("R6: agreements and signatures", () => {
  it("R6: goes from draft to active only with both signatures, organisation first", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      await make.template(db, p.municipality);
      const { rows } = await queryAs<{ id: string }>(
        db,
        { userId: p.caseworker },
        "select api.create_agreement($1, $2, '2026-01-01', '2026-12-31', 'Årskontingent', 250000) as id",
        [p.municipality, p.organisation],
      );
      const agreement = rows[0]!.id;

      const early = await refusedAs(
        db,
        { userId: p.admin },
        "select api.sign_agreement($1, 'Ola Nordmann', 'Styreleder', true, 'x')",
        [agreement],
      );
      expect(early.code).toBe("PT404"); // a draft is not shown to the organisation yet

      const activity = await make.activity(db, p.organisation, p.municipality);
      await queryAs(db, { userId: p.caseworker }, "select api.set_agreement_activities($1, array[$2::uuid])", [
        agreement,
        activity,
      ]);
      await queryAs(db, { userId: p.caseworker }, "select api.send_agreement($1)", [agreement]);
      const countersignFirst = await refusedAs(
        db,
        { userId: p.caseworker },
        "select api.sign_agreement($1, 'Kari', 'Saksbehandler', true, (select text_hash from app.agreements where id = $1))",
        [agreement],
      );
      expect(countersignFirst.message).toBe("agreement_not_awaiting_signature");

      expect((await sign(db, p.admin, agreement)).rows[0]!.status).toBe("awaiting_municipality");
      expect((await sign(db, p.caseworker, agreement)).rows[0]!.status).toBe("active");
      const signatures = await db.query(
        "select party, signer_id from app.agreement_signatures where agreement_id = $1 order by signed_at, party",
        [agreement],
      );
      expect(signatures.rows).toEqual([
        { party: "organisation", signer_id: p.admin },
        { party: "municipality", signer_id: p.caseworker },
      ]);
    }));

  it("R6: the stored hash is the SHA-256 of the exact rendered text, and each signature carries it", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_organisation");
      await sign(db, p.admin, agreement);
      const { rows } = await db.query<{ rendered_text: string; text_hash: string; signed_hash: string }>(
        `select a.rendered_text, a.text_hash, s.text_hash as signed_hash
           from app.agreements a join app.agreement_signatures s on s.agreement_id = a.id where a.id = $1`,
        [agreement],
      );
      const expected = createHash("sha256").update(rows[0]!.rendered_text, "utf8").digest("hex");
      expect(rows[0]!.text_hash).toBe(expected);
      expect(rows[0]!.signed_hash).toBe(expected);
      expect(rows[0]!.rendered_text).toContain("Klatreklubben");
      expect(rows[0]!.rendered_text).toContain("kr 3 000,00");
    }));

  it("R6: the text cannot change once anyone has signed, not even by the table owner", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_organisation");
      await sign(db, p.admin, agreement);
      for (const change of [
        "rendered_text = rendered_text || ' endret'",
        "equipment_cap_ore = 1",
        "valid_to = '2027-12-31'",
      ]) {
        const error = await refusedAs(db, "postgres", `update app.agreements set ${change} where id = $1`, [agreement]);
        expect(error.message).toBe("agreement_signed_text_is_fixed");
      }
    }));

  it("R6: a signature of another text than the frozen one is refused", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_organisation");
      const error = await refusedAs(
        db,
        { userId: p.admin },
        "select api.sign_agreement($1, 'Ola Nordmann', 'Styreleder', true, 'hash-of-an-older-text')",
        [agreement],
      );
      expect(error.message).toBe("agreement_text_changed");
    }));

  it("R6: the same party cannot sign twice", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_organisation");
      await sign(db, p.admin, agreement);
      const again = await refusedAs(
        db,
        { userId: p.admin },
        "select api.sign_agreement($1, 'Ola Nordmann', 'Styreleder', true, (select text_hash from app.agreements where id = $1))",
        [agreement],
      );
      expect(again.message).toBe("agreement_not_awaiting_signature");
      const direct = await refusedAs(
        db,
        "postgres",
        `insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
         select id, 'organisation', $2, 'Ola', 'Leder', text_hash from app.agreements where id = $1`,
        [agreement, p.admin],
      );
      expect(["23505", "P0001"]).toContain(direct.code);
    }));

  it("R6: an agreement cannot be made active with one signature", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_municipality");
      const error = await refusedAs(db, "postgres", "update app.agreements set status = 'active' where id = $1", [
        agreement,
      ]);
      expect(error.message).toBe("agreement_needs_both_signatures");
    }));

  it("R6: new terms are a new version that both sign again; the old one ends when it takes over", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const original = await make.agreement(db, p.municipality, p.organisation, "active");
      await make.facilitatorRole(db, original, await make.activity(db, p.organisation, p.municipality), p.facilitator);
      const { rows } = await queryAs<{ id: string }>(
        db,
        { userId: p.caseworker },
        "select api.revise_agreement($1) as id",
        [original],
      );
      const revised = rows[0]!.id;
      await queryAs(
        db,
        { userId: p.caseworker },
        "select api.update_agreement($1, '2026-01-01', '2026-12-31', equipment_cap_ore => 500000)",
        [revised],
      );
      await queryAs(db, { userId: p.caseworker }, "select api.send_agreement($1)", [revised]);
      const whileSigning = await db.query("select status from app.agreements where id = $1", [original]);
      expect(whileSigning.rows[0]!.status).toBe("active");
      await sign(db, p.admin, revised);
      await sign(db, p.caseworker, revised);
      const states = await db.query("select id, status from app.agreements where id = any($1)", [[original, revised]]);
      expect(Object.fromEntries(states.rows.map((r) => [r.id, r.status]))).toEqual({
        [original]: "replaced",
        [revised]: "active",
      });
    }));

  it("a facilitator of the club cannot sign for it, and a caseworker of another municipality cannot countersign", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const other = await make.municipality(db, "Asker");
      const caseworkerY = await make.staff(db, other, "caseworker");
      const toSign = await make.agreement(db, p.municipality, p.organisation, "awaiting_organisation");
      const byFacilitator = await refusedAs(
        db,
        { userId: p.facilitator },
        "select api.sign_agreement($1, 'Tor', 'Trener', true, (select text_hash from app.agreements where id = $1))",
        [toSign],
      );
      expect(byFacilitator.code).toBe("PT404");
      const toCountersign = await make.agreement(db, p.municipality, p.organisation, "awaiting_municipality");
      const byOtherMunicipality = await refusedAs(
        db,
        { userId: caseworkerY },
        "select api.sign_agreement($1, 'Siri', 'Saksbehandler', true, (select text_hash from app.agreements where id = $1))",
        [toCountersign],
      );
      expect(byOtherMunicipality.code).toBe("PT404");
    }));

  it("signing needs a typed name, a role and an explicit confirmation", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_organisation");
      const cases: Array<[string, string, string]> = [
        ["' ', 'Styreleder', true", "full_name_required", "full_name"],
        ["'Ola Nordmann', '', true", "signer_role_required", "signer_role"],
        ["'Ola Nordmann', 'Styreleder', false", "confirmation_required", "confirmed"],
      ];
      for (const [args, message, field] of cases) {
        const error = await refusedAs(
          db,
          { userId: p.admin },
          `select api.sign_agreement($1, ${args}, (select text_hash from app.agreements where id = $1))`,
          [agreement],
        );
        expect({ message: error.message, field: error.detail }).toEqual({ message, field });
      }
    }));
});

describe("templates", () => {
  it("a new template version does not change agreements already sent", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const admin = await make.staff(db, p.municipality, "admin");
      await make.template(db, p.municipality, "Gammel tekst for {{organisasjon}}");
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_organisation");
      const before = (await db.query("select rendered_text from app.agreements where id = $1", [agreement])).rows[0]!
        .rendered_text;
      const version = await queryAs<{ v: number }>(
        db,
        { userId: admin },
        "select api.save_agreement_template($1, 'Ny tekst for {{organisasjon}}') as v",
        [p.municipality],
      );
      expect(version.rows[0]!.v).toBe(2);
      const after = (await db.query("select rendered_text from app.agreements where id = $1", [agreement])).rows[0]!
        .rendered_text;
      expect(after).toBe(before);
      expect(after).toContain("Gammel tekst");
      const edit = await refusedAs(
        db,
        "postgres",
        "update app.agreement_templates set body = 'x' where municipality_id = $1",
        [p.municipality],
      );
      expect(edit.message).toBe("template_versions_are_immutable");
    }));
});

describe("R7, R7a: named facilitators", () => {
  it("R7: the organisation names one of its facilitators, who accepts by signing the confidentiality declaration", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const x = p.municipality;
      const activity = await make.activity(db, p.organisation, x);
      const agreement = await make.agreement(db, x, p.organisation, "active");
      await db.query("insert into app.agreement_activities (agreement_id, activity_id) values ($1, $2)", [
        agreement,
        activity,
      ]);

      const notFacilitator = await refusedAs(db, { userId: p.admin }, "select api.name_facilitator($1, $2, $3)", [
        agreement,
        activity,
        p.admin,
      ]);
      expect(notFacilitator.message).toBe("not_a_facilitator");
      await queryAs(db, { userId: p.admin }, "select api.name_facilitator($1, $2, $3)", [
        agreement,
        activity,
        p.facilitator,
      ]);
      const stranger = await make.member(db, p.organisation, "facilitator");
      const byOther = await refusedAs(
        db,
        { userId: stranger },
        "select api.accept_facilitator_role($1, $2, 'Noen', true)",
        [agreement, activity],
      );
      expect(byOther.code).toBe("PT404");
      await queryAs(
        db,
        { userId: p.facilitator },
        "select api.accept_facilitator_role($1, $2, 'Tor Tilrettelegger', true)",
        [agreement, activity],
      );
      const { rows } = await db.query<{ declaration_hash: string; declaration: string }>(
        "select declaration_hash, app.confidentiality_declaration() as declaration from app.facilitator_namings where agreement_id = $1",
        [agreement],
      );
      expect(rows[0]!.declaration_hash).toBe(createHash("sha256").update(rows[0]!.declaration).digest("hex"));
      const roles = await queryAs<{ r: { roles: Array<{ accepted_at: string | null }> } }>(
        db,
        { userId: p.facilitator },
        "select api.my_facilitator_roles() as r",
      );
      expect(roles.rows[0]!.r.roles).toHaveLength(1);
      expect(roles.rows[0]!.r.roles[0]!.accepted_at).not.toBeNull();
    }));

  it("R7a: only the date a police certificate was seen is recorded, never in the future", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const activity = await make.activity(db, p.organisation, p.municipality, { age_min: 10 });
      const agreement = await make.agreement(db, p.municipality, p.organisation, "active");
      await make.facilitatorRole(db, agreement, activity, p.facilitator, false);
      const future = await refusedAs(
        db,
        { userId: p.admin },
        "select api.record_police_certificate($1, $2, $3, app.today() + 1)",
        [agreement, activity, p.facilitator],
      );
      expect({ message: future.message, field: future.detail }).toEqual({
        message: "date_not_in_future",
        field: "seen_on",
      });
      await queryAs(db, { userId: p.admin }, "select api.record_police_certificate($1, $2, $3, '2026-01-10')", [
        agreement,
        activity,
        p.facilitator,
      ]);
      const { rows } = await db.query(
        "select police_certificate_seen_on::text as seen, police_certificate_seen_by as by from app.facilitator_namings where agreement_id = $1",
        [agreement],
      );
      expect(rows[0]).toEqual({ seen: "2026-01-10", by: p.admin });
      const columns = await db.query(
        `select column_name from information_schema.columns
          where table_schema = 'app' and data_type = 'bytea' or (table_schema = 'app' and column_name ilike '%certificate%' and data_type not in ('date', 'uuid'))`,
      );
      expect(columns.rows).toEqual([]);
    }));
});

describe("lifecycle job", () => {
  it("reminds both sides 60 and 14 days before the end, once each, and expires the agreement after it", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "active", {
        from: "2026-01-01",
        to: "2026-12-31",
      });
      const run = async (today: string) =>
        (
          await queryAs<{ r: { expired: number; reminders: number } }>(
            db,
            "service_role",
            "select api.run_agreement_lifecycle($1) as r",
            [today],
          )
        ).rows[0]!.r;
      const reminders = async () =>
        (
          await db.query(
            "select recipient, payload ->> 'days_before' as days from app.outbox where template = 'agreement_expiring' and payload ->> 'agreement_id' = $1 order by id",
            [agreement],
          )
        ).rows;

      expect(await run("2026-10-31")).toEqual({ expired: 0, reminders: 0 });
      expect(await run("2026-11-01")).toEqual({ expired: 0, reminders: 1 });
      expect(await run("2026-11-02")).toEqual({ expired: 0, reminders: 0 });
      expect(await run("2026-12-17")).toEqual({ expired: 0, reminders: 1 });
      expect(await reminders()).toEqual([
        { recipient: `${p.admin}@example.test`, days: "60" },
        { recipient: `${p.caseworker}@example.test`, days: "60" },
        { recipient: `${p.admin}@example.test`, days: "14" },
        { recipient: `${p.caseworker}@example.test`, days: "14" },
      ]);
      expect(await run("2026-12-31")).toEqual({ expired: 0, reminders: 0 });
      expect(await run("2027-01-01")).toEqual({ expired: 1, reminders: 0 });
      const state = await db.query("select status from app.agreements where id = $1", [agreement]);
      expect(state.rows[0]!.status).toBe("expired");
    }));
});

describe("the agreement page", () => {
  type Page = {
    activities: Array<{ facilitators: { display_name: string }[] }>;
    timeline: Array<{
      table: string;
      action: string;
      status: string | null;
      party: string | null;
      change: string | null;
    }>;
  };
  const page = async (db: Db, userId: string, agreement: string) =>
    (await queryAs<{ p: Page }>(db, { userId }, "select api.agreement_page($1) as p", [agreement])).rows[0]!.p;

  it("the caseworker sees the named contact per activity, and both parties see the whole history", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      await db.query("update app.profiles set display_name = 'Tor Tilrettelegger' where user_id = $1", [p.facilitator]);
      const activity = await make.activity(db, p.organisation, p.municipality);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_municipality");
      await db.query("insert into app.agreement_activities (agreement_id, activity_id) values ($1, $2)", [
        agreement,
        activity,
      ]);
      await queryAs(db, { userId: p.admin }, "select api.name_facilitator($1, $2, $3)", [
        agreement,
        activity,
        p.facilitator,
      ]);
      await sign(db, p.caseworker, agreement);

      for (const reader of [p.caseworker, p.admin]) {
        const seen = await page(db, reader, agreement);
        expect(seen.activities.map((a) => a.facilitators.map((f) => f.display_name))).toEqual([["Tor Tilrettelegger"]]);
        const events = seen.timeline.map((e) => [e.table, e.action, e.status ?? e.party ?? e.change]);
        expect(events).toEqual(
          expect.arrayContaining([
            ["agreements", "insert", "draft"],
            ["agreement_signatures", "insert", "organisation"],
            ["facilitator_namings", "insert", "named"],
            ["agreement_signatures", "insert", "municipality"],
            ["agreements", "update", "active"],
          ]),
        );
      }
    }));

  it("R9: another municipality's caseworker and the club's facilitator are told the agreement is not there", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const caseworkerY = await make.staff(db, await make.municipality(db, "Asker"), "caseworker");
      const agreement = await make.agreement(db, p.municipality, p.organisation, "active");
      for (const reader of [caseworkerY, p.facilitator]) {
        const refused = await refusedAs(db, { userId: reader }, "select api.agreement_page($1)", [agreement]);
        expect(refused.code).toBe("PT404");
      }
      const history = await queryAs<{ t: unknown[] }>(
        db,
        { userId: caseworkerY },
        "select app.agreement_timeline($1) as t",
        [agreement],
      );
      expect(history.rows[0]!.t).toEqual([]);
    }));
});

describe("the archive package", () => {
  type Entry = {
    id: string;
    organisation: { organisation_number: string };
    municipality: { number: string };
    text_hash: string;
    signatures: { party: string }[];
  };
  const thisYear = "extract(year from now() at time zone 'Europe/Oslo')::int";

  it("the municipality's staff read a signed agreement for the archive; the club, other municipalities and anonymous callers do not", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "active");
      const { rows } = await queryAs<{ e: Entry }>(
        db,
        { userId: p.caseworker },
        "select api.agreement_archive($1) as e",
        [agreement],
      );
      const entry = rows[0]!.e;
      expect(entry.id).toBe(agreement);
      expect(entry.organisation.organisation_number).toMatch(/^\d{9}$/);
      expect(entry.municipality.number).toMatch(/^\d{4}$/);
      expect(entry.text_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.signatures.map((s) => s.party)).toEqual(["organisation", "municipality"]);
      const can = async (userId: string) =>
        (
          await queryAs<{ archive: boolean }>(
            db,
            { userId },
            "select (api.agreement_page($1) -> 'can' ->> 'archive')::boolean as archive",
            [agreement],
          )
        ).rows[0]!.archive;
      expect(await can(p.caseworker)).toBe(true);
      expect(await can(p.admin)).toBe(false);

      const caseworkerY = await make.staff(db, await make.municipality(db, "Asker"), "caseworker");
      for (const reader of [caseworkerY, p.admin, p.facilitator]) {
        const refused = await refusedAs(db, { userId: reader }, "select api.agreement_archive($1)", [agreement]);
        expect(refused.code).toBe("PT404");
        const year = await refusedAs(db, { userId: reader }, `select api.agreement_archive_year($1, ${thisYear})`, [
          p.municipality,
        ]);
        expect(year.code).toBe("42501");
      }
      for (const sql of ["select api.agreement_archive($1)", `select api.agreement_archive_year($1, ${thisYear})`]) {
        const anon = await refusedAs(db, "anon", sql, [sql.includes("year") ? p.municipality : agreement]);
        expect(anon.code).toBe("42501");
      }
    }));

  it("an agreement is archived only once both parties have signed it", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const agreement = await make.agreement(db, p.municipality, p.organisation, "awaiting_municipality");
      const refused = await refusedAs(db, { userId: p.caseworker }, "select api.agreement_archive($1)", [agreement]);
      expect(refused.message).toBe("agreement_not_signed_for_archive");
    }));

  it("a year's package holds the agreements countersigned that year, and an empty year is refused", () =>
    inRollback(async (db) => {
      const p = await parties(db);
      const now = await make.agreement(db, p.municipality, p.organisation, "active");
      const earlier = await make.agreement(db, p.municipality, p.organisation, "active");
      await db.query("update app.agreements set activated_at = activated_at - interval '1 year' where id = $1", [
        earlier,
      ]);
      await make.agreement(db, p.municipality, p.organisation, "awaiting_municipality");
      const year = async (offset: number) =>
        (
          await queryAs<{ a: { agreements: Entry[] } }>(
            db,
            { userId: p.caseworker },
            `select api.agreement_archive_year($1, ${thisYear} - $2) as a`,
            [p.municipality, offset],
          )
        ).rows[0]!.a.agreements.map((entry) => entry.id);
      expect(await year(0)).toEqual([now]);
      expect(await year(1)).toEqual([earlier]);
      const empty = await refusedAs(
        db,
        { userId: p.caseworker },
        `select api.agreement_archive_year($1, ${thisYear} - 2)`,
        [p.municipality],
      );
      expect(empty.message).toBe("no_agreements_signed_in_year");
    }));
});
