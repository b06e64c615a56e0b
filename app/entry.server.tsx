import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { type EntryContext, type HandleDataRequestFunction, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { errorFields, log } from "./lib/log.server";
import { NonceContext } from "./lib/nonce";
import { newNonce, setPrivacyHeaders, setSecurityHeaders } from "./lib/security-headers.server";

const ABORT_DELAY = 5_000;

/**
 * Renders a page with a fresh CSP nonce, the security headers and a log line once it is
 * rendered. Remix calls this after the loaders and the action have run, so the duration
 * logged is the rendering of the page.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const started = performance.now();
  const nonce = newNonce();
  const requestId = requestIdOf(request);
  const route = remixContext.staticHandlerContext.matches.at(-1)?.route.id ?? null;
  setSecurityHeaders(responseHeaders, nonce);
  responseHeaders.set("X-Request-Id", requestId);
  responseHeaders.set("Content-Type", "text/html");

  return new Promise<Response>((resolve, reject) => {
    // No route suspends, so the whole page is ready as soon as its shell is: it is sent as one
    // buffer with a length, which costs less than streaming it in small chunks.
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    body.on("finish", () => {
      const html = Buffer.concat(chunks);
      // Here, not before rendering: a render that failed changed the status.
      setPrivacyHeaders(request, responseHeaders, responseStatusCode);
      responseHeaders.set("Content-Length", String(html.byteLength));
      resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
      log.info("request", {
        request_id: requestId,
        method: request.method,
        route,
        status: responseStatusCode,
        duration_ms: Math.round(performance.now() - started),
      });
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady: () => (shellRendered = true),
        onAllReady: () => pipe(body),
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject and reach handleError through Remix.
          if (shellRendered) log.error("render_failed", { request_id: requestId, route, ...errorFields(error) });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY).unref();
  });
}

/** Data requests (client navigation, fetchers) get the same headers, without the page's CSP, and a log line. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  const requestId = requestIdOf(request);
  setSecurityHeaders(response.headers);
  setPrivacyHeaders(request, response.headers, response.status);
  response.headers.set("X-Request-Id", requestId);
  log.info("data_request", {
    request_id: requestId,
    method: request.method,
    route: pathPattern(new URL(request.url).pathname),
    status: response.status,
  });
  return response;
};

/**
 * Unexpected errors in loaders, actions and rendering. Aborted requests are not errors, nor is
 * a refusal Remix answers itself (a post to a page without a form: 405), and a post that
 * Remix's own origin check stopped (docs/decisions/008-csrf-and-csp.md) is a refusal, not a
 * fault of ours.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const fields = { request_id: requestIdOf(request), method: request.method };
  if (error instanceof Error && /does not match `origin` header/.test(error.message)) {
    log.warn("cross_site_post_refused", fields);
  } else {
    log.error("unhandled_error", { ...fields, ...errorFields(error) });
  }
};

// A proxy's request id joins our lines to its own; otherwise the request gets one of ours.
const requestIds = new WeakMap<Request, string>();
function requestIdOf(request: Request): string {
  const forwarded = request.headers.get("X-Request-Id");
  if (forwarded && /^[\w-]{1,64}$/.test(forwarded)) return forwarded;
  let id = requestIds.get(request);
  if (!id) requestIds.set(request, (id = randomBytes(8).toString("hex")));
  return id;
}

// Ids and tokens in a path say which record, which is not the log's business.
const pathPattern = (path: string) =>
  path
    .split("/")
    .map((segment) => (/^[0-9a-f-]{36}$/i.test(segment) || segment.length >= 20 ? ":id" : segment))
    .join("/");
