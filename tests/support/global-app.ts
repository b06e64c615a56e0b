import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { smtpUrl } from "../../supabase/local/config";
import { ANON_KEY, SERVICE_ROLE_KEY, SUPABASE_URL } from "./env";
import { APP_URL, APP_PORT } from "./app";

/**
 * Serves the production build (made beforehand by scripts/test.sh or `npm run build`) with
 * remix-serve on SAMMEN_APP_PORT, talking to the test stack that global-stack.ts started.
 */
let app: ChildProcess | undefined;

export async function setup() {
  const server = path.resolve("build/server/index.js");
  if (!existsSync(server)) throw new Error("No production build: run `npm run build` before the browser tests.");
  const cli = createRequire(import.meta.url).resolve("@remix-run/serve/dist/cli.js");
  app = spawn(process.execPath, [cli, server], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(APP_PORT),
      SUPABASE_URL,
      SUPABASE_ANON_KEY: ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
      SITE_URL: APP_URL,
      SMTP_URL: smtpUrl(),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitUntilServing(app);
}

async function waitUntilServing(child: ChildProcess) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} before it served`);
    try {
      const response = await fetch(`${APP_URL}/tilgjengelighet`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app did not answer at ${APP_URL} within 30 s`);
}

export async function teardown() {
  if (!app || app.exitCode !== null) return;
  const exited = new Promise((resolve) => app!.once("exit", resolve));
  app.kill("SIGTERM");
  await exited;
}
