import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, make, pool, type Actor, type Db } from "../support/db";

/**
 * Every function in schema `api`, called as every kind of caller. The catalogue check below
 * fails when a function has no entry, so a new use case cannot ship without deciding who
 * may call it.
 */
const roles = [
  "anon",
  "adminA",
  "facilitatorA",
  "adminB",
  "facilitatorB",
  "caseworkerX",
  "adminX",
  "caseworkerY",
  "adminY",
  // A signed-in person with no role anywhere; becomes a prize juror once rounds exist.
  "juror",
  "service_role",
] as const;
type Role = (typeof roles)[number];

type World = Record<Exclude<Role, "anon" | "service_role">, string> & {
  municipalityX: string;
  municipalityY: string;
  organisationA: string;
  organisationB: string;
};

type Entry = {
  /** The call, built from the fixture world. */
  call: (world: World) => { sql: string; params?: unknown[] };
  allowed: readonly Role[];
};

/** Signed-in people, whatever their roles (not the service role, which is no person). */
const people = roles.filter((role) => role !== "anon" && role !== "service_role");

export const matrix: Record<string, Entry> = {
  "api.session_context()": {
    call: () => ({ sql: "select api.session_context()" }),
    allowed: people,
  },
};

/** Functions anonymous visitors may call (the public catalogue, nominations …). */
const publicFunctions: string[] = [];

let db: Db;
let world: World;

beforeAll(async () => {
  db = await pool.connect();
  await db.query("begin");
  const municipalityX = await make.municipality(db, "X");
  const municipalityY = await make.municipality(db, "Y");
  const organisationA = await make.organisation(db, "Klubb A");
  const organisationB = await make.organisation(db, "Klubb B");
  world = {
    municipalityX,
    municipalityY,
    organisationA,
    organisationB,
    adminA: await make.member(db, organisationA, "admin"),
    facilitatorA: await make.member(db, organisationA, "facilitator"),
    adminB: await make.member(db, organisationB, "admin"),
    facilitatorB: await make.member(db, organisationB, "facilitator"),
    caseworkerX: await make.staff(db, municipalityX, "caseworker"),
    adminX: await make.staff(db, municipalityX, "admin"),
    caseworkerY: await make.staff(db, municipalityY, "caseworker"),
    adminY: await make.staff(db, municipalityY, "admin"),
    juror: await make.user(db),
  };
});

afterAll(async () => {
  await db.query("rollback");
  db.release();
  await pool.end();
});

const actorFor = (role: Role): Actor =>
  role === "anon" || role === "service_role" ? role : { userId: world[role] };

/** Calls inside a savepoint, so each call leaves nothing behind for the next. */
async function attempt(role: Role, entry: Entry): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const { sql, params = [] } = entry.call(world);
  await db.query("savepoint attempt");
  try {
    await actAs(db, actorFor(role));
    await db.query(sql, params);
    return { ok: true };
  } catch (error) {
    const { code = "", message } = error as { code?: string; message: string };
    return { ok: false, code, message };
  } finally {
    await db.query("rollback to savepoint attempt");
    await actAs(db, "postgres");
  }
}

describe("security matrix", () => {
  it("has an entry for every function in schema api", async () => {
    const { rows } = await pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'api' order by 1`,
    );
    expect(rows.map((row) => row.fn)).toEqual(Object.keys(matrix).sort());
  });

  it("lets anonymous visitors execute only the public functions", async () => {
    const { rows } = await pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('api', 'app') and has_function_privilege('anon', p.oid, 'execute')
          and n.nspname = 'api' order by 1`,
    );
    expect(rows.map((row) => row.fn)).toEqual([...publicFunctions].sort());
  });

  for (const [fn, entry] of Object.entries(matrix)) {
    for (const role of roles) {
      const expected = entry.allowed.includes(role) ? "allowed" : "refused";
      it(`${fn} as ${role} is ${expected}`, async () => {
        const outcome = await attempt(role, entry);
        if (expected === "allowed") expect(outcome).toEqual({ ok: true });
        else expect(outcome.ok, `expected a refusal, the call succeeded`).toBe(false);
      });
    }
  }
});
