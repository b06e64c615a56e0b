import pg from "pg";
import { applySchemaFiles, bootstrap, migrate } from "../../supabase/local/migrate";
import { describeCatalog } from "./catalog";

/**
 * Builds the schema twice on scratch databases of the server at `adminUrl`, once from
 * `supabase/migrations/` and once from `supabase/schemas/`, and describes both catalogs.
 * The two descriptions are equal when the migrations deploy exactly what the schema files say.
 */
export async function buildBothWays(adminUrl: string) {
  // One after the other: the bootstrap creates cluster-wide roles, which cannot race.
  const fromMigrations = await onScratchDatabase(adminUrl, "sammen_from_migrations", applyMigrations, describeCatalog);
  const fromSchema = await onScratchDatabase(adminUrl, "sammen_from_schema", applySchemaFiles, describeCatalog);
  return { fromMigrations, fromSchema };
}

/** Runs `work` on a new database `name` of the server at `adminUrl`, built by the bootstrap and `build`. */
export async function onScratchDatabase<T>(
  adminUrl: string,
  name: string,
  build: (client: pg.ClientBase) => Promise<void>,
  work: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await bootstrap(client);
    await build(client);
    return await work(client);
  } finally {
    await client.end();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`).finally(() => cleanup.end());
  }
}

export const applyMigrations = async (client: pg.ClientBase) => {
  await migrate(client);
};

/** The lines only one side has, marked `-` (migrations only) and `+` (schema files only). */
export function catalogDifference(fromMigrations: string, fromSchema: string) {
  const left = fromMigrations.split("\n");
  const right = fromSchema.split("\n");
  const rightSet = new Set(right);
  const leftSet = new Set(left);
  return [
    ...left.filter((line) => !rightSet.has(line)).map((line) => `- ${line}`),
    ...right.filter((line) => !leftSet.has(line)).map((line) => `+ ${line}`),
  ];
}
