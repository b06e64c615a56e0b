import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/**
 * `npm run seed:large`: a fresh database in `.sammen/large` (or DATABASE_URL) with the
 * migrations, the demo seed and the large municipality of supabase/seed-large.sql.
 */
export const LARGE_DATA_DIR = path.resolve(".sammen/large");
// Below Linux's ephemeral range (32768–60999): a busy machine's outgoing connections can hold
// any port in it, and then Postgres cannot listen there.
export const LARGE_DB_PORT = "24622";

export async function seedLarge(log: (line: string) => void = console.log) {
  process.env.SAMMEN_DATA_DIR ??= LARGE_DATA_DIR;
  process.env.SAMMEN_DB_PORT ??= LARGE_DB_PORT;
  const { startStack } = await import("../supabase/local/stack");
  const { supabaseDir } = await import("../supabase/local/config");
  const started = Date.now();
  const stack = await startStack({ reset: true, port: false, cron: false, log });
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    await client.query(fs.readFileSync(path.join(supabaseDir, "seed-large.sql"), "utf8"));
    const { rows } = await client.query(`
      select (select count(*) from app.organisations where id::text like '99999999-%') as organisations,
             (select count(*) from app.activities where municipality_id = '66666666-0000-4000-8000-000000004601') as activities,
             (select count(*) from app.participants where municipality_id = '66666666-0000-4000-8000-000000004601') as participants,
             (select count(*) from app.placements where municipality_id = '66666666-0000-4000-8000-000000004601') as placements,
             (select count(*) from app.attendance) as attendance,
             (select count(*) from app.claims where municipality_id = '66666666-0000-4000-8000-000000004601') as claims,
             (select count(*) from app.prize_rounds where municipality_id = '66666666-0000-4000-8000-000000004601') as prize_rounds`);
    log(`large seed ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(rows[0])}`);
  } finally {
    await client.end();
    await stack.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await seedLarge();
