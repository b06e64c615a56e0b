import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type GeneratedMunicipality, seedGenerated } from "./seed-data";
import { BERGEN } from "./seed-large";

/**
 * `npm run seed:national`: what Sammen would hold if every municipality used it, in
 * `.sammen/national`: 357 municipalities, 30 000 organisations, 100 000 participants,
 * 10 000 000 attendance marks and 1 000 000 claims. One of them is the large seed's Bergen,
 * row for row, so that the bench can call the same loaders with the same page sizes against
 * both and see only what the rest of the country adds; the other 356 share the rest, each
 * between half and one and a half of an even share. NATIONAL_SCALE (e.g. 0.1) shrinks those
 * 356, for trying things out; Bergen stays as it is.
 */
export const NATIONAL_DATA_DIR = path.resolve(".sammen/national");
export const NATIONAL_DB_PORT = "24623";
const SCALE = Number(process.env.NATIONAL_SCALE ?? 1);
const MUNICIPALITIES = 357;
// What the 356 besides Bergen hold together.
const REST = {
  organisations: 30000 - BERGEN.organisations,
  participants: 100000 - BERGEN.participants,
  attendance: 10_000_000 - BERGEN.attendance,
  claims: 1_000_000 - BERGEN.claims,
};

/** The 356 municipalities besides Bergen, numbered 5001…5356 (no real municipality has those numbers). */
export function nationalMunicipalities(scale = SCALE): GeneratedMunicipality[] {
  const others = Array.from({ length: MUNICIPALITIES - 1 }, (_, i) => i + 1);
  // A weight in [0.5, 1.5) per municipality, the same every run.
  const weight = (m: number) => 0.5 + createHash("md5").update(`kommune ${m}`).digest().readUInt32BE(0) / 2 ** 32;
  const sum = others.reduce((total, m) => total + weight(m), 0);
  const share = (key: keyof typeof REST, m: number) => Math.max(1, Math.round((REST[key] * weight(m) * scale) / sum));
  return [
    BERGEN,
    ...others.map((m) => {
      const participants = share("participants", m);
      return {
        m,
        name: `Kommune ${m}`,
        number: String(5000 + m),
        slug: `k${String(m).padStart(4, "0")}`,
        organisations: share("organisations", m),
        participants,
        placements: Math.round(participants * 1.2),
        attendance: share("attendance", m),
        claims: share("claims", m),
      };
    }),
  ];
}

/**
 * What the national seed was built from: the bench builds it again when the schema, the
 * generator or the scale changed since, and otherwise reuses it (it takes minutes).
 */
export function nationalFingerprint(scale = SCALE): string {
  const hash = createHash("sha256").update(String(scale));
  for (const dir of ["supabase/migrations", "supabase"]) {
    for (const file of fs.readdirSync(dir).sort()) {
      if (file.endsWith(".sql")) hash.update(file).update(fs.readFileSync(path.join(dir, file)));
    }
  }
  return hash.digest("hex");
}
const fingerprintFile = path.join(NATIONAL_DATA_DIR, "seeded-from.txt");
export const nationalSeedIsCurrent = () =>
  fs.existsSync(fingerprintFile) && fs.readFileSync(fingerprintFile, "utf8") === nationalFingerprint();

export async function seedNational(log: (line: string) => void = console.log) {
  // Always here, whatever SAMMEN_DATA_DIR a shell exports: the bench looks for it here.
  process.env.SAMMEN_DATA_DIR = NATIONAL_DATA_DIR;
  fs.rmSync(fingerprintFile, { force: true });
  const municipalities = nationalMunicipalities();
  log(`Seeding ${municipalities.length} municipalities at scale ${SCALE} into ${NATIONAL_DATA_DIR} …`);
  await seedGenerated(
    NATIONAL_DATA_DIR,
    NATIONAL_DB_PORT,
    municipalities,
    log,
    `(select count(*) from app.municipalities) as municipalities,
     (select count(*) from app.organisations) as organisations,
     (select count(*) from app.participants) as participants,
     (select count(*) from app.placements) as placements,
     (select count(*) from app.attendance) as attendance,
     (select count(*) from app.claims) as claims`,
  );
  fs.writeFileSync(fingerprintFile, nationalFingerprint());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await seedNational();
