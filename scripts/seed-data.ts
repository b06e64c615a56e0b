import fs from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Runs supabase/seed-generator.sql for a list of municipalities into a fresh stack's database
 * (migrations and demo seed applied), as `npm run seed:large` and `npm run seed:national` do,
 * and reports the time it took and the database's size on disk.
 */
export type GeneratedMunicipality = {
  /** Goes into every generated id's second group: 0 is the large seed's Bergen. */
  m: number;
  name: string;
  number: string;
  /** E-mails are admin@<slug>.sammen.test, leder<n>@klubb.<slug>.sammen.test … */
  slug: string;
  organisations: number;
  participants: number;
  placements: number;
  attendance: number;
  claims: number;
};

/** The ids the generator gives a municipality's rows (see bench.id in the generator). */
export const generatedId = (kind: string, m: number, n: number | string) =>
  `${kind}-${String(m).padStart(4, "0")}-4000-8000-${String(n).padStart(12, "0")}`;

export async function seedGenerated(
  dataDir: string,
  dbPort: string,
  municipalities: GeneratedMunicipality[],
  log: (line: string) => void,
  /** Counts to print when done. */
  counts: string,
) {
  process.env.SAMMEN_DATA_DIR ??= dataDir;
  process.env.SAMMEN_DB_PORT ??= dbPort;
  const { startStack } = await import("../supabase/local/stack");
  const { supabaseDir } = await import("../supabase/local/config");
  const started = Date.now();
  const stack = await startStack({ reset: true, port: false, cron: false, log });
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    await client.query(fs.readFileSync(path.join(supabaseDir, "seed-generator.sql"), "utf8"));
    await client.query("select bench.begin_load()");
    let done = 0;
    for (const g of municipalities) {
      await client.query("call bench.seed_municipality($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
        g.m,
        g.name,
        g.number,
        g.slug,
        g.organisations,
        g.participants,
        g.placements,
        g.attendance,
        g.claims,
      ]);
      if (++done % 25 === 0) log(`  ${done}/${municipalities.length} municipalities, ${since(started)} s`);
    }
    log(`rows loaded in ${since(started)} s; rebuilding the kept tables and attendance's indexes …`);
    await client.query("select bench.finish_load()");
    const { rows: all } = await client.query<{ id: string }>("select id from app.municipalities order by id");
    for (const { id } of all) await client.query("select bench.rebuild_items($1)", [id]);
    await client.query("drop schema bench cascade");
    log(`rebuilt at ${since(started)} s; vacuum analyze …`);
    await client.query("vacuum analyze");
    const { rows } = await client.query(
      `select pg_size_pretty(pg_database_size(current_database())) as size_on_disk, ${counts}`,
    );
    log(`seed ready in ${since(started)} s: ${JSON.stringify(rows[0])}`);
  } finally {
    await client.end();
    await stack.stop();
  }
}
const since = (start: number) => ((Date.now() - start) / 1000).toFixed(0);
