import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs } from "../support/db";

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

      const { rows } = await queryAs<StaffView>(db, { userId: caseworker },
        "select api.organisation_for_staff($1, $2) as o", [x, org]);
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

      const memberships = await queryAs(db, { userId: caseworkerY },
        "select 1 from app.memberships where organisation_id = $1", [org]);
      const profiles = await queryAs(db, { userId: caseworkerY }, "select 1 from app.profiles where user_id = $1", [admin]);
      expect([memberships.rowCount, profiles.rowCount]).toEqual([0, 0]);
    }));
});
