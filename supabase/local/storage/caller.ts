import type { IncomingMessage } from "node:http";
import path from "node:path";
import pg from "pg";
import { dataDir, JWT_SECRET } from "../config";
import { bearerToken } from "../http";
import { JwtError, verifyJwt, type JwtClaims } from "../jwt";
import { roleOf } from "../rest/auth";
import { sessionSql } from "../rest/session";
import { errors, fromDatabaseError } from "./errors";

/** The caller as Storage's jwt plugin sees it: the Authorization bearer token, verified. */
export type Caller = {
  role: string;
  claims: JwtClaims;
  owner: string | undefined;
  request: IncomingMessage;
  path: string;
};

export function callerOf(request: IncomingMessage, url: URL, nowMs: number): Caller {
  const token = bearerToken(request) ?? "";
  let claims: JwtClaims;
  try {
    claims = verifyJwt(token, JWT_SECRET, nowMs);
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    throw errors.accessDenied(joseMessage(error));
  }
  const role = roleOf(claims);
  return {
    role,
    claims: { ...claims, role },
    owner: typeof claims.sub === "string" ? claims.sub : undefined,
    request,
    path: url.pathname,
  };
}

/** Storage verifies tokens with jose; these are its messages for the same failures. */
export function joseMessage(error: JwtError): string {
  if (error.message === "token is expired") return '"exp" claim timestamp check failed';
  if (error.message === "signature is invalid") return "signature verification failed";
  return "Invalid Compact JWS";
}

/**
 * Runs `sql` (one statement, values inlined as literals) as the caller in one transaction,
 * in one round trip: role and claims set as PostgREST sets them, so storage.objects' row
 * level security decides.
 */
export async function queryAsCaller<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  caller: Caller,
  sql: string,
): Promise<R[]> {
  try {
    const results = (await pool.query(
      `${sessionSql(caller.role, caller.claims, caller.request, caller.path)};\n${sql}`,
    )) as unknown as pg.QueryResult<R>[];
    return results[1]!.rows;
  } catch (error) {
    throw error instanceof pg.DatabaseError ? fromDatabaseError(error) : error;
  }
}

/**
 * Runs `sql` as the caller in a transaction left open while `work` runs (writing the bytes),
 * committed only if both succeed.
 */
export async function writeAsCaller<T>(pool: pg.Pool, caller: Caller, sql: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`begin;\n${sessionSql(caller.role, caller.claims, caller.request, caller.path)};\n${sql}`);
    const result = await work();
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error instanceof pg.DatabaseError ? fromDatabaseError(error) : error;
  } finally {
    client.release();
  }
}

export const literal = (value: string | null) => (value === null ? "null" : pg.escapeLiteral(value));

const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;

/** Storage's key rules (src/storage/limits.ts) plus what a file system path needs. */
export function mustBeValidKey(key: string) {
  const segments = key.split("/");
  const safe = segments.every((segment) => segment !== "" && segment !== "." && segment !== "..");
  if (!key || !VALID_OBJECT_KEY.test(key) || !safe) throw errors.invalidKey(key);
}

export function mustBeValidBucketName(bucket: string) {
  if (!bucket || bucket.length > 100 || !VALID_BUCKET_NAME.test(bucket) || bucket === "." || bucket === "..") {
    throw errors.invalidBucketName();
  }
}

/** Where an object's bytes live; the key rules above keep it inside the bucket's folder. */
export function objectFile(bucket: string, key: string): string {
  const root = path.join(dataDir, "storage", bucket);
  const file = path.join(root, ...key.split("/"));
  if (!file.startsWith(root + path.sep)) throw errors.invalidKey(key);
  return file;
}
