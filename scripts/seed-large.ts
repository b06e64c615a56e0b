import fs from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * `npm run seed:large`: a fresh database in `.sammen/large` (or DATABASE_URL) with the
 * migrations, the demo seed and the large municipality of supabase/seed-large.sql.
 */
process.env.SAMMEN_DATA_DIR ??= path.resolve(".sammen/large");
process.env.SAMMEN_DB_PORT ??= "54622";
const { startStack } = await import("../supabase/local/stack");
const { supabaseDir } = await import("../supabase/local/config");

const started = Date.now();
const stack = await startStack({ reset: true, port: false, cron: false, log: (line) => console.log(line) });
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
  console.table(rows[0]);
  console.log(`large seed ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${stack.databaseUrl}`);
} finally {
  await client.end();
  await stack.stop();
}
