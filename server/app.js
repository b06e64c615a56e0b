// @ts-check
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { ALLOWED_METHODS, refusalOf, refusalPage } from "./guards.js";
import { log } from "./log.js";
import { staticFiles } from "./static-files.js";

/**
 * @typedef {object} AppOptions
 * @property {import("@remix-run/node").ServerBuild | (() => Promise<import("@remix-run/node").ServerBuild>)} build
 * @property {"production" | "development"} mode
 * @property {string} siteUrl SITE_URL
 * @property {number} trustedProxyHops how many proxies in front of the server add to X-Forwarded-For
 * @property {string} [clientDir] the built browser files; in development Vite serves them
 * @property {import("express").RequestHandler} [devMiddleware] Vite's, in development
 * @property {() => boolean} [draining] true once the server is shutting down
 */

/**
 * The app's HTTP server (docs/decisions/015-many-app-servers.md): what remix-serve gave
 * (compression, the built files with long caching for hashed names, no X-Powered-By), plus
 * the refusals of server/guards.js before anything is read, the client's address from the
 * configured proxy hops, and `Connection: close` while draining. Production and `npm run dev`
 * both run it, so both refuse the same requests.
 * @param {AppOptions} options
 */
export function createApp(options) {
  const app = express();
  app.disable("x-powered-by");
  // 0: the socket's address is the client's. n: the nth address from the end of
  // X-Forwarded-For, the one the outermost of our n proxies saw. A client can put anything
  // at the start of the header, so an untrusted entry is never read.
  app.set("trust proxy", options.trustedProxyHops);

  app.use((req, res, next) => {
    // Whatever the response, a browser must not guess another type than it says (exports, PDFs).
    res.setHeader("X-Content-Type-Options", "nosniff");
    if (options.draining?.()) res.setHeader("Connection", "close");
    const refusal = refusalOf(
      { method: req.method, url: req.originalUrl, host: req.get("host") ?? "", header: (name) => req.get(name) },
      { siteUrl: options.siteUrl },
    );
    if (req.method === "OPTIONS" && !refusal) {
      res.setHeader("Allow", ALLOWED_METHODS.join(", "));
      return void res.status(204).end();
    }
    if (!refusal) return next();
    log("warn", "request_refused", { method: req.method, status: refusal.status, reason: refusal.reason });
    if (refusal.status === 405) res.setHeader("Allow", ALLOWED_METHODS.join(", "));
    // The body is not read: the connection closes after the answer instead of draining it.
    if (req.method !== "GET" && req.method !== "HEAD") res.setHeader("Connection", "close");
    res.status(refusal.status).type("html").send(refusalPage(refusal.status));
  });

  app.use(compression());
  if (options.clientDir) app.use(staticFiles(options.clientDir));
  if (options.devMiddleware) app.use(options.devMiddleware);

  app.use(
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );

  /** @type {import("express").ErrorRequestHandler} */
  const lastResort = (error, _req, res, next) => {
    // Express marks what it refuses itself (a body it cannot parse) with a 4xx status.
    const status = Number(error?.status) >= 400 && Number(error?.status) < 500 ? Number(error.status) : 500;
    log(status === 500 ? "error" : "warn", "server_error", {
      status,
      error: error instanceof Error ? error.name : typeof error,
    });
    // Part of a response went out already: Express's own handler cuts the connection.
    if (res.headersSent) return next(error);
    res
      .status(status)
      .type("text")
      .send(status === 500 ? "Internal Server Error" : "Bad Request");
  };
  app.use(lastResort);
  return app;
}
