import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A throw-away cluster of the distribution's PostgreSQL with the real pg_cron preloaded, as
 * a hosted project has it (Debian: `apt-get install postgresql-15 postgresql-15-cron`).
 * Run as root, the server runs as the `postgres` user, as Postgres refuses root.
 */
export const debianBinDir = process.env.SAMMEN_PG_CRON_BINDIR ?? "/usr/lib/postgresql/15/bin";

/** Why the binaries cannot be used, or undefined when they can. */
export function missingPgCron(): string | undefined {
  for (const tool of ["initdb", "pg_ctl", "pg_config"]) {
    if (!fs.existsSync(path.join(debianBinDir, tool))) return `${path.join(debianBinDir, tool)} is missing`;
  }
  const library = path.join(
    execFileSync(path.join(debianBinDir, "pg_config"), ["--pkglibdir"]).toString().trim(),
    "pg_cron.so",
  );
  return fs.existsSync(library) ? undefined : `${library} is missing`;
}

export type Cluster = { url: string; stop: () => void };

const PASSWORD = "postgres";

export function startPgCronCluster(port: number): Cluster {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sammen-pg-cron-"));
  const dataDir = path.join(root, "data");
  const asServer = serverUser(root);
  fs.writeFileSync(path.join(root, "password"), PASSWORD);
  asServer("initdb", [
    `--pgdata=${dataDir}`,
    "--username=postgres",
    `--pwfile=${path.join(root, "password")}`,
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
  ]);
  const settings = {
    port: String(port),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: root,
    shared_preload_libraries: "pg_cron",
    "cron.database_name": "postgres",
    // pg_cron runs each job over a connection of its own; the socket needs no password.
    "cron.host": root,
    fsync: "off",
  };
  const options = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(" ");
  asServer("pg_ctl", [
    "start",
    "--wait",
    "--timeout=60",
    `--pgdata=${dataDir}`,
    `--log=${path.join(root, "log")}`,
    `--options=${options}`,
  ]);
  return {
    url: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => {
      asServer("pg_ctl", ["stop", "--wait", "--mode=immediate", `--pgdata=${dataDir}`]);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function serverUser(root: string) {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString());
    fs.chownSync(root, id("-u"), id("-g"));
  }
  return (tool: string, args: string[]) => {
    const command = path.join(debianBinDir, tool);
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: ["ignore", "ignore", "pipe"], cwd: root, timeout: 90_000 });
  };
}
