/**
 * `npm run db:baseline`: writes the baseline migration, the schema files one after the other.
 * Only while no hosted project has applied the baseline; after that, a change becomes a
 * migration of its own (`npm run db:migration -- <name>`, see docs/schema.md).
 */
import fs from "node:fs";
import path from "node:path";
import { schemaFiles } from "../../supabase/local/migrate";

const baselineFile = "supabase/migrations/20261204120000_baseline.sql";

const parts = schemaFiles().map(
  (file) => `-- ${path.relative(process.cwd(), file)}\n\n${fs.readFileSync(file, "utf8").trim()}\n`,
);
fs.writeFileSync(
  baselineFile,
  [
    "-- The baseline: the schema as it stood when the history was re-cut, written by",
    "-- `npm run db:baseline` from supabase/schemas/*.sql. Read and change those files, not this one.",
    "",
    ...parts,
  ].join("\n"),
);
console.log(`wrote ${baselineFile}`);
