import { describe, expect, test } from "vitest";
import { inTab, browserForFile } from "../support/browser";
import { daysFromToday, make, pool } from "../support/db";
import { createConfirmedUser, roles, signIn } from "../support/users";

const browser = browserForFile(() => pool.end());

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
    const facilitator = await make.member(db, club, "facilitator");
    await make.facilitatorRole(db, agreement, activity, facilitator);
    return { user, municipalityId, place: { activity, agreement, facilitator } };
  } finally {
    db.release();
  }
}

describe("the caseworker's participants", () => {
  test("registers a participant with minimal data, writes a note and places them in a suggested activity", () =>
    inTab(browser(), async (app) => {
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
    inTab(browser(), async (app) => {
      const { municipalityId } = await caseworkerWithAgreement();
      const other = await createConfirmedUser();
      await roles.staff(other.id, "Andrevik", "caseworker");
      await signIn(app, other);
      const response = await app.goto(`/kommune/${municipalityId}/deltakere`);
      expect(response?.status()).toBe(403);
      expect(await app.page.locator("h1").textContent()).toBe("Ingen tilgang");
      expect(await app.page.title()).toBe("Ingen tilgang – Sammen");
    }));

  test("follows placements: all, ending soon, and no one present for three weeks", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId, place } = await caseworkerWithAgreement();
      const db = await pool.connect();
      try {
        const placed = async (firstName: string, period: { from: string; to: string }) =>
          make.placement(
            db,
            await make.participant(db, municipalityId, { first_name: firstName }),
            place.activity,
            place.agreement,
            period,
          );
        await placed("Bjørn", { from: daysFromToday(-60), to: daysFromToday(300) });
        await placed("Cecilie", { from: daysFromToday(-340), to: daysFromToday(20) });
        const dina = await placed("Dina", { from: daysFromToday(-60), to: daysFromToday(300) });
        const session = await make.session(db, place.activity, daysFromToday(-3));
        await db.query("insert into app.attendance (placement_id, session_id, status) values ($1, $2, 'present')", [
          dina,
          session,
        ]);
      } finally {
        db.release();
      }
      await signIn(app, user);
      await app.page.locator("header").getByRole("link", { name: "Tiltak" }).click();
      await app.arrive(`/kommune/${municipalityId}/tiltak`);
      await app.expectAccessible();
      const names = async () => (await app.page.locator("main tbody tr td:first-child").allTextContents()).sort();
      expect(await names()).toEqual(["Bjørn", "Cecilie", "Dina"]);

      await app.page.getByRole("link", { name: "Slutter innen 30 dager" }).click();
      await expect.poll(names).toEqual(["Cecilie"]);
      await app.expectAccessible();

      await app.page.getByRole("link", { name: "Ikke til stede på 2 uker" }).click();
      await expect.poll(names).toEqual(["Bjørn", "Cecilie"]);
      expect(await app.page.getByRole("link", { name: "Ikke til stede på 2 uker" }).getAttribute("aria-current")).toBe(
        "page",
      );
      await app.expectAccessible();
    }));

  test("follows up a placement and ends it with an outcome", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId, place } = await caseworkerWithAgreement();
      const db = await pool.connect();
      try {
        const participant = await make.participant(db, municipalityId, { first_name: "Eirik" });
        await make.placement(db, participant, place.activity, place.agreement);
      } finally {
        db.release();
      }
      await signIn(app, user, `/kommune/${municipalityId}/tiltak`);
      await app.page.getByRole("link", { name: "Klatrekveld, Deltakervik Klatreklubb" }).click();
      await app.page.waitForURL((url) => url.pathname.startsWith("/tiltak/"));
      await app.settle();
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.getByRole("heading", { level: 1 }).textContent()).toBe("Eirik i Klatrekveld");

      await app.page.getByLabel("Hva kom fram").fill("Trives godt og vil bli medlem.");
      await app.page.getByRole("button", { name: "Lagre oppfølgingen" }).click();
      await expect.poll(() => main.textContent()).toContain("Trives godt og vil bli medlem.");
      await app.expectAccessible();

      await main.getByRole("button", { name: "Avslutt tiltaket" }).click();
      await expect.poll(() => main.textContent()).toContain("Velg hvordan det gikk videre.");
      await app.expectAccessible();
      await app.page.getByLabel("Fortsetter som vanlig medlem").check();
      await app.page.getByLabel("Evaluering").fill("Målet er nådd.");
      await main.getByRole("button", { name: "Avslutt tiltaket" }).click();
      await expect.poll(() => main.textContent()).toContain("Avsluttet: fortsetter som vanlig medlem");
      expect(await main.textContent()).toContain("Målet er nådd.");
      expect(await main.getByRole("button", { name: "Avslutt tiltaket" }).count()).toBe(0);
      await app.expectAccessible();
    }));
});
