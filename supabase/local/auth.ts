import type { IncomingMessage } from "node:http";
import { ANON_KEY, SERVICE_ROLE_KEY } from "./config";
import { headerValue, HttpError, sendJson, type Handler } from "./http";
import { getUser, logoutUser, updateCurrentUser } from "./auth/account";
import { adminCreateUser, adminGetUser, invite, recover } from "./auth/admin";
import { sendAuthError } from "./auth/errors";
import { readBodyOnce, type AuthRequest } from "./auth/request";
import { signup } from "./auth/signup";
import { token } from "./auth/token";
import { Redirect, transactionOn } from "./auth/transaction";
import type { Db } from "./auth/users";
import { verifyGet, verifyPost } from "./auth/verify";

/**
 * /auth/v1: the part of Supabase Auth (GoTrue) the portal uses, behind the checks the
 * Supabase API gateway makes. See supabase/local/auth/ for the endpoints.
 */
type Route = {
  method: "GET" | "POST" | "PUT";
  path: RegExp;
  /** The gateway lets e-mail links through without an API key. */
  open?: boolean;
  handle: (auth: AuthRequest, params: string[]) => Promise<unknown>;
};

/** Most endpoints do all their writes in one transaction. */
const inTransaction =
  (handler: (auth: AuthRequest, db: Db, ...params: string[]) => Promise<unknown>) =>
  (auth: AuthRequest, params: string[]) =>
    transactionOn(auth.context.admin)((db) => handler(auth, db, ...params));

const routes: Route[] = [
  { method: "POST", path: /^\/signup$/, handle: inTransaction(signup) },
  { method: "POST", path: /^\/token$/, handle: inTransaction(token) },
  { method: "GET", path: /^\/user$/, handle: inTransaction(getUser) },
  { method: "PUT", path: /^\/user$/, handle: inTransaction(updateCurrentUser) },
  { method: "POST", path: /^\/logout$/, handle: inTransaction(logoutUser) },
  { method: "POST", path: /^\/recover$/, handle: inTransaction(recover) },
  { method: "POST", path: /^\/verify$/, open: true, handle: inTransaction(verifyPost) },
  {
    method: "GET",
    path: /^\/verify$/,
    open: true,
    handle: (auth) => verifyGet(auth, transactionOn(auth.context.admin)),
  },
  { method: "POST", path: /^\/invite$/, handle: inTransaction(invite) },
  { method: "POST", path: /^\/admin\/users$/, handle: inTransaction(adminCreateUser) },
  { method: "GET", path: /^\/admin\/users\/([^/]+)$/, handle: inTransaction(adminGetUser) },
];

export const handleAuth: Handler = async (request, response, url, context) => {
  const path = url.pathname.replace(/^\/auth\/v1/, "").replace(/(.)\/$/, "$1");
  const found = routes
    .filter((candidate) => candidate.method === request.method)
    .map((candidate) => ({ route: candidate, match: candidate.path.exec(path) }))
    .find((candidate) => candidate.match);
  if (!found?.match) {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    return void response.end("404 page not found\n");
  }
  const { route, match } = found;
  if (!route.open) checkApiKey(request, url);

  const auth: AuthRequest = { request, url, context, now: context.now(), body: readBodyOnce(request) };
  let reply: unknown;
  try {
    reply = await route.handle(auth, match.slice(1));
  } catch (error) {
    return sendAuthError(request, response, error);
  }
  if (reply instanceof Redirect) {
    response.writeHead(303, { location: reply.location });
    return void response.end();
  }
  if (reply === undefined) {
    response.writeHead(204);
    return void response.end();
  }
  sendJson(response, 200, reply);
};

/** The gateway's key check: the anon or the service-role key, as header or query parameter. */
function checkApiKey(request: IncomingMessage, url: URL) {
  const key = headerValue(request, "apikey") ?? url.searchParams.get("apikey");
  if (!key) {
    throw new HttpError(401, {
      message: "No API key found in request",
      hint: "No `apikey` request header or url param was found.",
    });
  }
  if (key !== ANON_KEY && key !== SERVICE_ROLE_KEY) {
    throw new HttpError(401, {
      message: "Invalid API key",
      hint: "Double check your Supabase `anon` or `service_role` API key.",
    });
  }
}
