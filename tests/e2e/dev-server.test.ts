import { afterAll, expect, test } from "vitest";
import { APP_PORT } from "../support/app";
import { startAppServer, type AppServer } from "../support/app-server";
import { rawHttp, rawRequestText } from "../support/raw-http";

/**
 * `npm run dev` runs the app through the same server as production (server/index.js, with
 * Vite in development mode), so it refuses what production refuses (issue 16 point 3).
 */
const PORT = APP_PORT + 1;
let dev: AppServer | undefined;
afterAll(() => dev?.stop());

test("the dev server refuses cross-site posts and unknown methods as production does", async () => {
  dev = await startAppServer(PORT, { NODE_ENV: "development" });
  const send = (method: string, path: string, headers: Record<string, string> = {}, body = "") =>
    rawHttp(
      PORT,
      rawRequestText(
        method,
        path,
        { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body), ...headers },
        body,
      ),
    );
  expect((await send("GET", "/logg-inn")).status).toBe(200);
  const credentials = "email=ola%40example.test&password=feil";
  const crossSite: Record<string, string>[] = [
    { Origin: "https://evil.example" },
    { "Sec-Fetch-Site": "cross-site" },
    { Referer: "https://evil.example/skjema" },
  ];
  for (const headers of crossSite) {
    const response = await send("POST", "/logg-inn", headers, credentials);
    expect(response.status, JSON.stringify(headers)).toBe(403);
    expect(response.body).toContain("Skjemaet ble sendt fra et annet nettsted");
  }
  expect((await send("TRACE", "/")).status).toBe(405);
  // Its own pages' posts work.
  const own = { Origin: `http://localhost:${PORT}`, Host: `localhost:${PORT}` };
  expect((await send("POST", "/logg-inn", own, credentials)).status).toBe(400);
});
