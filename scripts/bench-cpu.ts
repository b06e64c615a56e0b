import fs from "node:fs";

/**
 * Where each request's CPU time went: the app, the stack (Auth, PostgREST, Storage) and
 * Postgres, from /proc, so that a slow item says which process to look at. On two cores
 * they all share, what one spends the others cannot. Postgres's own workers (autovacuum
 * after the writes, the checkpointer) are counted apart from the backends answering queries:
 * they work for earlier items as much as for the one being measured.
 */
export type CpuPerRequest = { app: number; stack: number; postgres: number; background: number };

/** Clock ticks used so far, per process id: Postgres backends come and go during a run. */
type Ticks = Record<keyof CpuPerRequest, Map<number, number>>;

/** `main` is the large seed's stack; `stack` the one a measurement watches. */
export const watched: { app?: number; stack?: number; main?: number } = {};

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticksOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // gone: a pooled connection closed
  }
}

/** A Postgres backend names itself `postgres: <user> <database> <client address> <state>`. */
function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
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

export function cpuNow(): Ticks {
  const ticks = (pids: Array<number | undefined>) =>
    new Map(pids.filter((pid) => pid !== undefined).map((pid) => [pid, ticksOf(pid)]));
  // Postgres is the stack's child; its backends are the postmaster's children.
  const postgres = childrenOf(watched.stack).flatMap((postmaster) => [postmaster, ...childrenOf(postmaster)]);
  const isBackend = (pid: number) => /^postgres: \S+ \S+ 127\.0\.0\.1/.test(commandOf(pid));
  return {
    app: ticks([watched.app]),
    stack: ticks([watched.stack]),
    postgres: ticks(postgres.filter(isBackend)),
    background: ticks(postgres.filter((pid) => !isBackend(pid))),
  };
}

/** A backend that ended during the run takes its ticks with it: the figure is then a little low, never wrong in sign. */
export function cpuPerRequest(before: Ticks, after: Ticks, requests: number): CpuPerRequest | undefined {
  if (watched.stack === undefined || requests === 0) return undefined;
  const ms = (key: keyof Ticks) => {
    let used = 0;
    for (const [pid, ticks] of after[key]) used += ticks - (before[key].get(pid) ?? 0);
    return (used * TICK_MS) / requests;
  };
  return { app: ms("app"), stack: ms("stack"), postgres: ms("postgres"), background: ms("background") };
}

export const cpuLine = (cpu: CpuPerRequest) =>
  `CPU ms/req: app ${cpu.app.toFixed(2).padStart(5)}  stack ${cpu.stack.toFixed(2).padStart(5)}  ` +
  `postgres ${cpu.postgres.toFixed(2).padStart(5)} (+${cpu.background.toFixed(2)} autovacuum, writers)`;
