import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { supabaseDir } from "../../supabase/local/config";
import { inRollback, pool } from "../support/db";

// A hosted project with pg_graphql must serve no `app` table at /graphql/v1. The local server
// has no pg_graphql, so this checks the migration that drops it and what pg_graphql would
// reflect if someone enabled it again: only the schemas on the request's search path.

afterAll(() => pool.end());

const tenancySchema = path.join(supabaseDir, "schemas", "00_tenancy.sql");

/** A list setting of config.toml's [api] table, which `supabase config push` gives the hosted project. */
function apiSetting(name: string): string[] {
  const config = fs.readFileSync(path.join(supabaseDir, "config.toml"), "utf8");
  const api = /^\[api\]$([\s\S]*?)^\[/m.exec(config)![1]!;
  const list = new RegExp(`^${name}\\s*=\\s*\\[(.*)\\]`, "m").exec(api)![1]!;
  return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
}

describe("no app table through /graphql/v1", () => {
  it("the schema drops pg_graphql, and the statement applies where the extension is absent", async () => {
    const statement = /^drop extension if exists pg_graphql;$/m.exec(fs.readFileSync(tenancySchema, "utf8"))?.[0];
    expect(statement).toBeDefined();
    const { rows } = await pool.query(
      `select exists (select from pg_extension where extname = 'pg_graphql') as graphql`,
    );
    expect(rows[0]).toEqual({ graphql: false });
    await inRollback((db) => db.query(statement!));
  });

  it("app is on no API search path, the only schemas pg_graphql reflects", () => {
    expect([...apiSetting("schemas"), ...apiSetting("extra_search_path")]).not.toContain("app");
  });

  it("anon and authenticated can use no table or view in any schema on an API search path", async () => {
    // /graphql/v1 runs graphql_public.graphql with graphql_public, public and the extra search path.
    const schemas = ["graphql_public", "public", ...apiSetting("schemas"), ...apiSetting("extra_search_path")];
    const { rows } = await pool.query(
      `select r.role, n.nspname || '.' || c.relname as relation
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         cross join unnest(array['anon', 'authenticated']) r(role)
        where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and has_table_privilege(r.role, c.oid, 'select, insert, update, delete')`,
      [schemas],
    );
    expect(rows).toEqual([]);
  });
});
