import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { browserForFile, inTab, type AppPage } from "../support/browser";
import { daysFromToday, make, pool } from "../support/db";
import { createConfirmedUser, roles, signIn } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");

/**
 * A caseworker; a participant who likes swimming; a swimming and a climbing activity under
 * one active agreement, a hike under another club's, and kayaking under a mere draft.
 */
async function municipalityWithAgreements() {
  const user = await createConfirmedUser({ name: "Siv Saksbehandler" });
  const municipalityId = await roles.staff(user.id, "Plassvik", "caseworker");
  const db = await pool.connect();
  try {
    const cover = async (clubName: string, titles: string[], fields: Record<string, unknown> = {}, active = true) => {
      const club = await make.organisation(db, clubName);
      await make.partnership(db, club, municipalityId);
      const agreement = await make.agreement(db, municipalityId, club, active ? "active" : "draft");
      const facilitator = await make.member(db, club, "facilitator");
      const ids = [];
      for (const title of titles) {
        const activity = await make.activity(db, club, municipalityId, { title, ...fields });
        await make.facilitatorRole(db, agreement, activity, facilitator);
        ids.push(activity);
      }
      return ids;
    };
    const [, climbing] = await cover("Plassvik Idrettslag", ["Svømming for alle", "Klatring for alle"]);
    await db.query(
      "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 2, '18:00', '19:30')",
      [climbing],
    );
    await cover("Plassvik Turlag", ["Fjelltur"], { category: "friluft", age_min: 18 });
    await cover("Plassvik Padleklubb", ["Kajakk"], {}, false);
    const participant = await make.participant(db, municipalityId, {
      first_name: "Sara",
      birth_year: 2012,
      interests: ["svømming"],
    });
    return { user, participantPath: `/kommune/${municipalityId}/deltakere/${participant}` };
  } finally {
    db.release();
  }
}

const found = (app: AppPage) =>
  main(app)
    .getByRole("list", { name: /aktivitet/ })
    .getByRole("heading")
    .allTextContents();

describe("placement without matching", () => {
  test("a caseworker finds an activity the interests do not match, by words, category and day, and places the participant there", () =>
    inTab(browser(), async (app) => {
      const { user, participantPath } = await municipalityWithAgreements();
      await signIn(app, user);
      await app.goto(participantPath);
      // The suggestions follow the interests: climbing is not among them.
      expect(await main(app).getByRole("heading", { level: 3 }).allTextContents()).toEqual(["Svømming for alle"]);

      await main(app).getByRole("link", { name: "Finn en aktivitet" }).click();
      await app.arrive(`${participantPath}/plasser`);
      await app.expectAccessible();
      expect(await main(app).getByRole("heading", { level: 2 }).textContent()).toBe("3 aktiviteter");
      expect(await found(app)).toEqual(["Fjelltur", "Klatring for alle", "Svømming for alle"]);
      const swimming = main(app).getByRole("listitem").filter({ hasText: "Svømming for alle" });
      expect(await swimming.textContent()).toContain("Passer med interessene: svømming");
      const hike = main(app).getByRole("listitem").filter({ hasText: "Fjelltur" });
      expect(await hike.textContent()).toContain("Plassvik Turlag · Friluftsliv");
      expect(await hike.textContent()).toContain("Utenfor aldersgruppen");

      // By keyboard: words in the search field, Enter.
      await app.page.getByLabel("Søk etter aktivitet eller organisasjon").fill("KLATR");
      await app.page.keyboard.press("Enter");
      await expect.poll(() => found(app)).toEqual(["Klatring for alle"]);
      expect(new URL(app.page.url()).searchParams.get("sok")).toBe("KLATR");
      await app.expectAccessible();

      await app.page.getByLabel("Søk etter aktivitet eller organisasjon").fill("turlag");
      await main(app).getByRole("button", { name: "Søk", exact: true }).click();
      await expect.poll(() => found(app)).toEqual(["Fjelltur"]);

      await app.page.getByLabel("Søk etter aktivitet eller organisasjon").fill("");
      await app.page.getByLabel("Dag", { exact: true }).selectOption({ label: "tirsdag" });
      await main(app).getByRole("button", { name: "Søk", exact: true }).click();
      await expect.poll(() => found(app)).toEqual(["Klatring for alle"]);
      await app.page.getByLabel("Kategori", { exact: true }).selectOption({ label: "Musikk" });
      await main(app).getByRole("button", { name: "Søk", exact: true }).click();
      await expect
        .poll(() => main(app).textContent())
        .toContain("Ingen aktiviteter med aktiv avtale passer med søket.");
      expect(await main(app).getByRole("heading", { level: 2 }).textContent()).toBe("0 aktiviteter");
      await app.expectAccessible();

      await main(app).getByRole("link", { name: "Vis alle aktivitetene" }).click();
      await app.arrive(`${participantPath}/plasser`);
      await expect.poll(() => found(app)).toHaveLength(3);
      expect(await app.page.getByLabel("Kategori", { exact: true }).inputValue()).toBe("");
      const climbing = main(app).getByRole("listitem").filter({ hasText: "Klatring for alle" });
      await climbing.getByLabel("Startdato").fill("");
      await climbing.getByRole("button", { name: "Plasser i Klatring for alle" }).click();
      await expect.poll(() => climbing.getByLabel("Startdato").getAttribute("aria-invalid")).toBe("true");
      expect(await climbing.textContent()).toContain("Velg en dato.");
      await app.expectAccessible();

      await climbing.getByLabel("Startdato").fill(daysFromToday(0));
      await climbing.getByRole("button", { name: "Plasser i Klatring for alle" }).press("Enter");
      await app.arrive(participantPath);
      await app.expectAccessible();
      expect(await main(app).getByRole("table").textContent()).toContain("Klatring for alle, Plassvik Idrettslag");

      await main(app).getByRole("link", { name: "Søk blant alle aktiviteter med avtale" }).click();
      await app.arrive(`${participantPath}/plasser`);
      await app.expectAccessible();
      const placed = main(app).getByRole("listitem").filter({ hasText: "Klatring for alle" });
      expect(await placed.textContent()).toContain("Sara har allerede et tiltak her.");
      expect(await placed.getByRole("button").count()).toBe(0);
    }));

  test("searches and places without JavaScript", async () => {
    const { user, participantPath } = await municipalityWithAgreements();
    // Signing in needs no script either, but the session is made in a tab that has it.
    await inTab(browser(), async (app) => {
      await signIn(app, user);
      const cookies = await app.page.context().cookies();
      const context = await browser().newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
      try {
        await context.addCookies(cookies);
        const page = await context.newPage();
        await page.goto(`${APP_URL}${participantPath}/plasser`);
        await page.getByLabel("Søk etter aktivitet eller organisasjon").fill("klatring");
        await page.getByRole("button", { name: "Søk", exact: true }).click();
        await page.waitForURL((url) => url.searchParams.get("sok") === "klatring");
        const item = page.locator("main li").filter({ hasText: "Klatring for alle" });
        expect(await page.locator("main li h3").allTextContents()).toEqual(["Klatring for alle"]);
        await item.getByRole("button", { name: "Plasser i Klatring for alle" }).click();
        await page.waitForURL((url) => url.pathname === participantPath);
        expect(await page.locator("main table").textContent()).toContain("Klatring for alle");
      } finally {
        await context.close();
      }
    });
  });
});
