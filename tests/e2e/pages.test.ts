import http from "node:http";
import zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { inTab, browserForFile } from "../support/browser";

const browser = browserForFile();

describe("the shell", () => {
  test("has a health check that answers without a session or the database", async () => {
    const response = await fetch(`${APP_URL}/helse`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("sends the build's scripts and stylesheets Brotli-compressed to a browser that takes Brotli, and whole to one that does not", async () => {
    const page = await (await fetch(`${APP_URL}/`)).text();
    const assets = [...page.matchAll(/"(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    expect(assets.some((asset) => asset.endsWith(".js")) && assets.some((asset) => asset.endsWith(".css"))).toBe(true);
    for (const asset of assets) {
      const whole = await rawGet(asset, "identity");
      expect(whole.headers["content-encoding"], asset).toBeUndefined();
      const brotli = await rawGet(asset, "gzip, deflate, br, zstd");
      expect(brotli.headers["content-encoding"], asset).toBe("br");
      // Charset names are case-insensitive (RFC 9110 8.3.2).
      expect(brotli.headers["content-type"]?.toLowerCase(), asset).toBe(whole.headers["content-type"]?.toLowerCase());
      expect(brotli.headers.vary, asset).toMatch(/Accept-Encoding/);
      expect(brotli.headers["cache-control"], asset).toBe("public, max-age=31536000, immutable");
      expect(zlib.brotliDecompressSync(brotli.body).equals(whole.body), asset).toBe(true);
    }
  });

  test("answers an unknown address with a 404 page in plain words", () =>
    inTab(browser(), async (app) => {
      const response = await app.goto("/finnes-ikke");
      expect(response?.status()).toBe(404);
      expect(await app.page.locator("h1").textContent()).toBe("Fant ikke siden");
      expect(await app.page.title()).toBe("Fant ikke siden – Sammen");
      await app.page.locator("main").getByRole("link", { name: "Gå til forsiden" }).click();
      await app.arrive("/");
      await app.expectAccessible();
    }));

  test("has an accessibility statement, linked from every page's footer, also in English", () =>
    inTab(browser(), async (app) => {
      await app.goto("/");
      await app.page.locator("footer").getByRole("link", { name: "Tilgjengelighetserklæring" }).click();
      await app.arrive("/tilgjengelighet");
      expect(await app.page.locator("h1").textContent()).toBe("Tilgjengelighetserklæring");
      const text = await app.page.locator("main").textContent();
      expect(text).toContain("WCAG 2.1 på nivå AA");
      expect(await app.page.locator('main a[href^="mailto:"]').count()).toBe(1);
      await app.expectAccessible();

      await app.page.locator("header").getByRole("button", { name: "English" }).click();
      await expect.poll(() => app.page.locator("h1").textContent()).toBe("Accessibility statement");
      expect(app.path).toBe("/tilgjengelighet");
      await app.expectAccessible();

      const response = await app.goto("/finnes-ikke-heller");
      expect(response?.status()).toBe(404);
      expect(await app.page.getAttribute("html", "lang")).toBe("en");
      expect(await app.page.locator("h1").textContent()).toBe("Page not found");
    }));

  test("the skip link is the first stop for the keyboard and moves focus to the main content", () =>
    inTab(browser(), async (app) => {
      await app.goto("/");
      await app.page.keyboard.press("Tab");
      const focused = () =>
        app.page.evaluate(() => ({
          tag: document.activeElement?.tagName,
          id: document.activeElement?.id,
          text: document.activeElement?.textContent,
        }));
      expect(await focused()).toMatchObject({ tag: "A", text: "Hopp til hovedinnhold" });
      await app.page.keyboard.press("Enter");
      await expect.poll(focused).toMatchObject({ tag: "MAIN", id: "main" });
    }));
});

/** A GET as it arrives, undecoded (fetch would decompress it). */
function rawGet(path: string, acceptEncoding: string) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(`${APP_URL}${path}`, { headers: { "accept-encoding": acceptEncoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}
