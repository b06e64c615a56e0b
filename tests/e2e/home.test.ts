import { describe, expect, test } from "vitest";
import { inTab, browserForFile } from "../support/browser";
import { pool } from "../support/db";
import { createConfirmedUser, roles, signIn } from "../support/users";

const browser = browserForFile(() => pool.end());

describe("the home page", () => {
  test("offers a visitor to sign in or create an account", () =>
    inTab(browser(), async (app) => {
      await app.goto("/");
      const main = app.page.locator("main");
      expect(await main.getByRole("link", { name: "Logg inn" }).getAttribute("href")).toBe("/logg-inn");
      expect(await main.getByRole("link", { name: "Registrer deg" }).getAttribute("href")).toBe("/registrer");
    }));

  test("shows a signed-in person the municipalities and organisations they have a role in", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser({ name: "Siri Saksbehandler" });
      await roles.staff(user.id, "Testvik", "caseworker");
      await roles.member(user.id, "Testvik Turlag", "facilitator");

      await signIn(app, user);
      const main = app.page.locator("main");
      expect(await main.getByRole("heading", { name: "Kommunene dine" }).count()).toBe(1);
      expect(await main.textContent()).toContain("Testvik kommune – saksbehandler");
      expect(await main.getByRole("heading", { name: "Mine organisasjoner" }).count()).toBe(1);
      expect(await main.textContent()).toContain("Testvik Turlag – tilrettelegger");
      expect(await app.page.locator("header").textContent()).toContain("Testvik kommune – saksbehandler");
    }));

  test("tells a person without roles how they get some", () =>
    inTab(browser(), async (app) => {
      await signIn(app, await createConfirmedUser());
      expect(await app.page.locator("main").textContent()).toContain("Du har ingen roller ennå");
    }));
});
