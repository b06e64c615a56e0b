import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { smtpUrl } from "../../supabase/local/config";
import { ANON_KEY, BRREG_URL, SERVICE_ROLE_KEY, SUPABASE_URL } from "./env";

/**
 * Serves the production build (made beforehand by scripts/test.sh or `npm run build`) with
 * remix-serve on `port`, talking to the test stack that global-stack.ts started. `env`
 * changes its settings (a test of the app without the register points BRREG_URL elsewhere).
 */
export async function serveApp(port: number, env: Record<string, string> = {}) {
  const server = path.resolve("build/server/index.js");
  if (!existsSync(server)) throw new Error("No production build: run `npm run build` before the browser tests.");
  const cli = createRequire(import.meta.url).resolve("@remix-run/serve/dist/cli.js");
  const url = `http://localhost:${port}`;
  const app = spawn(process.execPath, [cli, server], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      SUPABASE_URL,
      SUPABASE_ANON_KEY: ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
      SITE_URL: url,
      SMTP_URL: smtpUrl(),
      BRREG_URL,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitUntilServing(app, url);
  return { url, stop: () => stop(app) };
}

async function waitUntilServing(child: ChildProcess, url: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} before it served`);
    try {
      const response = await fetch(`${url}/tilgjengelighet`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app did not answer at ${url} within 30 s`);
}

async function stop(app: ChildProcess) {
  if (app.exitCode !== null) return;
  const exited = new Promise((resolve) => app.once("exit", resolve));
  app.kill("SIGTERM");
  await exited;
}

/** A port nothing listens on at the moment (the system's choice of a free one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
