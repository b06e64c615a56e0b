import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendJson } from "../http";

/**
 * GoTrue's error responses (internal/api/errors.go, apierrors/apierrors.go). Clients that
 * send `X-Supabase-Api-Version: 2024-01-01` (auth-js always does) get `{code, message}` with
 * the version echoed back, which is what makes auth-js read `code` as the error code; older
 * clients get `{code: <status>, error_code, msg}` and an `x-sb-error-code` header.
 */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (errorCode: string, message: string) => new AuthError(400, errorCode, message);
export const forbidden = (errorCode: string, message: string) => new AuthError(403, errorCode, message);
export const unprocessable = (errorCode: string, message: string) => new AuthError(422, errorCode, message);
export const validationFailed = (message: string) => badRequest("validation_failed", message);

/** A password that breaks the project's password rules; always 422 with its reasons. */
export class WeakPasswordError extends Error {
  constructor(
    message: string,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/** OAuth2-style errors, which GoTrue still sends for a few token-endpoint cases. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const API_VERSION_HEADER = "x-supabase-api-version";
const API_VERSION_2024 = "2024-01-01";

function usesVersion2024(request: IncomingMessage): boolean {
  const value = request.headers[API_VERSION_HEADER];
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  return date !== undefined && !Number.isNaN(Date.parse(date)) && date >= API_VERSION_2024;
}

export function sendAuthError(request: IncomingMessage, response: ServerResponse, error: unknown) {
  const modern = usesVersion2024(request);
  const headers: Record<string, string> = modern ? { "X-Supabase-Api-Version": API_VERSION_2024 } : {};

  if (error instanceof OAuthError) {
    return sendJson(response, 400, { error: error.error, error_description: error.description }, headers);
  }
  if (error instanceof WeakPasswordError) {
    const payload = { weak_password: { reasons: error.reasons } };
    if (modern) return sendJson(response, 422, { code: "weak_password", message: error.message, ...payload }, headers);
    return sendJson(
      response,
      422,
      { code: 422, error_code: "weak_password", msg: error.message, ...payload },
      {
        "x-sb-error-code": "weak_password",
      },
    );
  }

  let status = 500;
  let errorCode = "unexpected_failure";
  let message = "Unexpected failure, please check server logs for more information";
  if (error instanceof AuthError) {
    ({ status, errorCode, message } = error);
  } else if (error instanceof HttpError) {
    // Thrown by the shared body reader (bad JSON, too large): already GoTrue-shaped.
    status = error.status;
    errorCode = String(error.body.error_code ?? "unknown");
    message = String(error.body.msg ?? error.body.message ?? error.message);
  } else {
    console.error("[auth]", request.method, request.url, error);
  }
  headers["x-sb-error-code"] = errorCode;
  const body = modern ? { code: errorCode, message } : { code: status, error_code: errorCode, msg: message };
  return sendJson(response, status, body, headers);
}
