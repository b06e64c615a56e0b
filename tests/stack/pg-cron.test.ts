import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supabaseDir } from "../../supabase/local/config";
import { startStack } from "../../supabase/local/stack";
import { missingPgCron, startPgCronCluster, type Cluster } from "../support/debian-postgres";

// The stack on a PostgreSQL server that already has the real pg_cron extension, as a hosted
// project does: a first start and `--reset` both work, and the jobs land in pg_cron's own
// `cron.job`. Needs Debian's postgresql-15 and postgresql-15-cron (.ci/run installs them);
// without them the test runs only in CI, where it fails.

const missing = missingPgCron();
const migrations = fs.readdirSync(path.join(supabaseDir, "migrations")).filter((name) => name.endsWith(".sql"));
// Every job the schema schedules (supabase/schemas/70_jobs.sql), by name.
const jobs = [
  ...fs
    .readFileSync(path.join(supabaseDir, "schemas", "70_jobs.sql"), "utf8")
    .matchAll(/^select cron\.schedule\('([^']+)'/gm),
]
  .map((match) => match[1]!)
  .sort();

let cluster: Cluster;
let db: pg.Client;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts and stops the stack on the cluster, returning what it logged. */
async function startOnce(reset: boolean) {
  const lines: string[] = [];
  const stack = await startStack({ databaseUrl: cluster.url, reset, port: false, log: (line) => lines.push(line) });
  await stack.stop();
  return lines;
}

async function scheduledJobs() {
  const { rows } = await db.query<{ jobname: string }>("select jobname from cron.job order by jobname");
  return rows.map((row) => row.jobname);
}

async function cronJobBelongsToPgCron() {
  const { rows } = await db.query(
    `select exists (select from pg_depend
                     where classid = 'pg_class'::regclass and objid = 'cron.job'::regclass and deptype = 'e'
                       and refobjid = (select oid from pg_extension where extname = 'pg_cron')) as owned`,
  );
  return rows[0].owned as boolean;
}

describe.runIf(!missing || process.env.CI === "true")("the stack on a server with the real pg_cron", () => {
  beforeAll(async () => {
    if (missing) throw new Error(`CI needs PostgreSQL 15 with pg_cron (see .ci/run): ${missing}`);
    cluster = startPgCronCluster(await freePort());
    db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    await db.query("create extension pg_cron");
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    cluster?.stop();
  });

  it("a first start applies every migration and schedules the jobs in pg_cron's cron.job", async () => {
    const log = await startOnce(false);
    const { rows } = await db.query("select count(*)::int as applied from supabase_migrations.schema_migrations");
    expect(rows[0].applied).toBe(migrations.length);
    expect(await scheduledJobs()).toEqual(jobs);
    expect(await cronJobBelongsToPgCron()).toBe(true);
    // The stand-in's scheduler would run each job a second time.
    expect(log).toContain("pg_cron runs the scheduled jobs");
  }, 60_000);

  it("--reset rebuilds the database from scratch and schedules each job once", async () => {
    await db.query("create table public.left_from_before_the_reset ()");
    await startOnce(true);
    const { rows } = await db.query(
      `select to_regclass('public.left_from_before_the_reset') as leftover,
              (select count(*)::int from supabase_migrations.schema_migrations) as applied`,
    );
    expect(rows[0]).toEqual({ leftover: null, applied: migrations.length });
    expect(await scheduledJobs()).toEqual(jobs);
    expect(await cronJobBelongsToPgCron()).toBe(true);
  }, 60_000);
});
