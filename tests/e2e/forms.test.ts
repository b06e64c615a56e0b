import { describe, expect, test } from "vitest";
import { RECEIPT_MAX_BYTES } from "../../app/lib/claims";
import { textLimits } from "../../app/lib/limits";
import { APP_URL } from "../support/app";
import { browserForFile, inTab, type AppPage } from "../support/browser";
import { daysFromToday, make, pool, withDb } from "../support/db";
import { createConfirmedUser, roles, signIn, type TestUser } from "../support/users";

/**
 * Forms that forgive (R12): every mistake in one answer, the limit of a text named, which row
 * of a repeated group is wrong; and nothing doubled or dropped: a double click registers once,
 * a receipt over the limit is refused at its field with the rest kept, a mistaken registration
 * is deleted or merged.
 */
const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");
const summary = (app: AppPage) => main(app).locator(".ds-error-summary");
const summaryItems = (app: AppPage) => summary(app).locator("li").allTextContents();
const invalid = (app: AppPage, label: string) =>
  app.page.getByLabel(label, { exact: true }).getAttribute("aria-invalid");

/** Types past a field's maxLength, as a script or an old browser could, to see the server's answer. */
async function fillBeyondLimit(app: AppPage, label: string, length: number) {
  const field = app.page.getByLabel(label, { exact: true });
  await field.evaluate((element) => element.removeAttribute("maxlength"));
  await field.fill("x".repeat(length));
}

const count = (sql: string, params: unknown[]) =>
  pool.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params).then(({ rows }) => rows[0]!.n);

describe("forms report every mistake at once", () => {
  test("the organisation registration names five format mistakes and a too-long text in one answer", () =>
    inTab(browser(), async (app) => {
      const person = await createConfirmedUser({ name: "Frida Feilskriver" });
      await withDb((db) => make.municipality(db, "Feilvik"));
      await signIn(app, person);
      await app.goto("/organisasjoner/ny");
      const description = app.page.getByLabel("Kort beskrivelse");
      expect(await description.getAttribute("maxlength")).toBe(String(textLimits.organisations.description));

      await app.page.getByLabel("Organisasjonsnummer").fill("123 456 789");
      await app.page.getByLabel("Navn på organisasjonen").fill("Feilvik Turlag");
      await app.page.getByLabel("E-post til organisasjonen").fill("post-feilvik.no");
      await app.page.getByLabel("Telefon", { exact: true }).fill("12");
      await app.page.getByLabel("Postnummer").fill("12a");
      await app.page.getByLabel("Kontonummer for utbetalinger").fill("1234.56.78901");
      await fillBeyondLimit(app, "Kort beskrivelse", textLimits.organisations.description + 1);
      await app.page.getByLabel("Feilvik").check();
      await main(app).getByRole("button", { name: "Registrer organisasjonen" }).click();

      await expect.poll(() => summaryItems(app).then((items) => items.length)).toBe(6);
      const items = (await summaryItems(app)).join("\n");
      expect(items).toContain("Organisasjonsnummeret må ha 9 siffer");
      expect(items).toContain("Skriv inn en gyldig e-postadresse");
      expect(items).toContain("Skriv inn et telefonnummer med 8 til 15 siffer.");
      expect(items).toContain("Postnummeret må ha 4 siffer.");
      expect(items).toContain("Kontonummeret må ha 11 siffer");
      expect(items).toContain(`Den kan ha høyst ${textLimits.organisations.description} tegn.`);
      for (const label of ["Organisasjonsnummer", "Telefon", "Postnummer", "Kontonummer for utbetalinger"]) {
        expect(await invalid(app, label), label).toBe("true");
      }
      expect(await app.page.getByLabel("Navn på organisasjonen").inputValue()).toBe("Feilvik Turlag");
      expect(await app.page.getByLabel("Feilvik").isChecked()).toBe(true);
      await app.expectAccessible();
      expect(await count("app.organisations where name = $1", ["Feilvik Turlag"])).toBe(0);
    }));

  test("the activity form says which weekly time is wrong, with the season and the ages", () =>
    inTab(browser(), async (app) => {
      const admin = await createConfirmedUser({ name: "Arne Aktivitet" });
      const organisationId = await roles.member(admin.id, "Tidvik Idrettslag", "admin");
      await withDb(async (db) => make.partnership(db, organisationId, await make.municipality(db, "Tidvik")));
      await signIn(app, admin);
      await app.goto(`/organisasjoner/${organisationId}/aktiviteter/ny`);

      await app.page.getByLabel("Navn på aktiviteten").fill("Innebandy");
      await app.page.getByLabel("Dag 1").selectOption({ label: "mandag" });
      await app.page.getByLabel("Starter 1").fill("18:00");
      await app.page.getByLabel("Slutter 1").fill("19:00");
      await app.page.getByLabel("Dag 2").selectOption({ label: "onsdag" });
      await app.page.getByLabel("Starter 2").fill("19:00");
      await app.page.getByLabel("Slutter 2").fill("18:00");
      await app.page.getByLabel("Starter 3").fill("17:00");
      await app.page.getByLabel("Sesongen starter").fill("2027-08-15");
      await app.page.getByLabel("Sesongen slutter").fill("2027-06-01");
      await app.page.getByLabel("Alder fra").fill("16");
      await app.page.getByLabel("Alder til").fill("12");
      await main(app).getByRole("button", { name: "Lagre aktiviteten" }).click();

      await expect.poll(() => summaryItems(app).then((items) => items.length)).toBe(4);
      const items = (await summaryItems(app)).join("\n");
      expect(items).toContain("Slutter 2: tida må slutte etter at den starter.");
      expect(items).toContain("Dag 3: velg hvilken dag tida gjelder.");
      expect(items).toContain("Sesongen kan ikke slutte før den starter.");
      expect(items).toContain("«Alder til» kan ikke være lavere enn «alder fra».");
      expect([await invalid(app, "Slutter 2"), await invalid(app, "Starter 2"), await invalid(app, "Dag 3")]).toEqual([
        "true",
        null,
        "true",
      ]);
      // The summary's link goes to the row's wrong control.
      await summary(app)
        .getByRole("link", { name: /Slutter 2/ })
        .click();
      await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe("slot-end-1");
      expect(await app.page.getByLabel("Starter 2").inputValue()).toBe("19:00");
      await app.expectAccessible();
    }));

  test("the prize round form catches a closing date before the opening date, with the other mistakes", () =>
    inTab(browser(), async (app) => {
      const admin = await createConfirmedUser({ name: "Pia Prisadmin" });
      const municipalityId = await roles.staff(admin.id, "Datovik", "admin");
      await signIn(app, admin);
      await app.goto(`/kommune/${municipalityId}/pris/ny`);
      await app.page.getByLabel("Nominasjonen åpner").fill("2030-05-01");
      await app.page.getByLabel("Siste dag for nominasjoner").fill("2030-04-01");
      await app.page.getByLabel("Kriterium 1", { exact: true }).fill("Åpenhet for alle");
      await app.page.getByLabel("Beskrivelse av kriterium 2").fill("Noe uten tittel");
      await main(app).getByRole("button", { name: "Lagre prisrunden" }).click();

      await expect.poll(() => summaryItems(app).then((items) => items.length)).toBe(3);
      const items = (await summaryItems(app)).join("\n");
      expect(items).toContain("Skriv inn en tittel på prisrunden.");
      expect(items).toContain("Nominasjonen kan ikke stenge før den åpner.");
      expect(items).toContain("Kriterium 2: gi kriteriet en tittel, eller tøm beskrivelsen.");
      expect(await invalid(app, "Siste dag for nominasjoner")).toBe("true");
      expect(await invalid(app, "Kriterium 2")).toBe("true");
      expect(await app.page.getByLabel("Beskrivelse av kriterium 2").inputValue()).toBe("Noe uten tittel");
      await app.expectAccessible();
    }));
});

/** A club admin with Lina placed in a group whose fee is kr 500 a month. */
async function claimant() {
  const admin = await createConfirmedUser({ name: "Kåre Krav" });
  const organisationId = await roles.member(admin.id, "Kvitvik Svømmeklubb", "admin");
  const placement = await withDb(async (db) => {
    const municipalityId = await make.municipality(db, "Kvitvik");
    await make.partnership(db, organisationId, municipalityId);
    const activity = await make.activity(db, organisationId, municipalityId, {
      title: "Svømmegruppa",
      fee_ore: 50000,
      fee_period: "month",
    });
    const agreement = await make.agreement(db, municipalityId, organisationId, "active");
    const participant = await make.participant(db, municipalityId, { first_name: "Lina" });
    return make.placement(db, participant, activity, agreement, {
      from: daysFromToday(-120),
      to: daysFromToday(300),
    });
  });
  return { admin, newClaim: `/organisasjoner/${organisationId}/refusjoner/ny/${placement}`, placement };
}

// A scan of 20 MB, as people send; and one just over the limit, which the app server lets through to the page.
const scan = { name: "skannet.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(20 * 1024 * 1024, 0x25) };
const justOver = { ...scan, buffer: Buffer.alloc(RECEIPT_MAX_BYTES + 1024, 0x25) };

describe("a claim", () => {
  test("names every mistake at once, and keeps a receipt over the limit from being dropped (with JavaScript)", () =>
    inTab(browser(), async (app) => {
      const { admin, newClaim, placement } = await claimant();
      await signIn(app, admin);
      await app.goto(newClaim);
      await app.page.getByLabel("Perioden starter").fill(daysFromToday(-10));
      await app.page.getByLabel("Perioden slutter").fill(daysFromToday(-40));
      await app.page.getByLabel("Beløp").fill("0");
      await main(app).getByRole("button", { name: "Lagre utkastet" }).click();
      await expect.poll(() => summaryItems(app).then((items) => items.length)).toBe(2);
      const items = (await summaryItems(app)).join("\n");
      expect(items).toContain("Sluttdatoen må være etter startdatoen.");
      expect(items).toContain("Beløp:");
      await app.expectAccessible();

      // A file over the limit: said at once, at the field, and the draft is not saved without it.
      await app.page.getByLabel("Perioden slutter").fill(daysFromToday(-1));
      await app.page.getByLabel("Beløp").fill("500");
      await app.page.getByLabel("Merknad til kommunen (valgfritt)").fill("Kontingent for høsten");
      await app.page.getByLabel("Kvittering").setInputFiles(scan);
      await expect.poll(() => invalid(app, "Kvittering")).toBe("true");
      expect(await main(app).textContent()).toContain("Filen er større enn 10 MB.");
      await app.expectAccessible();
      await main(app).getByRole("button", { name: "Lagre utkastet" }).click();
      await expect.poll(() => app.page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("receipt");
      expect(app.path).toBe(newClaim);
      expect(await count("app.claims where placement_id = $1", [placement])).toBe(0);
      expect(await app.page.getByLabel("Merknad til kommunen (valgfritt)").inputValue()).toBe("Kontingent for høsten");

      // Sent anyway, past the page's scripts: the server answers the same, at the field, with the rest kept.
      await app.page.getByLabel("Kvittering").setInputFiles(justOver);
      await app.page.locator("form[enctype='multipart/form-data']").evaluate((form: HTMLFormElement) => form.submit());
      await app.page.waitForLoadState("load");
      await expect.poll(() => summary(app).textContent()).toContain("Kvittering: Filen er større enn 10 MB.");
      await app.expectAccessible();
      expect(await app.page.getByLabel("Merknad til kommunen (valgfritt)").inputValue()).toBe("Kontingent for høsten");
      expect(await count("app.claims where placement_id = $1", [placement])).toBe(0);
    }));

  test("refuses a receipt over the limit at its field without JavaScript, keeping what was typed", async () => {
    const { admin, newClaim, placement } = await claimant();
    // Axe needs scripts, so this tab is driven by hand; the page it shows is checked with them below.
    const context = await browser().newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${APP_URL}/logg-inn`);
      await page.getByLabel("E-postadresse").fill(admin.email);
      await page.getByLabel("Passord", { exact: true }).fill(admin.password);
      await page.locator("main").getByRole("button", { name: "Logg inn" }).click();
      await page.waitForURL(`${APP_URL}/`);
      await page.goto(`${APP_URL}${newClaim}`);
      // Without JavaScript the page says plainly that the amount does not follow the period.
      expect(await page.locator("main").textContent()).toContain(
        "Uten JavaScript følger ikke beløpet perioden du velger",
      );
      await page.getByLabel("Beløp").fill("450");
      await page.getByLabel("Merknad til kommunen (valgfritt)").fill("Vårsemesteret");
      await page.getByLabel("Kvittering").setInputFiles(justOver);
      await page.locator("main").getByRole("button", { name: "Lagre utkastet" }).click();
      await page.waitForLoadState("load");
      expect(new URL(page.url()).pathname).toBe(newClaim);
      expect(await page.locator(".ds-error-summary").textContent()).toContain("Kvittering: Filen er større enn 10 MB.");
      expect(await page.getByLabel("Kvittering").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByLabel("Beløp").inputValue()).toBe("450");
      expect(await page.getByLabel("Merknad til kommunen (valgfritt)").inputValue()).toBe("Vårsemesteret");
      expect(await count("app.claims where placement_id = $1", [placement])).toBe(0);
    } finally {
      await context.close();
    }
  });

  test("the kontingent amount follows the chosen period, until an amount of one's own is typed", () =>
    inTab(browser(), async (app) => {
      const { admin, newClaim } = await claimant();
      await signIn(app, admin);
      await app.goto(newClaim);
      const amount = app.page.getByLabel("Beløp");
      const line = main(app).locator("[aria-live=polite]");
      expect(await main(app).textContent()).toContain("Aktivitetens kontingent er kr\u00a0500,00 per måned.");
      expect(await amount.inputValue()).toBe("500,00");

      const month = (offset: number) => {
        const day = new Date(`${daysFromToday(0).slice(0, 7)}-01T12:00:00Z`);
        day.setUTCMonth(day.getUTCMonth() + offset);
        return day.toISOString().slice(0, 10);
      };
      await app.page.getByLabel("Perioden starter").fill(month(-2));
      await expect.poll(() => amount.inputValue()).toBe("1500,00");
      expect(await line.textContent()).toContain("kr\u00a01\u00a0500,00 (3 × kr\u00a0500,00)");

      await amount.fill("1200");
      await app.page.getByLabel("Perioden starter").fill(month(-1));
      await expect.poll(() => line.textContent()).toContain("(2 × kr\u00a0500,00)");
      expect(await amount.inputValue()).toBe("1200");
      await app.expectAccessible();
    }));
});

/** A caseworker in a municipality with an active agreement covering one activity. */
async function caseworker(): Promise<{
  user: TestUser;
  municipalityId: string;
  place: (participant: string) => Promise<string>;
}> {
  const user = await createConfirmedUser({ name: "Siri Saksbehandler" });
  const municipalityId = await roles.staff(user.id, "Dobbeltvik", "caseworker");
  const { activity, agreement } = await withDb(async (db) => {
    const club = await make.organisation(db, "Dobbeltvik Turlag");
    await make.partnership(db, club, municipalityId);
    return {
      activity: await make.activity(db, club, municipalityId, { title: "Turgruppa" }),
      agreement: await make.agreement(db, municipalityId, club, "active"),
    };
  });
  const place = (participant: string) => withDb((db) => make.placement(db, participant, activity, agreement));
  return { user, municipalityId, place };
}

describe("no duplicates, no silent drops", () => {
  test("a 'register participant' posted twice (a double click on a slow line) registers one participant", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId } = await caseworker();
      await signIn(app, user);
      const newParticipant = `/kommune/${municipalityId}/deltakere/ny`;
      await app.goto(newParticipant);
      await app.page.getByLabel("Fornavn").fill("Dobbel");
      await app.page.getByLabel("Fødselsår").fill("2003");
      // The form as the browser posts it, to post it again just as a second click would.
      const form = main(app).locator("form[method=post]");
      const fields = await form.evaluate((element: HTMLFormElement) =>
        [...new FormData(element)].map(([name, value]) => [name, String(value)]),
      );
      await main(app).getByRole("button", { name: "Registrer deltakeren" }).click();
      await app.page.waitForURL((url) => /\/deltakere\/[0-9a-f-]{36}$/.test(url.pathname));
      await app.settle();
      await app.expectAccessible();
      expect(await main(app).getByRole("heading", { level: 1 }).textContent()).toBe("Dobbel");
      const again = await app.page.evaluate(
        async ({ path, posted }) => {
          const response = await fetch(path, { method: "POST", body: new URLSearchParams(posted), redirect: "manual" });
          return { status: response.status, type: response.type };
        },
        { path: newParticipant, posted: fields },
      );
      // The second post is answered as the first: a redirect to the same participant.
      expect(again).toEqual({ status: 0, type: "opaqueredirect" });
      expect(await count("app.participants where municipality_id = $1", [municipalityId])).toBe(1);
    }));

  test("a caseworker deletes a participant registered by mistake, and merges two records of one person", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId, place } = await caseworker();
      const [mistake, kept, twin] = await withDb(async (db) => [
        await make.participant(db, municipalityId, { first_name: "Feilregistrert" }),
        await make.participant(db, municipalityId, { first_name: "Emma", birth_year: 2004 }),
        await make.participant(db, municipalityId, { first_name: "Emma", birth_year: 2005 }),
      ]);
      await place(twin);
      await signIn(app, user);
      const list = `/kommune/${municipalityId}/deltakere`;

      await app.goto(`${list}/${mistake}`);
      await main(app).getByRole("link", { name: "Registrert ved en feil?" }).click();
      await app.arrive(`${list}/${mistake}/feilregistrert`);
      await app.expectAccessible();
      await main(app).getByRole("button", { name: "Slett deltakeren" }).click();
      await expect.poll(() => invalid(app, "Jeg forstår at deltakeren og notatene slettes for godt")).toBe("true");
      await app.expectAccessible();
      await app.page.getByLabel("Jeg forstår at deltakeren og notatene slettes for godt").check();
      await main(app).getByRole("button", { name: "Slett deltakeren" }).click();
      await app.arrive(list);
      await app.expectAccessible();
      expect(await main(app).getByRole("status").textContent()).toBe("Deltakeren er slettet.");
      expect(await count("app.participants where id = $1", [mistake])).toBe(0);

      // The twin has a placement: it cannot be deleted, but it can be merged into Emma.
      await app.goto(`${list}/${twin}/feilregistrert`);
      expect(await main(app).getByRole("button", { name: "Slett deltakeren" }).count()).toBe(0);
      expect(await main(app).textContent()).toContain("Deltakeren har hatt tiltak og kan ikke slettes.");
      await main(app).getByRole("button", { name: "Slå sammen" }).click();
      await expect.poll(() => summaryItems(app).then((items) => items.length)).toBe(2);
      await app.expectAccessible();
      await app.page.getByLabel("Emma, født 2004 (tiltak: 0, notater: 0)").check();
      await app.page.getByLabel("Jeg forstår at denne registreringen slettes når den er slått sammen").check();
      await main(app).getByRole("button", { name: "Slå sammen" }).click();
      await app.arrive(`${list}/${kept}`);
      await app.expectAccessible();
      expect(await main(app).getByRole("status").textContent()).toContain("Deltakerne er slått sammen.");
      expect(await main(app).getByRole("table").textContent()).toContain("Turgruppa");
      expect(await count("app.participants where id = $1", [twin])).toBe(0);
      expect(
        await count(
          "app.audit_events where table_name = 'participants' and record_id = $1 and new_row ? 'merged_participant'",
          [kept],
        ),
      ).toBe(1);
    }));
});
