import { randomUUID } from "node:crypto";
import { createClient, isAuthWeakPasswordError } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectConfig } from "../../supabase/local/project";
import { pool } from "../support/db";
import { ANON_KEY, SERVICE_ROLE_KEY, SUPABASE_URL } from "../support/env";

// R14 through supabase-js against the local stack: PostgREST's db-pre-request
// (app.check_session) and a restrictive storage policy refuse a token whose session has
// ended, and Auth refuses to refresh it.

const PASSWORD = "tre grønne sykler i regnet";
const bucket = `r14-${randomUUID().slice(0, 8)}`;
const options = { auth: { persistSession: false, autoRefreshToken: false }, db: { schema: "api" } };
const service = createClient(SUPABASE_URL, SERVICE_ROLE_KEY, options);

/** What someone holding a copy of the access token can do with it. */
const withToken = (accessToken: string) =>
  createClient(SUPABASE_URL, ANON_KEY, { ...options, global: { headers: { Authorization: `Bearer ${accessToken}` } } });

async function signedIn() {
  const email = `${randomUUID()}@example.test`;
  const created = await service.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  expect(created.error).toBeNull();
  const supabase = createClient(SUPABASE_URL, ANON_KEY, options);
  const { data, error } = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
  expect(error).toBeNull();
  const session = data.session!;
  const sessionId = JSON.parse(Buffer.from(session.access_token.split(".")[1]!, "base64url").toString()).session_id;
  return { supabase, session, sessionId: sessionId as string, userId: data.user!.id };
}

// Any client will do: only its answer to one call is looked at.
type RpcClient = {
  rpc: (fn: string) => PromiseLike<{ error: { code?: string; message: string } | null; status: number }>;
};
const rpc = (client: RpcClient) => client.rpc("session_context");
const file = (userId: string) => `${userId}/kvittering.pdf`;

beforeAll(async () => {
  expect((await service.storage.createBucket(bucket, { public: false })).error).toBeNull();
  const own = `bucket_id = '${bucket}' and (storage.foldername(name))[1] = auth.uid()::text`;
  await pool.query(`
    create policy "${bucket} insert" on storage.objects for insert to authenticated with check (${own});
    create policy "${bucket} select" on storage.objects for select to authenticated using (${own});
  `);
});

afterAll(async () => {
  await pool.query(
    `drop policy "${bucket} insert" on storage.objects; drop policy "${bucket} select" on storage.objects`,
  );
  await pool.end();
});

describe("R14: sessions end", () => {
  it("R14: a signed-out access token is refused at once by RPC and storage", async () => {
    const { supabase, session, sessionId, userId } = await signedIn();
    const copy = withToken(session.access_token);
    expect((await rpc(copy)).error).toBeNull();
    const upload = await copy.storage.from(bucket).upload(file(userId), Buffer.from("%PDF-1.4 kvittering"), {
      contentType: "application/pdf",
    });
    expect(upload.error).toBeNull();
    expect((await copy.storage.from(bucket).download(file(userId))).error).toBeNull();

    expect((await supabase.auth.signOut()).error).toBeNull();
    expect((await pool.query("select 1 from auth.sessions where id = $1", [sessionId])).rowCount).toBe(0);

    // The token itself is valid for minutes more; the database no longer accepts it.
    const refused = await rpc(copy);
    expect(refused.status).toBe(401);
    expect(refused.error).toMatchObject({ code: "PT401", details: "signed_out" });
    expect((await copy.storage.from(bucket).download(file(userId))).error).not.toBeNull();
    const again = await copy.storage.from(bucket).upload(`${userId}/ny.pdf`, Buffer.from("%PDF-1.4 ny"), {
      contentType: "application/pdf",
    });
    expect(again.error).not.toBeNull();
    const signedUrl = await copy.storage.from(bucket).createSignedUrl(file(userId), 60);
    expect(signedUrl.error).not.toBeNull();
  });

  it("R14: a session idle longer than the inactivity timeout is refused, and so is its refresh", async () => {
    const { session, sessionId } = await signedIn();
    const copy = withToken(session.access_token);
    const idle = async (minutes: number) =>
      pool.query(
        "update auth.sessions set refreshed_at = (now() - make_interval(mins => $2)) at time zone 'utc' where id = $1",
        [sessionId, minutes],
      );

    await idle(projectConfig.sessionInactivitySeconds / 60 - 1);
    expect((await rpc(copy)).error).toBeNull();

    await idle(projectConfig.sessionInactivitySeconds / 60 + 1);
    const refused = await rpc(copy);
    expect(refused.status).toBe(401);
    expect(refused.error).toMatchObject({ code: "PT401", details: "inactivity" });
    const refresh = await createClient(SUPABASE_URL, ANON_KEY, options).auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    expect(refresh.error).toMatchObject({
      code: "session_expired",
      message: "Invalid Refresh Token: Session Expired (Inactivity)",
    });
  });

  it("R14: a session older than the maximum length is refused, however active, and so is its refresh", async () => {
    const { session, sessionId } = await signedIn();
    const copy = withToken(session.access_token);
    const started = async (hours: number) =>
      pool.query(
        `update auth.sessions set created_at = now() - make_interval(hours => $2),
                                  refreshed_at = now() at time zone 'utc' where id = $1`,
        [sessionId, hours],
      );

    await started(projectConfig.sessionTimeboxSeconds / 3600 - 1);
    expect((await rpc(copy)).error).toBeNull();

    await started(projectConfig.sessionTimeboxSeconds / 3600 + 1);
    const refused = await rpc(copy);
    expect(refused.status).toBe(401);
    expect(refused.error).toMatchObject({ code: "PT401", details: "timebox" });
    const refresh = await createClient(SUPABASE_URL, ANON_KEY, options).auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    expect(refresh.error).toMatchObject({ code: "session_expired", message: "Invalid Refresh Token: Session Expired" });
  });

  it("R14: a refresh keeps the session's refreshed_at current, so an active session does not time out", async () => {
    const { session, sessionId } = await signedIn();
    await pool.query(
      "update auth.sessions set refreshed_at = (now() - interval '20 minutes') at time zone 'utc' where id = $1",
      [sessionId],
    );
    const refreshed = await createClient(SUPABASE_URL, ANON_KEY, options).auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    expect(refreshed.error).toBeNull();
    const { rows } = await pool.query(
      `select now() - refreshed_at at time zone 'utc' < interval '1 minute' as current,
              now() - updated_at < interval '1 minute' as updated
         from auth.sessions where id = $1`,
      [sessionId],
    );
    expect(rows[0]).toEqual({ current: true, updated: true });
    expect((await rpc(withToken(refreshed.data.session!.access_token))).error).toBeNull();
  });

  it("R14: the limits the database enforces are config.toml's [auth.sessions], and the anon key needs no session", async () => {
    const { rows } = await pool.query(
      "select extract(epoch from timebox)::int as timebox, extract(epoch from inactivity_timeout)::int as idle from app.session_limits",
    );
    expect(rows).toEqual([
      { timebox: projectConfig.sessionTimeboxSeconds, idle: projectConfig.sessionInactivitySeconds },
    ]);
    expect(projectConfig.jwtExpirySeconds).toBeLessThan(projectConfig.sessionInactivitySeconds);
    const anonymous = await createClient(SUPABASE_URL, ANON_KEY, options).rpc("catalogue", {});
    expect(anonymous.error).toBeNull();
  });
});

describe("R14: passwords", () => {
  it("R14: Auth refuses a password shorter than 12 characters, saying why, and takes the demo password", async () => {
    const weak = await createClient(SUPABASE_URL, ANON_KEY, options).auth.signUp({
      email: `${randomUUID()}@example.test`,
      password: "elleve-tegn",
    });
    expect(isAuthWeakPasswordError(weak.error)).toBe(true);
    expect(weak.error).toMatchObject({
      status: 422,
      code: "weak_password",
      reasons: ["length"],
      message: "Password should be at least 12 characters.",
    });
    const demo = await createClient(SUPABASE_URL, ANON_KEY, options).auth.signUp({
      email: `${randomUUID()}@example.test`,
      password: "Sammen-demo-2026",
    });
    expect(demo.error).toBeNull();
  });
});
