import { startStack } from "./stack";

/**
 * `npm run stack` – runs the local stack in the foreground and prints what `supabase status`
 * prints, and the SMTP_URL of its mailbox. `--reset` rebuilds the database; `--exit` stops once ready (for `npm run db:reset`);
 * `--no-cron` leaves the scheduled jobs alone (benchmarks).
 */
const args = new Set(process.argv.slice(2));
const stack = await startStack({
  reset: args.has("--reset"),
  cron: !args.has("--no-cron"),
  log: (line) => console.error(`[stack] ${line}`),
});

console.log(`SUPABASE_URL=${stack.url}`);
console.log(`SUPABASE_ANON_KEY=${stack.anonKey}`);
console.log(`SUPABASE_SERVICE_ROLE_KEY=${stack.serviceRoleKey}`);
console.log(`DATABASE_URL=${stack.databaseUrl}`);
console.log(`SMTP_URL=${stack.smtpUrl}`);
console.error(`[stack] mailbox: ${stack.url}/mailbox`);

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
if (args.has("--exit")) await shutdown();
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
