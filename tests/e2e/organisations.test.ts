import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { pool, validOrganisationNumber } from "../support/db";
import { createConfirmedUser, latestMail, signIn } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");
const summary = (app: AppPage) => main(app).locator(".ds-error-summary");

describe("an organisation", () => {
  test("is registered with refusals at the fields, gets an activity and invites a facilitator by e-mail", () =>
    inTab(browser(), async (app) => {
      const admin = await createConfirmedUser({ name: "Reidun Registrerer" });
      await signIn(app, admin);
      await main(app).getByRole("link", { name: "Registrer en organisasjon" }).click();
      await app.arrive("/organisasjoner/ny");
      await app.expectAccessible();

      // R1 and R2 say why at the field, and what was typed stays.
      await app.page.getByLabel("Organisasjonsnummer").fill("123 456 789");
      await app.page.getByLabel("Navn på organisasjonen").fill("Kongsberg Padleklubb");
      await app.page.getByLabel("Kontonummer for utbetalinger").fill("1234.56.78901");
      await app.page.getByLabel("Kongsberg").check();
      await main(app).getByRole("button", { name: "Registrer organisasjonen" }).click();
      await expect.poll(() => summary(app).textContent()).toContain("Organisasjonsnummeret må ha 9 siffer");
      // Both mistakes in one answer.
      expect(await summary(app).textContent()).toContain("Kontonummeret må ha 11 siffer");
      await app.expectAccessible();
      expect(await app.page.getByLabel("Navn på organisasjonen").inputValue()).toBe("Kongsberg Padleklubb");
      expect(await app.page.getByLabel("Kongsberg").isChecked()).toBe(true);

      // A number already registered names whom to contact.
      await app.page.getByLabel("Organisasjonsnummer").fill("915 005 926");
      await app.page.getByLabel("Kontonummer for utbetalinger").fill("");
      await main(app).getByRole("button", { name: "Registrer organisasjonen" }).click();
      await expect.poll(() => summary(app).textContent()).toContain("allerede registrert av Asker Klatreklubb");
      await app.expectAccessible();

      await app.page.getByLabel("Organisasjonsnummer").fill(validOrganisationNumber());
      await main(app).getByRole("button", { name: "Registrer organisasjonen" }).click();
      await app.page.waitForURL((url) => /^\/organisasjoner\/[0-9a-f-]{36}$/.test(url.pathname));
      const overviewPath = app.path;
      await app.expectAccessible();
      expect(await main(app).getByRole("heading", { level: 1 }).textContent()).toBe("Kongsberg Padleklubb");
      expect(await main(app).textContent()).toContain("Kongsberg: venter på godkjenning");

      await main(app).getByRole("link", { name: "Ny aktivitet" }).click();
      await app.arrive(`${overviewPath}/aktiviteter/ny`);
      await app.expectAccessible();
      await app.page.getByLabel("Navn på aktiviteten").fill("Padling for alle");
      await app.page.getByLabel("Dag 1").selectOption({ label: "onsdag" });
      await app.page.getByLabel("Starter 1").fill("18:00");
      await app.page.getByLabel("Slutter 1").fill("17:00");
      await app.page.getByLabel("Kontingent (kr)").fill("1 250");
      await app.page.getByLabel("Stikkord for tilrettelegging").fill("rullestol, Rolig miljø");
      await app.page.getByLabel("Vis aktiviteten i den offentlige aktivitetsoversikten").check();
      await main(app).getByRole("button", { name: "Lagre aktiviteten" }).click();
      await expect.poll(() => summary(app).textContent()).toContain("slutte etter at den starter");
      await app.expectAccessible();
      expect(await app.page.getByLabel("Navn på aktiviteten").inputValue()).toBe("Padling for alle");
      await app.page.getByLabel("Slutter 1").fill("20:00");
      await main(app).getByRole("button", { name: "Lagre aktiviteten" }).click();
      await app.arrive(overviewPath);
      await app.expectAccessible();
      await main(app).getByRole("link", { name: "Padling for alle", exact: true }).click();
      await app.arrive(app.path);
      await app.expectAccessible();
      expect(await app.page.getByLabel("Kontingent (kr)").inputValue()).toBe("1250,00");
      expect(await app.page.getByLabel("Stikkord for tilrettelegging").inputValue()).toBe("rolig miljø, rullestol");
      expect(await app.page.getByLabel("Dag 1").inputValue()).toBe("3");

      await app.goto(overviewPath);
      const facilitator = await createConfirmedUser({ name: "Tone Tilrettelegger" });
      const facilitatorEmail = facilitator.email;
      await app.page.getByLabel("E-postadresse").fill(facilitatorEmail);
      await main(app).getByRole("button", { name: "Send invitasjon" }).click();
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain(facilitatorEmail);
      await app.expectAccessible();
      const mail = await latestMail(facilitatorEmail, "Invitasjon til Kongsberg Padleklubb i Sammen");
      expect(mail.link.startsWith(`${APP_URL}/invitasjon/`)).toBe(true);

      await app.goto("/mine-organisasjoner");
      expect(await main(app).textContent()).toContain("Kongsberg Padleklubb");
      expect(await main(app).textContent()).toContain("Kongsberg: venter på godkjenning");

      // The invitee opens the link, signs in and comes back to accept.
      await app.page.locator("header").getByRole("button", { name: "Logg ut" }).click();
      await expect.poll(() => app.page.locator("header").getByRole("link", { name: "Logg inn" }).count()).toBe(1);
      await app.expectAccessible();
      const invitationPath = new URL(mail.link).pathname;
      await app.goto(invitationPath);
      expect(await main(app).textContent()).toContain("Du er invitert som tilrettelegger i Kongsberg Padleklubb");
      await main(app).getByRole("link", { name: "Logg inn" }).click();
      await app.arrive("/logg-inn");
      await app.expectAccessible();
      await app.page.getByLabel("E-postadresse").fill(facilitator.email);
      await app.page.getByLabel("Passord", { exact: true }).fill(facilitator.password);
      await main(app).getByRole("button", { name: "Logg inn" }).click();
      await app.arrive(invitationPath);
      await app.expectAccessible();
      await main(app).getByRole("button", { name: "Godta invitasjonen" }).click();
      await app.arrive(overviewPath);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Tone Tilrettelegger");
      expect(await app.page.locator("header").textContent()).toContain("Kongsberg Padleklubb – tilrettelegger");

      // Used once only.
      await app.goto(invitationPath);
      expect(await main(app).textContent()).toContain("Invitasjonen er allerede godtatt");
    }));
});
