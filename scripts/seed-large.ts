import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedGenerated } from "./seed-data";

/**
 * `npm run seed:large`: a fresh database in `.sammen/large` (or DATABASE_URL) with the
 * migrations, the demo seed and one large municipality (Bergen, 4601) from
 * supabase/seed-generator.sql: 1 000 organisations, 3 000 activities, 10 000 participants,
 * 12 000 placements, 1 000 000 attendance marks, 50 000 claims, 5 years of prize rounds.
 */
export const LARGE_DATA_DIR = path.resolve(".sammen/large");
// Below Linux's ephemeral range (32768–60999): a busy machine's outgoing connections can hold
// any port in it, and then Postgres cannot listen there.
export const LARGE_DB_PORT = "24622";
export const BERGEN = {
  m: 0,
  name: "Bergen",
  number: "4601",
  slug: "bergen",
  organisations: 1000,
  participants: 10000,
  placements: 12000,
  attendance: 1_000_000,
  claims: 50000,
};

export async function seedLarge(log: (line: string) => void = console.log) {
  const bergen = "'66666666-0000-4000-8000-000000004601'";
  await seedGenerated(
    LARGE_DATA_DIR,
    LARGE_DB_PORT,
    [BERGEN],
    log,
    `(select count(*) from app.organisations where id::text like '99999999-%') as organisations,
     (select count(*) from app.activities where municipality_id = ${bergen}) as activities,
     (select count(*) from app.participants where municipality_id = ${bergen}) as participants,
     (select count(*) from app.placements where municipality_id = ${bergen}) as placements,
     (select count(*) from app.attendance) as attendance,
     (select count(*) from app.claims where municipality_id = ${bergen}) as claims,
     (select count(*) from app.prize_rounds where municipality_id = ${bergen}) as prize_rounds`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await seedLarge();
