import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs } from "../support/db";

afterAll(() => pool.end());

type StaffView = { o: { admins: { email: string }[] } };

describe("the organisation as the municipality's staff see it", () => {
  it("R9: names the admins of an organisation that asked to work with the municipality, not its facilitators", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db);
      await make.partnership(db, org, x, "pending");
      const admin = await make.member(db, org, "admin");
      await make.member(db, org, "facilitator");
      const caseworker = await make.staff(db, x, "caseworker");

      const { rows } = await queryAs<StaffView>(
        db,
        { userId: caseworker },
        "select api.organisation_for_staff($1, $2) as o",
        [x, org],
      );
      expect(rows[0]!.o.admins.map((a) => a.email)).toEqual([`${admin}@example.test`]);
    }));

  it("R9: staff of another municipality read neither the memberships nor the profiles of its people", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const y = await make.municipality(db, "Annenkommune");
      const org = await make.organisation(db);
      await make.partnership(db, org, x, "pending");
      const admin = await make.member(db, org, "admin");
      const caseworkerY = await make.staff(db, y, "caseworker");

      const memberships = await queryAs(
        db,
        { userId: caseworkerY },
        "select 1 from app.memberships where organisation_id = $1",
        [org],
      );
      const profiles = await queryAs(db, { userId: caseworkerY }, "select 1 from app.profiles where user_id = $1", [
        admin,
      ]);
      expect([memberships.rowCount, profiles.rowCount]).toEqual([0, 0]);
    }));
});

describe("municipality staff roles", () => {
  it("an admin makes a caseworker an admin as well, then removes them; other municipalities' admins cannot", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const y = await make.municipality(db, "Annenkommune");
      const admin = await make.staff(db, x, "admin");
      const caseworker = await make.staff(db, x, "caseworker");
      const adminY = await make.staff(db, y, "admin");
      const rolesOf = async (userId: string) =>
        (await db.query("select role from app.staff where user_id = $1 order by role", [userId])).rows.map(
          (r) => r.role,
        );

      await queryAs(db, { userId: admin }, "select api.set_staff_roles($1, $2, '{caseworker,admin}')", [x, caseworker]);
      expect(await rolesOf(caseworker)).toEqual(["caseworker", "admin"]);
      const other = await refusedAs(db, { userId: adminY }, "select api.set_staff_roles($1, $2, '{}')", [
        x,
        caseworker,
      ]);
      expect(other.code).toBe("42501");
      await queryAs(db, { userId: admin }, "select api.set_staff_roles($1, $2, '{}')", [x, caseworker]);
      expect(await rolesOf(caseworker)).toEqual([]);
    }));

  it("the municipality keeps its last admin", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const admin = await make.staff(db, x, "admin");
      const error = await refusedAs(db, { userId: admin }, "select api.set_staff_roles($1, $2, '{caseworker}')", [
        x,
        admin,
      ]);
      expect(error.message).toBe("last_municipality_admin");
      const { rows } = await db.query("select role from app.staff where user_id = $1", [admin]);
      expect(rows.map((r) => r.role)).toEqual(["admin"]);
    }));
});
