import type pg from "pg";

/** Whether the server has the real pg_cron (see bootstrap/40_cron.sql), which runs the jobs itself. */
export async function hasRealPgCron(client: pg.ClientBase) {
  const { rows } = await client.query("select exists (select from pg_extension where extname = 'pg_cron') as real");
  return rows[0].real as boolean;
}

/**
 * Runs the jobs in the stand-in's `cron.job` (see bootstrap/40_cron.sql) when their five-field cron
 * schedule matches the current minute (UTC, as pg_cron). Supports `*`, numbers, lists,
 * ranges and steps.
 */
export function startScheduler(pool: pg.Pool, log: (line: string) => void, now: () => Date = () => new Date()) {
  let lastMinute = -1;
  const tick = async () => {
    const at = now();
    const minute = Math.floor(at.getTime() / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    const { rows } = await pool.query<{ jobname: string; schedule: string; command: string }>(
      "select jobname, schedule, command from cron.job where active",
    );
    for (const job of rows.filter((row) => cronMatches(row.schedule, at))) {
      await pool.query(job.command).catch((error: Error) => log(`job ${job.jobname} failed: ${error.message}`));
    }
  };
  const timer = setInterval(() => void tick().catch((error: Error) => log(`scheduler: ${error.message}`)), 10_000);
  timer.unref();
  return () => clearInterval(timer);
}

const fieldRanges: Array<[min: number, max: number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

export function cronMatches(schedule: string, at: Date): boolean {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  const values = [at.getUTCMinutes(), at.getUTCHours(), at.getUTCDate(), at.getUTCMonth() + 1, at.getUTCDay()];
  return fields.every((field, i) => fieldMatches(field, values[i]!, fieldRanges[i]!));
}

function fieldMatches(field: string, value: number, [min, max]: [number, number]): boolean {
  return field.split(",").some((part) => {
    const [range = "*", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === "*") [from, to] = [min, max];
    else if (range.includes("-")) [from, to] = range.split("-").map(Number) as [number, number];
    else [from, to] = [Number(range), stepText === undefined ? Number(range) : max]; // "5/10" runs from 5 to the end
    if (Number.isNaN(from) || Number.isNaN(to) || !(step > 0)) return false;
    return value >= from && value <= to && (value - from) % step === 0;
  });
}
