import type { ServerResponse } from "node:http";
import type { DatabaseError } from "pg";

/**
 * supabase/storage's StorageBackendError (src/internal/errors/storage-error.ts, codes.ts):
 * the body carries the intended status as a string, but the HTTP status is 400 for every
 * client error (userStatusCode) unless the route overrides it, and 500 for server errors.
 */
export class StorageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly error: string = code,
    readonly httpStatus: number = statusCode >= 500 ? 500 : 400,
  ) {
    super(message);
  }
}

export const errors = {
  noSuchBucket: () => new StorageError(404, "NoSuchBucket", "Bucket not found", "Bucket not found"),
  noSuchKey: () => new StorageError(404, "NoSuchKey", "Object not found", "not_found"),
  invalidKey: (key: string) => new StorageError(400, "InvalidKey", `Invalid key: ${key}`),
  invalidBucketName: () => new StorageError(400, "InvalidBucketName", "Bucket name invalid", "Invalid Input"),
  invalidParameter: (name: string) => new StorageError(400, "InvalidParameter", `Invalid Parameter ${name}`),
  invalidRequest: (message: string) => new StorageError(400, "InvalidRequest", message),
  accessDenied: (message: string, httpStatus?: number) =>
    new StorageError(403, "AccessDenied", message, "Unauthorized", httpStatus),
  alreadyExists: () => new StorageError(409, "ResourceAlreadyExists", "The resource already exists", "Duplicate"),
  entityTooLarge: () =>
    new StorageError(413, "EntityTooLarge", "The object exceeded the maximum allowed size", "Payload too large"),
  invalidMimeType: (mimeType: string) =>
    new StorageError(415, "InvalidMimeType", `mime type ${mimeType} is not supported`, "invalid_mime_type"),
  invalidJwt: (message: string) => new StorageError(400, "InvalidJWT", message),
  invalidSignature: (message = "Invalid signature") => new StorageError(400, "InvalidSignature", message),
};

/** DBError.fromDBError (src/storage/database/errors.ts) for the codes the local stack can meet. */
export function fromDatabaseError(error: DatabaseError): StorageError {
  switch (error.code) {
    case "42501":
      return errors.accessDenied(
        error.message.includes("row-level security") ? "new row violates row-level security policy" : error.message,
      );
    case "23505":
      return errors.alreadyExists();
    case "22P02":
      return new StorageError(
        400,
        "InvalidParameter",
        error.message || "Invalid value format or type conversion failed",
      );
    default:
      return new StorageError(500, "DatabaseError", `database error, code: ${error.code}`);
  }
}

export function sendStorageError(response: ServerResponse, error: StorageError) {
  const payload = JSON.stringify({
    statusCode: String(error.statusCode),
    code: error.code,
    error: error.error,
    message: error.message,
  });
  response.writeHead(error.httpStatus, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  });
  response.end(payload);
}
