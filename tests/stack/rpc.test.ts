import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_SECRET } from "../../supabase/local/config";
import { signJwt } from "../../supabase/local/jwt";
import { ANON_KEY, DATABASE_URL, SERVICE_ROLE_KEY, SUPABASE_URL } from "../support/env";

// PostgREST RPC through the real supabase-js client against the local stack.

const db = new pg.Client({ connectionString: DATABASE_URL });
const alice = randomUUID();
const bob = randomUUID();

const client = (key: string, accessToken?: string) =>
  createClient(SUPABASE_URL, key, {
    db: { schema: "api" },
    auth: { persistSession: false, autoRefreshToken: false },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
  });

const userToken = (sub: string, expiresIn = 3600) =>
  signJwt(
    {
      role: "authenticated",
      sub,
      aud: "authenticated",
      email: `${sub}@example.test`,
      exp: Math.floor(Date.now() / 1000) + expiresIn,
    },
    JWT_SECRET,
  );

const anon = client(ANON_KEY);
const service = client(SERVICE_ROLE_KEY);
const asAlice = client(ANON_KEY, userToken(alice));
const asBob = client(ANON_KEY, userToken(bob));

beforeAll(async () => {
  await db.connect();
  await db.query(`
    create schema if not exists api;
    grant usage on schema api to anon, authenticated, service_role;
    drop schema if exists rpc_test cascade;
    create schema rpc_test;
    grant usage on schema rpc_test to anon, authenticated, service_role;
    create table rpc_test.notes (
      id serial primary key,
      owner uuid not null default auth.uid(),
      body text not null unique
    );
    alter table rpc_test.notes enable row level security;
    create policy own_notes on rpc_test.notes for all to authenticated
      using (owner = auth.uid()) with check (owner = auth.uid());
    grant select, insert on rpc_test.notes to authenticated, service_role;
    grant usage on sequence rpc_test.notes_id_seq to authenticated, service_role;
    insert into rpc_test.notes (owner, body) values ('${alice}', 'alice 1'), ('${alice}', 'alice 2'), ('${bob}', 'bob 1');

    create function api.rpc_test_add(a integer, b integer default 10) returns integer
      language sql immutable as $$ select a + b $$;
    create function api.rpc_test_add(a integer, b integer, c integer) returns integer
      language sql immutable as $$ select a + b + c $$;
    create function api.rpc_test_whoami() returns json
      language sql stable as $$
        select json_build_object('uid', auth.uid(), 'role', current_user, 'claims', auth.jwt(),
                                 'method', current_setting('request.method'), 'path', current_setting('request.path'))
      $$;
    create function api.rpc_test_my_notes() returns setof rpc_test.notes
      language sql stable as $$ select * from rpc_test.notes order by id $$;
    create function api.rpc_test_note_table(prefix text) returns table (id integer, body text)
      language sql stable as $$ select id, body from rpc_test.notes where body like prefix || '%' order by id $$;
    create function api.rpc_test_first_note() returns rpc_test.notes
      language sql stable as $$ select * from rpc_test.notes order by id limit 1 $$;
    create function api.rpc_test_tags(tags text[]) returns setof text
      language sql immutable as $$ select unnest(tags) $$;
    create function api.rpc_test_echo(jsonb) returns jsonb
      language sql immutable as $$ select $1 $$;
    create function api.rpc_test_add_note(body text) returns void
      language sql as $$ insert into rpc_test.notes (body) values (body) $$;
    create function api.rpc_test_add_note_then_fail(body text) returns void
      language plpgsql as $$
      begin
        insert into rpc_test.notes (body) values (body);
        raise exception 'nope' using errcode = 'P0001', detail = 'the detail', hint = 'the hint';
      end $$;
    create function api.rpc_test_teapot() returns void
      language plpgsql as $$ begin raise exception 'I am a teapot' using errcode = 'PT418'; end $$;
    create function api.rpc_test_forbidden() returns void
      language plpgsql as $$ begin raise exception 'not yours' using errcode = 'PT403'; end $$;
    create function api.rpc_test_created() returns text
      language plpgsql as $$
      begin
        perform set_config('response.status', '201', true);
        perform set_config('response.headers', '[{"x-test": "yes"}]', true);
        return 'made';
      end $$;
    create function api.rpc_test_members_only() returns text
      language sql stable as $$ select 'welcome' $$;
    -- The migrations revoke execute from public by default: grant what each test needs, and
    -- only on these functions: the database tests run beside this file and check who the
    -- real api functions refuse.
    grant execute on function api.rpc_test_add(integer, integer), api.rpc_test_add(integer, integer, integer),
      api.rpc_test_whoami(), api.rpc_test_my_notes(), api.rpc_test_note_table(text), api.rpc_test_first_note(),
      api.rpc_test_tags(text[]), api.rpc_test_echo(jsonb), api.rpc_test_add_note(text),
      api.rpc_test_add_note_then_fail(text), api.rpc_test_teapot(), api.rpc_test_forbidden(),
      api.rpc_test_members_only(), api.rpc_test_created() to anon, authenticated, service_role;
    revoke execute on function api.rpc_test_members_only() from anon, service_role;
  `);
});

afterAll(async () => {
  await db.query(`
    drop function if exists api.rpc_test_add(integer, integer), api.rpc_test_add(integer, integer, integer),
      api.rpc_test_whoami(), api.rpc_test_my_notes(), api.rpc_test_note_table(text), api.rpc_test_first_note(),
      api.rpc_test_tags(text[]), api.rpc_test_echo(jsonb), api.rpc_test_add_note(text),
      api.rpc_test_add_note_then_fail(text), api.rpc_test_teapot(), api.rpc_test_forbidden(),
      api.rpc_test_members_only(), api.rpc_test_created();
    drop schema if exists rpc_test cascade;
  `);
  await db.end();
});

describe("response shapes", () => {
  it("returns a scalar as a JSON scalar, picking the overload by argument names", async () => {
    expect(await anon.rpc("rpc_test_add", { a: 1, b: 2 })).toMatchObject({ data: 3, error: null, status: 200 });
    expect((await anon.rpc("rpc_test_add", { a: 1 })).data).toBe(11); // default of b
    expect((await anon.rpc("rpc_test_add", { a: 1, b: 2, c: 3 })).data).toBe(6);
  });

  it("returns set-returning and table functions as arrays, composites as objects", async () => {
    const notes = await asAlice.rpc("rpc_test_my_notes");
    expect(notes.error).toBeNull();
    expect(notes.data).toEqual([
      expect.objectContaining({ owner: alice, body: "alice 1" }),
      expect.objectContaining({ owner: alice, body: "alice 2" }),
    ]);
    const table = await asAlice.rpc("rpc_test_note_table", { prefix: "alice 2" });
    expect(table.data).toEqual([{ id: expect.any(Number), body: "alice 2" }]);
    expect((await asAlice.rpc("rpc_test_note_table", { prefix: "nothing" })).data).toEqual([]);
    expect((await asBob.rpc("rpc_test_first_note")).data).toMatchObject({ owner: bob, body: "bob 1" });
    expect((await anon.rpc("rpc_test_first_note")).data).toBeNull();
    expect((await anon.rpc("rpc_test_tags", { tags: ["a", "b"] })).data).toEqual(["a", "b"]);
  });

  it("passes the whole body to a function with one unnamed jsonb parameter", async () => {
    const { data } = await anon.rpc("rpc_test_echo", { any: { nested: [1, 2] }, thing: "x" });
    expect(data).toEqual({ any: { nested: [1, 2] }, thing: "x" });
  });

  it("answers 204 without a body for void functions", async () => {
    const { data, error, status } = await asAlice.rpc("rpc_test_add_note", { body: `void ${randomUUID()}` });
    expect({ data, error, status }).toEqual({ data: null, error: null, status: 204 });
  });

  it("calls stable functions by GET with the arguments in the query string", async () => {
    expect(await anon.rpc("rpc_test_add", { a: 4, b: 5 }, { get: true })).toMatchObject({ data: 9, status: 200 });
    expect((await anon.rpc("rpc_test_tags", { tags: ["x", "y z"] }, { get: true })).data).toEqual(["x", "y z"]);
  });

  it("counts the rows of a set when asked", async () => {
    const { data, count } = await service.rpc("rpc_test_my_notes", {}, { count: "exact" });
    expect(count).toBe((data as unknown[]).length);
  });

  it("honours response.status and response.headers set by the function", async () => {
    const response = await fetch(`${SUPABASE_URL}/rest/v1/rpc/rpc_test_created`, {
      method: "POST",
      headers: { apikey: ANON_KEY, "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-test")).toBe("yes");
    expect(await response.json()).toBe("made");
  });
});

describe("roles and claims", () => {
  it("sets role, claims and request settings per request", async () => {
    const asAnon = await anon.rpc("rpc_test_whoami");
    expect(asAnon.data).toMatchObject({ uid: null, role: "anon", method: "POST", path: "/rpc/rpc_test_whoami" });
    expect(asAnon.data.claims).toMatchObject({ role: "anon", iss: "supabase-demo" });

    const user = await asAlice.rpc("rpc_test_whoami", undefined, { get: true });
    expect(user.data).toMatchObject({ uid: alice, role: "authenticated", method: "GET" });
    expect(user.data.claims).toMatchObject({ sub: alice, aud: "authenticated", email: `${alice}@example.test` });

    expect((await service.rpc("rpc_test_whoami")).data).toMatchObject({ role: "service_role" });
  });

  it("applies row-level security per role; the service role bypasses it", async () => {
    const bodies = async (supabase: typeof anon) =>
      ((await supabase.rpc("rpc_test_my_notes")).data as Array<{ body: string }> | null)?.map((n) => n.body);
    expect(await bodies(asBob)).toEqual(["bob 1"]);
    expect(await bodies(service)).toEqual(expect.arrayContaining(["alice 1", "alice 2", "bob 1"]));
    // anon has no grant on the table: PostgREST's 401 for insufficient privilege without a user
    const asAnon = await anon.rpc("rpc_test_my_notes");
    expect(asAnon).toMatchObject({ status: 401, data: null, error: { code: "42501", hint: null, details: null } });
    expect(asAnon.error?.message).toMatch(/permission denied for table notes/);
  });

  it("refuses a function granted only to authenticated: 401 for anon, ok for a user", async () => {
    const refused = await anon.rpc("rpc_test_members_only");
    expect(refused.status).toBe(401);
    expect(refused.error).toEqual({
      code: "42501",
      message: "permission denied for function rpc_test_members_only",
      details: null,
      hint: null,
    });
    expect((await asAlice.rpc("rpc_test_members_only")).data).toBe("welcome");
  });

  it("answers 403 to an authenticated caller lacking a privilege", async () => {
    await db.query("revoke select on rpc_test.notes from authenticated");
    try {
      const refused = await asAlice.rpc("rpc_test_my_notes");
      expect(refused).toMatchObject({ status: 403, error: { code: "42501" } });
    } finally {
      await db.query("grant select on rpc_test.notes to authenticated");
    }
  });
});

describe("errors", () => {
  it("maps a raised exception to 400 with its detail and hint, and rolls back the writes", async () => {
    const body = `failing ${randomUUID()}`;
    const { data, error, status } = await asAlice.rpc("rpc_test_add_note_then_fail", { body });
    expect(status).toBe(400);
    expect(data).toBeNull();
    expect(error).toEqual({ code: "P0001", message: "nope", details: "the detail", hint: "the hint" });
    const { rowCount } = await db.query("select 1 from rpc_test.notes where body = $1", [body]);
    expect(rowCount).toBe(0);
  });

  it("uses PTxyz codes as the HTTP status", async () => {
    expect(await anon.rpc("rpc_test_teapot")).toMatchObject({
      status: 418,
      error: { code: "PT418", message: "I am a teapot" },
    });
    expect(await anon.rpc("rpc_test_forbidden")).toMatchObject({ status: 403, error: { code: "PT403" } });
  });

  it("maps unique violations to 409", async () => {
    const { status, error } = await asAlice.rpc("rpc_test_add_note", { body: "alice 1" });
    expect(status).toBe(409);
    // Postgres leaves the key out of the detail when row-level security applies to the caller.
    expect(error).toEqual({
      code: "23505",
      message: 'duplicate key value violates unique constraint "notes_body_key"',
      details: null,
      hint: null,
    });
  });

  it("answers PGRST202 with PostgREST's wording for a missing function or argument set", async () => {
    const missing = await anon.rpc("rpc_test_nothing_here", { x: 1 });
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({
      code: "PGRST202",
      message: "Could not find the function api.rpc_test_nothing_here(x) in the schema cache",
      details:
        "Searched for the function api.rpc_test_nothing_here with parameter x or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
    });
    const typo = await anon.rpc("rpc_test_whoamii");
    expect(typo.error).toMatchObject({
      message: "Could not find the function api.rpc_test_whoamii without parameters in the schema cache",
      hint: "Perhaps you meant to call the function api.rpc_test_whoami",
    });
    const wrongArgs = await anon.rpc("rpc_test_add", { a: 1, z: 2 });
    expect(wrongArgs.error).toMatchObject({
      code: "PGRST202",
      message: "Could not find the function api.rpc_test_add(a, z) in the schema cache",
    });
  });

  it("finds functions created after the first call", async () => {
    const name = `rpc_test_late_${randomUUID().slice(0, 8)}`;
    expect((await anon.rpc(name)).status).toBe(404);
    await db.query(`create function api.${name}() returns int language sql as 'select 7';
                    grant execute on function api.${name}() to anon`);
    try {
      expect((await anon.rpc(name)).data).toBe(7);
    } finally {
      await db.query(`drop function api.${name}()`);
    }
  });

  it("runs GET calls read-only, so volatile functions cannot write through them", async () => {
    const { status, error } = await asAlice.rpc("rpc_test_add_note", { body: `get ${randomUUID()}` }, { get: true });
    expect(status).toBe(405);
    expect(error).toMatchObject({ code: "25006", message: "cannot execute INSERT in a read-only transaction" });
  });

  it("refuses other schemas with PGRST106", async () => {
    const other = createClient(SUPABASE_URL, ANON_KEY, { db: { schema: "public" }, auth: { persistSession: false } });
    const { status, error } = await other.rpc("rpc_test_whoami");
    expect(status).toBe(406);
    expect(error).toEqual({
      code: "PGRST106",
      message: "Invalid schema: public",
      details: null,
      hint: "Only the following schemas are exposed: api",
    });
  });

  it("refuses invalid and expired JWTs with 401 and WWW-Authenticate", async () => {
    const expired = await client(ANON_KEY, userToken(alice, -120)).rpc("rpc_test_whoami");
    expect(expired).toMatchObject({
      status: 401,
      error: { code: "PGRST303", message: "JWT expired", details: null, hint: null },
    });

    const forged = signJwt({ role: "service_role" }, "not-the-secret-not-the-secret-not-the-secret");
    const bad = await client(ANON_KEY, forged).rpc("rpc_test_whoami");
    expect(bad).toMatchObject({
      status: 401,
      error: { code: "PGRST301", message: "JWT cryptographic operation failed" },
    });

    const response = await fetch(`${SUPABASE_URL}/rest/v1/rpc/rpc_test_whoami`, {
      method: "POST",
      headers: { apikey: ANON_KEY, authorization: "Bearer abc.def", "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer error="invalid_token", error_description="Expected 3 parts in JWT; got 2"',
    );
    expect(await response.json()).toEqual({
      code: "PGRST301",
      message: "Expected 3 parts in JWT; got 2",
      details: null,
      hint: null,
    });
  });

  it("refuses invalid JSON bodies with PGRST102", async () => {
    const response = await fetch(`${SUPABASE_URL}/rest/v1/rpc/rpc_test_whoami`, {
      method: "POST",
      headers: { apikey: ANON_KEY, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "PGRST102",
      message: "Empty or invalid json",
      details: null,
      hint: null,
    });
  });
});
