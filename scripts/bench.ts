import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import autocannon from "autocannon";
import pg from "pg";
import { benchPhone } from "./bench-phone";
import { appSession, DEMO_PASSWORD, freeAppUrl, listen, startApp, startStackProcess } from "./bench-stack";
import { LARGE_DATA_DIR, LARGE_DB_PORT, seedLarge } from "./seed-large";

/**
 * `npm run bench`: the large municipality (reseeded, so every run starts from the same
 * data), the local stack and the production build of the app, all on 127.0.0.1, loaded by
 * autocannon with 50 concurrent connections. For every item it prints p50/p95/p99 latency,
 * throughput and the throughput as a share of the bare Remix route (issue 9): the ceilings
 * (bare Node, bare Remix route), each page's loader RPC, the attendance save, a claim
 * decision, and the pages themselves through the app; then the phone figures (bench-phone.ts)
 * of the facilitator's week, the catalogue and a claim page.
 *
 * Targets (DESIGN.md §5): every page's loader RPC p95 < 50 ms, the attendance save p95 <
 * 100 ms, page throughput ≥ 50 % of the bare Remix route.
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

type Target = { p95Below: number } | { shareOfRemixAtLeast: number };
type Result = { name: string; p50: number; p95: number; p99: number; rps: number; errors: number; target?: Target };
/** Clock ticks used so far, per process id: Postgres backends come and go during a run. */
type Cpu = { app: Map<number, number>; stack: Map<number, number>; postgres: Map<number, number> };
const results: Result[] = [];
let ceiling: Result | undefined;

/**
 * autocannon's summary has p90 and p97.5 but no p95, so every response time is kept and the
 * percentiles are read from them exactly.
 */
async function load(name: string, options: autocannon.Options, target?: Target): Promise<Result> {
  if (WARMUP_SECONDS > 0 && options.amount === undefined) {
    await autocannon({ connections: CONNECTIONS, ...options, duration: WARMUP_SECONDS });
  }
  const times: number[] = [];
  const cpuBefore = cpuNow();
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
    rps: run.requests.average,
    errors: run.errors + run.timeouts + run.non2xx,
    target,
  };
  results.push(result);
  const share = ceiling ? `${((result.rps / ceiling.rps) * 100).toFixed(0).padStart(4)} %` : "      ";
  console.log(
    `${name.padEnd(50)} p50 ${fmt(result.p50)}  p95 ${fmt(result.p95)}  p99 ${fmt(result.p99)}  ` +
      `${result.rps.toFixed(0).padStart(6)} req/s ${share}  ${cpu}${result.errors ? `  ${result.errors} errors` : ""}`,
  );
  return result;
}

/**
 * Where each request's CPU time went: the app, the stack (Auth, PostgREST, Storage) and
 * Postgres, from /proc, so that a slow item says which process to look at. On two cores
 * they all share, what one spends the others cannot.
 */
const watched: { app?: number; stack?: number } = {};
const TICK_MS = 10; // USER_HZ is 100 on Linux
function ticksOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // gone: a pooled connection closed
  }
}
function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
function cpuNow(): Cpu {
  const ticks = (pids: Array<number | undefined>) =>
    new Map(pids.filter((pid) => pid !== undefined).map((pid) => [pid, ticksOf(pid)]));
  // Postgres is the stack's child; its backends are the postmaster's children.
  const postgres = childrenOf(watched.stack).flatMap((postmaster) => [postmaster, ...childrenOf(postmaster)]);
  return { app: ticks([watched.app]), stack: ticks([watched.stack]), postgres: ticks(postgres) };
}
/** A backend that ended during the run takes its ticks with it: the figure is then a little low, never wrong in sign. */
function cpuPerRequest(before: Cpu, after: Cpu, requests: number): string {
  if (watched.stack === undefined || requests === 0) return "";
  const ms = (key: keyof Cpu) => {
    let used = 0;
    for (const [pid, ticks] of after[key]) used += ticks - (before[key].get(pid) ?? 0);
    return ((used * TICK_MS) / requests).toFixed(2).padStart(5);
  };
  return `CPU ms/req: app ${ms("app")}  stack ${ms("stack")}  postgres ${ms("postgres")}`;
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

const bare = http.createServer((_, response) => response.end("ok"));
const barePort = await listen(bare);
// The app's port: picked free the same way, then handed to the app's server (`npm start`).
const APP_URL = await freeAppUrl();
console.log("Seeding the large municipality …");
await seedLarge(() => {});
const stack = await startStackProcess();
const children: ChildProcess[] = [stack.child];
watched.stack = stack.child.pid;
const db = new pg.Client({ connectionString: stack.databaseUrl });
await db.connect();

try {
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
  const facilitator = savers[0]!;
  const { rows: claims } = await db.query<{ id: string }>(
    "select id from app.claims where municipality_id = $1 and status = 'submitted' order by id",
    [MUNICIPALITY],
  );
  const {
    rows: [someClaim],
  } = await db.query<{ id: string }>("select id from app.claims where municipality_id = $1 order by id limit 1", [
    MUNICIPALITY,
  ]);

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

  const rpc = (token: string, fn: string, args: unknown) => ({
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

  console.log(`\nLoader RPCs (target p95 < 50 ms)`);
  const loaders: Array<[string, string, string, unknown]> = [
    ["catalogue", stack.anonKey, "catalogue", { municipality_number: "4601" }],
    [
      "catalogue, filtered",
      stack.anonKey,
      "catalogue",
      { municipality_number: "4601", category: "idrett", weekday: 2 },
    ],
    ["club overview", clubAdmin.access_token, "organisation_overview", { organisation_id: CLUB }],
    ["facilitator week", facilitator.token, "facilitator_week", {}],
    ["caseworker work list", caseworker.access_token, "work_list", { municipality_id: MUNICIPALITY }],
    ["caseworker claim queue", caseworker.access_token, "claim_queue", { municipality_id: MUNICIPALITY }],
    ["claim detail", caseworker.access_token, "claim_page", { claim_id: someClaim!.id }],
    ["authorisation queue", caseworker.access_token, "authorisation_queue", { municipality_id: MUNICIPALITY }],
    ["payment batches", caseworker.access_token, "payment_batches", { municipality_id: MUNICIPALITY }],
    ["dashboard", caseworker.access_token, "dashboard", { municipality_id: MUNICIPALITY }],
    ["placements list", caseworker.access_token, "placements", { municipality_id: MUNICIPALITY }],
    [
      "placements without attendance",
      caseworker.access_token,
      "placements",
      { municipality_id: MUNICIPALITY, filter: "no_attendance" },
    ],
    ["participants list", caseworker.access_token, "participants", { municipality_id: MUNICIPALITY }],
    ["placement search", caseworker.access_token, "placement_search", { participant_id: PARTICIPANT }],
    [
      "placement search, filtered",
      caseworker.access_token,
      "placement_search",
      { participant_id: PARTICIPANT, search: "klatre", weekday: 2 },
    ],
    ["budget", caseworker.access_token, "budget_page", { municipality_id: MUNICIPALITY }],
    ["session context (every page's layout)", caseworker.access_token, "session_context", {}],
  ];
  for (const [name, token, fn, args] of loaders) await load(name, rpc(token, fn, args), { p95Below: 50 });

  console.log(`\nWrites (attendance save target p95 < 100 ms)`);
  let turn = 0;
  const participants = Math.round(savers.reduce((sum, saver) => sum + saver.placements.length, 0) / savers.length);
  await load(
    `attendance save (${savers.length} facilitators, ~${participants} marks each)`,
    {
      ...rpc(facilitator.token, "save_attendance", {}),
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
  let next = 0;
  await load("claim decision (approve)", {
    ...rpc(caseworker.access_token, "decide_claim", {}),
    // A fixed number of requests (it overrides the duration): each decides another claim.
    amount: Math.min(claims.length, CONNECTIONS * SECONDS * 20),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            claim_id: claims[next++ % claims.length]!.id,
            decision: "approved",
            // The seeded amounts are random, so some are above an R3 limit: approve them as a caseworker would, with a reason.
            over_limit_reason: "Godkjent i ytelsestest",
          }),
        }),
      },
    ],
  });

  if (app) {
    console.log(`\nPages through the production build (target ≥ 50 % of the bare Remix route's throughput)`);
    const cookies = {
      caseworker: await appSession(APP_URL, CASEWORKER),
      clubAdmin: await appSession(APP_URL, CLUB_ADMIN),
      facilitator: await appSession(APP_URL, facilitator.email),
    };
    const {
      rows: [decided],
    } = await db.query<{ id: string }>(
      "select id from app.claims where municipality_id = $1 and status <> 'draft' order by id limit 1",
      [MUNICIPALITY],
    );
    const pages: Array<[string, string, string?]> = [
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
      await load(name, { url: `${APP_URL}${path}`, headers }, { shareOfRemixAtLeast: 0.5 });
    }
    // The phone's figures are measured beside the server's, but they never stop the bench.
    await benchPhone(APP_URL, [
      { name: "facilitator week", path: "/tilrettelegger", email: facilitator.email, save: true },
      { name: "catalogue", path: "/aktiviteter?kommune=4601" },
      { name: "claim page (caseworker)", path: `/refusjoner/${decided!.id}`, email: CASEWORKER },
    ]).catch((error: unknown) => console.log(`\nPhone figures failed: ${String(error)}`));
  }

  const missed = results.filter(
    ({ target, p95, rps }) =>
      target &&
      ("p95Below" in target ? p95 >= target.p95Below : ceiling && rps < target.shareOfRemixAtLeast * ceiling.rps),
  );
  const failing = results.filter((r) => r.errors > 0);
  console.log(
    missed.length
      ? `\nMissed targets: ${missed.map((r) => `${r.name} (p95 ${r.p95.toFixed(1)} ms, ${r.rps.toFixed(0)} req/s)`).join(", ")}`
      : "\nEvery measured target met.",
  );
  if (failing.length) console.log(`Answered with errors: ${failing.map((r) => `${r.name} (${r.errors})`).join(", ")}`);
} finally {
  bare.close();
  await db.end();
  for (const child of children) child.kill("SIGTERM");
}
