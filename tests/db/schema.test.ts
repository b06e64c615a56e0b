import fs from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applySchemaFiles, bootstrap, schemaFiles } from "../../supabase/local/migrate";
import { describeCatalog } from "../../scripts/schema/catalog";
import { buildBothWays, catalogDifference } from "../../scripts/schema/compare";
import { definedObject, splitStatements, statementTriggers } from "../../scripts/schema/sql-statements";
import { DATABASE_URL } from "../support/env";

describe("the schema files and the migrations", () => {
  it("the migrations build exactly the catalog the schema files describe", async () => {
    const { fromMigrations, fromSchema } = await buildBothWays(DATABASE_URL);
    expect(fromSchema).toContain("api.decide_claim");
    // On a difference: write the migration for what changed in supabase/schemas (docs/schema.md).
    expect(catalogDifference(fromMigrations, fromSchema)).toEqual([]);
  }, 60_000);

  it("a change on one side alone shows as a difference", async () => {
    const scratch = new pg.Client({ connectionString: DATABASE_URL });
    await scratch.connect();
    await scratch.query("drop database if exists sammen_one_side with (force)");
    await scratch.query("create database sammen_one_side");
    await scratch.end();
    const url = new URL(DATABASE_URL);
    url.pathname = "/sammen_one_side";
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      await bootstrap(db);
      await applySchemaFiles(db);
      const before = await describeCatalog(db);
      await db.query("alter table app.outbox add column note text");
      await db.query("create or replace function api.ping() returns int language sql as $$ select 1 $$");
      await db.query("grant execute on function api.take_outbox(int) to authenticated");
      const difference = catalogDifference(before, await describeCatalog(db));
      expect(difference.some((line) => line.startsWith("+ app.outbox") && line.includes("note text"))).toBe(true);
      expect(difference.some((line) => line.startsWith("+ CREATE OR REPLACE FUNCTION api.ping()"))).toBe(true);
      expect(
        difference.some(
          (line) => line.startsWith("+ CREATE OR REPLACE FUNCTION api.take_outbox(") && line.includes("acl="),
        ),
      ).toBe(true);
    } finally {
      await db.end();
    }
  }, 60_000);

  it("defines every table, type, index, trigger, policy and function exactly once", () => {
    const definitions = schemaFiles().flatMap((file) =>
      splitStatements(fs.readFileSync(file, "utf8")).flatMap(
        (statement) => definedObject(statement.text) ?? statementTriggers(statement.text),
      ),
    );
    const repeated = definitions.filter((key, index) => definitions.indexOf(key) !== index);
    expect(definitions.length).toBeGreaterThan(300);
    expect(repeated).toEqual([]);
  });
});

afterAll(async () => {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query("drop database if exists sammen_one_side with (force)").finally(() => admin.end());
});
