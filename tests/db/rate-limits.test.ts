import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { inRollback, pool, queryAs, refusedAs, type Db } from "../support/db";

/**
 * api.count_attempts: the rate limits' fixed windows, shared by every app server
 * (docs/decisions/015-many-app-servers.md).
 */
afterAll(() => pool.end());

const subject = (letter: string) => letter.repeat(64);
const check = (bucket: string, key: string, limit: number, windowSeconds = 900) => ({
  bucket,
  subject: subject(key),
  limit,
  window_seconds: windowSeconds,
});
type Check = ReturnType<typeof check>;

async function count(db: Db, checks: Check[], giveBack = false): Promise<number> {
  const { rows } = await queryAs<{ wait: number }>(db, "service_role", "select api.count_attempts($1, $2) as wait", [
    JSON.stringify(checks),
    giveBack,
  ]);
  return rows[0]!.wait;
}

describe("counting attempts in a window", () => {
  it("allows the limit within a window, then says how many seconds until it opens again", () =>
    inRollback(async (db) => {
      const perEmail = check("sign_in_per_email", "a", 3);
      expect([await count(db, [perEmail]), await count(db, [perEmail]), await count(db, [perEmail])]).toEqual([
        0, 0, 0,
      ]);
      const wait = await count(db, [perEmail]);
      expect(wait).toBeGreaterThan(890);
      expect(wait).toBeLessThanOrEqual(900);
      // Another key, and the same key under another limit, have windows of their own.
      expect(await count(db, [check("sign_in_per_email", "b", 3)])).toBe(0);
      expect(await count(db, [check("sign_up_per_client", "a", 3)])).toBe(0);
    }));

  it("opens a new window when the old one has ended", () =>
    inRollback(async (db) => {
      const perClient = check("sign_up_per_client", "c", 1, 60);
      expect(await count(db, [perClient])).toBe(0);
      expect(await count(db, [perClient])).toBeGreaterThan(0);
      await db.query("update app.rate_limit_windows set ends_at = now() - interval '1 second' where subject = $1", [
        subject("c"),
      ]);
      expect(await count(db, [perClient])).toBe(0);
      const { rows } = await db.query("select attempts from app.rate_limit_windows where subject = $1", [subject("c")]);
      expect(rows).toEqual([{ attempts: 1 }]);
    }));

  it("refuses when any of an attempt's limits is full, and an attempt given back does not count", () =>
    inRollback(async (db) => {
      const perEmail = check("sign_in_per_email", "d", 2);
      const perClient = check("sign_in_per_client", "e", 100);
      for (let i = 0; i < 10; i++) {
        expect(await count(db, [perEmail, perClient])).toBe(0);
        await count(db, [perEmail, perClient], true);
      }
      await count(db, [perEmail, perClient]);
      await count(db, [perEmail, perClient]);
      expect(await count(db, [perEmail, perClient])).toBeGreaterThan(0);
    }));

  it("counts two servers' attempts at the same moment both", async () => {
    // Separate connections, as two app servers' calls arrive through the pool.
    const key = randomBytes(32).toString("hex");
    const attempt = { bucket: "sign_in_per_email", subject: key, limit: 50, window_seconds: 60 };
    const call = async () => {
      const connection = await pool.connect();
      try {
        await connection.query("begin");
        await connection.query("select set_config('request.jwt.claims', $1, true)", [
          JSON.stringify({ role: "service_role" }),
        ]);
        await connection.query("select api.count_attempts($1)", [JSON.stringify([attempt])]);
        await connection.query("commit");
      } finally {
        connection.release();
      }
    };
    try {
      await Promise.all(Array.from({ length: 20 }, call));
      const { rows } = await pool.query("select attempts from app.rate_limit_windows where subject = $1", [key]);
      expect(rows).toEqual([{ attempts: 20 }]);
    } finally {
      await pool.query("delete from app.rate_limit_windows where subject = $1", [key]);
    }
  });
});

describe("the windows", () => {
  it("are reached by the service role through api.count_attempts only, never by a person or a visitor", () =>
    inRollback(async (db) => {
      for (const actor of ["anon", { userId: "00000000-0000-4000-8000-000000000001" }] as const) {
        const error = await refusedAs(db, actor, "select api.count_attempts($1)", [
          JSON.stringify([check("sign_in_per_email", "a", 5)]),
        ]);
        expect(error.code).toBe("42501");
        expect((await refusedAs(db, actor, "select * from app.rate_limit_windows")).code).toBe("42501");
      }
      expect((await refusedAs(db, "service_role", "select * from app.rate_limit_windows")).code).toBe("42501");
      const { rows } = await db.query(
        "select relrowsecurity from pg_class where oid = 'app.rate_limit_windows'::regclass",
      );
      expect(rows).toEqual([{ relrowsecurity: true }]);
    }));

  it("refuse a malformed attempt instead of counting it", () =>
    inRollback(async (db) => {
      for (const attempts of [
        { not: "a list" },
        [{ bucket: "sign_in_per_email", subject: subject("a"), limit: 0, window_seconds: 60 }],
        [{ bucket: "sign_in_per_email", subject: subject("a"), limit: 5 }],
        [{ bucket: "sign_in_per_email", subject: "kari@example.no", limit: 5, window_seconds: 60 }],
      ]) {
        const error = await refusedAs(db, "service_role", "select api.count_attempts($1)", [JSON.stringify(attempts)]);
        expect(["22023", "23514"]).toContain(error.code);
      }
    }));
});
