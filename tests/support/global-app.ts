import { APP_PORT } from "./app";
import { serveApp } from "./serve-app";

/** Serves the app under test on SAMMEN_APP_PORT for the browser tests (serve-app.ts). */
let app: Awaited<ReturnType<typeof serveApp>> | undefined;

export async function setup() {
  app = await serveApp(APP_PORT);
}

export async function teardown() {
  await app?.stop();
}
