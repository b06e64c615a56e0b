import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { smtpUrl } from "../../supabase/local/config";
import { ANON_KEY, BRREG_URL, SERVICE_ROLE_KEY, SUPABASE_URL } from "./env";

/**
 * The production build served by the app's own server (server/index.js), as `npm start`
 * runs it, talking to the test stack. The build is made beforehand (scripts/test.sh or
 * `npm run build`). `env` changes its settings (a test of the app without the register points
 * BRREG_URL elsewhere).
 */
export type AppServer = { process: ChildProcess; url: string; stop: () => Promise<number | null> };

export async function startAppServer(port: number, env: Record<string, string> = {}): Promise<AppServer> {
  if (!existsSync(path.resolve("build/server/index.js"))) {
    throw new Error("No production build: run `npm run build` before the browser tests.");
  }
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [path.resolve("server/index.js")], {
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
  await waitUntilServing(child, url);
  return { process: child, url, stop: () => stopProcess(child) };
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

/** SIGTERM, as a platform stops a server; resolves with its exit code once it has drained. */
export async function stopProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exited;
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
