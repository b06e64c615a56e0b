// @ts-check
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installGlobals } from "@remix-run/node";
import { createApp } from "./app.js";
import { drainOnSignals } from "./drain.js";
import { ALLOWED_METHODS, proxyHops } from "./guards.js";
import { log } from "./log.js";

/**
 * `npm start` (production: the build in build/) and `npm run dev` (NODE_ENV=development:
 * Vite with the app's source). Settings, from the environment:
 * - PORT (3000) and HOST (all interfaces);
 * - TRUSTED_PROXY_HOPS (0): how many reverse proxies in front add to X-Forwarded-For;
 *   0 takes the client's address from the socket;
 * - SITE_URL, SUPABASE_URL and the keys, read by the app (app/lib/env.server.ts).
 */
process.env.NODE_ENV ??= "production";
const mode = process.env.NODE_ENV === "development" ? "development" : "production";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
const trustedProxyHops = proxyHops(process.env.TRUSTED_PROXY_HOPS);
const siteUrl = process.env.SITE_URL ?? `http://localhost:${port}`;

installGlobals({ nativeFetch: true });

const server = http.createServer();
const { draining } = drainOnSignals(server, { log: (event, fields) => log("info", event, fields) });
const app = createApp({ mode, siteUrl, trustedProxyHops, draining, ...(await appSource()) });
server.on("request", app);
server.on("clientError", answerClientError);
// CONNECT never reaches Express: without this, Node would drop the connection unanswered.
server.on("connect", (_req, socket) => refuseMethod(socket));
server.listen(port, process.env.HOST, () => {
  log("info", "listening", { port, mode, trusted_proxy_hops: trustedProxyHops });
});

/** The production build, or Vite serving the source with hot reloading on this server's port. */
async function appSource() {
  if (mode === "production") {
    const build = await import(path.join(root, "build/server/index.js"));
    return { build, clientDir: path.join(root, "build/client") };
  }
  const vite = await import("vite");
  const dev = await vite.createServer({ root, server: { middlewareMode: true, hmr: { server } } });
  return {
    build: () =>
      /** @type {Promise<import("@remix-run/node").ServerBuild>} */ (dev.ssrLoadModule("virtual:remix/server-build")),
    devMiddleware: dev.middlewares,
  };
}

/**
 * A request Node's parser refuses before Express sees it. A method it does not know gets 405
 * like any other method we do not take; anything else the 400 Node would send.
 * @param {Error & { code?: string }} error
 * @param {import("node:stream").Duplex} socket
 */
function answerClientError(error, socket) {
  if (!socket.writable) return void socket.destroy();
  if (error.code === "HPE_INVALID_METHOD") return refuseMethod(socket);
  socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

/** @param {import("node:stream").Duplex} socket */
function refuseMethod(socket) {
  const allow = ALLOWED_METHODS.join(", ");
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: ${allow}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}
