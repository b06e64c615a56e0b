import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { StackContext } from "../http";
import { HttpError, readBody } from "../http";
import { literal, objectFile, queryAsCaller, writeAsCaller, type Caller } from "./caller";
import { contentMatchesType } from "./content-type";
import { errors } from "./errors";

/** Storage's global upload limit (the Supabase CLI's default `file_size_limit = "50MiB"`). */
const GLOBAL_FILE_SIZE_LIMIT = 50 * 1024 * 1024;
/** Multipart framing around the file is not part of the object's size. */
const MULTIPART_SLACK_BYTES = 64 * 1024;

type Bucket = { id: string; file_size_limit: string | null; allowed_mime_types: string[] | null };
type Upload = { bytes: Buffer; mimeType: string; cacheControl: string; userMetadata: Record<string, unknown> | null };

/** POST/PUT /object/<bucket>/<key>: createObject.ts / updateObject.ts. */
export async function uploadObject(
  context: StackContext,
  caller: Caller,
  bucketId: string,
  key: string,
  upsert: boolean,
) {
  // As ObjectStorage.uploadFromRequest: the bucket's limits are read as the superuser.
  const { rows } = await context.admin.query<Bucket>(
    "select id, file_size_limit, allowed_mime_types from storage.buckets where id = $1",
    [bucketId],
  );
  const bucket = rows[0];
  if (!bucket) throw errors.noSuchBucket();
  const limit = Math.min(
    GLOBAL_FILE_SIZE_LIMIT,
    bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit),
  );
  const upload = await readUpload(caller.request, limit);
  if (bucket.allowed_mime_types?.length) mustBeAllowedMimeType(upload.mimeType, bucket.allowed_mime_types);
  if (!contentMatchesType(upload.mimeType, upload.bytes)) throw errors.invalidMimeType(upload.mimeType);

  const id = randomUUID();
  const now = new Date().toISOString();
  const metadata = {
    eTag: `"${createHash("md5").update(upload.bytes).digest("hex")}"`,
    size: upload.bytes.length,
    mimetype: upload.mimeType,
    cacheControl: upload.cacheControl,
    lastModified: now,
    contentLength: upload.bytes.length,
    httpStatusCode: 200,
  };
  const values = [
    id,
    bucketId,
    key,
    ownerUuid(caller.owner),
    caller.owner ?? null,
    JSON.stringify(metadata),
    upload.userMetadata ? JSON.stringify(upload.userMetadata) : null,
    randomUUID(),
  ];
  const insert =
    `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, user_metadata, version) ` +
    `values (${values.map(literal).join(", ")})` +
    (upsert
      ? ` on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id,
            metadata = excluded.metadata, user_metadata = excluded.user_metadata, version = excluded.version,
            updated_at = now(), last_accessed_at = now()`
      : "");
  const file = objectFile(bucketId, key);
  await writeAsCaller(context.api, caller, insert, () => writeFileAtomically(file, upload.bytes));
  // An upsert keeps the existing row's id; RETURNING would also need a select policy, so ask as the superuser.
  const stored = upsert
    ? (
        await context.admin.query<{ id: string }>("select id from storage.objects where bucket_id = $1 and name = $2", [
          bucketId,
          key,
        ])
      ).rows[0]?.id
    : id;
  return { Id: stored, Key: `${bucketId}/${key}` };
}

/** An upload as storage-js sends it: multipart form data (Blob, File, FormData) or a raw body. */
async function readUpload(request: IncomingMessage, limit: number): Promise<Upload> {
  const contentType = request.headers["content-type"] ?? "";
  const multipart = contentType.startsWith("multipart/form-data");
  let body: Buffer;
  try {
    body = await readBody(request, multipart ? limit + MULTIPART_SLACK_BYTES : limit);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw errors.entityTooLarge();
    throw error;
  }
  if (!multipart) {
    return {
      bytes: body,
      mimeType: contentType || "text/plain;charset=UTF-8",
      cacheControl: request.headers["cache-control"] ?? "no-cache",
      userMetadata: null,
    };
  }
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } })
    .formData()
    .catch(() => {
      throw errors.invalidRequest("Invalid multipart body");
    });
  const file = [...form.values()].find((value): value is File => typeof value !== "string");
  if (!file) throw errors.invalidRequest("No content provided");
  if (file.size > limit) throw errors.entityTooLarge();
  const cacheControl = form.get("cacheControl");
  const metadata = form.get("metadata");
  return {
    bytes: Buffer.from(await file.arrayBuffer()),
    mimeType: file.type || "text/plain;charset=UTF-8",
    cacheControl: typeof cacheControl === "string" ? `max-age=${cacheControl}` : "no-cache",
    userMetadata: typeof metadata === "string" ? parseMetadata(metadata) : null,
  };
}

function parseMetadata(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw errors.invalidParameter("metadata");
  }
}

/** validateMimeType (src/storage/uploader.ts): type/subtype or type/* patterns. */
function mustBeAllowedMimeType(mimeType: string, allowed: string[]) {
  const [type, subtype] = mimeType.split(";")[0]!.trim().toLowerCase().split("/");
  const ok = allowed.some((pattern) => {
    const [allowedType, allowedSubtype] = pattern.toLowerCase().split("/");
    return allowedType === type && subtype !== undefined && (allowedSubtype === "*" || allowedSubtype === subtype);
  });
  if (!ok) throw errors.invalidMimeType(mimeType);
}

async function writeFileAtomically(file: string, bytes: Buffer) {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await fs.writeFile(temporary, bytes);
  await fs.rename(temporary, file);
}

const ownerUuid = (sub: string | undefined) =>
  sub && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub) ? sub : null;

type ObjectRow = {
  id: string;
  metadata: { mimetype?: string; cacheControl?: string; eTag?: string; size?: number } | null;
  updated_at: string;
};

/** The object row the caller may see (storage.objects RLS), or NoSuchKey. */
export async function findObjectAsCaller(
  context: StackContext,
  caller: Caller,
  bucketId: string,
  key: string,
): Promise<ObjectRow> {
  const [row] = await queryAsCaller<ObjectRow>(
    context.api,
    caller,
    `select id, metadata, updated_at from storage.objects where bucket_id = ${literal(bucketId)} and name = ${literal(key)}`,
  );
  if (!row) throw errors.noSuchKey();
  return row;
}

/** The object row, unrestricted: for signed URLs, whose token is the permission. */
export async function findObjectAsAdmin(context: StackContext, bucketId: string, key: string): Promise<ObjectRow> {
  const { rows } = await context.admin.query<ObjectRow>(
    "select id, metadata, updated_at from storage.objects where bucket_id = $1 and name = $2",
    [bucketId, key],
  );
  if (!rows[0]) throw errors.noSuchKey();
  return rows[0];
}

/** The asset renderer's response: the bytes with the metadata's headers. */
export async function sendObject(
  response: ServerResponse,
  bucketId: string,
  key: string,
  row: ObjectRow,
  download: string | null,
) {
  const bytes = await fs.readFile(objectFile(bucketId, key)).catch(() => {
    throw errors.noSuchKey();
  });
  const headers: Record<string, string> = {
    "content-type": row.metadata?.mimetype ?? "application/octet-stream",
    "content-length": String(bytes.length),
    "cache-control": row.metadata?.cacheControl ?? "no-cache",
    "last-modified": new Date(row.updated_at).toUTCString(),
  };
  if (row.metadata?.eTag) headers.etag = row.metadata.eTag;
  if (download !== null) {
    headers["content-disposition"] = `attachment; filename=${encodeURIComponent(download || path.basename(key))}`;
  }
  response.writeHead(200, headers);
  response.end(bytes);
}

/** DELETE /object/<bucket> {prefixes}: what the caller may delete goes, the rest is ignored. */
export async function removeObjects(context: StackContext, caller: Caller, bucketId: string, keys: string[]) {
  if (keys.length === 0) return [];
  const list = keys.map(literal).join(", ");
  const deleted = await queryAsCaller<{ name: string }>(
    context.api,
    caller,
    `delete from storage.objects where bucket_id = ${literal(bucketId)} and name in (${list}) returning *`,
  );
  await Promise.all(deleted.map((row) => fs.rm(objectFile(bucketId, row.name), { force: true })));
  return deleted;
}

/** The subset of `keys` the caller may see. */
export async function visibleKeys(
  context: StackContext,
  caller: Caller,
  bucketId: string,
  keys: string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await queryAsCaller<{ name: string }>(
    context.api,
    caller,
    `select name from storage.objects where bucket_id = ${literal(bucketId)} and name in (${keys.map(literal).join(", ")})`,
  );
  return new Set(rows.map((row) => row.name));
}
