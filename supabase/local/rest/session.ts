import type { IncomingMessage } from "node:http";
import pg from "pg";
import type { JwtClaims } from "../jwt";

const { escapeLiteral: literal } = pg;

/**
 * The `select set_config(...)` PostgREST runs first in every transaction (Query.hs
 * setPgLocals): search path, the role's own settings (see role-settings.ts), role, JWT claims
 * and the request's method, path, headers and cookies, all transaction-local. Storage sets
 * role and claims the same way.
 */
export function sessionSql(
  role: string,
  claims: JwtClaims,
  request: IncomingMessage,
  path: string,
  searchPath?: string,
  roleSettings: Array<[string, string]> = [],
): string {
  const settings: Array<[string, string]> = [];
  if (searchPath) settings.push(["search_path", searchPath]);
  settings.push(
    ...roleSettings,
    ["role", role],
    ["request.jwt.claims", JSON.stringify(claims)],
    ["request.method", request.method ?? "GET"],
    ["request.path", path],
    ["request.headers", JSON.stringify(headersOf(request))],
    ["request.cookies", JSON.stringify(cookiesOf(request))],
  );
  return `select ${settings.map(([name, value]) => `set_config(${literal(name)}, ${literal(value)}, true)`).join(", ")}`;
}

/** Lower-case header names to values, without the cookie header (PostgREST's iHeaders). */
function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === "cookie" || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function cookiesOf(request: IncomingMessage): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) cookies[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return cookies;
}
