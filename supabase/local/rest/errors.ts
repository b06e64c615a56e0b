import type { ServerResponse } from "node:http";
import type { DatabaseError } from "pg";

/**
 * PostgREST's error responses (src/PostgREST/Error.hs, v13): a JSON body
 * `{code, message, details, hint}` (absent parts are null) and a `Proxy-Status` header
 * naming the code.
 */
export class PgrstError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendPgrstError(response: ServerResponse, error: PgrstError) {
  const payload = JSON.stringify({
    code: error.code,
    message: error.message,
    details: error.details,
    hint: error.hint,
  });
  response.writeHead(error.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "proxy-status": `PostgREST; error=${error.code}`,
    ...error.headers,
  });
  response.end(payload);
}

/** A Postgres error as PostgREST answers it: its SQLSTATE mapped by `pgErrorStatus`. */
export function fromDatabaseError(error: DatabaseError, authed: boolean): PgrstError {
  const code = error.code ?? "XX000";
  const status = pgErrorStatus(code, error.message, authed);
  const headers: Record<string, string> = status === 401 ? { "www-authenticate": "Bearer" } : {};
  return new PgrstError(status, code, error.message, error.detail ?? null, error.hint ?? null, headers);
}

// Prefix rules in the order Error.hs checks them; exact codes win over their class.
const exactStatus: Record<string, number> = {
  "23503": 409, // foreign_key_violation
  "23505": 409, // unique_violation
  "25006": 405, // read_only_sql_transaction
  "53400": 500, // configuration_limit_exceeded
  "57P01": 503, // admin_shutdown
  P0001: 400, // default code of RAISE
  "42P01": 404, // undefined_table
  "42P17": 500, // infinite recursion
};
const classStatus: Array<[prefix: string, status: number]> = [
  ["08", 503],
  ["09", 500],
  ["0L", 403],
  ["0P", 403],
  ["25", 500],
  ["28", 403],
  ["2D", 500],
  ["38", 500],
  ["39", 500],
  ["3B", 500],
  ["40", 500],
  ["53", 503],
  ["54", 500],
  ["55", 500],
  ["57", 500],
  ["58", 500],
  ["F0", 500],
  ["HV", 500],
  ["P0", 500],
  ["XX", 500],
];

export function pgErrorStatus(code: string, message: string, authed: boolean): number {
  if (code === "21000") return message.endsWith("requires a WHERE clause") ? 400 : 500;
  if (code === "22023") return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
  if (code === "42883") return message.startsWith("function xmlagg(") ? 406 : 404;
  if (code === "42501") return authed ? 403 : 401;
  const exact = exactStatus[code];
  if (exact) return exact;
  if (code.startsWith("PT")) {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 999 ? status : 500;
  }
  return classStatus.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 400;
}
