import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import autocannon from "autocannon";
import pg from "pg";
import { benchPhone } from "./bench-phone";
import { cpuLine, cpuNow, cpuPerRequest, watched } from "./bench-cpu";
import {
  appSession,
  DEMO_PASSWORD,
  freeAppUrl,
  listen,
  startApp,
  startStackProcess,
  type StackProcess,
} from "./bench-stack";
import { generatedId } from "./seed-data";
import { LARGE_DATA_DIR, LARGE_DB_PORT, seedLarge } from "./seed-large";
import { NATIONAL_DATA_DIR, NATIONAL_DB_PORT, nationalSeedIsCurrent } from "./seed-national";

/**
 * `npm run bench`: the large municipality (reseeded, so every run starts from the same
 * data), the local stack and the production build of the app, all on 127.0.0.1, loaded by
 * autocannon with 50 concurrent connections. For every item it prints p50/p95/p99 latency,
 * throughput and the throughput as a share of the bare Remix route (issue 9): the ceilings
 * (bare Node, bare Remix route), each page's loader RPC, the attendance save, a claim
 * decision, and the pages themselves through the app; then the phone figures (bench-phone.ts)
 * of the facilitator's week, the catalogue and a claim page.
 *
 * Targets (DESIGN.md §5, issue 19): every page's loader RPC p95 < 50 ms, the attendance save
 * p95 < 100 ms, every page ≥ 40 % of the bare Remix route's throughput with at most 2.5 ms of
 * app CPU.
 *
 * BENCH_ONLY=pages (or rpcs, writes, phone) runs only that part after the ceilings, to measure
 * one thing quickly.
 *
 * With `--national` (or BENCH_NATIONAL=1) it also starts the national seed (`npm run
 * seed:national`, built first if it is missing or older than the schema, otherwise reused),
 * measures every loader RPC against it right after the large seed's, for the same Bergen,
 * prints both p95 columns with their ratio (target: national within 20 % of large), and
 * measures claim approvals under contention: 50 connections in one municipality against 50
 * spread over 50 municipalities. BENCH_NATIONAL_DB_PORT, BENCH_NATIONAL_API_PORT and BENCH_NATIONAL_SMTP_PORT
 * move it.
 */
// BENCH_DB_PORT and BENCH_API_PORT move it, so that two checkouts can measure side by side.
process.env.SAMMEN_DATA_DIR = LARGE_DATA_DIR;
process.env.SAMMEN_DB_PORT = process.env.BENCH_DB_PORT ?? LARGE_DB_PORT;
process.env.SAMMEN_API_PORT = process.env.BENCH_API_PORT ?? "24721";
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Each item first runs this long unmeasured, so that every pooled connection has planned its
// queries and the figures are the steady state rather than fifty first calls.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const MUNICIPALITY = "66666666-0000-4000-8000-000000004601";
const CLUB = "99999999-0000-4000-8000-000000000001";
const PARTICIPANT = "cccccccc-0000-4000-8000-000000000001";
const CLUB_ADMIN = "leder1@klubb.bergen.sammen.test";
const CASEWORKER = "saksbehandler@bergen.sammen.test";
const ONLY = process.env.BENCH_ONLY;
const PARTS = ["pages", "rpcs", "writes", "phone"] as const;
if (ONLY !== undefined && !(PARTS as readonly string[]).includes(ONLY))
  throw new Error(`BENCH_ONLY: one of ${PARTS.join(", ")}, not ${ONLY}`);
const runs = (part: (typeof PARTS)[number]) => ONLY === undefined || ONLY === part;
const PAGE_APP_CPU_MS = 2.5;
const NATIONAL = process.argv.includes("--national") || process.env.BENCH_NATIONAL === "1";
// The national seed keeps the claims the bench approves: it puts them back before measuring.
const APPROVAL_REASON = "Godkjent i ytelsestest";

type Target = { p95Below: number } | { shareOfRemixAtLeast: number; appCpuAtMost: number };
type Result = {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  /** the app's CPU milliseconds per request */
  appCpu: number;
  target?: Target;
};
const results: Result[] = [];
let ceiling: Result | undefined;

/**
 * autocannon's summary has p90 and p97.5 but no p95, so every response time is kept and the
 * percentiles are read from them exactly.
 */
async function load(
  name: string,
  options: autocannon.Options,
  target?: Target,
  stackPid = watched.main,
): Promise<Result> {
  watched.stack = stackPid;
  if (WARMUP_SECONDS > 0 && options.amount === undefined) {
    await autocannon({ connections: CONNECTIONS, ...options, duration: WARMUP_SECONDS });
  }
  const times: number[] = [];
  const cpuBefore = cpuNow();
  const started = performance.now();
  const run = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const cpu = cpuPerRequest(cpuBefore, cpuNow(), run.requests.total);
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))] ?? NaN;
  const result: Result = {
    name,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    // A fixed number of requests takes a few seconds, too few for autocannon's per-second
    // samples (and its duration is counted in whole ticks): requests over the wall time.
    rps:
      options.amount === undefined ? run.requests.average : run.requests.total / ((performance.now() - started) / 1000),
    errors: run.errors + run.timeouts + run.non2xx,
    appCpu: cpu?.app ?? NaN,
    target,
  };
  results.push(result);
  const share = ceiling ? `${((result.rps / ceiling.rps) * 100).toFixed(0).padStart(4)} %` : "      ";
  console.log(
    `${name.padEnd(50)} p50 ${fmt(result.p50)}  p95 ${fmt(result.p95)}  p99 ${fmt(result.p99)}  ` +
      `${result.rps.toFixed(0).padStart(6)} req/s ${share}  ${cpu ? cpuLine(cpu) : ""}${result.errors ? `  ${result.errors} errors` : ""}`,
  );
  return result;
}

const fmt = (ms: number) => (Number.isNaN(ms) ? "     – ms" : `${ms.toFixed(1).padStart(6)} ms`);

async function signIn(supabaseUrl: string, anonKey: string, email: string) {
  const response = await fetch(`${supabaseUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: anonKey, "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return (await response.json()) as { access_token: string };
}

type Stack = StackProcess;

/** An RPC call as autocannon sends it. */
const rpc = (stack: Stack, token: string, fn: string, args: unknown) => ({
  url: `${stack.url}/rest/v1/rpc/${fn}`,
  method: "POST" as const,
  headers: {
    apikey: stack.anonKey,
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    "content-profile": "api",
  },
  body: JSON.stringify(args),
});

/** Bergen's signed-in callers and the rows they ask about, in one seed. */
async function callers(stack: Stack, db: pg.Client) {
  const caseworker = await signIn(stack.url, stack.anonKey, CASEWORKER);
  const clubAdmin = await signIn(stack.url, stack.anonKey, CLUB_ADMIN);
  // Fifty facilitators, each with a recent session of their own to save: what fifty people
  // logging attendance at once look like (one session saved fifty times would only measure
  // the row locks).
  const { rows: sessions } = await db.query<{ email: string; session_id: string; placements: string[] }>(
    `
    select distinct on (u.email) u.email, s.id as session_id, array_agg(p.id) as placements
    from app.placements p
    join app.facilitator_namings n on n.agreement_id = p.agreement_id and n.activity_id = p.activity_id
                                  and n.ended_at is null
    join auth.users u on u.id = n.facilitator_id
    join app.sessions s on s.activity_id = p.activity_id and s.on_date between app.today() - 7 and app.today()
                       and s.on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)
    where p.municipality_id = $1 and p.status = 'active'
    group by u.email, s.id order by u.email, count(*) desc, s.id limit ${CONNECTIONS}`,
    [MUNICIPALITY],
  );
  const savers = await Promise.all(
    sessions.map(async (session) => ({
      ...session,
      token: (await signIn(stack.url, stack.anonKey, session.email)).access_token,
    })),
  );
  const {
    rows: [someClaim],
  } = await db.query<{ id: string }>("select id from app.claims where municipality_id = $1 order by id limit 1", [
    MUNICIPALITY,
  ]);
  // The app names the picker it holds, so after its first call the catalogue leaves it out.
  const {
    rows: [picker],
  } = await db.query<{ digest: string }>("select digest from app.municipality_list");
  return {
    caseworker: caseworker.access_token,
    clubAdmin: clubAdmin.access_token,
    savers,
    someClaim: someClaim!.id,
    pickerHeld: picker!.digest,
  };
}

/** Every page's loader RPC, as Bergen's callers call them. */
function loaderCalls(stack: Stack, who: Awaited<ReturnType<typeof callers>>): Array<[string, autocannon.Options]> {
  const lastYear = new Date().getFullYear() - 1;
  const calls: Array<[string, string, string, unknown]> = [
    ["catalogue", stack.anonKey, "catalogue", { municipality_number: "4601", municipalities_held: who.pickerHeld }],
    [
      "catalogue, filtered",
      stack.anonKey,
      "catalogue",
      { municipality_number: "4601", category: "idrett", weekday: 2, municipalities_held: who.pickerHeld },
    ],
    ["club overview", who.clubAdmin, "organisation_overview", { organisation_id: CLUB }],
    ["facilitator week", who.savers[0]!.token, "facilitator_week", {}],
    ["caseworker work list", who.caseworker, "work_list", { municipality_id: MUNICIPALITY }],
    ["caseworker claim queue", who.caseworker, "claim_queue", { municipality_id: MUNICIPALITY }],
    ["claim detail", who.caseworker, "claim_page", { claim_id: who.someClaim }],
    ["authorisation queue", who.caseworker, "authorisation_queue", { municipality_id: MUNICIPALITY }],
    ["payment batches", who.caseworker, "payment_batches", { municipality_id: MUNICIPALITY }],
    ["dashboard", who.caseworker, "dashboard", { municipality_id: MUNICIPALITY }],
    ["yearly report", who.caseworker, "yearly_report", { municipality_id: MUNICIPALITY, year: lastYear }],
    ["placements list", who.caseworker, "placements", { municipality_id: MUNICIPALITY }],
    [
      "placements without attendance",
      who.caseworker,
      "placements",
      { municipality_id: MUNICIPALITY, filter: "no_attendance" },
    ],
    ["participants list", who.caseworker, "participants", { municipality_id: MUNICIPALITY }],
    ["placement search", who.caseworker, "placement_search", { participant_id: PARTICIPANT }],
    [
      "placement search, filtered",
      who.caseworker,
      "placement_search",
      { participant_id: PARTICIPANT, search: "klatre", weekday: 2 },
    ],
    ["budget", who.caseworker, "budget_page", { municipality_id: MUNICIPALITY }],
    ["session context (every page's layout)", who.caseworker, "session_context", {}],
  ];
  return calls.map(([name, token, fn, args]) => [name, rpc(stack, token, fn, args)]);
}

/** Approves `claims` ([token, claim id] in the order sent) with 50 connections. */
function approvals(stack: Stack, claims: Array<[string, string]>): autocannon.Options {
  let next = 0;
  return {
    ...rpc(stack, claims[0]![0], "decide_claim", {}),
    // A fixed number of requests (it overrides the duration): each decides another claim.
    amount: claims.length,
    requests: [
      {
        setupRequest: (request) => {
          const [token, claimId] = claims[next++ % claims.length]!;
          return {
            ...request,
            headers: { ...request.headers, authorization: `Bearer ${token}` },
            body: JSON.stringify({
              claim_id: claimId,
              decision: "approved",
              // The seeded amounts are random, so some are above an R3 limit: approve them as a caseworker would, with a reason.
              over_limit_reason: APPROVAL_REASON,
            }),
          };
        },
      },
    ],
  };
}

/** How many backends wait for a lock, sampled every 20 ms while `work` runs. */
async function lockWaits<T>(db: pg.Client, work: () => Promise<T>): Promise<{ result: T; mean: number; max: number }> {
  const samples: number[] = [];
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await db.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'",
      );
      samples.push(rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return {
      result: await work(),
      mean: samples.reduce((sum, n) => sum + n, 0) / Math.max(1, samples.length),
      max: Math.max(0, ...samples),
    };
  } finally {
    running = false;
    await sampling;
  }
}

/**
 * The national seed is reused from run to run: the claims an earlier run approved are put
 * back to submitted, with their budgets' approved sums and the kept claim totals.
 */
async function restoreApprovedClaims(db: pg.Client) {
  await db.query("begin");
  await db.query("set local session_replication_role = replica");
  const { rows } = await db.query<{ municipality_id: string }>(
    `update app.claims set status = 'submitted', decided_at = null, decided_by = null, over_limit_reason = null,
            authorised_at = null
      where over_limit_reason = $1 and status = 'approved' returning municipality_id`,
    [APPROVAL_REASON],
  );
  const municipalities = [...new Set(rows.map((row) => row.municipality_id))];
  await db.query(
    `update app.budgets b set approved_ore = coalesce((select sum(c.amount_ore) from app.claims c
              where c.municipality_id = b.municipality_id and c.budget_year = b.year and c.kind = b.kind
                and c.status in ('approved', 'paid')), 0)
      where b.municipality_id = any($1)`,
    [municipalities],
  );
  await db.query("select app.recount_claim_totals($1)", [municipalities]);
  await db.query("commit");
}

/**
 * Claim approvals with 50 connections, on one budget row (a year and kind of Bergen's) and on
 * 50 budget rows (the same year and kind in 50 other municipalities, each with its own
 * caseworker), the same number of approvals each.
 */
async function contention(stack: Stack, db: pg.Client, bergenCaseworker: string) {
  const {
    rows: [busiest],
  } = await db.query<{ budget_year: number; kind: string }>(
    `select budget_year, kind from app.claims where municipality_id = $1 and status = 'submitted'
      group by 1, 2 order by count(*) desc limit 1`,
    [MUNICIPALITY],
  );
  const submitted = async (municipality: string) =>
    (
      await db.query<{ id: string }>(
        `select id from app.claims where municipality_id = $1 and status = 'submitted' and budget_year = $2 and kind = $3
          order by id`,
        [municipality, busiest!.budget_year, busiest!.kind],
      )
    ).rows.map((row) => row.id);
  const spread: Array<{ token: string; claims: string[] }> = [];
  for (let m = 1; m <= CONNECTIONS; m++) {
    const email = `saksbehandler@k${String(m).padStart(4, "0")}.sammen.test`;
    const token = (await signIn(stack.url, stack.anonKey, email)).access_token;
    spread.push({ token, claims: await submitted(generatedId("66666666", m, 5000 + m)) });
  }
  // Round robin, so that the 50 requests in flight are for 50 municipalities.
  const spreadClaims: Array<[string, string]> = [];
  for (let k = 0; spread.some((s) => k < s.claims.length); k++) {
    for (const s of spread) if (k < s.claims.length) spreadClaims.push([s.token, s.claims[k]!]);
  }
  const oneClaims = (await submitted(MUNICIPALITY)).map((id): [string, string] => [bergenCaseworker, id]);
  const amount = Math.min(spreadClaims.length, oneClaims.length, CONNECTIONS * SECONDS * 20);
  console.log(
    `\nClaim approvals under contention (R5's budget row lock): ${amount} approvals of ${busiest!.kind} ${busiest!.budget_year} ` +
      `with ${CONNECTIONS} connections; "waiting" is how many backends wait for a lock, sampled every 20 ms`,
  );
  for (const [name, claims] of [
    [`approvals, 50 municipalities (50 budget rows)`, spreadClaims.slice(0, amount)],
    [`approvals, one municipality (one budget row)`, oneClaims.slice(0, amount)],
  ] as const) {
    const { mean, max } = await lockWaits(db, () =>
      load(name, approvals(stack, [...claims]), undefined, stack.child.pid),
    );
    console.log(`${"".padEnd(50)} waiting for a lock: mean ${mean.toFixed(1)}, max ${max}`);
  }
}

const bare = http.createServer((_, response) => response.end("ok"));
const barePort = await listen(bare);
// The app's port: picked free the same way, then handed to the app's server (`npm start`).
const APP_URL = await freeAppUrl();
console.log("Seeding the large municipality …");
await seedLarge(() => {});
const stack = await startStackProcess();
const children: ChildProcess[] = [stack.child];
watched.main = stack.child.pid;
const db = new pg.Client({ connectionString: stack.databaseUrl });
await db.connect();
let national: { stack: Stack; db: pg.Client } | undefined;

try {
  if (NATIONAL) {
    const env = {
      ...process.env,
      SAMMEN_DATA_DIR: NATIONAL_DATA_DIR,
      SAMMEN_DB_PORT: process.env.BENCH_NATIONAL_DB_PORT ?? NATIONAL_DB_PORT,
      SAMMEN_API_PORT: process.env.BENCH_NATIONAL_API_PORT ?? "24723",
      SAMMEN_SMTP_PORT: process.env.BENCH_NATIONAL_SMTP_PORT ?? "24725",
    };
    if (!nationalSeedIsCurrent()) {
      console.log("Seeding all of Norway (npm run seed:national; reused by later runs) …");
      const seeding = spawn(process.execPath, ["--import", "tsx", "scripts/seed-national.ts"], {
        env,
        stdio: "inherit",
      });
      const code = await new Promise((resolve) => seeding.on("exit", resolve));
      if (code !== 0) throw new Error(`the national seed failed (exit code ${code})`);
    }
    const nationalStack = await startStackProcess([], env);
    children.push(nationalStack.child);
    const nationalDb = new pg.Client({ connectionString: nationalStack.databaseUrl });
    await nationalDb.connect();
    national = { stack: nationalStack, db: nationalDb };
    await restoreApprovedClaims(nationalDb);
  }
  const who = await callers(stack, db);
  const { rows: claims } = await db.query<{ id: string }>(
    "select id from app.claims where municipality_id = $1 and status = 'submitted' order by id",
    [MUNICIPALITY],
  );

  // A claim past its draft: the claim page measured as a page and on the phone.
  const {
    rows: [decided],
  } = await db.query<{ id: string }>(
    "select id from app.claims where municipality_id = $1 and status <> 'draft' order by id limit 1",
    [MUNICIPALITY],
  );

  let app: ChildProcess | undefined;
  if (fs.existsSync("build/server/index.js")) {
    app = await startApp(APP_URL, stack);
    children.push(app);
    watched.app = app.pid;
    console.log(
      `\nCeilings, ${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP_SECONDS} s unmeasured; ` +
        "the last column is each item's share of the bare Remix route's throughput",
    );
    await load("bare Node HTTP server", { url: `http://127.0.0.1:${barePort}/` });
    ceiling = await load("bare Remix route (/helse)", { url: `${APP_URL}/helse` });
  } else {
    console.log("\nNo production build (run npm run build): no ceilings, pages not measured.");
  }

  const nationalWho = national && (await callers(national.stack, national.db));
  const side: Array<[string, Result, Result]> = [];
  if (runs("rpcs")) {
    console.log(
      `\nLoader RPCs (target p95 < 50 ms)${national ? "; each also against the national seed, on the next line" : ""}`,
    );
    const nationalCalls = national && nationalWho && loaderCalls(national.stack, nationalWho);
    for (const [i, [name, options]] of loaderCalls(stack, who).entries()) {
      const large = await load(name, options, { p95Below: 50 });
      if (national && nationalCalls) {
        side.push([
          name,
          large,
          await load(`  national: ${name}`, nationalCalls[i]![1], { p95Below: 50 }, national.stack.child.pid),
        ]);
      }
    }
  }

  if (runs("writes")) {
    console.log(`\nWrites (attendance save target p95 < 100 ms)`);
    let turn = 0;
    const savers = who.savers;
    const participants = Math.round(savers.reduce((sum, saver) => sum + saver.placements.length, 0) / savers.length);
    await load(
      `attendance save (${savers.length} facilitators, ~${participants} marks each)`,
      {
        ...rpc(stack, savers[0]!.token, "save_attendance", {}),
        requests: [
          {
            setupRequest: (request) => {
              const saver = savers[turn % savers.length]!;
              const status = Math.floor(turn++ / savers.length) % 2 ? "present" : "absent";
              return {
                ...request,
                headers: { ...request.headers, authorization: `Bearer ${saver.token}` },
                body: JSON.stringify({
                  session_id: saver.session_id,
                  marks: saver.placements.map((id) => ({ placement_id: id, status })),
                }),
              };
            },
          },
        ],
      },
      { p95Below: 100 },
    );
    await load(
      "claim decision (approve)",
      approvals(
        stack,
        claims.slice(0, CONNECTIONS * SECONDS * 20).map(({ id }): [string, string] => [who.caseworker, id]),
      ),
    );
    if (national && nationalWho) await contention(national.stack, national.db, nationalWho.caseworker);
  }

  if (app && runs("pages")) {
    console.log(
      `\nPages through the production build (target ≥ 40 % of the bare Remix route's throughput, app CPU ≤ ${PAGE_APP_CPU_MS} ms)`,
    );
    const cookies = {
      caseworker: await appSession(APP_URL, CASEWORKER),
      clubAdmin: await appSession(APP_URL, CLUB_ADMIN),
      facilitator: await appSession(APP_URL, who.savers[0]!.email),
    };
    const pages: Array<[string, string, string?]> = [
      // The layout with static text and no RPC: the least any page here can cost.
      ["layout alone (/tilgjengelighet)", "/tilgjengelighet"],
      ["catalogue page", "/aktiviteter?kommune=4601"],
      ["catalogue page, filtered", "/aktiviteter?kommune=4601&kategori=idrett&dag=2"],
      ["club overview page", `/organisasjoner/${CLUB}`, cookies.clubAdmin],
      ["facilitator week page", "/tilrettelegger", cookies.facilitator],
      ["caseworker work list page", `/kommune/${MUNICIPALITY}`, cookies.caseworker],
      ["caseworker claim queue page", `/kommune/${MUNICIPALITY}/refusjoner`, cookies.caseworker],
      ["claim detail page", `/refusjoner/${decided!.id}`, cookies.caseworker],
      ["dashboard page", `/kommune/${MUNICIPALITY}/innsikt`, cookies.caseworker],
      ["placements list page", `/kommune/${MUNICIPALITY}/tiltak`, cookies.caseworker],
    ];
    for (const [name, path, cookie] of pages) {
      const headers: Record<string, string> = cookie ? { cookie } : {};
      // A page another issue has not built yet is named, not measured.
      const probe = await fetch(`${APP_URL}${path}`, { headers, redirect: "manual" });
      await probe.arrayBuffer();
      if (probe.status === 404) {
        console.log(`${name.padEnd(50)} not in this build (${path} answers 404)`);
        continue;
      }
      await load(
        name,
        { url: `${APP_URL}${path}`, headers },
        { shareOfRemixAtLeast: 0.4, appCpuAtMost: PAGE_APP_CPU_MS },
      );
    }
  }

  if (app && runs("phone")) {
    // The phone's figures are measured beside the server's, but they never stop the bench.
    await benchPhone(APP_URL, [
      { name: "facilitator week", path: "/tilrettelegger", email: who.savers[0]!.email, save: true },
      { name: "catalogue", path: "/aktiviteter?kommune=4601" },
      { name: "claim page (caseworker)", path: `/refusjoner/${decided!.id}`, email: CASEWORKER },
    ]).catch((error: unknown) => console.log(`\nPhone figures failed: ${String(error)}`));
  }

  if (side.length) {
    console.log(`\nLoader RPCs, large against national (target: national p95 within 20 % of large)`);
    console.log(`${"".padEnd(40)} ${"large p95".padStart(10)} ${"national p95".padStart(13)}  ratio`);
    for (const [name, large, nat] of side) {
      const ratio = nat.p95 / large.p95;
      console.log(
        `${name.padEnd(40)} ${fmt(large.p95).padStart(10)} ${fmt(nat.p95).padStart(13)}  ${ratio.toFixed(2)}` +
          (ratio > 1.2 ? "  more than 20 % slower" : ""),
      );
    }
  }

  const missed = results.filter(
    ({ target, p95, rps, appCpu }) =>
      target &&
      ("p95Below" in target
        ? p95 >= target.p95Below
        : (ceiling && rps < target.shareOfRemixAtLeast * ceiling.rps) || appCpu > target.appCpuAtMost),
  );
  const slower = side.filter(([, large, nat]) => nat.p95 > 1.2 * large.p95).map(([name]) => `${name} (national)`);
  const failing = results.filter((r) => r.errors > 0);
  console.log(
    missed.length || slower.length
      ? `\nMissed targets: ${[...missed.map((r) => `${r.name} (p95 ${r.p95.toFixed(1)} ms, ${r.rps.toFixed(0)} req/s, app CPU ${r.appCpu.toFixed(2)} ms)`), ...slower].join(", ")}`
      : "\nEvery measured target met.",
  );
  if (failing.length) console.log(`Answered with errors: ${failing.map((r) => `${r.name} (${r.errors})`).join(", ")}`);
} finally {
  bare.close();
  await db.end();
  await national?.db.end();
  for (const child of children) child.kill("SIGTERM");
}
