import { APP_PORT } from "./app";
import { startAppServer, type AppServer } from "./app-server";

/**
 * Serves the production build with the app's own server on SAMMEN_APP_PORT, talking to the
 * test stack that global-stack.ts started. The tests play the one reverse proxy in front
 * (TRUSTED_PROXY_HOPS=1): a test that stands for a client of its own says so in
 * X-Forwarded-For, as a proxy would.
 */
let app: AppServer | undefined;

export async function setup() {
  app = await startAppServer(APP_PORT, { TRUSTED_PROXY_HOPS: "1" });
}

export async function teardown() {
  await app?.stop();
}
