import { afterAll, describe, expect, it } from "vitest";
import type { OrganisationForStaff } from "../../app/lib/organisations";
import { inRollback, pool, queryAs } from "../support/db";

afterAll(() => pool.end());

// The demo accounts of supabase/seed.sql (README "Demo accounts").
const facilitator = { userId: "11111111-0000-4000-8000-000000000006" };
const caseworker = { userId: "11111111-0000-4000-8000-000000000002" };
const kongsberg = "22222222-0000-4000-8000-000000003303";

type Week = { sessions: { activity: string; participants: { card: { first_name: string; note: string | null } }[] }[] };

describe("the demo data", () => {
  it("gives the demo facilitator a week of climbing sessions with three participants, one note shared", () =>
    inRollback(async (db) => {
      const { rows } = await queryAs<{ week: Week }>(db, facilitator, "select api.facilitator_week() as week");
      const sessions = rows[0]!.week.sessions.filter((session) => session.activity === "Klatring for alle");
      expect(sessions.length).toBeGreaterThan(0);
      for (const session of sessions) {
        expect(session.participants.map((p) => p.card.first_name).sort()).toEqual(["Aisha", "Emma", "Jonas"]);
        expect(session.participants.filter((p) => p.card.note).map((p) => p.card.first_name)).toEqual(["Emma"]);
      }
    }));

  it("has an active, signed agreement whose signatures match its rendered text", () =>
    inRollback(async (db) => {
      const { rows } = await db.query<{ status: string; matches: boolean; signatures: number }>(
        `select a.status, a.text_hash = encode(extensions.digest(a.rendered_text, 'sha256'), 'hex') as matches,
                (select count(*)::int from app.agreement_signatures s where s.agreement_id = a.id and s.text_hash = a.text_hash) as signatures
         from app.agreements a where a.organisation_id = '33333333-0000-4000-8000-000000000001'`,
      );
      expect(rows).toEqual([{ status: "active", matches: true, signatures: 2 }]);
    }));

  it("has a club that matches Enhetsregisteret and one the register flags, which Kongsberg's caseworker sees", () =>
    inRollback(async (db) => {
      const { rows } = await queryAs<{ page: OrganisationForStaff }>(
        db,
        caseworker,
        "select api.organisation_for_staff($1, '33333333-0000-4000-8000-000000000001') as page",
        [kongsberg],
      );
      const { organisation, register } = rows[0]!.page;
      expect(register).toMatchObject({
        outcome: "found",
        name: organisation.name,
        voluntary_register: true,
        bankrupt: false,
      });
      expect(register!.postal_address).toMatchObject({
        lines: [organisation.postal_address],
        postal_code: organisation.postal_code,
      });
      const changes = await queryAs<{ list: { changes: { kind: string; organisation: { name: string } }[] } }>(
        db,
        caseworker,
        "select api.register_changes($1) as list",
        [kongsberg],
      );
      expect(changes.rows[0]!.list.changes).toContainEqual(
        expect.objectContaining({
          kind: "liquidation",
          organisation: expect.objectContaining({ name: "Kongsberg Bowlingklubb" }),
        }),
      );
    }));

  it("shows the caseworker the three placements in Kongsberg", () =>
    inRollback(async (db) => {
      const { rows } = await queryAs<{ list: { total: number } }>(db, caseworker, "select api.placements($1) as list", [
        kongsberg,
      ]);
      expect(rows[0]!.list.total).toBe(3);
    }));
});
