/**
 * `npm run db:migration -- <name>`: writes `supabase/migrations/<timestamp>_<name>.sql` with what
 * the schema files define differently from what the migrations build: Sammen's stand-in for
 * `supabase db diff`, which needs Docker. Functions, policies, triggers and indexes are
 * replaced whole from their schema file. A new table or type is created from its file (a
 * table with its row-level security switched on); a changed one cannot be written safely by a
 * machine (renames, data), so its differences are listed in the migration for you to write as
 * `alter` statements. `npm test` then checks the
 * result (tests/db/schema.test.ts).
 */
import fs from "node:fs";
import pg from "pg";
import { DB_PORT } from "../../supabase/local/config";
import { startDatabase } from "../../supabase/local/postgres";
import { applySchemaFiles, schemaFiles } from "../../supabase/local/migrate";
import { applyMigrations, onScratchDatabase } from "./compare";
import { definedObject, splitStatements, statementTriggers } from "./sql-statements";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(2);
}

/** Each object's definition as the catalog gives it, keyed as definedObject() keys statements. */
async function definitions(client: pg.ClientBase) {
  const { rows } = await client.query<{ key: string; identity: string; definition: string }>(`
    select 'function ' || n.nspname || '.' || p.proname as key, p.oid::regprocedure::text as identity,
           pg_get_functiondef(p.oid) || coalesce(array_to_string(array(select unnest(p.proacl)::text order by 1), ' '), '') as definition
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('app', 'api')
    union all
    select 'policy ' || schemaname || '.' || tablename || ' ' || quote_ident(policyname), quote_ident(policyname) || ' on ' || schemaname || '.' || tablename,
           concat_ws(' ', permissive, cmd, roles::text, qual, with_check)
      from pg_policies where schemaname in ('app', 'api') or (schemaname = 'storage' and tablename = 'objects')
    union all
    select 'trigger ' || c.oid::regclass || ' ' || t.tgname, quote_ident(t.tgname) || ' on ' || c.oid::regclass, pg_get_triggerdef(t.oid)
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('app', 'api') and not t.tgisinternal
    union all
    select 'index ' || c.oid::regclass || ' ' || i.relname, i.oid::regclass::text, pg_get_indexdef(i.oid)
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('app', 'api') and not exists (select 1 from pg_constraint k where k.conindid = i.oid)
    union all
    select 'table ' || c.oid::regclass, c.oid::regclass::text,
           concat_ws(E'\\n', c.relrowsecurity, c.relforcerowsecurity, array(select unnest(c.relacl)::text order by 1)::text,
             (select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' ||
                coalesce(pg_get_expr(d.adbin, d.adrelid), ''), E'\\n' order by a.attnum)
                from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
               where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
             (select string_agg(k.conname || ' ' || pg_get_constraintdef(k.oid), E'\\n' order by k.conname)
                from pg_constraint k where k.conrelid = c.oid))
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('app', 'api') and c.relkind in ('r', 'p')
    union all
    select 'type ' || t.oid::regtype, t.oid::regtype::text,
           (select string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid)
      from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname in ('app', 'api') and t.typtype = 'e'`);
  return new Map(rows.map((row) => [row.key.toLowerCase(), row]));
}

/** Each defined object's statements in the schema files: its `create` and what follows it. */
function schemaGroups() {
  const groups = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const file of schemaFiles()) {
    for (const statement of splitStatements(fs.readFileSync(file, "utf8"))) {
      const key = definedObject(statement.text);
      const text = (statement.leading ? `${statement.leading}\n` : "") + statement.text;
      const triggers = statementTriggers(statement.text);
      // One call makes a table's statement triggers; a migration may repeat it (it replaces them).
      if (triggers.length) {
        for (const trigger of triggers) groups.set(trigger, [text]);
        current = undefined;
      } else if (key) groups.set(key, (current = [text]));
      else current?.push(text);
    }
    current = undefined;
  }
  return groups;
}

const dropStatement: Record<string, (identity: string) => string> = {
  function: (identity) => `drop function ${identity};`,
  policy: (identity) => `drop policy ${identity};`,
  trigger: (identity) => `drop trigger ${identity};`,
  index: (identity) => `drop index ${identity};`,
  table: (identity) => `drop table ${identity};`,
  type: (identity) => `drop type ${identity};`,
};

/** The stack's Postgres if `npm run dev` or `npm run stack` has it running, else one started here. */
async function runningOrStartedDatabase() {
  const url = process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${DB_PORT}/postgres`;
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await probe.connect();
    await probe.end();
    return { url, stop: async () => {} };
  } catch {
    return startDatabase();
  }
}

async function main() {
  const database = await runningOrStartedDatabase();
  try {
    const deployed = await onScratchDatabase(database.url, "sammen_diff_migrations", applyMigrations, definitions);
    const wanted = await onScratchDatabase(database.url, "sammen_diff_schema", applySchemaFiles, definitions);
    const groups = schemaGroups();
    const drops: string[] = [];
    const creates: string[] = [];
    const toWriteByHand: string[] = [];

    for (const [key, old] of deployed) {
      const now = wanted.get(key);
      if (now && now.identity === old.identity) continue;
      const kind = key.split(" ")[0]!;
      // A changed function signature is a new function: drop the old one first.
      if (!now || kind !== "table") drops.push(dropStatement[kind]!(old.identity));
    }
    for (const [key, group] of groups) {
      const old = deployed.get(key);
      const now = wanted.get(key);
      if (!now || (old && old.definition === now.definition && old.identity === now.identity)) continue;
      const kind = key.split(" ")[0]!;
      if (old && (kind === "table" || kind === "type")) {
        const before = old.definition.split("\n");
        const after = now.definition.split("\n");
        const changes = [
          ...before.filter((line) => !after.includes(line)).map((line) => `--   - ${line}`),
          ...after.filter((line) => !before.includes(line)).map((line) => `--   + ${line}`),
        ];
        toWriteByHand.push(`-- ${key} differs: write the alter statements for\n${changes.join("\n")}`);
        continue;
      }
      if (
        old &&
        (kind === "policy" || kind === "trigger" || kind === "index") &&
        !drops.includes(dropStatement[kind]!(old.identity))
      ) {
        drops.push(dropStatement[kind]!(old.identity));
      }
      const create = group.join("\n").replace(/^create function/im, "create or replace function");
      if (!creates.includes(create)) creates.push(create);
      // Every table has row-level security, switched on for all at once in the schema files.
      if (kind === "table")
        creates.push(`alter table ${now.identity} enable row level security, force row level security;`);
    }

    if (!drops.length && !creates.length && !toWriteByHand.length) {
      console.log("The migrations already build what supabase/schemas defines: nothing to write.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const file = `supabase/migrations/${stamp}_${name}.sql`;
    fs.writeFileSync(file, [...toWriteByHand, ...drops, ...creates].join("\n\n") + "\n");
    console.log(`wrote ${file}`);
    if (toWriteByHand.length) {
      console.log(
        `${toWriteByHand.length} table or type change(s) are listed in it as comments: write them as alter statements.`,
      );
      process.exitCode = 1;
    }
  } finally {
    await database.stop();
  }
}

await main();
