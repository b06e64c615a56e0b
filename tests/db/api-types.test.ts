import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generateApiTypes, generatedFile } from "../../scripts/api-types";
import { inRollback } from "../support/db";

const committed = () => fs.readFileSync(generatedFile, "utf8");

describe("app/lib/api/functions.generated.ts", () => {
  it("matches the catalog of the migrated database", async () => {
    const generated = await inRollback((db) => generateApiTypes(db));
    expect(generated, "stale: run npm run gen:types").toBe(committed());
  });

  it("is stale once an argument is renamed in SQL", async () => {
    await inRollback(async (db) => {
      await db.query("drop function api.withdraw_claim(uuid)");
      await db.query("create function api.withdraw_claim(claim uuid) returns void language sql as $$ select $$");
      const generated = await generateApiTypes(db);
      expect(generated).not.toBe(committed());
      expect(generated).toMatch(/withdraw_claim: \{\s*args: \{ claim: string \};\s*returns: null;/);
    });
  });

  it("is stale once a function is added, and types its defaults and enums", async () => {
    await inRollback(async (db) => {
      await db.query(`create function api.zz_probe(id uuid, kinds app.claim_kind[], note text default null,
                        page int default 1) returns jsonb language sql as $$ select '{}'::jsonb $$`);
      const generated = await generateApiTypes(db);
      expect(generated).toMatch(
        /zz_probe: \{\s*args: \{ id: string; kinds: AppEnums\["claim_kind"\]\[\]; note\?: string \| null; page\?: number \};\s*returns: Json;/,
      );
    });
  });
});
