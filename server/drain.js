// @ts-check
/**
 * Graceful shutdown for a server behind a load balancer: on SIGTERM (or SIGINT) the server
 * stops accepting connections, lets the requests in flight finish, and closes each
 * keep-alive connection once its current response is sent, so no client has a request cut
 * off. What is still running after `graceMs` is cut off, and the process exits.
 *
 * @param {import("node:http").Server} server
 * @param {{ graceMs?: number, log?: (event: string, fields?: Record<string, string | number>) => void }} [options]
 * @returns {{ draining: () => boolean }}
 */
export function drainOnSignals(server, { graceMs = 25_000, log = () => {} } = {}) {
  let draining = false;
  const drain = (/** @type {NodeJS.Signals} */ signal) => {
    if (draining) return;
    draining = true;
    log("draining", { signal });
    server.close(() => {
      log("drained");
      process.exit(0);
    });
    // Connections waiting for their next request close now, and busy ones as soon as their
    // response is sent (server/app.js also answers new requests with `Connection: close`).
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 200).unref();
    setTimeout(() => {
      log("drain_timed_out", { grace_ms: graceMs });
      server.closeAllConnections();
      process.exit(1);
    }, graceMs).unref();
  };
  process.once("SIGTERM", drain);
  process.once("SIGINT", drain);
  return { draining: () => draining };
}
