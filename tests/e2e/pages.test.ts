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
