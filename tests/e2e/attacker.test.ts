import { describe, expect, test } from "vitest";
import { APP_PORT, APP_URL } from "../support/app";
import { rawHttp, rawRequestText, type RawResponse } from "../support/raw-http";
import { createConfirmedUser, roles, type TestUser } from "../support/users";

/**
 * Issue 16 point 3 as an attacker's script: each bad request from the list, sent to the
 * production server. R12: every one gets a clear 4xx, never a 500, and nothing the app
 * holds changes.
 */
const MEBIBYTE = 1024 * 1024;
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A request with its body's length declared, unless the headers say otherwise. */
function send(method: string, path: string, headers: Record<string, string | number> = {}, body?: string | Buffer) {
  const declared = body === undefined || "Transfer-Encoding" in headers || "Content-Length" in headers;
  const all = declared ? headers : { "Content-Length": Buffer.byteLength(body), ...headers };
  return rawHttp(APP_PORT, rawRequestText(method, path, all, body));
}

function refused(response: RawResponse, status: number, what: string) {
  expect(response.status, `${what}: ${response.body.slice(0, 300)}`).toBe(status);
}

/** The session cookies of a person signed in through the form. */
async function signedIn(user: TestUser): Promise<string> {
  const response = await fetch(`${APP_URL}/logg-inn`, {
    method: "POST",
    headers: FORM,
    body: form({ email: user.email, password: user.password }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .join("; ");
}

describe("R12: methods the app does not take", () => {
  test("TRACE, PUT, PATCH, DELETE, CONNECT and made-up methods get 405 with the methods it does take", async () => {
    for (const method of ["TRACE", "PUT", "PATCH", "DELETE", "PROPFIND", "FOO"]) {
      const response = await send(method, "/logg-inn");
      refused(response, 405, method);
      expect(response.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    }
    refused(await send("CONNECT", "localhost:443"), 405, "CONNECT");
    // A post to a page without a form is Remix's own 405, shown in the layout.
    const noForm = await send("POST", "/aktiviteter", FORM, form({ x: "1" }));
    refused(noForm, 405, "POST to a page without a form");
    expect(noForm.body).toContain("Denne siden tar ikke imot det som ble sendt.");
    const options = await send("OPTIONS", "/logg-inn");
    refused(options, 204, "OPTIONS");
    expect(options.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
  });
});

describe("R12: bodies too large or not forms", () => {
  test("a form post over its limit gets 413 and says so in Norwegian, unread", async () => {
    const large = await send("POST", "/logg-inn", FORM, `email=${"a".repeat(2 * MEBIBYTE)}`);
    refused(large, 413, "2 MiB sign-in form");
    expect(large.body).toContain("Det du sendte, var for stort: høyst 1 MB tas imot.");
    // Multipart is no way around it on a form without files.
    const boundary = "x".repeat(20);
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\n${"a".repeat(3 * MEBIBYTE)}\r\n--${boundary}--\r\n`;
    refused(
      await send("POST", "/registrer", { "Content-Type": `multipart/form-data; boundary=${boundary}` }, multipart),
      413,
      "3 MiB multipart sign-up",
    );
  });

  test("a body declared larger than any form is refused before a byte is read, and one without a length too", async () => {
    // 50 MB declared, nothing sent: the answer comes at once, the connection closes.
    const declared = await send("POST", "/logg-inn", { ...FORM, "Content-Length": 50 * MEBIBYTE });
    refused(declared, 413, "50 MB declared");
    expect(declared.body).toContain("Det du sendte, var for stort");
    const chunked = await send(
      "POST",
      "/logg-inn",
      { ...FORM, "Transfer-Encoding": "chunked" },
      "5\r\nemail\r\n0\r\n\r\n",
    );
    refused(chunked, 411, "chunked");
  });

  test("what is not a form gets 415, a broken form 400", async () => {
    refused(await send("POST", "/logg-inn", { "Content-Type": "application/json" }, "{}"), 415, "JSON");
    refused(await send("POST", "/logg-inn", { "Content-Type": "text/plain" }, "email=a"), 415, "text");
    refused(await send("POST", "/logg-inn", {}, "email=a"), 415, "no content type");
    const broken = await send("POST", "/logg-inn", { "Content-Type": "multipart/form-data; boundary=x" }, "garbage");
    refused(broken, 400, "broken multipart");
  });
});

describe("R12: NUL bytes and numbers beyond what the database holds", () => {
  test("a NUL in a form field is an error at that field, with the rest kept", async () => {
    const response = await send(
      "POST",
      "/registrer",
      FORM,
      form({ name: "Ola\u0000", email: "ola@example.test", password: "et godt passord" }),
    );
    refused(response, 400, "NUL in the name");
    expect(response.body).toContain("Feltet inneholder et tegn som ikke kan lagres.");
    expect(response.body).toContain('value="ola@example.test"');
  });

  test("a NUL in an address is refused before any page reads it", async () => {
    refused(await send("GET", "/aktiviteter?q=%00"), 400, "NUL in the query");
    refused(await send("GET", "/aktiviteter/%00"), 400, "NUL in the path");
    refused(await send("GET", "/%E0%A4%A"), 400, "broken percent-encoding");
  });

  test("numbers beyond bigint get a field error from an organisation's and a municipality's forms", async () => {
    const admin = await createConfirmedUser();
    const organisationId = await roles.member(admin.id, "Tallklubben", "admin");
    const activity = await send(
      "POST",
      `/organisasjoner/${organisationId}/aktiviteter/ny`,
      { ...FORM, Cookie: await signedIn(admin) },
      form({
        title: "Klatring",
        category: "idrett",
        municipality_id: "00000000-0000-4000-8000-000000000000",
        capacity: "99999999999999999999",
        fee: "9223372036854775808",
        fee_period: "year",
      }),
    );
    refused(activity, 400, "activity with huge numbers");
    expect(activity.body.match(/Tallet er for stort\./g)?.length).toBeGreaterThanOrEqual(2);
    expect(activity.body).toContain('value="Klatring"');

    const caseworker = await createConfirmedUser();
    const municipalityId = await roles.staff(caseworker.id, "Tallvik", "caseworker");
    const participant = await send(
      "POST",
      `/kommune/${municipalityId}/deltakere/ny`,
      { ...FORM, Cookie: await signedIn(caseworker) },
      form({ first_name: "Emma", birth_year: "99999999999999999999" }),
    );
    refused(participant, 400, "participant born in year 10^20");
    expect(participant.body).toContain("Tallet er for stort.");
    // A page's query takes it in its stride.
    expect((await send("GET", "/aktiviteter?alder=99999999999999999999&side=-1")).status).toBe(200);
  });
});

describe("R12: where a form sends people afterwards", () => {
  test("redirect targets that a browser would read as another host end at the front page", async () => {
    const user = await createConfirmedUser();
    for (const redirectTo of [
      "/%09/evil.example",
      "/%5C/evil.example",
      "/%0a/x",
      "/\t/evil.example",
      "/\\evil.example",
      "//evil.example",
      "https://evil.example/",
    ]) {
      const signIn = await send(
        "POST",
        "/logg-inn",
        FORM,
        form({ email: user.email, password: user.password, redirectTo }),
      );
      expect(signIn.status, `sign-in with ${JSON.stringify(redirectTo)}`).toBe(302);
      expect(signIn.headers.location, `sign-in with ${JSON.stringify(redirectTo)}`).toBe("/");
      const language = await send("POST", "/sprak", FORM, form({ lang: "en", redirectTo }));
      expect(language.headers.location, `language switch with ${JSON.stringify(redirectTo)}`).toBe("/");
    }
    const own = await send("POST", "/sprak", FORM, form({ lang: "nb", redirectTo: "/aktiviteter?dag=2" }));
    expect(own.headers.location).toBe("/aktiviteter?dag=2");
  });

  test("a post from another site is refused with 403 before the app, for pages and data requests alike", async () => {
    for (const path of ["/logg-inn", "/logg-inn.data", "/sprak"]) {
      const response = await send("POST", path, { ...FORM, Origin: "https://evil.example" }, form({ lang: "en" }));
      refused(response, 403, path);
      expect(response.headers["set-cookie"]).toBeUndefined();
    }
  });
});

describe("headers that keep responses where they belong", () => {
  test("every response says nosniff: pages, files, exports and refusals", async () => {
    const caseworker = await createConfirmedUser();
    const municipalityId = await roles.staff(caseworker.id, "Eksportvik", "admin");
    const cookie = await signedIn(caseworker);
    for (const [path, headers] of [
      ["/", {}],
      ["/helse", {}],
      ["/favicon.svg", {}],
      ["/.well-known/security.txt", {}],
      [`/kommune/${municipalityId}/innsikt/eksport/tiltak`, { Cookie: cookie }],
      ["/finnes-ikke", {}],
    ] as const) {
      const response = await send("GET", path, headers);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers["x-content-type-options"], path).toBe("nosniff");
    }
    const csv = await send("GET", `/kommune/${municipalityId}/innsikt/eksport/tiltak`, { Cookie: cookie });
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["cache-control"]).toBe("private, no-store");
  });

  test("signed-in pages are private and not stored; a visitor's public pages are cached for a minute", async () => {
    const catalogue = await send("GET", "/aktiviteter");
    const activity = /href="(\/aktiviteter\/[0-9a-f-]{36})"/.exec(catalogue.body)![1]!;
    const publicPages = ["/aktiviteter", "/aktiviteter?kommune=3303&dag=5", activity, "/inkluderingspris"];
    for (const path of [...publicPages, "/aktiviteter.data"]) {
      const response = await send("GET", path);
      expect(response.status, path).toBe(200);
      expect(response.headers["cache-control"], path).toBe("public, max-age=60, stale-while-revalidate=300");
      expect(response.headers.vary, path).toMatch(/\bCookie\b/);
    }
    // Not what a visitor may share: other pages, and a public address that found nothing.
    expect((await send("GET", "/tilgjengelighet")).headers["cache-control"]).toBeUndefined();
    const missing = await send("GET", "/aktiviteter/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.headers["cache-control"]).toBeUndefined();

    const user = await createConfirmedUser();
    const cookie = await signedIn(user);
    for (const path of [
      "/",
      "/mine-organisasjoner",
      "/mine-organisasjoner.data",
      ...publicPages,
      "/aktiviteter.data",
    ]) {
      const response = await send("GET", path, { Cookie: cookie });
      expect(response.status, path).toBe(200);
      expect(response.headers["cache-control"], path).toBe("private, no-store");
    }
  });

  test("/.well-known/security.txt says whom to tell, until when (RFC 9116)", async () => {
    const response = await fetch(`${APP_URL}/.well-known/security.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await response.text();
    expect(text).toMatch(/^Contact: mailto:security@localhost$/m);
    const expires = new Date(/^Expires: (.+)$/m.exec(text)![1]!);
    expect(expires.getTime()).toBeGreaterThan(Date.now());
    expect(expires.getTime()).toBeLessThan(Date.now() + 365 * 24 * 3600 * 1000);
    expect(text).toContain(`Canonical: ${APP_URL}/.well-known/security.txt`);
  });
});
