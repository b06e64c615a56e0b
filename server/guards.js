// @ts-check
import { isSameOrigin } from "./same-origin.js";

/**
 * What the server refuses before the app sees a request (issue 16, R12: a clear 4xx, never a
 * 500). Each refusal is cheap: nothing of the body is read.
 */
export const MEBIBYTE = 1024 * 1024;

/**
 * The largest body the server takes at all: a claim form with one 10 MiB receipt
 * (RECEIPT_MAX_BYTES in app/lib/claims.ts) and its fields. Each form's own, smaller limit is
 * the app's (readForm in app/lib/form-body.server.ts); this is the wall for any action that
 * forgot it.
 */
export const MAX_BODY_BYTES = 11 * MEBIBYTE;

/** The methods the app answers. OPTIONS gets the list; anything else (TRACE, PUT …) 405. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"];

/**
 * TRUSTED_PROXY_HOPS: how many reverse proxies in front of the server append to
 * X-Forwarded-For. Anything but a whole number stops the server at start-up, as a typo here
 * would silently let clients pick their own address or share one.
 * @param {string | undefined} value
 */
export function proxyHops(value) {
  const hops = Number(value ?? 0);
  if (value?.trim() === "" || !Number.isInteger(hops) || hops < 0) {
    throw new Error(`TRUSTED_PROXY_HOPS must be a whole number of proxies, 0 or more; it is "${value}"`);
  }
  return hops;
}

/**
 * @typedef {object} GuardedRequest
 * @property {string} method
 * @property {string} url the path and query as sent
 * @property {string} host the Host header
 * @property {(name: string) => string | undefined} header
 *
 * @typedef {"method_not_allowed" | "bad_url" | "length_required" | "body_too_large" | "cross_site"} RefusalReason
 * @typedef {{ status: 400 | 403 | 405 | 411 | 413, reason: RefusalReason }} Refusal
 */

/**
 * @param {GuardedRequest} request
 * @param {{ siteUrl: string, maxBodyBytes?: number }} options
 * @returns {Refusal | null}
 */
export function refusalOf(request, { siteUrl, maxBodyBytes = MAX_BODY_BYTES }) {
  if (!ALLOWED_METHODS.includes(request.method)) return { status: 405, reason: "method_not_allowed" };
  // No page takes a NUL byte, and Postgres cannot store one in text: refused before any
  // loader passes it on. A path that cannot be decoded names no page.
  if (/%00/.test(request.url) || !decodes(request.url.split("?")[0] ?? "")) return { status: 400, reason: "bad_url" };
  const length = request.header("content-length");
  // Browsers always say how long a form is. Without a length (chunked) the body's size is
  // known only after reading it, so such a request is refused before anything is read.
  if (length === undefined && request.header("transfer-encoding") !== undefined) {
    return { status: 411, reason: "length_required" };
  }
  if (length !== undefined && Number(length) > maxBodyBytes) return { status: 413, reason: "body_too_large" };
  const origin = {
    method: request.method,
    host: request.host,
    origin: request.header("origin") ?? null,
    fetchSite: request.header("sec-fetch-site") ?? null,
    referer: request.header("referer") ?? null,
  };
  if (!isSameOrigin(origin, siteUrl)) return { status: 403, reason: "cross_site" };
  return null;
}

/** @param {string} path */
function decodes(path) {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** @type {Record<Refusal["status"], [nb: string, en: string]>} */
const explanations = {
  400: ["Adressen inneholder tegn som ikke er tillatt.", "The address contains characters that are not allowed."],
  403: [
    "Skjemaet ble sendt fra et annet nettsted, og ble avvist. Gå til Sammen og send det derfra.",
    "The form was sent from another website and was refused. Go to Sammen and send it from there.",
  ],
  405: ["Denne typen forespørsel tas ikke imot her.", "This kind of request is not accepted here."],
  411: [
    "Forespørselen manglet lengden på innholdet. Send skjemaet på nytt fra nettleseren.",
    "The request did not say how long its content is. Send the form again from the browser.",
  ],
  413: [
    `Det du sendte, var for stort (over ${MAX_BODY_BYTES / MEBIBYTE} MB). Gå tilbake, velg en mindre fil eller forkort teksten, og prøv igjen.`,
    `What you sent was too large (over ${MAX_BODY_BYTES / MEBIBYTE} MB). Go back, choose a smaller file or shorten the text, and try again.`,
  ],
};

/**
 * A refusal as a small page, bokmål first and English second: the app's layout and message
 * catalogue are not reached for a request the server turns away.
 * @param {Refusal["status"]} status
 */
export function refusalPage(status) {
  const [nb, en] = explanations[status];
  return `<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sammen</title></head>
<body>
<main>
<h1>Sammen</h1>
<p>${nb}</p>
<p lang="en">${en}</p>
<p><a href="/">Til forsiden</a> · <a href="/" lang="en">To the front page</a></p>
</main>
</body>
</html>
`;
}
