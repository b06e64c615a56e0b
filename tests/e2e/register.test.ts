import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { browserForFile, inTab, type AppPage } from "../support/browser";
import { make, pool, withDb } from "../support/db";
import { registerNumbers } from "../support/register";
import { freePort, startAppServer } from "../support/app-server";
import { createConfirmedUser, roles, signIn, type TestUser } from "../support/users";

/**
 * Enhetsregisteret (Brønnøysundregistrene) in the browser: the registration form filled in from
 * the register (with and without JavaScript, and with the register out of reach), the
 * caseworker's comparison, and the signer check before countersigning. The app asks the
 * stack's stand-in (BRREG_URL, supabase/local/brreg.ts).
 */
const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");
const status = (app: AppPage) => main(app).getByRole("status");

/** An organisation with a number the stand-in knows, pending with a new municipality that has a caseworker. */
async function pendingClub(number: string, name: string) {
  const caseworker = await createConfirmedUser({ name: "Siri Saksbehandler" });
  const municipalityId = await roles.staff(caseworker.id, `${name} kommune`, "caseworker");
  const organisationId = await withDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      "insert into app.organisations (organisation_number, name, postal_town) values ($1, $2, 'Kongsberg') returning id",
      [number, name],
    );
    await make.partnership(db, rows[0]!.id, municipalityId, "pending");
    return rows[0]!.id;
  });
  return { caseworker, municipalityId, organisationId };
}

describe("the registration form and Enhetsregisteret", () => {
  test("fills in name and address when the number is typed, shows the register's facts, and Enter still registers", () =>
    inTab(browser(), async (app) => {
      const admin = await createConfirmedUser({ name: "Olga Oppslag" });
      const caseworker = await createConfirmedUser({ name: "Oddvar Oppfølger" });
      const municipalityId = await roles.staff(caseworker.id, "Oppslagsvik", "caseworker");
      await signIn(app, admin);
      await app.goto("/organisasjoner/ny");

      await app.page.getByLabel("Organisasjonsnummer").fill("991 000 003");
      await app.page.getByLabel("Organisasjonsnummer").press("Tab");
      await expect.poll(() => status(app).textContent()).toContain("Fant «Oppslagsvik Idrettslag» i Enhetsregisteret");
      expect(await app.page.getByLabel("Navn på organisasjonen").inputValue()).toBe("Oppslagsvik Idrettslag");
      expect(await app.page.getByLabel("Postadresse").inputValue()).toBe("Postboks 40");
      expect(await app.page.getByLabel("Postnummer").inputValue()).toBe("3051");
      expect(await app.page.getByLabel("Poststed").inputValue()).toBe("Mjøndalen");
      const facts = await status(app).textContent();
      expect(facts).toContain("Forening/lag/innretning (FLI)");
      expect(facts).toContain("Idrettsveien 1, 3050 MJØNDALEN");
      expect(facts).toContain("FrivillighetsregisteretRegistrert");
      await app.expectAccessible();

      await app.page.getByLabel("Oppslagsvik", { exact: true }).check();
      await app.page.getByLabel("Poststed").press("Enter");
      await app.page.waitForURL((url) => /^\/organisasjoner\/[0-9a-f-]{36}$/.test(url.pathname));
      const organisationId = app.path.split("/").at(-1)!;
      await app.expectAccessible();
      expect(await main(app).getByRole("heading", { level: 1 }).textContent()).toBe("Oppslagsvik Idrettslag");

      // The caseworker sees what the register said at registration beside what was typed.
      await inTab(browser(), async (staff) => {
        await signIn(staff, caseworker);
        await staff.goto(`/kommune/${municipalityId}/organisasjoner/${organisationId}`);
        const table = main(staff).getByRole("table", {
          name: "Det organisasjonen skrev, og det Enhetsregisteret sier",
        });
        expect(await table.getByRole("row", { name: /^Navn/ }).textContent()).toBe(
          "NavnOppslagsvik IdrettslagOppslagsvik Idrettslag",
        );
        expect(await table.textContent()).not.toContain("Avvik");
        expect(await table.getByRole("row", { name: /^Status/ }).textContent()).toContain("Ingen merknader");
      });
    }));

  test("without JavaScript, the button posts the form, which comes back filled in and saying what the register flags", () =>
    inTab(browser(), async (app) => {
      await signIn(app, await createConfirmedUser({ name: "Uten Skript" }));
      const context = await browser().newContext({
        javaScriptEnabled: false,
        viewport: { width: 390, height: 844 },
        storageState: await app.page.context().storageState(),
      });
      try {
        const page = await context.newPage();
        await page.goto(`${APP_URL}/organisasjoner/ny`);
        await page.getByLabel("Organisasjonsnummer").fill(registerNumbers.bankrupt);
        await page.getByLabel("Kort beskrivelse").fill("Fotball for alle");
        await page.locator("main").getByRole("button", { name: "Hent fra Brønnøysundregistrene" }).click();
        await page.waitForLoadState("load");
        const notice = await page.locator("main").getByRole("status").textContent();
        expect(notice).toContain("Fant «Konkursvik Sportsklubb» i Enhetsregisteret");
        expect(notice).toContain("Enhetsregisteret sier at organisasjonen er konkurs");
        expect(notice).toContain("FrivillighetsregisteretIkke registrert");
        expect(await page.getByLabel("Organisasjonsnummer").inputValue()).toBe(registerNumbers.bankrupt);
        expect(await page.getByLabel("Kort beskrivelse").inputValue()).toBe("Fotball for alle");
        expect(await page.getByLabel("Navn på organisasjonen").inputValue()).toBe("Konkursvik Sportsklubb");
        expect(await page.getByLabel("Postadresse").inputValue()).toBe("Konkursveien 1");

        // A number that is not one says so at the field, and the register is not asked.
        await page.getByLabel("Organisasjonsnummer").fill("991 000 004");
        await page.locator("main").getByRole("button", { name: "Hent fra Brønnøysundregistrene" }).click();
        await page.waitForLoadState("load");
        expect(await page.getByLabel("Organisasjonsnummer").getAttribute("aria-invalid")).toBe("true");
        expect(await page.getByLabel("Kort beskrivelse").inputValue()).toBe("Fotball for alle");
      } finally {
        await context.close();
      }

      // The same answer with JavaScript, through the lookup route, checked with axe.
      await app.goto("/organisasjoner/ny");
      await app.page.getByLabel("Organisasjonsnummer").fill(registerNumbers.bankrupt);
      await main(app).getByRole("button", { name: "Hent fra Brønnøysundregistrene" }).click();
      await expect
        .poll(() => status(app).textContent())
        .toContain("Enhetsregisteret sier at organisasjonen er konkurs");
      expect(app.path).toBe("/organisasjoner/ny");
      await app.expectAccessible();
    }));

  test("with the register out of reach, says so and registers what was typed by hand", async () => {
    const closed = await freePort();
    const offline = await startAppServer(await freePort(), { BRREG_URL: `http://127.0.0.1:${closed}` });
    try {
      await inTab(browser(), async (app) => {
        const admin = await createConfirmedUser({ name: "Nina Nettløs" });
        await roles.staff((await createConfirmedUser()).id, "Nettløsvik", "caseworker");
        await signIn(app, admin);
        // The session cookie is the host's, so the second server knows the person too.
        await app.page.goto(`${offline.url}/organisasjoner/ny`);
        await app.expectAccessible();
        await app.page.getByLabel("Organisasjonsnummer").fill("991 000 097");
        await main(app).getByRole("button", { name: "Hent fra Brønnøysundregistrene" }).click();
        await expect
          .poll(() => status(app).textContent())
          .toContain("Vi fikk ikke svar fra Brønnøysundregistrene nå. Fyll inn opplysningene selv");
        await app.expectAccessible();
        await app.page.getByLabel("Navn på organisasjonen").fill("Nettløsvik Sjakklubb");
        await app.page.getByLabel("Nettløsvik", { exact: true }).check();
        await main(app).getByRole("button", { name: "Registrer organisasjonen" }).click();
        await app.page.waitForURL((url) => /^\/organisasjoner\/[0-9a-f-]{36}$/.test(url.pathname));
        await app.expectAccessible();
        expect(await main(app).getByRole("heading", { level: 1 }).textContent()).toBe("Nettløsvik Sjakklubb");
        const { rows } = await pool.query(
          `select s.fetched_at from app.organisations o left join app.register_snapshots s on s.organisation_id = o.id
            where o.organisation_number = '991000097'`,
        );
        expect(rows).toEqual([{ fetched_at: null }]); // the daily re-check will look it up
      });
    } finally {
      await offline.stop();
    }
  });
});

describe("the caseworker's verification page", () => {
  test("shows the register beside what the club typed, flags bankruptcy, and a change can be marked as seen", () =>
    inTab(browser(), async (app) => {
      const { caseworker, municipalityId, organisationId } = await pendingClub(
        registerNumbers.bankrupt,
        "Konkursvik SK",
      );
      await signIn(app, caseworker);
      const path = `/kommune/${municipalityId}/organisasjoner/${organisationId}`;
      await app.goto(path);
      expect(await main(app).textContent()).toContain("Organisasjonen er ikke slått opp i Enhetsregisteret ennå.");

      await main(app).getByRole("button", { name: "Hent på nytt fra Enhetsregisteret" }).click();
      await expect.poll(() => main(app).getByRole("status").first().textContent()).toContain("er oppdatert");
      await app.expectAccessible();
      const table = main(app).getByRole("table", { name: "Det organisasjonen skrev, og det Enhetsregisteret sier" });
      expect(await table.getByRole("row", { name: /^Navn/ }).textContent()).toBe(
        "NavnKonkursvik SKKonkursvik Sportsklubb Avvik",
      );
      expect(await table.getByRole("row", { name: /^Status/ }).textContent()).toBe("Status–konkurs");
      expect(await table.getByRole("row", { name: /^Frivillighetsregisteret/ }).textContent()).toContain(
        "Ikke registrert",
      );
      expect(await main(app).textContent()).toContain("Registrert konkurs");

      await main(app).getByRole("button", { name: "Merk som sett" }).click();
      await expect.poll(() => main(app).getByRole("status").first().textContent()).toContain("merket som sett");
      await app.expectAccessible();
      expect(await main(app).textContent()).not.toContain("Registrert konkurs");
      // The register's flag stays on the page; only the change has been seen.
      expect(await table.getByRole("row", { name: /^Status/ }).textContent()).toBe("Status–konkurs");
    }));
});

describe("the signer check before countersigning", () => {
  /** A club with the stand-in's roles, an agreement sent to it, its admin and the municipality's caseworker. */
  async function agreementToSign(number: string, name: string) {
    const { caseworker, municipalityId, organisationId } = await pendingClub(number, name);
    const admin = await createConfirmedUser({ name: "Styreleder" });
    const agreementId = await withDb(async (db) => {
      await db.query("update app.partnerships set status = 'verified' where organisation_id = $1", [organisationId]);
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')", [
        organisationId,
        admin.id,
      ]);
      return make.agreement(db, municipalityId, organisationId, "awaiting_organisation");
    });
    return { caseworker, admin, agreementId };
  }

  async function sign(app: AppPage, user: TestUser, agreementId: string, fullName: string) {
    await signIn(app, user);
    await app.goto(`/avtaler/${agreementId}`);
    await app.page.getByLabel("Fullt navn").fill(fullName);
    await app.page.getByLabel("Din rolle").fill("Daglig leder");
    await app.page.getByLabel("Jeg har lest avtalen og signerer den på vegne av organisasjonen.").check();
    await main(app).getByRole("button", { name: "Signer", exact: true }).click();
    await expect.poll(() => main(app).textContent()).toContain(`${fullName}, Daglig leder`);
    await app.expectAccessible();
    expect(await main(app).textContent()).not.toContain("Signaturrett i Enhetsregisteret");
  }

  test("says the signer matches a registered role", () =>
    inTab(browser(), async (app) => {
      const { caseworker, admin, agreementId } = await agreementToSign(
        registerNumbers.signerMatch,
        "Signaturvik Turlag",
      );
      await sign(app, admin, agreementId, "kari nordmann");
      await inTab(browser(), async (staff) => {
        await signIn(staff, caseworker);
        await staff.goto(`/avtaler/${agreementId}`);
        expect(await main(staff).textContent()).toContain("kari nordmann har rollen daglig leder i Enhetsregisteret.");
        expect(await main(staff).getByRole("button", { name: "Sjekk signaturretten på nytt" }).count()).toBe(0);
      });
    }));

  test("warns when the signer holds no signing role, and the caseworker can countersign all the same", () =>
    inTab(browser(), async (app) => {
      const { caseworker, admin, agreementId } = await agreementToSign(
        registerNumbers.signerWarning,
        "Signaturvik Padleklubb",
      );
      await sign(app, admin, agreementId, "Per Medlem");
      await inTab(browser(), async (staff) => {
        await signIn(staff, caseworker);
        await staff.goto(`/avtaler/${agreementId}`);
        const text = await main(staff).textContent();
        expect(text).toContain("Fant ikke Per Medlem blant dem som har signaturrett i Enhetsregisteret.");
        expect(text).toContain(
          "Registrert med signaturrett: Kari Marie Nordmann (daglig leder), Øystein Ås (styreleder), Åse Signe (signatur).",
        );
        expect(text).toContain("du kan kontrasignere uansett");

        await main(staff).getByRole("button", { name: "Sjekk signaturretten på nytt" }).click();
        await staff.arrive(`/avtaler/${agreementId}`);
        await staff.expectAccessible();
        expect(await main(staff).textContent()).toContain("Fant ikke Per Medlem");

        await staff.page.getByLabel("Fullt navn").fill("Siri Saksbehandler");
        await staff.page.getByLabel("Din rolle").fill("Saksbehandler");
        await staff.page.getByLabel("Jeg har lest avtalen og signerer den på vegne av kommunen.").check();
        await main(staff).getByRole("button", { name: "Kontrasigner" }).click();
        await expect.poll(() => main(staff).textContent()).toContain("Siri Saksbehandler, Saksbehandler");
        await staff.expectAccessible();
        expect(await main(staff).textContent()).not.toContain("Fant ikke Per Medlem");
      });
    }));
});
