import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import { JWT_SECRET } from "./config";
import { verifyJwt, JwtError, type JwtClaims } from "./jwt";
import type { Mailbox } from "./mailbox";
import type { SendMail } from "./smtp";

/** What every handler of the stack gets: the database, the mailbox, Auth's mail sender and the clock. */
export type StackContext = {
  /** Superuser pool: what GoTrue's and Storage's own admin logins do. */
  admin: pg.Pool;
  /** Pool logged in as `authenticator`, switching role per request as PostgREST does. */
  api: pg.Pool;
  /** The same login, pooled per API role, for the RPC path (see `rolePools` in postgres.ts). */
  apiAs: (role: string) => pg.Pool;
  mailbox: Mailbox;
  /** Auth's e-mails go out over SMTP, to the stack's SMTP server (see smtp.ts). */
  sendMail: SendMail;
  now: () => Date;
};

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  context: StackContext,
) => Promise<void>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.msg ?? status));
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const payload = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

export async function readBody(request: IncomingMessage, limitBytes = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes)
      throw new HttpError(413, {
        statusCode: "413",
        error: "Payload too large",
        message: "The object exceeded the maximum allowed size",
      });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(request);
  if (body.length === 0) return {};
  try {
    const parsed = JSON.parse(body.toString("utf8"));
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    throw new HttpError(400, { code: 400, error_code: "bad_json", msg: "Could not parse request body as JSON" });
  }
}

export function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

/**
 * The claims a request acts with: its Authorization bearer JWT, else its apikey (as the
 * Supabase gateway forwards the key as bearer when no user is signed in).
 * Throws JwtError when a given token is invalid.
 */
export function requestClaims(request: IncomingMessage, now = Date.now()): JwtClaims | undefined {
  const token = bearerToken(request) ?? headerValue(request, "apikey");
  if (!token) return undefined;
  return verifyJwt(token, JWT_SECRET, now);
}

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export { JwtError };
