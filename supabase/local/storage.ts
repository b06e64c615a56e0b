import { JWT_SECRET } from "./config";
import { readJson, sendJson, type Handler, type StackContext } from "./http";
import { JwtError, signJwt, verifyJwt } from "./jwt";
import { callerOf, joseMessage, mustBeValidBucketName, mustBeValidKey, type Caller } from "./storage/caller";
import { errors, sendStorageError, StorageError } from "./storage/errors";
import {
  findObjectAsAdmin,
  findObjectAsCaller,
  removeObjects,
  sendObject,
  uploadObject,
  visibleKeys,
} from "./storage/objects";

/**
 * /storage/v1: the part of Supabase Storage (supabase/storage, src/http/routes/object and
 * bucket) the portal uses. Object rows live in storage.objects and every access by a user
 * runs as that user, so the project's policies on storage.objects decide; the bytes live
 * under <dataDir>/storage/<bucket>/<key>.
 */
type Route = {
  method: string;
  path: RegExp;
  /** Signed URLs carry their own permission and need no Authorization. */
  open?: boolean;
  handle: (request: RouteRequest, params: string[]) => Promise<unknown>;
};
type RouteRequest = { context: StackContext; caller: Caller; url: URL; response: Parameters<Handler>[1] };

/** Marks a handler that wrote its own response (object bytes). */
const SENT = Symbol("sent");
const DOWNLOAD_SCOPE = "download";

const routes: Route[] = [
  { method: "POST", path: /^\/bucket\/?$/, handle: createBucket },
  { method: "POST", path: /^\/object\/sign\/([^/]+)\/(.+)$/, handle: signUrl },
  { method: "POST", path: /^\/object\/sign\/([^/]+)\/?$/, handle: signUrls },
  { method: "GET", path: /^\/object\/sign\/([^/]+)\/(.+)$/, open: true, handle: getSigned },
  { method: "GET", path: /^\/object\/authenticated\/([^/]+)\/(.+)$/, handle: download },
  {
    method: "POST",
    path: /^\/object\/([^/]+)\/(.+)$/,
    handle: ({ context, caller }, [bucket, key]) =>
      uploadObject(context, caller, bucket!, key!, caller.request.headers["x-upsert"] === "true"),
  },
  {
    method: "PUT",
    path: /^\/object\/([^/]+)\/(.+)$/,
    handle: ({ context, caller }, [bucket, key]) => uploadObject(context, caller, bucket!, key!, true),
  },
  { method: "GET", path: /^\/object\/([^/]+)\/(.+)$/, handle: download },
  { method: "DELETE", path: /^\/object\/([^/]+)\/?$/, handle: remove },
];

export const handleStorage: Handler = async (request, response, url, context) => {
  try {
    const path = url.pathname.replace(/^\/storage\/v1/, "");
    const found = routes
      .filter((route) => route.method === request.method)
      .map((route) => ({ route, match: route.path.exec(path) }))
      .find((candidate) => candidate.match);
    if (!found?.match)
      throw new StorageError(404, "not_found", `Route ${request.method}:${url.pathname} not found`, "Not Found", 404);
    const params = found.match.slice(1).map(decodeURIComponent);
    const [bucket, key] = params;
    if (bucket !== undefined) mustBeValidBucketName(bucket);
    if (key !== undefined) mustBeValidKey(key);
    const caller = found.route.open
      ? { role: "anon", claims: {}, owner: undefined, request, path: url.pathname }
      : callerOf(request, url, context.now().getTime());
    const reply = await found.route.handle({ context, caller, url, response }, params);
    if (reply !== SENT) sendJson(response, 200, reply);
  } catch (error) {
    if (error instanceof StorageError) return sendStorageError(response, error);
    throw error;
  }
};

async function download({ context, caller, url, response }: RouteRequest, [bucket, key]: string[]) {
  const row = await findObjectAsCaller(context, caller, bucket!, key!);
  await sendObject(response, bucket!, key!, row, url.searchParams.get("download"));
  return SENT;
}

/** POST /object/sign/<bucket>/<key> {expiresIn}: getSignedURL.ts and ObjectStorage.signObjectUrl. */
async function signUrl({ context, caller }: RouteRequest, [bucket, key]: string[]) {
  const expiresIn = expiresInOf(await readJson(caller.request));
  await findObjectAsCaller(context, caller, bucket!, key!);
  return { signedURL: signedPath(`${bucket}/${key}`, expiresIn, context.now().getTime()) };
}

/** POST /object/sign/<bucket> {expiresIn, paths}: one entry per path, an error for those the caller cannot see. */
async function signUrls({ context, caller }: RouteRequest, [bucket]: string[]) {
  const body = await readJson(caller.request);
  const expiresIn = expiresInOf(body);
  if (!Array.isArray(body.paths) || !body.paths.every((p) => typeof p === "string"))
    throw errors.invalidRequest("body/paths must be array");
  const paths = body.paths as string[];
  const visible = await visibleKeys(context, caller, bucket!, paths);
  return paths.map((path) =>
    visible.has(path)
      ? { error: null, path, signedURL: signedPath(`${bucket}/${path}`, expiresIn, context.now().getTime()) }
      : { error: "Either the object does not exist or you do not have access to it", path, signedURL: null },
  );
}

function expiresInOf(body: Record<string, unknown>): number {
  const expiresIn = Math.floor(Number(body.expiresIn));
  if (!Number.isSafeInteger(expiresIn) || expiresIn < 1) throw errors.invalidParameter("expiresIn");
  return expiresIn;
}

/** The token supabase/storage signs: the object's `bucket/key` as `url`, a scope and an expiry. */
function signedPath(url: string, expiresIn: number, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const token = signJwt({ url, scope: DOWNLOAD_SCOPE, iat, exp: iat + expiresIn }, JWT_SECRET);
  return `/object/sign/${url}?token=${token}`;
}

/** GET /object/sign/<bucket>/<key>?token=: getSignedObject.ts and verifyObjectSignature. */
async function getSigned({ context, url, response }: RouteRequest, [bucket, key]: string[]) {
  const token = url.searchParams.get("token");
  if (!token) throw errors.invalidRequest("querystring must have required property 'token'");
  let payload: Record<string, unknown>;
  try {
    payload = verifyJwt(token, JWT_SECRET, context.now().getTime());
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    throw errors.invalidJwt(joseMessage(error));
  }
  if (payload.scope !== DOWNLOAD_SCOPE) throw errors.invalidSignature(`Token is not scoped for ${DOWNLOAD_SCOPE}`);
  if (payload.url !== `${bucket}/${key}`) throw errors.invalidSignature();
  const row = await findObjectAsAdmin(context, bucket!, key!);
  await sendObject(response, bucket!, key!, row, url.searchParams.get("download"));
  return SENT;
}

async function remove({ context, caller }: RouteRequest, [bucket]: string[]) {
  const body = await readJson(caller.request);
  if (!Array.isArray(body.prefixes) || !body.prefixes.every((p) => typeof p === "string")) {
    throw errors.invalidRequest("body/prefixes must be array");
  }
  return removeObjects(context, caller, bucket!, body.prefixes as string[]);
}

/** POST /bucket: service role only, as the bucket routes' enforceJwtRoles. */
async function createBucket({ context, caller }: RouteRequest) {
  if (caller.role !== "service_role") throw errors.accessDenied("Access denied: Invalid role", 403);
  const body = await readJson(caller.request);
  const name = String(body.name ?? body.id ?? "");
  mustBeValidBucketName(name);
  const id = typeof body.id === "string" ? body.id : name;
  const allowed = body.allowed_mime_types;
  if (
    allowed !== undefined &&
    allowed !== null &&
    !(Array.isArray(allowed) && allowed.every((m) => typeof m === "string"))
  ) {
    throw errors.invalidParameter("allowed_mime_types");
  }
  try {
    await context.admin.query(
      `insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types, owner, owner_id)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        name,
        body.public === true,
        fileSizeLimit(body.file_size_limit),
        allowed ?? null,
        null,
        caller.owner ?? null,
      ],
    );
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw errors.alreadyExists();
    throw error;
  }
  return { name };
}

/** A number of bytes, or a size such as "20MB" / "30KB" / "3B" (storage's parseFileSizeToBytes). */
function fileSizeLimit(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  const match = typeof value === "string" ? /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i.exec(value.trim()) : null;
  if (!match)
    throw new StorageError(400, "InvalidRequest", "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B");
  const unit = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[match[2]!.toUpperCase() as "B" | "KB" | "MB" | "GB"];
  return Math.floor(Number(match[1]) * unit);
}
