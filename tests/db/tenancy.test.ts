import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs } from "../support/db";

afterAll(() => pool.end());

describe("tenancy helpers", () => {
  it("is_staff is true only for the caller's own municipality and role", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const caseworker = await make.staff(db, x, "caseworker");
      const { rows } = await queryAs(
        db,
        { userId: caseworker },
        `select app.is_staff($1) as x_any, app.is_staff($1, 'caseworker') as x_caseworker,
                app.is_staff($1, 'admin') as x_admin, app.is_staff($2) as y_any`,
        [x, y],
      );
      expect(rows[0]).toEqual({ x_any: true, x_caseworker: true, x_admin: false, y_any: false });
      const anon = await queryAs(db, "anon", "select app.is_staff($1) as ok", [x]);
      expect(anon.rows[0]!.ok).toBe(false);
    }));

  it("is_member is true only for the caller's own organisation and role", () =>
    inRollback(async (db) => {
      const a = await make.organisation(db, "Klubb A");
      const b = await make.organisation(db, "Klubb B");
      const facilitator = await make.member(db, a, "facilitator");
      const { rows } = await queryAs(
        db,
        { userId: facilitator },
        `select app.is_member($1) as a_any, app.is_member($1, 'facilitator') as a_facilitator,
                app.is_member($1, 'admin') as a_admin, app.is_member($2) as b_any`,
        [a, b],
      );
      expect(rows[0]).toEqual({ a_any: true, a_facilitator: true, a_admin: false, b_any: false });
    }));
});

describe("R9: tenants are isolated", () => {
  it("R9: staff read their colleagues' roles and profiles, never another municipality's", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const caseworkerX = await make.staff(db, x, "caseworker", "Kari X");
      const adminX = await make.staff(db, x, "admin", "Ola X");
      const caseworkerY = await make.staff(db, y, "caseworker", "Per Y");

      const staff = await queryAs<{ user_id: string }>(db, { userId: caseworkerX }, "select user_id from app.staff");
      expect(staff.rows.map((r) => r.user_id).sort()).toEqual([caseworkerX, adminX].sort());

      const profiles = await queryAs<{ display_name: string }>(
        db,
        { userId: caseworkerX },
        "select display_name from app.profiles order by display_name",
      );
      expect(profiles.rows.map((r) => r.display_name)).toEqual(["Kari X", "Ola X"]);

      const fromY = await queryAs(db, { userId: caseworkerY }, "select 1 from app.staff where municipality_id = $1", [
        x,
      ]);
      expect(fromY.rowCount).toBe(0);
    }));

  it("R9: only a municipality's admins add staff to it", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const adminX = await make.staff(db, x, "admin");
      const caseworkerX = await make.staff(db, x, "caseworker");
      const newcomer = await make.user(db);

      await queryAs(
        db,
        { userId: adminX },
        "insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')",
        [x, newcomer],
      );
      const byCaseworker = await refusedAs(
        db,
        { userId: caseworkerX },
        "insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'admin')",
        [x, newcomer],
      );
      expect(byCaseworker.code).toBe("42501");
      const intoY = await refusedAs(
        db,
        { userId: adminX },
        "insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')",
        [y, newcomer],
      );
      expect(intoY.code).toBe("42501");
    }));

  it("R9: organisation members see their own organisation's members only", () =>
    inRollback(async (db) => {
      const a = await make.organisation(db, "Klubb A");
      const b = await make.organisation(db, "Klubb B");
      const adminA = await make.member(db, a, "admin");
      await make.member(db, a, "facilitator");
      await make.member(db, b, "admin");
      const { rows } = await queryAs<{ organisation_id: string }>(
        db,
        { userId: adminA },
        "select organisation_id from app.memberships",
      );
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((r) => r.organisation_id))).toEqual(new Set([a]));
    }));
});

describe("api.session_context", () => {
  it("tells a signed-in person their roles in municipalities and organisations", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "Kongsberg-test");
      const org = await make.organisation(db, "Klatreklubben");
      const person = await make.staff(db, x, "caseworker", "Kari");
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
        org,
        person,
      ]);

      const { rows } = await queryAs<{ context: Record<string, unknown> }>(
        db,
        { userId: person },
        "select api.session_context() as context",
      );
      expect(rows[0]!.context).toEqual({
        user: { id: person, email: `${person}@example.test`, display_name: "Kari" },
        staff: [{ municipality_id: x, municipality_name: "Kongsberg-test", role: "caseworker" }],
        organisations: [{ organisation_id: org, name: "Klatreklubben", role: "facilitator" }],
      });
    }));

  it("is not for anonymous visitors", () =>
    inRollback(async (db) => {
      const error = await refusedAs(db, "anon", "select api.session_context()");
      expect(error.code).toBe("42501");
    }));
});

describe("audit trail", () => {
  it("records who changed staff roles, with before and after", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const admin = await make.staff(db, x, "admin");
      const newcomer = await make.user(db);
      await queryAs(
        db,
        { userId: admin },
        "insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')",
        [x, newcomer],
      );
      await queryAs(db, { userId: admin }, "delete from app.staff where user_id = $1", [newcomer]);

      const { rows } = await db.query(
        `select action, actor_id, actor_role, municipality_id, old_row ->> 'user_id' as old_user, new_row ->> 'user_id' as new_user
           from app.audit_events where table_name = 'staff' and record_id like '%' || $1 || '%' order by id`,
        [newcomer],
      );
      expect(rows).toEqual([
        {
          action: "insert",
          actor_id: admin,
          actor_role: "authenticated",
          municipality_id: x,
          old_user: null,
          new_user: newcomer,
        },
        {
          action: "delete",
          actor_id: admin,
          actor_role: "authenticated",
          municipality_id: x,
          old_user: newcomer,
          new_user: null,
        },
      ]);
    }));

  it("cannot be changed or deleted by any role, the table owner included", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const admin = await make.staff(db, x, "admin");
      for (const actor of [{ userId: admin }, "service_role", "postgres"] as const) {
        const update = await refusedAs(db, actor, "update app.audit_events set action = 'insert'");
        expect(update.code).toBe("42501");
        const remove = await refusedAs(db, actor, "delete from app.audit_events");
        expect(remove.code).toBe("42501");
      }
      const truncate = await refusedAs(db, "postgres", "truncate app.audit_events");
      expect(truncate.code).toBe("42501");
    }));

  it("is readable by the municipality's admins, not by its caseworkers or other municipalities", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const adminX = await make.staff(db, x, "admin");
      const caseworkerX = await make.staff(db, x, "caseworker");
      const adminY = await make.staff(db, y, "admin");
      const count = async (userId: string) =>
        Number(
          (await queryAs(db, { userId }, "select count(*) from app.audit_events where municipality_id = $1", [x]))
            .rows[0]!.count,
        );
      expect(await count(adminX)).toBeGreaterThan(0);
      expect(await count(caseworkerX)).toBe(0);
      expect(await count(adminY)).toBe(0);
    }));
});

describe("R1 and R2 in the database", () => {
  it("R1: an organisation number needs 9 digits and a valid MOD11 check digit", () =>
    inRollback(async (db) => {
      const { rows } = await db.query(
        `select app.is_valid_organisation_number('912345602') as valid,
                app.is_valid_organisation_number('912345603') as wrong_check,
                app.is_valid_organisation_number('91234560') as too_short,
                app.is_valid_organisation_number('91234560a') as letters`,
      );
      expect(rows[0]).toEqual({ valid: true, wrong_check: false, too_short: false, letters: false });
      const bad = await refusedAs(
        db,
        "postgres",
        "insert into app.organisations (organisation_number, name) values ('912345603', 'Feil')",
      );
      expect(bad.code).toBe("23514");
    }));

  it("R1: an organisation number is registered once", () =>
    inRollback(async (db) => {
      await db.query("insert into app.organisations (organisation_number, name) values ('912345610', 'Først')");
      const again = await refusedAs(
        db,
        "postgres",
        "insert into app.organisations (organisation_number, name) values ('912345610', 'Igjen')",
      );
      expect(again.code).toBe("23505");
    }));

  it("R2: a bank account number needs 11 digits and a valid MOD11 check digit, spaces and dots removed", () =>
    inRollback(async (db) => {
      const { rows } = await db.query(
        `select app.is_valid_bank_account(app.digits_only('1503.12.34567')) as wrong_length,
                app.is_valid_bank_account(app.digits_only('1234 56 78903')) as valid,
                app.is_valid_bank_account('12345678904') as wrong_check`,
      );
      expect(rows[0]).toEqual({ wrong_length: false, valid: true, wrong_check: false });
    }));
});

describe("schema lints", () => {
  it("every table in app has row-level security enabled and forced", async () => {
    const { rows } = await pool.query(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'app' and c.relkind = 'r' and not (c.relrowsecurity and c.relforcerowsecurity)`,
    );
    expect(rows).toEqual([]);
  });

  it("every security-definer function sets search_path to ''", async () => {
    const { rows } = await pool.query(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('app', 'api') and p.prosecdef
          and not ('search_path=""' = any(coalesce(p.proconfig, '{}')))`,
    );
    expect(rows).toEqual([]);
  });

  it("anonymous visitors can never write to an app table", async () => {
    const { rows } = await pool.query(
      `select table_name, privilege_type from information_schema.role_table_grants
        where table_schema = 'app' and grantee = 'anon' and privilege_type <> 'SELECT'`,
    );
    expect(rows).toEqual([]);
  });

  it("no app table is exposed through PostgREST (only the api schema is)", async () => {
    const { rows } = await pool.query(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'api' and c.relkind in ('r', 'v', 'm', 'f', 'p')`,
    );
    expect(rows).toEqual([]);
  });
});
