import { describe, expect, test } from "vitest";
import { inTab, browserForFile } from "../support/browser";

const browser = browserForFile();

describe("the public catalogue", () => {
  test("filters by the query string with a form that works without JavaScript", () =>
    inTab(browser(), async (app) => {
      await app.goto("/");
      await app.page.locator("header").getByRole("link", { name: "Aktiviteter" }).click();
      await app.arrive("/aktiviteter");
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.getByRole("heading", { level: 2 }).first().textContent()).toMatch(/^\d+ aktiviteter$/);

      await app.page.getByLabel("Kommune").selectOption({ label: "Kongsberg" });
      await app.page.getByLabel("Dag").selectOption({ label: "fredag" });
      await app.page.getByLabel("Tilrettelegging").selectOption("rullestol");
      await main.getByRole("button", { name: "Vis aktiviteter" }).click();
      await app.arrive("/aktiviteter");
      await app.expectAccessible();
      expect(new URL(app.page.url()).searchParams.get("kommune")).toBe("3303");
      expect(new URL(app.page.url()).searchParams.get("dag")).toBe("5");
      const titles = await main.getByRole("heading", { level: 3 }).allTextContents();
      expect(titles).toEqual(["Fredagsbowling"]);
      expect(await main.textContent()).toContain("kr\u00a01\u00a0200,00 per år");
      expect(await main.textContent()).toContain("fredag 18:00–20:00");

      await main.getByRole("link", { name: "Fredagsbowling" }).click();
      await app.arrive(app.path);
      expect(app.path).toMatch(/^\/aktiviteter\/[0-9a-f-]{36}$/);
      await app.expectAccessible();
      expect(await app.page.title()).toBe("Fredagsbowling – Sammen");
      expect(await main.getByRole("heading", { level: 1 }).textContent()).toBe("Fredagsbowling");
      expect(await main.locator("aside").textContent()).toContain("Kongsberg");
    }));

  test("keeps the filters in a shared link and pages through the results", () =>
    inTab(browser(), async (app) => {
      await app.goto("/aktiviteter?kategori=musikk&alder=70");
      const main = app.page.locator("main");
      expect(await app.page.getByLabel("Kategori").inputValue()).toBe("musikk");
      expect(await app.page.getByLabel("Alder (år)").inputValue()).toBe("70");
      const titles = await main.getByRole("heading", { level: 3 }).allTextContents();
      expect(titles).toEqual(expect.arrayContaining(["Evergreenkoret", "Korøvelse", "Korpsøvelse"]));
      expect(titles).not.toContain("Fredagsbowling");

      await app.goto("/aktiviteter?dag=tull&alder=-3");
      expect(await main.getByRole("heading", { level: 2 }).first().textContent()).toMatch(/^\d+ aktiviteter$/);

      await app.goto("/aktiviteter");
      await main.getByRole("link", { name: "Neste side" }).click();
      await app.arrive("/aktiviteter");
      await app.expectAccessible();
      expect(new URL(app.page.url()).searchParams.get("side")).toBe("2");
      expect(await main.textContent()).toContain("Side 2 av");
    }));

  test("an activity that is not public is not found", () =>
    inTab(browser(), async (app) => {
      const response = await app.goto("/aktiviteter/00000000-0000-4000-8000-000000000000");
      expect(response?.status()).toBe(404);
    }));
});
