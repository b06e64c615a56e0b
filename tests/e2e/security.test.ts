import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { browserForFile, inTab } from "../support/browser";
import { createConfirmedUser, uniqueEmail } from "../support/users";

/**
 * The hardening of issue 9 as a browser and an attacker see it: the Content-Security-Policy
 * with a nonce per page, forged cross-site posts refused, the sign-in rate limit, and the
 * session cookies' flags (docs/decisions/008-csrf-and-csp.md).
 */
const browser = browserForFile();

const FOREIGN = "https://angriper.example";
const ANY_ID = "00000000-0000-4000-8000-000000000000";

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (pathAndQuery: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${APP_URL}${pathAndQuery}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
    redirect: "manual",
  });

function cspNonce(policy: string | null) {
  const nonce = /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
  expect(nonce, `no nonce in ${policy}`).toBeDefined();
  return nonce!;
}

/** The URL of every route module in app/routes that has an action, with any id filled in. */
function actionUrls(): string[] {
  const dir = path.resolve("app/routes");
  return readdirSync(dir)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) => /export (async function|const) action\b/.test(readFileSync(path.join(dir, file), "utf8")))
    .map((file) => {
      const segments = file.replace(/\.tsx?$/, "").split(".");
      const isIndex = segments.at(-1) === "_index";
      const urlPath = segments
        .filter((segment) => !segment.startsWith("_"))
        .map((segment) => (segment.startsWith("$") ? ANY_ID : segment.replace(/_$/, "")))
        .join("/");
      return `/${urlPath}${isIndex ? "?index" : ""}`;
    });
}

describe("the Content-Security-Policy", () => {
  test("gives every page a fresh nonce that its scripts carry, and the scripts run", () =>
    inTab(browser(), async (app) => {
      const violations: string[] = [];
      app.page.on("console", (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
      app.page.on("pageerror", (error) => violations.push(error.message));

      const response = await app.goto("/logg-inn");
      const headers = response!.headers();
      const policy = headers["content-security-policy"] ?? null;
      const nonce = cspNonce(policy);
      expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
      for (const directive of [
        "default-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
      ]) {
        expect(policy).toContain(directive);
      }
      expect(policy).not.toContain("unsafe-inline");
      expect(policy).toMatch(/img-src 'self' data: blob: http:\/\/127\.0\.0\.1:\d+/);
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"]).toContain("camera=()");
      expect(headers["strict-transport-security"]).toContain("max-age=");

      // Every script in the page carries this response's nonce.
      const html = await response!.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

      // The scripts ran: Remix hydrated, and a link navigates in the page without a new document.
      await expect.poll(() => app.page.evaluate(() => "__remixRouter" in window)).toBe(true);
      await app.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      await app.page.getByRole("link", { name: "Glemt passordet?" }).focus();
      await app.page.keyboard.press("Enter");
      await app.arrive("/glemt-passord");
      expect(await app.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      await app.expectAccessible();
      expect(violations).toEqual([]);

      const again = await fetch(`${APP_URL}/logg-inn`);
      expect(cspNonce(again.headers.get("content-security-policy"))).not.toBe(nonce);
    }));
});

describe("a form post from another site (CSRF)", () => {
  test("is refused with 403 by every action in the app", async () => {
    const urls = actionUrls();
    // The app has many forms; finding none would mean this test checks nothing.
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) {
      // Browsers that send no Origin still say where a post comes from, in Sec-Fetch-Site or Referer.
      const crossSite = await post(url, form({ intent: "x" }), { "Sec-Fetch-Site": "cross-site" });
      expect(crossSite.status, `POST ${url}, Sec-Fetch-Site: cross-site`).toBe(403);
      const foreignReferer = await post(url, form({ intent: "x" }), { Referer: `${FOREIGN}/skjema` });
      expect(foreignReferer.status, `POST ${url}, Referer ${FOREIGN}`).toBe(403);
    }
  });

  test("with a foreign Origin never reaches an action: no session, no cookie", async () => {
    const user = await createConfirmedUser();
    const credentials = form({ email: user.email, password: user.password });
    // The server refuses it before the app (server/guards.js), for a page's form post, a
    // fetch and a resource route alike: 403, not the empty 500 of Remix's own check.
    const signIn = await post("/logg-inn", credentials, { Origin: FOREIGN });
    expect(signIn.status).toBe(403);
    const fetched = await post("/logg-inn.data", credentials, { Origin: FOREIGN });
    expect(fetched.status).toBe(403);
    const language = await post("/sprak", form({ lang: "en", redirectTo: "/" }), { Origin: FOREIGN });
    expect(language.status).toBe(403);
    for (const response of [signIn, fetched, language]) expect(response.headers.getSetCookie()).toEqual([]);
  });

  test("from our own pages works, with and without JavaScript", async () => {
    const user = await createConfirmedUser();
    const sameOrigin = await post("/logg-inn", form({ email: user.email, password: user.password }), {
      Origin: APP_URL,
    });
    expect(sameOrigin.status).toBe(302);

    const context = await browser().newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${APP_URL}/logg-inn`);
      await page.getByLabel("E-postadresse").fill(user.email);
      await page.getByLabel("Passord", { exact: true }).fill(user.password);
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => candidate.request().method() === "POST"),
        page.locator("main").getByRole("button", { name: "Logg inn" }).click(),
      ]);
      expect(response.request().headers()["origin"]).toBe(APP_URL);
      await page.waitForURL(`${APP_URL}/`);
      expect(await page.locator("header").textContent()).toContain("Logget inn som");
    } finally {
      await context.close();
    }
  });
});

describe("signing in", () => {
  test("is refused with 429 after five wrong passwords for one address, saying so at the top of the form and keeping the address", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser();
      for (let attempt = 1; attempt <= 5; attempt++) {
        const response = await post("/logg-inn", form({ email: user.email, password: "feil passord" }));
        expect(response.status, `attempt ${attempt}`).toBe(400);
      }
      // Another address from the same client is not held back.
      expect((await post("/logg-inn", form({ email: uniqueEmail(), password: "feil passord" }))).status).toBe(400);

      await app.goto("/logg-inn");
      await app.page.getByLabel("E-postadresse").fill(user.email.toUpperCase());
      await app.page.getByLabel("Passord", { exact: true }).fill(user.password);
      const [response] = await Promise.all([
        app.page.waitForResponse((candidate) => candidate.request().method() === "POST"),
        app.page.keyboard.press("Enter"),
      ]);
      expect(response.status()).toBe(429);
      expect(Number(response.headers()["retry-after"])).toBeGreaterThan(800);
      const summary = app.page.locator("main .ds-error-summary");
      await expect
        .poll(() => summary.textContent())
        .toContain("For mange forsøk på kort tid. Vent 15 min og prøv igjen.");
      expect(await app.page.getByLabel("E-postadresse").inputValue()).toBe(user.email.toUpperCase());
      expect(app.path).toBe("/logg-inn");
      await app.expectAccessible();
    }));
});

describe("signing up and resetting a password", () => {
  // Each test is one client of its own, as the proxy in front would say, so that the limits
  // it fills do not hold back the other test files' sign-ups.
  const asClient = (address: string) => ({ "X-Forwarded-For": `198.51.100.9, ${address}` });

  test("are refused with 429 past the limits, saying so at the top of the form and keeping the input", async () => {
    const client = asClient("203.0.113.21");
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await post(
        "/registrer",
        form({ name: "Ola", email: uniqueEmail(), password: "et godt passord" }),
        client,
      );
      expect(response.status, `sign-up ${attempt}`).toBe(302);
    }
    const email = uniqueEmail("ola");
    const refused = await post(
      "/registrer",
      form({ name: "Ola Nordmann", email, password: "et godt passord" }),
      client,
    );
    expect(refused.status).toBe(429);
    const page = await refused.text();
    expect(page).toContain("For mange forsøk på kort tid.");
    expect(page).toContain(`value="${email}"`);
    expect(page).toContain('value="Ola Nordmann"');

    const address = uniqueEmail("glemsk");
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await post("/glemt-passord", form({ email: address }), asClient("203.0.113.22"))).status).toBe(200);
    }
    // The limit is the address's, from whichever client.
    const again = await post("/glemt-passord", form({ email: address }), asClient("203.0.113.23"));
    expect(again.status).toBe(429);
    expect(await again.text()).toContain(`value="${address}"`);
  });
});

describe("the cookies", () => {
  test("are httpOnly, SameSite=Lax, Secure and __Host- prefixed in production", async () => {
    const user = await createConfirmedUser();
    const signedIn = await post("/logg-inn", form({ email: user.email, password: user.password }));
    const language = await post("/sprak", form({ lang: "en", redirectTo: "/" }));
    const cookies = [...signedIn.headers.getSetCookie(), ...language.headers.getSetCookie()];
    expect(cookies.map((cookie) => cookie.split("=")[0])).toEqual(
      expect.arrayContaining(["__Host-sammen-auth", "__Host-lang"]),
    );
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^__Host-/);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).not.toMatch(/; Domain=/i);
    }
  });
});
