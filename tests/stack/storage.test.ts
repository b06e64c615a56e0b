import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDir, JWT_SECRET } from "../../supabase/local/config";
import { signJwt } from "../../supabase/local/jwt";
import { ANON_KEY, DATABASE_URL, SERVICE_ROLE_KEY, SUPABASE_URL } from "../support/env";

// Supabase Storage through the real supabase-js client against the local stack.

const db = new pg.Client({ connectionString: DATABASE_URL });
const bucket = `test-${randomUUID().slice(0, 8)}`;
const alice = randomUUID();
const bob = randomUUID();

const userToken = (sub: string) =>
  signJwt({ role: "authenticated", sub, aud: "authenticated", exp: Math.floor(Date.now() / 1000) + 3600 }, JWT_SECRET);
const client = (key: string, accessToken?: string) =>
  createClient(SUPABASE_URL, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
  });

const service = client(SERVICE_ROLE_KEY);
const anon = client(ANON_KEY);
const asAlice = client(ANON_KEY, userToken(alice));
const asBob = client(ANON_KEY, userToken(bob));
const files = (supabase: typeof anon) => supabase.storage.from(bucket);

const pdf = (text: string) => Buffer.from(`%PDF-1.4 ${text}`);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (text: string) => Buffer.concat([Buffer.from(PNG_SIGNATURE), Buffer.from(text)]);

beforeAll(async () => {
  await db.connect();
  const { error } = await service.storage.createBucket(bucket, {
    public: false,
    fileSizeLimit: 1024,
    allowedMimeTypes: ["application/pdf", "image/*"],
  });
  expect(error).toBeNull();
  // Users own the folder named by their id.
  const own = `bucket_id = '${bucket}' and (storage.foldername(name))[1] = auth.uid()::text`;
  await db.query(`
    create policy "${bucket} insert" on storage.objects for insert to authenticated with check (${own});
    create policy "${bucket} select" on storage.objects for select to authenticated using (${own});
    create policy "${bucket} update" on storage.objects for update to authenticated using (${own});
    create policy "${bucket} delete" on storage.objects for delete to authenticated using (${own});
  `);
});

afterAll(async () => {
  for (const action of ["insert", "select", "update", "delete"])
    await db.query(`drop policy if exists "${bucket} ${action}" on storage.objects`);
  await db.query("delete from storage.objects where bucket_id = $1", [bucket]);
  await db.query("delete from storage.buckets where id = $1", [bucket]);
  await db.end();
  await fs.rm(path.join(dataDir, "storage", bucket), { recursive: true, force: true });
});

describe("buckets", () => {
  it("lets only the service role create buckets", async () => {
    const { error } = await asAlice.storage.createBucket(`nope-${randomUUID().slice(0, 8)}`);
    expect(error).toMatchObject({ status: 403, statusCode: "403", message: "Access denied: Invalid role" });
    const duplicate = await service.storage.createBucket(bucket);
    expect(duplicate.error).toMatchObject({ status: 400, statusCode: "409", message: "The resource already exists" });
  });
});

describe("objects", () => {
  it("uploads, downloads, signs and removes the owner's files", async () => {
    const key = `${alice}/receipt.pdf`;
    const upload = await files(asAlice).upload(key, pdf("alice"), { contentType: "application/pdf" });
    expect(upload.error).toBeNull();
    expect(upload.data).toEqual({ path: key, id: expect.any(String), fullPath: `${bucket}/${key}` });
    const row = await db.query("select owner, owner_id, metadata from storage.objects where id = $1", [
      upload.data!.id,
    ]);
    expect(row.rows[0]).toMatchObject({
      owner: alice,
      owner_id: alice,
      metadata: { mimetype: "application/pdf", size: 14 },
    });

    const downloaded = await files(asAlice).download(key);
    expect(downloaded.error).toBeNull();
    expect(downloaded.data!.type).toBe("application/pdf");
    expect(Buffer.from(await downloaded.data!.arrayBuffer()).toString()).toBe("%PDF-1.4 alice");

    const signed = await files(asAlice).createSignedUrl(key, 60);
    expect(signed.error).toBeNull();
    expect(signed.data!.signedUrl).toMatch(
      new RegExp(`^${SUPABASE_URL}/storage/v1/object/sign/${bucket}/${alice}/receipt.pdf\\?token=`),
    );
    const fetched = await fetch(signed.data!.signedUrl);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("application/pdf");
    expect(await fetched.text()).toBe("%PDF-1.4 alice");

    const removed = await files(asAlice).remove([key]);
    expect(removed.error).toBeNull();
    expect(removed.data).toEqual([expect.objectContaining({ name: key, bucket_id: bucket })]);
    expect((await files(asAlice).download(key)).error).toMatchObject({
      status: 400,
      statusCode: "404",
      message: "Object not found",
    });
    expect((await fetch(signed.data!.signedUrl)).status).toBe(400);
  });

  it("accepts Blob uploads (multipart) and upserts only when asked", async () => {
    const key = `${alice}/${randomUUID()}.png`;
    const blob = new Blob([png("first")], { type: "image/png" });
    expect((await files(asAlice).upload(key, blob)).error).toBeNull();
    const again = await files(asAlice).upload(key, new Blob([png("second")], { type: "image/png" }));
    expect(again.error).toMatchObject({ status: 400, statusCode: "409", message: "The resource already exists" });
    const upserted = await files(asAlice).upload(key, new Blob([png("second")], { type: "image/png" }), {
      upsert: true,
    });
    expect(upserted.error).toBeNull();
    const downloaded = await files(asAlice).download(key);
    expect(Buffer.from(await downloaded.data!.arrayBuffer())).toEqual(png("second"));
  });

  it("refuses other users and anon through the policies", async () => {
    const key = `${alice}/private.pdf`;
    expect((await files(asAlice).upload(key, pdf("secret"), { contentType: "application/pdf" })).error).toBeNull();

    const intoAlices = await files(asBob).upload(`${alice}/bob.pdf`, pdf("bob"), { contentType: "application/pdf" });
    expect(intoAlices.error).toMatchObject({
      status: 400,
      statusCode: "403",
      message: "new row violates row-level security policy",
    });
    const byAnon = await files(anon).upload(`${alice}/anon.pdf`, pdf("anon"), { contentType: "application/pdf" });
    expect(byAnon.error).toMatchObject({
      status: 400,
      statusCode: "403",
      message: "new row violates row-level security policy",
    });

    expect((await files(asBob).download(key)).error).toMatchObject({ status: 400, statusCode: "404" });
    expect((await files(anon).download(key)).error).toMatchObject({ status: 400, statusCode: "404" });
    expect((await files(asBob).createSignedUrl(key, 60)).error).toMatchObject({
      statusCode: "404",
      message: "Object not found",
    });

    const batch = await files(asBob).createSignedUrls([key], 60);
    expect(batch.data).toEqual([
      {
        error: "Either the object does not exist or you do not have access to it",
        path: key,
        signedURL: null,
        signedUrl: null,
      },
    ]);
    const mine = await files(asAlice).createSignedUrls([key], 60);
    expect(mine.data![0]).toMatchObject({ error: null, path: key });
    expect(await (await fetch(mine.data![0]!.signedUrl!)).text()).toBe("%PDF-1.4 secret");

    // Bob's remove is silently limited to what he may delete: nothing.
    expect((await files(asBob).remove([key])).data).toEqual([]);
    expect((await files(asAlice).download(key)).error).toBeNull();

    // The service role bypasses row-level security.
    expect((await files(service).download(key)).error).toBeNull();
  });

  it("refuses expired and tampered signed URLs", async () => {
    const key = `${alice}/signed.pdf`;
    expect((await files(asAlice).upload(key, pdf("signed"), { contentType: "application/pdf" })).error).toBeNull();
    const { data } = await files(asAlice).createSignedUrl(key, 60);
    const url = new URL(data!.signedUrl);
    const token = url.searchParams.get("token")!;

    const expired = signJwt({ url: `${bucket}/${key}`, scope: "download", iat: 1, exp: 2 }, JWT_SECRET);
    const expiredResponse = await fetch(`${SUPABASE_URL}/storage/v1/object/sign/${bucket}/${key}?token=${expired}`);
    expect(expiredResponse.status).toBe(400);
    expect(await expiredResponse.json()).toMatchObject({
      statusCode: "400",
      error: "InvalidJWT",
      message: '"exp" claim timestamp check failed',
    });

    const [header, , signature] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ url: `${bucket}/${alice}/other.pdf`, scope: "download", exp: 9999999999 }),
    ).toString("base64url");
    const tampered = await fetch(
      `${SUPABASE_URL}/storage/v1/object/sign/${bucket}/${alice}/other.pdf?token=${header}.${forgedPayload}.${signature}`,
    );
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ error: "InvalidJWT", message: "signature verification failed" });

    const otherPath = await fetch(`${SUPABASE_URL}/storage/v1/object/sign/${bucket}/${alice}/other.pdf?token=${token}`);
    expect(await otherPath.json()).toMatchObject({
      statusCode: "400",
      error: "InvalidSignature",
      message: "Invalid signature",
    });
  });

  it("enforces the bucket's size limit and mime types", async () => {
    const tooBig = await files(asAlice).upload(`${alice}/big.pdf`, Buffer.alloc(2048, 1), {
      contentType: "application/pdf",
    });
    expect(tooBig.error).toMatchObject({
      status: 400,
      statusCode: "413",
      message: "The object exceeded the maximum allowed size",
    });
    const tooBigBlob = await files(asAlice).upload(
      `${alice}/big.png`,
      new Blob([Buffer.alloc(2048, 1)], { type: "image/png" }),
    );
    expect(tooBigBlob.error).toMatchObject({ statusCode: "413" });
    const wrongType = await files(asAlice).upload(`${alice}/notes.txt`, Buffer.from("hei"), {
      contentType: "text/plain",
    });
    expect(wrongType.error).toMatchObject({
      status: 400,
      statusCode: "415",
      message: "mime type text/plain is not supported",
    });
    const { rowCount } = await db.query("select 1 from storage.objects where bucket_id = $1 and name like $2", [
      bucket,
      `${alice}/big%`,
    ]);
    expect(rowCount).toBe(0);
  });

  it("checks a file's content against its declared type, and refuses a mismatch as a type the bucket does not allow", async () => {
    const page = Buffer.from("<html><script>alert(1)</script></html>");
    for (const [name, contentType] of [
      ["page.png", "image/png"],
      ["page.jpg", "image/jpeg"],
      ["page.pdf", "application/pdf"],
      ["page.heic", "image/heic"],
      ["page.webp", "image/webp"],
    ]) {
      const raw = await files(asAlice).upload(`${alice}/${name}`, page, { contentType });
      expect(raw.error, `${contentType}, raw body`).toMatchObject({
        status: 400,
        statusCode: "415",
        message: `mime type ${contentType} is not supported`,
      });
      const multipart = await files(asAlice).upload(`${alice}/${name}`, new Blob([page], { type: contentType }));
      expect(multipart.error, `${contentType}, multipart`).toMatchObject({ statusCode: "415" });
    }
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic"), Buffer.alloc(12)]);
    const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 ")]);
    for (const [name, bytes, contentType] of [
      ["real.png", png("x"), "image/png"],
      ["real.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), "image/jpeg"],
      ["real.pdf", pdf("x"), "application/pdf"],
      ["real.heic", heic, "image/heic"],
      ["real.webp", webp, "image/webp"],
    ] as const) {
      expect((await files(asAlice).upload(`${alice}/${name}`, bytes, { contentType })).error, name).toBeNull();
    }
    const { rowCount } = await db.query("select 1 from storage.objects where bucket_id = $1 and name like $2", [
      bucket,
      `${alice}/page.%`,
    ]);
    expect(rowCount).toBe(0);
  });

  it("rejects keys that would leave the bucket's folder, and invalid tokens", async () => {
    // Encoded slashes survive URL normalisation, so the key itself holds the `..` segments.
    const dotted = await fetch(`${SUPABASE_URL}/storage/v1/object/${bucket}/${alice}%2F..%2F..%2Fescape.pdf`, {
      method: "POST",
      headers: { authorization: `Bearer ${userToken(alice)}`, "content-type": "application/pdf" },
      body: pdf("x"),
    });
    expect(dotted.status).toBe(400);
    expect(await dotted.json()).toMatchObject({ statusCode: "400", error: "InvalidKey" });

    const badToken = await files(client(ANON_KEY, "not.a.jwt")).download(`${alice}/x.pdf`);
    expect(badToken.error).toMatchObject({ status: 400, statusCode: "403" });
  });
});
