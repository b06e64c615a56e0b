import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_SECRET } from "../../supabase/local/config";
import { signJwt } from "../../supabase/local/jwt";
import { ANON_KEY, DATABASE_URL, SERVICE_ROLE_KEY, SUPABASE_URL } from "../support/env";

// Hosted Supabase's statement timeouts (anon 3 s, authenticated 8 s, service_role none of its
// own, so authenticator's 8 s) hold for RPCs through the local stack as they do through PostgREST.

const db = new pg.Client({ connectionString: DATABASE_URL });

const client = (key: string, accessToken?: string) =>
  createClient(SUPABASE_URL, key, {
    db: { schema: "api" },
    auth: { persistSession: false, autoRefreshToken: false },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
  });

const userToken = signJwt(
  { role: "authenticated", sub: randomUUID(), aud: "authenticated", exp: Math.floor(Date.now() / 1000) + 600 },
  JWT_SECRET,
);

const callers = {
  anon: client(ANON_KEY),
  authenticated: client(ANON_KEY, userToken),
  service_role: client(SERVICE_ROLE_KEY),
};

beforeAll(async () => {
  await db.connect();
  await db.query(`
    create or replace function api.statement_timeout_probe(sleep_seconds float8 default 0) returns text
      language sql as $$ select pg_sleep(sleep_seconds); select current_setting('statement_timeout') $$;
    grant execute on function api.statement_timeout_probe(float8) to anon, authenticated, service_role;
  `);
});

afterAll(async () => {
  await db.query("drop function if exists api.statement_timeout_probe(float8)");
  await db.end();
});

describe("statement timeouts as on hosted Supabase", () => {
  it.each([
    ["anon", "3s"],
    ["authenticated", "8s"],
    ["service_role", "8s"],
  ] as const)("an RPC as %s runs with statement_timeout %s", async (role, timeout) => {
    const { data, error } = await callers[role].rpc("statement_timeout_probe");
    expect(error).toBeNull();
    expect(data).toBe(timeout);
  });

  it("an anonymous RPC that runs past 3 s is cancelled with PostgREST's error", async () => {
    const started = Date.now();
    const { data, error, status } = await callers.anon.rpc("statement_timeout_probe", { sleep_seconds: 4 });
    expect(data).toBeNull();
    expect(status).toBe(500);
    expect(error).toMatchObject({ code: "57014", message: "canceling statement due to statement timeout" });
    expect(Date.now() - started).toBeLessThan(3_900);
  });

  it("the same call by a signed-in user, under its 8 s, completes", async () => {
    const { data, error } = await callers.authenticated.rpc("statement_timeout_probe", { sleep_seconds: 3.2 });
    expect(error).toBeNull();
    expect(data).toBe("8s");
  });
});
