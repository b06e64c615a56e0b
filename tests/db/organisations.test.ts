import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

const register = (
  db: Db,
  userId: string,
  number: string,
  municipalityIds: string[],
  bankAccount: string | null = null,
) =>
  queryAs<{ id: string }>(
    db,
    { userId },
    "select api.register_organisation($1, 'Sammen IL', 'idrett', $2::uuid[], bank_account => $3) as id",
    [number, municipalityIds, bankAccount],
  );

describe("R1: organisation numbers", () => {
  it("R1: accepts real-world organisation numbers", () =>
    inRollback(async (db) => {
      const { rows } = await db.query(
        "select bool_and(app.is_valid_organisation_number(n)) as ok from unnest($1::text[]) n",
        [["974760673", "923609016", "982463718", "971526920", "889640782"]],
      );
      expect(rows[0]!.ok).toBe(true);
    }));

  it("R1: refuses every number whose check digit would have to be 10", () =>
    inRollback(async (db) => {
      const candidates = Array.from({ length: 10 }, (_, digit) => `91234567${digit}`);
      const { rows } = await db.query(
        "select bool_or(app.is_valid_organisation_number(n)) as any_valid from unnest($1::text[]) n",
        [candidates],
      );
      expect(rows[0]!.any_valid).toBe(false);
    }));

  it("R1: registration accepts a number typed with spaces and stores the digits", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const user = await make.user(db);
      const { rows } = await register(db, user, " 912 345 629 ", [x]);
      const stored = await db.query("select organisation_number from app.organisations where id = $1", [rows[0]!.id]);
      expect(stored.rows[0]!.organisation_number).toBe("912345629");
    }));

  it("R1: registration refuses a wrong check digit at the field", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const user = await make.user(db);
      const error = await refusedAs(
        db,
        { userId: user },
        "select api.register_organisation('912345628', 'Feil', 'idrett', array[$1::uuid])",
        [x],
      );
      expect({ code: error.code, message: error.message, field: error.detail }).toEqual({
        code: "P0001",
        message: "organisation_number_invalid",
        field: "organisation_number",
      });
    }));

  it("R1: a number is registered once, and the refusal says whom to contact", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const first = await make.user(db);
      await queryAs(
        db,
        { userId: first },
        "select api.register_organisation('912345637', 'Først IL', 'idrett', array[$1::uuid], contact_email => 'post@forst.no')",
        [x],
      );
      const second = await make.user(db);
      const error = await refusedAs(
        db,
        { userId: second },
        "select api.register_organisation('912 345 637', 'Igjen IL', 'idrett', array[$1::uuid])",
        [x],
      );
      expect(error.message).toBe("organisation_number_taken");
      expect(error.detail).toBe("organisation_number");
      expect(JSON.parse(error.hint!)).toEqual({ name: "Først IL", contact_email: "post@forst.no" });
    }));
});

describe("R2: bank account numbers", () => {
  it("R2: accepts valid numbers typed with spaces and dots, storing digits only", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const user = await make.user(db);
      const { rows } = await register(db, user, "912345645", [x], "8601.11.17947");
      const stored = await db.query("select bank_account from app.organisation_private where organisation_id = $1", [
        rows[0]!.id,
      ]);
      expect(stored.rows[0]!.bank_account).toBe("86011117947");
    }));

  it("R2: refuses a wrong check digit, a wrong length and check digit 10", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const user = await make.user(db);
      for (const account of [
        "8601 11 17948",
        "8601 11 1794",
        ...Array.from({ length: 10 }, (_, d) => `1503123466${d}`),
      ]) {
        const error = await refusedAs(
          db,
          { userId: user },
          "select api.register_organisation('912345645', 'Konto IL', 'idrett', array[$1::uuid], bank_account => $2)",
          [x, account],
        );
        expect({ message: error.message, field: error.detail }).toEqual({
          message: "bank_account_invalid",
          field: "bank_account",
        });
      }
    }));
});

describe("registration", () => {
  it("makes the registering user admin and asks each chosen municipality, starting pending", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const user = await make.user(db);
      const { rows } = await register(db, user, "912345653", [x, y]);
      const org = rows[0]!.id;
      const roles = await db.query("select role from app.memberships where organisation_id = $1 and user_id = $2", [
        org,
        user,
      ]);
      expect(roles.rows).toEqual([{ role: "admin" }]);
      const partnerships = await db.query(
        "select municipality_id, status from app.partnerships where organisation_id = $1 order by municipality_id",
        [org],
      );
      expect(partnerships.rows).toEqual([x, y].sort().map((id) => ({ municipality_id: id, status: "pending" })));
    }));

  it("needs a signed-in user and at least one municipality", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const anon = await refusedAs(
        db,
        "anon",
        "select api.register_organisation('912345653', 'Anonym', 'idrett', array[$1::uuid])",
        [x],
      );
      expect(anon.code).toBe("42501");
      const user = await make.user(db);
      const none = await refusedAs(
        db,
        { userId: user },
        "select api.register_organisation('912345653', 'Ingen', 'idrett', '{}')",
      );
      expect({ message: none.message, field: none.detail }).toEqual({
        message: "municipalities_required",
        field: "municipality_ids",
      });
    }));
});

describe("R9: organisations' private data", () => {
  it("R9: an admin of club A cannot read or change club B's bank account, profile or members", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const a = await make.organisation(db, "A");
      const b = await make.organisation(db, "B");
      await make.partnership(db, b, x, "verified");
      await db.query(
        "insert into app.organisation_private (organisation_id, bank_account) values ($1, '86011117947')",
        [b],
      );
      const adminA = await make.member(db, a, "admin");
      await make.member(db, b, "facilitator");

      const bank = await queryAs(
        db,
        { userId: adminA },
        "select * from app.organisation_private where organisation_id = $1",
        [b],
      );
      expect(bank.rowCount).toBe(0);
      const members = await queryAs(
        db,
        { userId: adminA },
        "select * from app.memberships where organisation_id = $1",
        [b],
      );
      expect(members.rowCount).toBe(0);
      const overview = await refusedAs(db, { userId: adminA }, "select api.organisation_overview($1)", [b]);
      expect(overview.code).toBe("PT404");
      const update = await refusedAs(
        db,
        { userId: adminA },
        "select api.update_organisation($1, 1, 'Kapret', 'idrett')",
        [b],
      );
      expect(update.code).toBe("42501");
    }));

  it("R9: in the overview a facilitator sees members and activities but not the bank account or invitations, unless also partner staff", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const y = await make.municipality(db);
      const org = await make.organisation(db, "Oversikt IL");
      await make.partnership(db, org, x, "pending");
      await db.query(
        "insert into app.organisation_private (organisation_id, bank_account) values ($1, '86011117947')",
        [org],
      );
      const admin = await make.member(db, org, "admin");
      const facilitator = await make.member(db, org, "facilitator");
      const partnerStaff = await make.staff(db, x, "caseworker");
      const otherStaff = await make.staff(db, y, "caseworker");
      for (const user of [partnerStaff, otherStaff]) {
        await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
          org,
          user,
        ]);
      }
      await make.activity(db, org, x, { title: "Intern trening", is_public: false });
      await db.query(
        `insert into app.invitations (email, organisation_id, member_role, token_hash) values ('ny@example.org', $1, 'facilitator', $2)`,
        [org, `hash-${org}`],
      );
      type Overview = {
        is_admin: boolean;
        bank_account: string | null;
        invitations: unknown[];
        members: unknown[];
        activities: Array<{ title: string }>;
        partnerships: unknown[];
      };
      const overview = async (userId: string) => {
        const { rows } = await queryAs<{ o: Overview }>(db, { userId }, "select api.organisation_overview($1) as o", [
          org,
        ]);
        const o = rows[0]!.o;
        return {
          is_admin: o.is_admin,
          bank_account: o.bank_account,
          invitations: o.invitations.length,
          members: o.members.length,
          activities: o.activities.map((a) => a.title),
          partnerships: o.partnerships.length,
        };
      };
      const everyone = { members: 4, activities: ["Intern trening"], partnerships: 1 };
      expect(await overview(admin)).toEqual({
        ...everyone,
        is_admin: true,
        bank_account: "86011117947",
        invitations: 1,
      });
      expect(await overview(facilitator)).toEqual({ ...everyone, is_admin: false, bank_account: null, invitations: 0 });
      expect(await overview(partnerStaff)).toEqual({
        ...everyone,
        is_admin: false,
        bank_account: "86011117947",
        invitations: 0,
      });
      expect(await overview(otherStaff)).toEqual({ ...everyone, is_admin: false, bank_account: null, invitations: 0 });
    }));

  it("R9: a caseworker sees only organisations that asked to work with their municipality", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "X");
      const y = await make.municipality(db, "Y");
      const askedX = await make.organisation(db, "Spurte X");
      const askedY = await make.organisation(db, "Spurte Y");
      await make.partnership(db, askedX, x, "pending");
      await make.partnership(db, askedY, y, "pending");
      const caseworkerX = await make.staff(db, x, "caseworker");

      const visible = await queryAs<{ id: string }>(
        db,
        { userId: caseworkerX },
        "select id from app.organisations where id = any($1)",
        [[askedX, askedY]],
      );
      expect(visible.rows.map((r) => r.id)).toEqual([askedX]);
      const queue = await queryAs<{ q: { organisations: Array<{ id: string }> } }>(
        db,
        { userId: caseworkerX },
        "select api.verification_queue($1) as q",
        [x],
      );
      expect(queue.rows[0]!.q.organisations.map((o) => o.id)).toEqual([askedX]);
      const other = await refusedAs(db, { userId: caseworkerX }, "select api.organisation_for_staff($1, $2)", [
        x,
        askedY,
      ]);
      expect(other.code).toBe("PT404");
      const otherQueue = await refusedAs(db, { userId: caseworkerX }, "select api.verification_queue($1)", [y]);
      expect(otherQueue.code).toBe("42501");
    }));

  it("R9: anonymous visitors see only verified organisations and their public activities", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const verified = await make.organisation(db, "Verifisert");
      const pending = await make.organisation(db, "Venter");
      await make.partnership(db, verified, x, "verified");
      await make.partnership(db, pending, x, "pending");
      const shown = await make.activity(db, verified, x, { title: "Åpen klatring", is_public: true });
      const hidden = await make.activity(db, verified, x, { title: "Intern trening", is_public: false });
      const unverified = await make.activity(db, pending, x, { title: "Ikke verifisert", is_public: true });

      const orgs = await queryAs<{ id: string }>(db, "anon", "select id from app.organisations where id = any($1)", [
        [verified, pending],
      ]);
      expect(orgs.rows.map((r) => r.id)).toEqual([verified]);
      const page = await queryAs(db, "anon", "select api.activity_page($1)", [shown]);
      expect(page.rowCount).toBe(1);
      for (const id of [hidden, unverified]) {
        const error = await refusedAs(db, "anon", "select api.activity_page($1)", [id]);
        expect(error.code).toBe("PT404");
      }
      const profile = await refusedAs(db, "anon", "select api.organisation_profile($1)", [pending]);
      expect(profile.code).toBe("PT404");
    }));
});

describe("verification", () => {
  it("verifies, then suspends with a reason, and tells the organisation's admins each time", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db);
      await make.partnership(db, org, x, "pending");
      const admin = await make.member(db, org, "admin");
      const caseworker = await make.staff(db, x, "caseworker");

      await queryAs(db, { userId: caseworker }, "select api.decide_partnership($1, $2, 'verified')", [x, org]);
      const noReason = await refusedAs(
        db,
        { userId: caseworker },
        "select api.decide_partnership($1, $2, 'suspended', '  ')",
        [x, org],
      );
      expect({ message: noReason.message, field: noReason.detail }).toEqual({
        message: "reason_required",
        field: "reason",
      });
      await queryAs(
        db,
        { userId: caseworker },
        "select api.decide_partnership($1, $2, 'suspended', 'Mangler politiattest')",
        [x, org],
      );

      const state = await db.query(
        "select status, status_reason, decided_by from app.partnerships where organisation_id = $1",
        [org],
      );
      expect(state.rows[0]).toEqual({
        status: "suspended",
        status_reason: "Mangler politiattest",
        decided_by: caseworker,
      });
      const mails = await db.query(
        "select recipient, payload ->> 'decision' as decision from app.outbox where template = 'partnership_decided' and payload ->> 'organisation' = 'Testklubben' order by id",
      );
      expect(mails.rows).toEqual([
        { recipient: `${admin}@example.test`, decision: "verified" },
        { recipient: `${admin}@example.test`, decision: "suspended" },
      ]);
      const history = await queryAs<{ o: { history: Array<{ status: string }> } }>(
        db,
        { userId: caseworker },
        "select api.organisation_for_staff($1, $2) as o",
        [x, org],
      );
      expect(history.rows[0]!.o.history.map((h) => h.status)).toEqual(["pending", "verified", "suspended"]);
    }));

  it("refuses a transition that makes no sense", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db);
      await make.partnership(db, org, x, "pending");
      const caseworker = await make.staff(db, x, "caseworker");
      const error = await refusedAs(
        db,
        { userId: caseworker },
        "select api.decide_partnership($1, $2, 'suspended', 'grunn')",
        [x, org],
      );
      expect(error.message).toBe("transition_not_allowed");
    }));
});

describe("people", () => {
  it("an invited person accepts with the invited e-mail address and becomes a facilitator", () =>
    inRollback(async (db) => {
      const org = await make.organisation(db);
      const admin = await make.member(db, org, "admin");
      const invitee = await make.user(db);
      await queryAs(db, { userId: admin }, "select api.invite_member($1, $2, 'facilitator')", [
        org,
        `${invitee.toUpperCase()}@EXAMPLE.TEST`,
      ]);
      const mail = await db.query<{ token: string }>(
        "select payload ->> 'token' as token from app.outbox where template = 'invitation' and recipient = $1",
        [`${invitee}@example.test`],
      );
      const token = mail.rows[0]!.token;

      const seen = await queryAs<{ i: { state: string; role: string } }>(db, "anon", "select api.invitation($1) as i", [
        token,
      ]);
      expect(seen.rows[0]!.i).toMatchObject({ state: "open", role: "facilitator" });
      const stranger = await make.user(db);
      const wrong = await refusedAs(db, { userId: stranger }, "select api.accept_invitation($1)", [token]);
      expect(wrong.message).toBe("invitation_other_email");

      await queryAs(db, { userId: invitee }, "select api.accept_invitation($1)", [token]);
      const roles = await db.query("select role from app.memberships where organisation_id = $1 and user_id = $2", [
        org,
        invitee,
      ]);
      expect(roles.rows).toEqual([{ role: "facilitator" }]);
      const again = await refusedAs(db, { userId: invitee }, "select api.accept_invitation($1)", [token]);
      expect(again.message).toBe("invitation_used");
    }));

  it("an expired invitation is refused", () =>
    inRollback(async (db) => {
      const org = await make.organisation(db);
      const invitee = await make.user(db);
      await make.invitation(db, `${invitee}@example.test`, org, "facilitator", "old-token");
      await db.query(
        "update app.invitations set expires_at = now() - interval '1 day' where token_hash = app.token_hash('old-token')",
      );
      const error = await refusedAs(db, { userId: invitee }, "select api.accept_invitation('old-token')");
      expect(error.message).toBe("invitation_expired");
    }));

  it("the last admin cannot leave, but can once another admin exists", () =>
    inRollback(async (db) => {
      const org = await make.organisation(db);
      const admin = await make.member(db, org, "admin");
      const facilitator = await make.member(db, org, "facilitator");
      const alone = await refusedAs(db, { userId: admin }, "select api.set_member_roles($1, $2, '{}')", [org, admin]);
      expect(alone.message).toBe("last_admin_cannot_leave");

      await queryAs(db, { userId: admin }, "select api.set_member_roles($1, $2, '{admin}')", [org, facilitator]);
      await queryAs(db, { userId: admin }, "select api.set_member_roles($1, $2, '{}')", [org, admin]);
      const left = await db.query("select user_id, role from app.memberships where organisation_id = $1", [org]);
      expect(left.rows).toEqual([{ user_id: facilitator, role: "admin" }]);
    }));

  it("municipality admins invite staff; the invitee becomes a caseworker", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const admin = await make.staff(db, x, "admin");
      const invitee = await make.user(db);
      await queryAs(db, { userId: admin }, "select api.invite_staff($1, $2, 'caseworker')", [
        x,
        `${invitee}@example.test`,
      ]);
      const { rows } = await db.query<{ token: string }>(
        "select payload ->> 'token' as token from app.outbox where recipient = $1",
        [`${invitee}@example.test`],
      );
      await queryAs(db, { userId: invitee }, "select api.accept_invitation($1)", [rows[0]!.token]);
      const staff = await db.query("select role from app.staff where municipality_id = $1 and user_id = $2", [
        x,
        invitee,
      ]);
      expect(staff.rows).toEqual([{ role: "caseworker" }]);
    }));
});

describe("activities and the catalogue", () => {
  const save = (db: Db, admin: string, org: string, municipality: string, extra = "") =>
    queryAs<{ id: string }>(
      db,
      { userId: admin },
      `select api.save_activity($1, $2, 'Buldring for alle', 'idrett', age_min => 12, age_max => 30,
         adaptation_tags => array['Rullestol', 'rolig miljø', 'rullestol'], is_public => true,
         slots => '[{"weekday": 2, "starts_at": "18:00", "ends_at": "20:00"}]'${extra}) as id`,
      [org, municipality],
    );

  it("saves an activity with its weekly slots and normalised tags", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db);
      await make.partnership(db, org, x, "verified");
      const admin = await make.member(db, org, "admin");
      const { rows } = await save(db, admin, org, x);
      const stored = await db.query(
        `select a.adaptation_tags, s.weekday, s.starts_at::text, s.ends_at::text
           from app.activities a join app.activity_slots s on s.activity_id = a.id where a.id = $1`,
        [rows[0]!.id],
      );
      expect(stored.rows).toEqual([
        { adaptation_tags: ["rolig miljø", "rullestol"], weekday: 2, starts_at: "18:00:00", ends_at: "20:00:00" },
      ]);
    }));

  it("refuses bad input at the field it concerns", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const y = await make.municipality(db);
      const org = await make.organisation(db);
      await make.partnership(db, org, x, "verified");
      const admin = await make.member(db, org, "admin");
      const cases: Array<[named: string, message: string, field: string]> = [
        ["age_min => 40, age_max => 20", "ages_out_of_order", "age_max"],
        [`slots => '[{"weekday": 8, "starts_at": "18:00", "ends_at": "20:00"}]'`, "slot_invalid", "slots"],
        [`slots => '[{"weekday": 1, "starts_at": "20:00", "ends_at": "18:00"}]'`, "slot_invalid", "slots"],
        ["season_start => '2026-09-01', season_end => '2026-06-01'", "season_out_of_order", "season_end"],
        ["title => '  '", "title_required", "title"],
      ];
      for (const [named, message, field] of cases) {
        const title = named.startsWith("title") ? "" : "title => 'X', ";
        const error = await refusedAs(
          db,
          { userId: admin },
          `select api.save_activity(organisation_id => $1, municipality_id => $2, category => 'idrett', ${title}${named})`,
          [org, x],
        );
        expect({ message: error.message, field: error.detail }).toEqual({ message, field });
      }
      const elsewhere = await refusedAs(db, { userId: admin }, "select api.save_activity($1, $2, 'X', 'idrett')", [
        org,
        y,
      ]);
      expect(elsewhere.message).toBe("municipality_not_partner");
    }));

  it("the catalogue's adaptation facet follows activities going public, changing tags and going away", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db);
      await make.partnership(db, org, x, "verified");
      const tag = `tag-${x.slice(0, 8)}`;
      const shared = `${tag}-delt`;
      const offered = async () => {
        const { rows } = await queryAs<{ c: { tags: string[] } }>(db, "anon", "select api.catalogue() as c");
        return rows[0]!.c.tags.filter((t) => t.startsWith(tag));
      };
      const first = await make.activity(db, org, x, { is_public: false, adaptation_tags: [tag, shared] });
      await make.activity(db, org, x, { adaptation_tags: [shared] });
      expect(await offered()).toEqual([shared]);
      await db.query("update app.activities set is_public = true where id = $1", [first]);
      expect(await offered()).toEqual([tag, shared]);
      await db.query("update app.activities set adaptation_tags = $2 where id = $1", [first, [shared]]);
      expect(await offered()).toEqual([shared]);
      await db.query("delete from app.activities where id = $1", [first]);
      expect(await offered()).toEqual([shared]);
      await db.query("update app.activities set is_public = false where organisation_id = $1", [org]);
      expect(await offered()).toEqual([]);
    }));

  it("the catalogue's kept totals follow publishing, categories, slots, verification and deletion", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db);
      const other = await make.organisation(db);
      await make.partnership(db, org, x, "verified");
      await make.partnership(db, other, x, "pending");
      const number = (await db.query("select municipality_number from app.municipalities where id = $1", [x])).rows[0]!
        .municipality_number;
      const total = async (filters = "") => {
        const { rows } = await queryAs<{ c: { total: number } }>(
          db,
          "anon",
          `select api.catalogue(municipality_number => $1${filters}) as c`,
          [number],
        );
        return rows[0]!.c.total;
      };
      const totals = async () => [
        await total(),
        await total(", category => 'idrett'"),
        await total(", weekday => 2"),
        await total(", category => 'idrett', weekday => 2"),
      ];
      const climbing = await make.activity(db, org, x, { category: "idrett" });
      await make.activity(db, org, x, { category: "musikk", is_public: false });
      const elsewhere = await make.activity(db, other, x, { category: "idrett" });
      expect(await totals()).toEqual([1, 1, 0, 0]);
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 2, '18:00', '19:00'), ($1, 2, '20:00', '21:00'), ($2, 2, '18:00', '19:00')",
        [climbing, elsewhere],
      );
      expect(await totals()).toEqual([1, 1, 1, 1]);
      await db.query("update app.activities set is_public = true where organisation_id = $1", [org]);
      expect(await totals()).toEqual([2, 1, 1, 1]);
      await db.query("update app.partnerships set status = 'verified' where organisation_id = $1", [other]);
      expect(await totals()).toEqual([3, 2, 2, 2]);
      await db.query("update app.activities set category = 'friluft' where id = $1", [climbing]);
      expect(await totals()).toEqual([3, 1, 2, 1]);
      await db.query("update app.activity_slots set weekday = 3 where activity_id = $1", [climbing]);
      expect(await totals()).toEqual([3, 1, 1, 1]);
      await db.query(
        "update app.partnerships set status = 'suspended', status_reason = 'Testgrunn' where organisation_id = $1",
        [other],
      );
      expect(await totals()).toEqual([2, 0, 0, 0]);
      await db.query("delete from app.activities where id = $1", [climbing]);
      expect(await totals()).toEqual([1, 0, 0, 0]);
      // The live count, for filters the kept totals do not cover, agrees.
      expect(await total(", age => 10")).toBe(1);
    }));

  it("the catalogue's items show what the activity, its slots and its organisation say now", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db, "Før IL");
      await make.partnership(db, org, x, "verified");
      const admin = await make.member(db, org, "admin");
      const {
        rows: [saved],
      } = await save(db, admin, org, x);
      const number = (await db.query("select municipality_number from app.municipalities where id = $1", [x])).rows[0]!
        .municipality_number;
      const item = async () => {
        const { rows } = await queryAs<{ c: { items: Array<Record<string, unknown>> } }>(
          db,
          "anon",
          "select api.catalogue(municipality_number => $1) as c",
          [number],
        );
        const { title, organisation_name, age_max, fee_ore, slots } = rows[0]!.c.items[0]!;
        return { title, organisation_name, age_max, fee_ore, slots };
      };
      expect(await item()).toEqual({
        title: "Buldring for alle",
        organisation_name: "Før IL",
        age_max: 30,
        fee_ore: 0,
        slots: [{ weekday: 2, starts_at: "18:00", ends_at: "20:00" }],
      });
      await queryAs(
        db,
        { userId: admin },
        `select api.save_activity($1, $2, 'Klatring for alle', 'idrett', activity_id => $3, base_version => 1, age_max => 40, fee_ore => 50000,
           is_public => true, slots => '[{"weekday": 4, "starts_at": "17:30", "ends_at": "19:00"}, {"weekday": 1, "starts_at": "09:00", "ends_at": "10:00"}]')`,
        [org, x, saved!.id],
      );
      await db.query("update app.organisations set name = 'Etter IL' where id = $1", [org]);
      expect(await item()).toEqual({
        title: "Klatring for alle",
        organisation_name: "Etter IL",
        age_max: 40,
        fee_ore: 50000,
        slots: [
          { weekday: 1, starts_at: "09:00", ends_at: "10:00" },
          { weekday: 4, starts_at: "17:30", ends_at: "19:00" },
        ],
      });
      await db.query("delete from app.activity_slots where activity_id = $1 and weekday = 1", [saved!.id]);
      expect((await item()).slots).toEqual([{ weekday: 4, starts_at: "17:30", ends_at: "19:00" }]);
      await db.query("update app.municipalities set name = 'Nytt navn' where id = $1", [x]);
      const { rows } = await queryAs<{ c: { items: Array<Record<string, unknown>> } }>(
        db,
        "anon",
        "select api.catalogue(municipality_number => $1) as c",
        [number],
      );
      expect(rows[0]!.c.items[0]).toMatchObject({ organisation_name: "Etter IL", municipality_name: "Nytt navn" });
    }));

  it("the catalogue's municipality picker follows municipalities added, renamed and removed", () =>
    inRollback(async (db) => {
      const picker = async () =>
        (
          await queryAs<{ c: { municipalities: Array<{ number: string; name: string }> } }>(
            db,
            "anon",
            "select api.catalogue() as c",
          )
        ).rows[0]!.c.municipalities;
      const x = await make.municipality(db);
      const { number, name } = (
        await db.query<{ number: string; name: string }>(
          "select municipality_number as number, name from app.municipalities where id = $1",
          [x],
        )
      ).rows[0]!;
      expect(await picker()).toContainEqual({ number, name });
      await db.query("update app.municipalities set name = 'Aaa Omdøpt' where id = $1", [x]);
      const renamed = await picker();
      expect(renamed).toContainEqual({ number, name: "Aaa Omdøpt" });
      expect(renamed).not.toContainEqual({ number, name });
      expect(renamed.map((m) => m.name)).toEqual(
        [...renamed.map((m) => m.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
      await db.query("delete from app.municipalities where id = $1", [x]);
      expect((await picker()).map((m) => m.number)).not.toContain(number);
    }));

  it("the catalogue leaves out the picker its caller already holds, and sends it again once it changed", () =>
    inRollback(async (db) => {
      type Answer = { municipalities: Array<{ number: string; name: string }> | null; municipalities_digest: string };
      const catalogue = async (held: string | null) =>
        (await queryAs<{ c: Answer }>(db, "anon", "select api.catalogue(municipalities_held => $1) as c", [held]))
          .rows[0]!.c;
      const first = await catalogue(null);
      expect(first.municipalities!.length).toBeGreaterThan(0);
      expect(await catalogue(first.municipalities_digest)).toMatchObject({
        municipalities: null,
        municipalities_digest: first.municipalities_digest,
      });
      expect((await catalogue("a digest of some other list")).municipalities).toEqual(first.municipalities);

      const x = await make.municipality(db);
      const afterAdding = await catalogue(first.municipalities_digest);
      expect(afterAdding.municipalities_digest).not.toBe(first.municipalities_digest);
      expect(afterAdding.municipalities).toHaveLength(first.municipalities!.length + 1);
      await db.query("update app.municipalities set name = 'Aaa Omdøpt' where id = $1", [x]);
      const afterRenaming = await catalogue(afterAdding.municipalities_digest);
      expect(afterRenaming.municipalities).toContainEqual(expect.objectContaining({ name: "Aaa Omdøpt" }));
    }));

  it("the catalogue filters by municipality, category, weekday, age and adaptation", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db, "Filterklubben");
      await make.partnership(db, org, x, "verified");
      const admin = await make.member(db, org, "admin");
      await save(db, admin, org, x);
      const number = (await db.query("select municipality_number from app.municipalities where id = $1", [x])).rows[0]!
        .municipality_number;
      const titles = async (filters: string) => {
        const { rows } = await queryAs<{ c: { items: Array<{ title: string }> } }>(
          db,
          "anon",
          `select api.catalogue(municipality_number => $1${filters}) as c`,
          [number],
        );
        return rows[0]!.c.items.map((item) => item.title);
      };
      expect(await titles("")).toEqual(["Buldring for alle"]);
      expect(await titles(", category => 'idrett', weekday => 2, age => 12, tag => 'Rullestol'")).toEqual([
        "Buldring for alle",
      ]);
      expect(await titles(", weekday => 3")).toEqual([]);
      expect(await titles(", age => 31")).toEqual([]);
      expect(await titles(", category => 'musikk'")).toEqual([]);
      expect(await titles(", tag => 'tegnspråk'")).toEqual([]);
    }));

  it("the catalogue's category and weekday pages list what matches, in title order, twenty at a time", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db);
      const org = await make.organisation(db);
      const pending = await make.organisation(db);
      await make.partnership(db, org, x, "verified");
      await make.partnership(db, pending, x, "pending");
      const number = (await db.query("select municipality_number from app.municipalities where id = $1", [x])).rows[0]!
        .municipality_number;
      // 25 of each category, every other one on Tuesdays, the rest on Wednesdays.
      for (let i = 0; i < 50; i++) {
        const id = await make.activity(db, org, x, {
          title: `Aktivitet ${String(49 - i).padStart(2, "0")}`,
          category: i % 2 ? "musikk" : "idrett",
        });
        await db.query(
          "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, $2, '18:00', '19:00')",
          [id, i % 4 < 2 ? 2 : 3],
        );
      }
      const hidden = await make.activity(db, pending, x, { title: "Aktivitet 00 skjult" });
      await db.query(
        "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 2, '18:00', '19:00')",
        [hidden],
      );
      await make.activity(db, org, x, { title: "Aktivitet 00 intern", is_public: false });
      const page = async (filters: string, n = 1) => {
        const { rows } = await queryAs<{ c: { total: number; items: Array<{ title: string }> } }>(
          db,
          "anon",
          `select api.catalogue(municipality_number => $1, page => $2${filters}) as c`,
          [number, n],
        );
        return { total: rows[0]!.c.total, titles: rows[0]!.c.items.map((item) => item.title) };
      };
      const expected = (keep: (i: number) => boolean) =>
        Array.from({ length: 50 }, (_, i) => i)
          .filter(keep)
          .map((i) => `Aktivitet ${String(49 - i).padStart(2, "0")}`)
          .sort();
      for (const [filters, keep] of [
        [", category => 'idrett'", (i: number) => i % 2 === 0],
        [", weekday => 2", (i: number) => i % 4 < 2],
        [", category => 'musikk', weekday => 3", (i: number) => i % 2 === 1 && i % 4 >= 2],
      ] as const) {
        const all = expected(keep);
        const first = await page(filters);
        const second = await page(filters, 2);
        expect([first.total, second.total]).toEqual([all.length, all.length]);
        expect([...first.titles, ...second.titles]).toEqual(all);
        expect(first.titles).toHaveLength(Math.min(all.length, 20));
      }
      expect((await page(", weekday => 5")).titles).toEqual([]);
      expect((await page(", category => 'friluft', weekday => 2")).titles).toEqual([]);
    }));
});
