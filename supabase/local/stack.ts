import type { Server } from "node:http";
import { API_PORT, ANON_KEY, SERVICE_ROLE_KEY, AUTHENTICATOR_PASSWORD, SMTP_PORT, apiUrl, smtpUrl } from "./config";
import { Mailbox } from "./mailbox";
import { projectConfig } from "./project";
import { smtpSender, startSmtpServer, type SmtpServer } from "./smtp";
import { bootstrap, isBootstrapped, migrate, seed, wipe } from "./migrate";
import { hasRealPgCron, startScheduler } from "./cron";
import { createPool, rolePools, startDatabase, urlForRole } from "./postgres";
import { createStackServer } from "./server";

export type StackOptions = {
  /** Rebuild the database from scratch (bootstrap, migrations, seed). */
  reset?: boolean;
  /** A PostgreSQL server to use instead of DATABASE_URL or the embedded one. */
  databaseUrl?: string;
  /** Serve HTTP on this port (0 picks a free one), and SMTP on `smtpPort`; false serves neither. */
  port?: number | false;
  smtpPort?: number;
  now?: () => Date;
  log?: (line: string) => void;
  /**
   * Run the scheduled jobs of `cron.job` with pg_cron's stand-in; never where the real pg_cron
   * runs them. Tests call the jobs themselves.
   */
  cron?: boolean;
};

export type Stack = {
  url: string;
  /** The stack's SMTP server, whose mail lands in the mailbox: the app's SMTP_URL in development. */
  smtpUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  databaseUrl: string;
  stop: () => Promise<void>;
};

/**
 * Starts the local Supabase stand-in: Postgres (embedded unless DATABASE_URL is set),
 * bootstrap + migrations + seed on a fresh database, migrations only on an existing one,
 * the HTTP server and the SMTP server that feeds the mailbox.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const database = await startDatabase({ log, url: options.databaseUrl });
  const admin = createPool(database.url, 10);
  const client = await admin.connect();
  let realPgCron: boolean;
  try {
    const fresh = options.reset || !(await isBootstrapped(client));
    if (fresh) {
      await wipe(client);
      await bootstrap(client);
    }
    const applied = await migrate(client);
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    if (fresh) {
      await seed(client);
      log("seeded demo data");
    }
    realPgCron = await hasRealPgCron(client);
    if (realPgCron) log("pg_cron runs the scheduled jobs");
  } finally {
    client.release();
  }

  const authenticatorUrl = urlForRole(database.url, "authenticator", AUTHENTICATOR_PASSWORD);
  const api = createPool(authenticatorUrl, 40);
  const apiPools = rolePools(authenticatorUrl, 40, api);
  const stopScheduler = options.cron === false || realPgCron ? () => {} : startScheduler(admin, log, options.now);
  const mailbox = new Mailbox(admin);
  let smtp: SmtpServer | undefined;
  let server: Server | undefined;
  let url = apiUrl();
  if (options.port !== false) smtp = await startSmtpServer(mailbox, options.smtpPort ?? SMTP_PORT);
  const authMail = smtpSender(smtpUrl(smtp?.port), projectConfig.mailSender);
  const context = {
    admin,
    api,
    apiAs: apiPools.forRole,
    mailbox,
    sendMail: authMail.send,
    now: options.now ?? (() => new Date()),
  };
  if (options.port !== false) {
    server = createStackServer(context);
    const port = options.port ?? API_PORT;
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") url = `http://127.0.0.1:${address.port}`;
  }

  return {
    url,
    smtpUrl: smtpUrl(smtp?.port),
    anonKey: ANON_KEY,
    serviceRoleKey: SERVICE_ROLE_KEY,
    databaseUrl: database.url,
    stop: async () => {
      stopScheduler();
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
      }
      authMail.close();
      await smtp?.stop();
      await apiPools.end();
      await api.end();
      await admin.end();
      await database.stop();
    },
  };
}
