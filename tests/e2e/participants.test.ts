import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inTab, launchBrowser } from "../support/browser";
import { make, pool } from "../support/db";
import { createConfirmedUser, roles, signIn } from "../support/users";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await pool.end();
});

/** A caseworker whose municipality has an active agreement covering one sports activity. */
async function caseworkerWithAgreement() {
  const user = await createConfirmedUser({ name: "Saga Saksbehandler" });
  const municipalityId = await roles.staff(user.id, "Deltakervik", "caseworker");
  const db = await pool.connect();
  try {
    const club = await make.organisation(db, "Deltakervik Klatreklubb");
    await make.partnership(db, club, municipalityId);
    const activity = await make.activity(db, club, municipalityId, { title: "Klatrekveld", category: "idrett" });
    const agreement = await make.agreement(db, municipalityId, club, "active");
    await make.facilitatorRole(db, agreement, activity, await make.member(db, club, "facilitator"));
  } finally {
    db.release();
  }
  return { user, municipalityId };
}

describe("the caseworker's participants", () => {
  test("registers a participant with minimal data, writes a note and places them in a suggested activity", () =>
    inTab(browser, async (app) => {
      const { user, municipalityId } = await caseworkerWithAgreement();
      const list = `/kommune/${municipalityId}/deltakere`;
      await signIn(app, user);
      await app.page.locator("header").getByRole("link", { name: "Deltakere" }).click();
      await app.arrive(list);
      await app.expectAccessible();
      expect(await app.page.locator("main").textContent()).toContain("Ingen deltakere er registrert ennå.");

      await app.page.getByRole("link", { name: "Registrer deltaker" }).click();
      await app.arrive(`${list}/ny`);
      await app.expectAccessible();
      await app.page.getByRole("button", { name: "Registrer deltakeren" }).click();
      await expect.poll(() => app.page.getByLabel("Fornavn").getAttribute("aria-invalid")).toBe("true");
      expect(await app.page.locator("main").textContent()).toContain("Skriv inn fornavnet.");
      await app.expectAccessible();

      await app.page.getByLabel("Fornavn").fill("Sara");
      await app.page.getByLabel("Fødselsår").fill("2001");
      await app.page.getByLabel("Dette bør aktiviteten vite").fill("Liker å få vist ting først.");
      await app.page.getByLabel("Del dette med tilretteleggeren i aktiviteten").check();
      await app.page.getByLabel("Interesser").fill("idrett, musikk");
      await app.page.getByRole("button", { name: "Registrer deltakeren" }).click();
      await app.page.waitForURL((url) => /\/deltakere\/[0-9a-f-]{36}$/.test(url.pathname));
      await app.settle();
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.getByRole("heading", { level: 1 }).textContent()).toBe("Sara");
      expect(await main.textContent()).toContain("Delt med tilretteleggeren.");

      await app.page.getByLabel("Nytt notat").fill("Første samtale: vil prøve klatring.");
      await app.page.getByRole("button", { name: "Lagre notatet" }).click();
      await expect.poll(() => main.textContent()).toContain("Første samtale: vil prøve klatring.");
      await app.expectAccessible();

      await app.page.getByRole("button", { name: "Plasser i Klatrekveld" }).click();
      await expect.poll(() => main.getByRole("table").textContent()).toContain("Pågår");
      expect(await main.getByRole("table").textContent()).toContain("Klatrekveld, Deltakervik Klatreklubb");
      await app.expectAccessible();

      await app.goto(`${list}?sok=sar`);
      const row = main.getByRole("row", { name: /Sara/ });
      expect(await row.textContent()).toContain("2001");
      expect(await row.getByRole("cell").last().textContent()).toBe("1");
    }));

  test("another municipality's caseworker is refused the list (R9)", () =>
    inTab(browser, async (app) => {
      const { municipalityId } = await caseworkerWithAgreement();
      const other = await createConfirmedUser();
      await roles.staff(other.id, "Andrevik", "caseworker");
      await signIn(app, other);
      const response = await app.goto(`/kommune/${municipalityId}/deltakere`);
      expect(response?.status()).toBe(403);
      expect(await app.page.locator("h1").textContent()).toBe("Ingen tilgang");
      expect(await app.page.title()).toBe("Ingen tilgang – Sammen");
    }));
});
