import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { headerValue, readBody, type Handler } from "./http";
import { authenticate, type Auth } from "./rest/auth";
import { callStatement, type CallArgs } from "./rest/call";
import { fromDatabaseError, PgrstError, sendPgrstError } from "./rest/errors";
import { findRoutine, RoutineCache } from "./rest/routines";
import { roleSettings } from "./rest/role-settings";
import { sessionSql } from "./rest/session";

/**
 * /rest/v1: PostgREST's RPC endpoint, `/rpc/<fn>` by POST (JSON arguments) or GET (query
 * arguments), with the settings of a Supabase project: db-schemas=api, db-anon-role=anon,
 * db-extra-search-path=public,extensions. No table endpoints: the portal has none.
 *
 * Each call is one transaction sent as one simple-query message (settings, the
 * db-pre-request function if the database names one, then the call), so a page's RPC costs
 * one round trip to Postgres.
 */
const SCHEMAS = ["api"];
const SEARCH_PATH = ['"api"', '"public"', '"extensions"'].join(", ");
/** Query parameters PostgREST reserves for itself, never function arguments. */
const RESERVED_PARAMS = new Set(["select", "columns", "order", "limit", "offset", "on_conflict", "and", "or"]);
const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const caches = new WeakMap<pg.Pool, RoutineCache>();

export const handleRest: Handler = async (request, response, url, context) => {
  try {
    const match = /^\/rest\/v1\/rpc\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) throw new PgrstError(404, "PGRST125", "Invalid path specified in request URL");
    const method = request.method ?? "GET";
    if (!["GET", "HEAD", "POST"].includes(method))
      throw new PgrstError(405, "PGRST101", `Cannot use the ${method} method on RPC`);

    const auth = authenticate(request, context.now().getTime());
    const profile = schemaProfile(request, method);
    const schema = profile ?? SCHEMAS[0]!;
    let cache = caches.get(context.api);
    if (!cache) caches.set(context.api, (cache = new RoutineCache(context.api, schema)));

    const name = decodeURIComponent(match[1]!);
    const isPost = method === "POST";
    const args = isPost ? await jsonArgs(request) : queryArgs(url);
    const keys = args.kind === "json" ? args.keys : new Set(args.values.keys());
    const routine = findRoutine(schema, name, await cache.overloads(name), keys, isPost, cache.names());

    const countTotal = /(^|[\s,])count=exact(\s*(,|$))/.test(headerValue(request, "prefer") ?? "");
    // As Plan.hs: GET calls and stable/immutable functions run in a read-only transaction.
    const readOnly = !isPost || routine.volatility !== "v";
    const settings = (await roleSettings(context.api)).get(auth.role);
    const sql = [
      ...(readOnly ? ["set transaction read only"] : []),
      sessionSql(auth.role, auth.claims, request, `/rpc/${name}`, SEARCH_PATH, settings),
      // As MainTx.hs: db-pre-request right after the settings, in the same transaction.
      ...(cache.preRequestCall ? [cache.preRequestCall] : []),
      callStatement(schema, routine, args, countTotal),
    ].join(";\n");

    const row = await run(context.apiAs(auth.role), sql, auth, cache);
    respond(response, method, row, { void: routine.returnsVoid, countTotal, profile });
  } catch (error) {
    if (error instanceof PgrstError) return sendPgrstError(response, error);
    throw error;
  }
};

type CallRow = {
  total: string | null;
  page_total: string | number;
  body: string;
  response_headers: string | null;
  response_status: string | null;
};

async function run(pool: pg.Pool, sql: string, auth: Auth, cache: RoutineCache): Promise<CallRow> {
  try {
    const results = (await pool.query(sql)) as unknown as pg.QueryResult[];
    return results[results.length - 1]!.rows[0] as CallRow;
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) throw error;
    // A function replaced since the cache was filled: the next call sees the new signature.
    if (error.code === "42883") cache.invalidate();
    throw fromDatabaseError(error, auth.authed);
  }
}

/** Content-Profile (POST) or Accept-Profile (GET) must name an exposed schema (ApiRequest.hs getSchema). */
function schemaProfile(request: IncomingMessage, method: string): string | undefined {
  const profile = headerValue(request, method === "POST" ? "content-profile" : "accept-profile");
  if (profile !== undefined && !SCHEMAS.includes(profile)) {
    throw new PgrstError(
      406,
      "PGRST106",
      `Invalid schema: ${profile}`,
      null,
      `Only the following schemas are exposed: ${SCHEMAS.join(", ")}`,
    );
  }
  return profile;
}

/** The JSON body and its keys, as ApiRequest.hs payloadAttributes reads them. */
async function jsonArgs(request: IncomingMessage): Promise<CallArgs> {
  const raw = (await readBody(request, BODY_LIMIT_BYTES)).toString("utf8");
  if (raw.trim() === "") return { kind: "json", raw: "{}", isArray: false, keys: new Set() };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new PgrstError(400, "PGRST102", "Empty or invalid json");
  }
  if (Array.isArray(body)) {
    const first = body[0];
    if (first === undefined) return { kind: "json", raw, isArray: true, keys: new Set() };
    const keys = isObject(first) ? Object.keys(first).sort().join("\0") : undefined;
    const uniform =
      keys !== undefined && body.every((item) => isObject(item) && Object.keys(item).sort().join("\0") === keys);
    if (!uniform) throw new PgrstError(400, "PGRST102", "All object keys must match");
    return { kind: "json", raw, isArray: true, keys: new Set(Object.keys(first as object)) };
  }
  // Anything but an object or array counts as an empty array.
  if (!isObject(body)) return { kind: "json", raw: "[]", isArray: true, keys: new Set() };
  return { kind: "json", raw, isArray: false, keys: new Set(Object.keys(body)) };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function queryArgs(url: URL): CallArgs {
  const values = new Map<string, string>();
  for (const [key, value] of url.searchParams) if (!RESERVED_PARAMS.has(key)) values.set(key, value);
  return { kind: "query", values };
}

/** Response.hs for a call: 204 for void functions, else the JSON body; Content-Range as RangeQuery.hs. */
function respond(
  response: ServerResponse,
  method: string,
  row: CallRow,
  options: { void: boolean; countTotal: boolean; profile: string | undefined },
) {
  const rows = Number(row.page_total);
  const total = row.total === null ? undefined : Number(row.total);
  const range = total !== 0 && rows > 0 ? `0-${rows - 1}` : "*";
  let status = options.void ? 204 : 200;
  const headers: Record<string, string> = { "content-range": `${range}/${total ?? "*"}` };
  if (options.countTotal) headers["preference-applied"] = "count=exact";
  if (!options.void) {
    headers["content-type"] = "application/json; charset=utf-8";
    if (options.profile) headers["content-profile"] = options.profile;
  }
  if (row.response_status !== null) status = gucStatus(row.response_status);
  if (row.response_headers !== null) Object.assign(headers, gucHeaders(row.response_headers));

  const body = options.void || method === "HEAD" ? "" : row.body;
  if (!options.void) headers["content-length"] = String(Buffer.byteLength(row.body));
  response.writeHead(status, headers);
  response.end(body);
}

function gucStatus(value: string): number {
  const status = Number(value);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new PgrstError(500, "PGRST112", "response.status guc must be a valid status code");
  }
  return status;
}

/** response.headers: a JSON array of one-key objects with string values. */
function gucHeaders(value: string): Record<string, string> {
  const invalid = () =>
    new PgrstError(
      500,
      "PGRST111",
      "response.headers guc must be a JSON array composed of objects with a single key and a string value",
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed)) throw invalid();
  const headers: Record<string, string> = {};
  for (const item of parsed) {
    const entries = isObject(item) ? Object.entries(item) : [];
    if (entries.length !== 1 || typeof entries[0]![1] !== "string") throw invalid();
    headers[entries[0]![0].toLowerCase()] = entries[0]![1] as string;
  }
  return headers;
}
