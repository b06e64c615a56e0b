import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { AUTHENTICATOR_PASSWORD, supabaseDir } from "./config";

const bootstrapDir = path.join(supabaseDir, "local", "bootstrap");
const migrationsDir = path.join(supabaseDir, "migrations");
const schemasDir = path.join(supabaseDir, "schemas");
const seedFile = path.join(supabaseDir, "seed.sql");

const sqlFiles = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.endsWith(".sql"))
        .sort()
    : [];

/** What hosted Supabase has before any migration. Safe to run again. */
export async function bootstrap(client: pg.ClientBase) {
  for (const file of sqlFiles(bootstrapDir)) {
    await client.query(fs.readFileSync(path.join(bootstrapDir, file), "utf8"));
  }
  await client.query(`alter role authenticator with login password '${AUTHENTICATOR_PASSWORD}'`);
}

/**
 * Applies `supabase/migrations/<version>_<name>.sql` not yet recorded, in order, each in its
 * own transaction, recording it the way `supabase db push` does. Returns the versions applied.
 */
export async function migrate(client: pg.ClientBase): Promise<string[]> {
  const applied = new Set(
    (await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations")).rows.map(
      (row) => row.version,
    ),
  );
  const known = new Set(sqlFiles(migrationsDir).map((file) => file.split("_")[0]));
  const unknown = [...applied].filter((version) => !known.has(version));
  if (unknown.length) {
    throw new Error(
      `The database holds migrations that supabase/migrations no longer has (${unknown.slice(0, 3).join(", ")}…): ` +
        "it was built before the history was re-cut into a baseline. Rebuild it with `npm run db:reset`.",
    );
  }
  const done: string[] = [];
  for (const file of sqlFiles(migrationsDir)) {
    const match = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file name must be <timestamp>_<name>.sql: ${file}`);
    const [, version, name] = match as unknown as [string, string, string];
    if (applied.has(version)) continue;
    const sql = fs.readFileSync(path.join(migrationsDir, file), "utf8");
    await client.query("begin");
    try {
      await client.query(sql);
      await client.query(
        "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, array[$3])",
        [version, name, sql],
      );
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
    }
    done.push(version);
  }
  return done;
}

/**
 * Applies the declarative schema files (`supabase/schemas/*.sql`, in name order) in one
 * transaction: what the migrations must add up to (see scripts/schema/compare.ts).
 */
export async function applySchemaFiles(client: pg.ClientBase) {
  const sql = sqlFiles(schemasDir)
    .map((file) => fs.readFileSync(path.join(schemasDir, file), "utf8"))
    .join("\n");
  await client.query("begin");
  try {
    await client.query(sql);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

export const schemaFiles = () => sqlFiles(schemasDir).map((file) => path.join(schemasDir, file));

export async function seed(client: pg.ClientBase) {
  if (fs.existsSync(seedFile)) await client.query(fs.readFileSync(seedFile, "utf8"));
}

/** Drops everything the bootstrap, migrations and seed made, so they can run from scratch. */
export async function wipe(client: pg.ClientBase) {
  // An extension that made its own schema (the real pg_cron's `cron`, pg_graphql's `graphql`)
  // refuses to lose it, so extensions go first; the bootstrap and migrations create them again.
  const extensions = await client.query<{ extname: string }>(
    "select extname from pg_extension where extname <> 'plpgsql'",
  );
  for (const { extname } of extensions.rows) await client.query(`drop extension if exists "${extname}" cascade`);
  const { rows } = await client.query<{ nspname: string }>(
    `select nspname from pg_namespace
      where nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'public')
        and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%'`,
  );
  for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
  await client.query("drop schema if exists public cascade; create schema public");
  // Default privileges are global, not in a schema, so dropping schemas leaves them behind.
  await client.query("alter default privileges grant execute on functions to public");
}

/** Whether this database has been through the bootstrap already. */
export async function isBootstrapped(client: pg.ClientBase) {
  const { rows } = await client.query("select to_regclass('supabase_migrations.schema_migrations') is not null as ok");
  return rows[0].ok as boolean;
}
