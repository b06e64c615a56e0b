import net from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { APP_PORT } from "../support/app";
import { startAppServer, type AppServer } from "../support/app-server";
import { parseResponse, rawHttp, rawRequestText } from "../support/raw-http";
import { createConfirmedUser, uniqueEmail } from "../support/users";

/**
 * Issue 16 point 4: several app servers behind a load balancer, one stack. The first server
 * is the one every browser test uses (global-app.ts, one trusted proxy hop); each test here
 * starts a second one as it needs it, on the next port.
 */
const SECOND_PORT = APP_PORT + 1;
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

let second: AppServer | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
});

/** A form post to `port`, from `localAddress` (the socket's address the server sees). */
function post(
  port: number,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  localAddress?: string,
) {
  const body = form(fields);
  const request = rawRequestText(
    "POST",
    path,
    { ...FORM, "Content-Length": Buffer.byteLength(body), ...headers },
    body,
  );
  return rawHttp(port, request, localAddress);
}

describe("two app servers against one stack", () => {
  test("share the sign-in limit: five wrong passwords for one address, spread over both, and both refuse the sixth", async () => {
    second = await startAppServer(SECOND_PORT, { TRUSTED_PROXY_HOPS: "1" });
    const user = await createConfirmedUser();
    const wrong = { email: user.email, password: "feil passord" };
    const client = { "X-Forwarded-For": "203.0.113.40" };
    const statuses = [];
    for (const port of [APP_PORT, SECOND_PORT, APP_PORT, SECOND_PORT, APP_PORT]) {
      statuses.push((await post(port, "/logg-inn", wrong, client)).status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    for (const port of [SECOND_PORT, APP_PORT]) {
      const refused = await post(port, "/logg-inn", { email: user.email, password: user.password }, client);
      expect(refused.status, `port ${port}`).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(800);
      expect(refused.body).toContain("For mange forsøk på kort tid.");
    }
  });
});

describe("the client's address", () => {
  const resetFrom = (port: number, headers: Record<string, string>, localAddress?: string) =>
    post(port, "/glemt-passord", { email: uniqueEmail("glemsk") }, headers, localAddress);

  test("is the socket's without TRUSTED_PROXY_HOPS: a client cannot pick its own with X-Forwarded-For", async () => {
    second = await startAppServer(SECOND_PORT);
    // Ten password resets per client an hour, each for another address, each claiming another client.
    for (let i = 1; i <= 10; i++) {
      const reset = await resetFrom(SECOND_PORT, { "X-Forwarded-For": `198.51.100.${i}` }, "127.0.0.71");
      expect(reset.status, `reset ${i}`).toBe(200);
    }
    const eleventh = await resetFrom(SECOND_PORT, { "X-Forwarded-For": "198.51.100.99" }, "127.0.0.71");
    expect(eleventh.status).toBe(429);
    // Another socket address is another client.
    expect((await resetFrom(SECOND_PORT, {}, "127.0.0.72")).status).toBe(200);
  });

  test("is the one the trusted proxy saw with one hop: the last X-Forwarded-For entry, whatever the client put before it", async () => {
    for (let i = 1; i <= 10; i++) {
      const reset = await resetFrom(APP_PORT, { "X-Forwarded-For": `198.51.100.${i}, 203.0.113.60` });
      expect(reset.status, `reset ${i}`).toBe(200);
    }
    expect((await resetFrom(APP_PORT, { "X-Forwarded-For": "10.9.9.9, 203.0.113.60" })).status).toBe(429);
    expect((await resetFrom(APP_PORT, { "X-Forwarded-For": "198.51.100.1, 203.0.113.61" })).status).toBe(200);
  });
});

describe("on SIGTERM", () => {
  test("a server stops taking connections, finishes the request in flight, and exits", async () => {
    second = await startAppServer(SECOND_PORT);
    const body = form({ email: uniqueEmail(), password: "feil passord" });
    const socket = net.connect({ host: "127.0.0.1", port: SECOND_PORT });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    const closed = new Promise((resolve) => socket.on("close", resolve));
    await new Promise((resolve) => socket.once("connect", resolve));
    // Half a sign-in form, on a connection kept alive as browsers and load balancers keep
    // them: the request is in flight, its action waiting for the rest.
    const request = rawRequestText(
      "POST",
      "/logg-inn",
      { ...FORM, "Content-Length": Buffer.byteLength(body), Connection: "keep-alive" },
      body,
    );
    const half = request.length - 10;
    socket.write(request.subarray(0, half));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const exited = new Promise<number | null>((resolve) => second!.process.once("exit", resolve));
    second.process.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(rawHttp(SECOND_PORT, rawRequestText("GET", "/helse"))).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(second.process.exitCode).toBeNull();

    const finishing = Date.now();
    socket.write(request.subarray(half));
    // The server closes the kept-alive connection itself once the answer is sent, without
    // waiting for the connection's keep-alive timeout.
    await closed;
    const response = parseResponse(Buffer.concat(chunks).toString("utf8"));
    expect(response.status).toBe(400);
    expect(response.body).toContain("Feil e-postadresse eller passord.");
    expect(await exited).toBe(0);
    expect(Date.now() - finishing).toBeLessThan(4000);
  });
});
