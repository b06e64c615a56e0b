import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the benches share: the local stack and the production build as their own processes, on 127.0.0.1. */
export const DEMO_PASSWORD = "Sammen-demo-2026";

export type StackProcess = {
  child: ChildProcess;
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  databaseUrl: string;
};

/**
 * The stack in its own process, as `npm run stack` runs it, so the load generator does not
 * share its CPU time. `args` are the CLI's (`--reset` for the demo data afresh); `env` says
 * which data folder and ports.
 */
export async function startStackProcess(args: string[] = [], env = process.env): Promise<StackProcess> {
  // Node itself (not npx) as the child, so that killing it stops the stack and its Postgres.
  const child = spawn(process.execPath, ["--import", "tsx", "supabase/local/cli.ts", "--no-cron", ...args], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The stream keeps flowing after the four values: closing it would fail the stack's next write.
  const values = await new Promise<Record<string, string>>((resolve, reject) => {
    const found: Record<string, string> = {};
    child.once("exit", (code) => reject(new Error(`the stack exited with code ${code} before it was ready`)));
    child.stdout!.on("data", (chunk) => {
      for (const line of String(chunk).split("\n")) {
        const match = /^(SUPABASE_URL|SUPABASE_ANON_KEY|SUPABASE_SERVICE_ROLE_KEY|DATABASE_URL)=(.+)$/.exec(line);
        if (match) found[match[1]!] = match[2]!;
      }
      if (Object.keys(found).length === 4) resolve(found);
    });
  });
  return {
    child,
    url: values.SUPABASE_URL!,
    anonKey: values.SUPABASE_ANON_KEY!,
    serviceRoleKey: values.SUPABASE_SERVICE_ROLE_KEY!,
    databaseUrl: values.DATABASE_URL!,
  };
}

/** An HTTP server on a port the system picks, so that the bench never collides with anyone's dev server. */
export async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** A free address for the app's server: picked the same way, then handed to it. */
export async function freeAppUrl(): Promise<string> {
  const probe = http.createServer();
  const url = `http://127.0.0.1:${await listen(probe)}`;
  probe.close();
  return url;
}

export function waitForHttp(url: string, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  return new Promise<void>((resolve, reject) => {
    const attempt = () =>
      fetch(url)
        .then(() => resolve())
        .catch(() => (Date.now() > deadline ? reject(new Error(`${url} did not answer`)) : setTimeout(attempt, 250)));
    attempt();
  });
}

/** The production build (`npm start`) at `appUrl`, talking to the stack; resolves once it answers. */
export async function startApp(appUrl: string, stack: StackProcess): Promise<ChildProcess> {
  // Node itself, not npm, so that the CPU read from /proc is the app's; with `npm start`'s flags.
  const { scripts } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  const nodeFlags = scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
  const app = spawn(process.execPath, [...nodeFlags, "server/index.js"], {
    env: {
      ...process.env,
      PORT: new URL(appUrl).port,
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SUPABASE_URL: stack.url,
      SUPABASE_ANON_KEY: stack.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
      SITE_URL: appUrl,
    },
    stdio: "ignore",
  });
  await waitForHttp(`${appUrl}/helse`);
  return app;
}

/** Signs in through the app's own form, as a browser would, and returns the session cookies. */
export async function appSession(appUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${appUrl}/logg-inn`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: appUrl },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  if (response.status !== 302 || cookies.length === 0)
    throw new Error(`app sign-in of ${email} failed: ${response.status}`);
  return cookies.join("; ");
}
