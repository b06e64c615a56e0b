import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { make, pool, validOrganisationNumber } from "../support/db";
import { createConfirmedUser, latestMail, roles, signIn, uniqueEmail } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");
const header = (app: AppPage) => app.page.locator("header");
const summary = (app: AppPage) => main(app).locator(".ds-error-summary");
const demoPassword = "Sammen-demo-2026";

async function signOut(app: AppPage) {
  await header(app).getByRole("button", { name: "Logg ut" }).click();
  await expect.poll(() => header(app).getByRole("link", { name: "Logg inn" }).count()).toBe(1);
  await app.expectAccessible();
}

const kongsberg = "22222222-0000-4000-8000-000000003303";

/** From an invitation mail's link: create an account, confirm it by mail, and be back at the invitation. */
async function signUpFromInvitation(app: AppPage, invitationLink: string, name: string, email: string) {
  const invitationPath = new URL(invitationLink).pathname;
  await app.goto(invitationPath);
  await main(app).getByRole("link", { name: "Opprett konto" }).click();
  await app.arrive("/registrer");
  await app.expectAccessible();
  await app.page.getByLabel("Navn", { exact: true }).fill(name);
  await app.page.getByLabel("E-postadresse").fill(email);
  await app.page.getByLabel("Passord", { exact: true }).fill("et godt passord");
  await main(app).getByRole("button", { name: "Opprett konto" }).click();
  await app.arrive("/registrer/sjekk-e-post");
  await app.expectAccessible();
  const confirmation = await latestMail(email, "Bekreft e-postadressen din");
  expect(new URL(confirmation.link).searchParams.get("next")).toBe(invitationPath);
  await app.goto(confirmation.link.slice(APP_URL.length));
  expect(app.path).toBe(invitationPath);
  expect(await header(app).textContent()).toContain(`Logget inn som ${name}`);
}

/** An organisation verified by Kongsberg (the demo municipality), and its admin. */
async function verifiedInKongsberg() {
  const suffix = randomUUID().slice(0, 6);
  const name = `Kongsberg Kajakklubb ${suffix}`;
  const admin = await createConfirmedUser({ name: "Kaja Kajakk" });
  const organisationId = await roles.member(admin.id, name, "admin");
  const db = await pool.connect();
  try {
    await make.partnership(db, organisationId, kongsberg, "verified");
  } finally {
    db.release();
  }
  return { admin, name, suffix, overviewPath: `/organisasjoner/${organisationId}` };
}

describe("organisations with the municipality", () => {
  test("is registered by a user and verified by the demo caseworker, who must give a reason to decline", () =>
    inTab(browser(), async (app) => {
      const suffix = randomUUID().slice(0, 6);
      const name = `Kongsberg Roklubb ${suffix}`;
      const admin = await createConfirmedUser({ name: "Rolf Roleder" });

      // A user registers the organisation and corrects its profile (R2 at the field, input kept).
      await signIn(app, admin, "/organisasjoner/ny");
      await app.page.getByLabel("Organisasjonsnummer").fill(validOrganisationNumber());
      await app.page.getByLabel("Navn på organisasjonen").fill(name);
      await app.page.getByLabel("Kongsberg").check();
      await main(app).getByRole("button", { name: "Registrer organisasjonen" }).click();
      await app.page.waitForURL((url) => /^\/organisasjoner\/[0-9a-f-]{36}$/.test(url.pathname));
      const overviewPath = app.path;
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Kongsberg: venter på godkjenning");

      await main(app).getByRole("link", { name: "Endre opplysninger om organisasjonen" }).click();
      await app.arrive(`${overviewPath}/rediger`);
      await app.expectAccessible();
      expect(await app.page.getByLabel("Navn på organisasjonen").inputValue()).toBe(name);
      await app.page.getByLabel("Kort beskrivelse").fill("Roing på Lågen for alle.");
      await app.page.getByLabel("Kontonummer for utbetalinger").fill("1234.56.78901");
      await main(app).getByRole("button", { name: "Lagre endringene" }).click();
      await expect.poll(() => summary(app).textContent()).toContain("Kontonummeret må ha 11 siffer");
      await app.expectAccessible();
      expect(await app.page.getByLabel("Kontonummer for utbetalinger").getAttribute("aria-invalid")).toBe("true");
      expect(await app.page.getByLabel("Kort beskrivelse").inputValue()).toBe("Roing på Lågen for alle.");
      await app.page.getByLabel("Kontonummer for utbetalinger").fill("1503.12.34562");
      await main(app).getByRole("button", { name: "Lagre endringene" }).click();
      await app.arrive(overviewPath);
      await app.expectAccessible();
      await signOut(app);

      // The demo caseworker of Kongsberg finds it in the queue; declining needs a reason.
      await signIn(app, { email: "saksbehandler@kongsberg.sammen.test", password: demoPassword });
      expect(await header(app).getByRole("link", { name: "Ansatte" }).count()).toBe(0);
      await header(app).getByRole("link", { name: "Organisasjoner", exact: true }).click();
      await app.page.waitForURL((url) => /^\/kommune\/[0-9a-f-]{36}\/organisasjoner$/.test(url.pathname));
      const queuePath = app.path;
      await app.expectAccessible();
      expect(
        await main(app)
          .getByRole("link", { name: /venter på godkjenning \(\d+\)/ })
          .getAttribute("aria-current"),
      ).toBe("page");
      await main(app).getByRole("link", { name }).click();
      await app.page.waitForURL((url) => url.pathname.startsWith(`${queuePath}/`));
      const staffPath = app.path;
      await app.settle();
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Roing på Lågen for alle.");
      expect(await main(app).textContent()).toContain("15031234562");
      expect(await main(app).textContent()).toContain("Rolf Roleder");

      await main(app).getByRole("button", { name: "Avslå" }).click();
      await expect.poll(() => app.page.getByLabel("Begrunnelse").getAttribute("aria-invalid")).toBe("true");
      expect(await main(app).textContent()).toContain("Skriv en begrunnelse.");
      await app.expectAccessible();

      // By keyboard: to the verify button and press it.
      await main(app).getByRole("button", { name: "Godkjenn" }).focus();
      await app.page.keyboard.press("Enter");
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain("Organisasjonen er nå godkjent");
      await app.expectAccessible();
      expect(await main(app).getByRole("table").textContent()).toContain("Sindre Saksbehandler");
      expect(await main(app).getByRole("button", { name: "Suspender" }).count()).toBe(1);
      const decided = await latestMail(admin.email, `Kongsberg kommune har godkjent ${name}`);
      expect(decided.text).toContain("/mine-organisasjoner");

      await app.goto(`${queuePath}?status=godkjent`);
      expect(await main(app).getByRole("link", { name }).getAttribute("href")).toBe(staffPath);
      await signOut(app);

      // The admin sees the verification.
      await signIn(app, admin, overviewPath);
      expect(await main(app).textContent()).toContain("Kongsberg: godkjent");
    }));

  test("a verified organisation's facilitator signs up from the invitation; its published activity is in the catalogue", () =>
    inTab(browser(), async (app) => {
      const { admin, name, suffix, overviewPath } = await verifiedInKongsberg();

      // The admin invites a facilitator who has no account yet.
      await signIn(app, admin, overviewPath);
      const facilitatorEmail = uniqueEmail("tilrettelegger");
      await app.page.getByLabel("E-postadresse").fill(facilitatorEmail);
      await main(app).getByRole("button", { name: "Send invitasjon" }).click();
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain(facilitatorEmail);
      await app.expectAccessible();
      const invitation = await latestMail(facilitatorEmail, `Invitasjon til ${name} i Sammen`);
      await signOut(app);

      // The invitee creates an account from the invitation and is brought back to accept it.
      await signUpFromInvitation(app, invitation.link, "Frida Fersk", facilitatorEmail);
      await main(app).getByRole("button", { name: "Godta invitasjonen" }).click();
      await app.arrive(overviewPath);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Frida Fersk");
      await signOut(app);

      // The admin publishes an activity, and anyone finds it in the catalogue by its filters.
      await signIn(app, admin, `${overviewPath}/aktiviteter/ny`);
      const title = `Søndagspadling ${suffix}`;
      await app.page.getByLabel("Navn på aktiviteten").fill(title);
      await app.page.getByLabel("Dag 1").selectOption({ label: "søndag" });
      await app.page.getByLabel("Starter 1").fill("12:00");
      await app.page.getByLabel("Slutter 1").fill("14:00");
      await app.page.getByLabel("Vis aktiviteten i den offentlige aktivitetsoversikten").check();
      await main(app).getByRole("button", { name: "Lagre aktiviteten" }).click();
      await app.arrive(overviewPath);
      await app.expectAccessible();
      await signOut(app);

      await app.goto("/aktiviteter");
      await app.page.getByLabel("Søk etter aktivitet eller organisasjon").fill(suffix);
      await app.page.getByLabel("Kommune").selectOption({ label: "Kongsberg" });
      await app.page.getByLabel("Dag").selectOption({ label: "søndag" });
      await main(app).getByRole("button", { name: "Vis aktiviteter" }).click();
      await app.arrive("/aktiviteter");
      await app.expectAccessible();
      expect(new URL(app.page.url()).searchParams.get("dag")).toBe("7");
      expect(await main(app).getByRole("heading", { level: 3 }).allTextContents()).toEqual([title]);

      await app.goto(`/aktiviteter?${new URLSearchParams({ q: suffix, dag: "1" })}`);
      expect(await main(app).getByRole("heading", { level: 3 }).count()).toBe(0);
    }));

  test("the municipality's admin invites a caseworker from the staff page, who signs up and accepts", () =>
    inTab(browser(), async (app) => {
      await signIn(app, { email: "admin@kongsberg.sammen.test", password: demoPassword });
      await header(app).getByRole("link", { name: "Ansatte" }).click();
      await app.page.waitForURL((url) => /^\/kommune\/[0-9a-f-]{36}\/ansatte$/.test(url.pathname));
      await app.expectAccessible();
      expect(await main(app).getByRole("table").textContent()).toContain("Sindre Saksbehandler");

      await app.page.getByLabel("E-postadresse").fill("ikke en adresse");
      await main(app).getByRole("button", { name: "Send invitasjon" }).click();
      await expect.poll(() => app.page.getByLabel("E-postadresse").getAttribute("aria-invalid")).toBe("true");
      await app.expectAccessible();
      expect(await app.page.getByLabel("E-postadresse").inputValue()).toBe("ikke en adresse");

      const email = uniqueEmail("saksbehandler");
      await app.page.getByLabel("E-postadresse").fill(email);
      await app.page.getByLabel("Rolle", { exact: true }).selectOption({ label: "saksbehandler" });
      await main(app).getByRole("button", { name: "Send invitasjon" }).click();
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain(email);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain(`${email} som saksbehandler`);
      const mail = await latestMail(email, "Invitasjon til Kongsberg kommune i Sammen");
      expect(mail.text).toContain("som saksbehandler i Kongsberg kommune");

      // Roles are changed per person, but the municipality keeps its last admin.
      const ownRow = main(app).getByRole("row", { name: /Kari Kommuneadmin/ });
      await ownRow.getByLabel("administrator").uncheck();
      await ownRow.getByRole("button", { name: "Lagre roller" }).click();
      await expect.poll(() => summary(app).textContent()).toContain("Kommunen må ha minst én administrator");
      await app.expectAccessible();
      await app.goto(app.path);
      expect(await ownRow.getByLabel("administrator").isChecked()).toBe(true);
      await signOut(app);

      // The new caseworker signs up from the invitation, accepts it and lands in the verification queue.
      await signUpFromInvitation(app, mail.link, "Siri Saksbehandler", email);
      await main(app).getByRole("button", { name: "Godta invitasjonen" }).click();
      await app.arrive(`/kommune/${kongsberg}/organisasjoner`);
      await app.expectAccessible();
      expect(await header(app).textContent()).toContain("Kongsberg kommune – saksbehandler");
    }));

  test("someone who is both caseworker and admin of a municipality gets each of its pages once", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser({ name: "Dina Dobbeltrolle" });
      const municipalityId = await roles.staff(user.id, "Dobbeltrollevik", "caseworker");
      await pool.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'admin')", [
        municipalityId,
        user.id,
      ]);
      await signIn(app, user);
      for (const name of ["Deltakere", "Organisasjoner", "Ansatte"]) {
        expect(await header(app).getByRole("link", { name, exact: true }).count()).toBe(1);
      }
      await header(app).getByRole("link", { name: "Ansatte", exact: true }).click();
      await app.arrive(`/kommune/${municipalityId}/ansatte`);
      await app.expectAccessible();
      expect(
        await main(app)
          .getByRole("row", { name: /Dina Dobbeltrolle/ })
          .getByLabel("saksbehandler")
          .isChecked(),
      ).toBe(true);
    }));

  test("the caseworker's decision posts without JavaScript; the refusal comes back with the reason field", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser({ name: "Nils Nettleser" });
      const municipalityId = await roles.staff(user.id, "Utenskriptvik", "caseworker");
      const db = await pool.connect();
      const organisationId = await make.organisation(db, "Skriptløse Speidere");
      await make.partnership(db, organisationId, municipalityId, "pending");
      db.release();
      await signIn(app, user);
      const path = `/kommune/${municipalityId}/organisasjoner/${organisationId}`;
      await app.goto(path);

      // The post a browser without JavaScript makes: the pressed button's name and value.
      const post = (fields: Record<string, string>) =>
        app.page.request.post(`${APP_URL}${path}`, {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          data: new URLSearchParams(fields).toString(),
        });
      const refused = await post({ reason: "", decision: "declined" });
      expect(refused.status()).toBe(400);
      const html = await refused.text();
      expect(html).toContain("Skriv en begrunnelse.");
      expect(html).toMatch(
        /<textarea[^>]*aria-invalid="true"[^>]*name="reason"|<textarea[^>]*name="reason"[^>]*aria-invalid="true"/,
      );

      const declined = await post({ reason: "Mangler styre", decision: "declined" });
      expect(declined.status()).toBe(200);
      expect(await declined.text()).toContain("Organisasjonen er nå avslått.");
      await app.goto(path);
      expect(await main(app).getByRole("table").textContent()).toContain("Mangler styre");
    }));

  test("a sign-up only ever leads back to a page on this site", () =>
    inTab(browser(), async (app) => {
      await app.goto("/registrer?redirectTo=//evil.example/invitasjon");
      const email = uniqueEmail("omvei");
      await app.page.getByLabel("Navn", { exact: true }).fill("Olga Omvei");
      await app.page.getByLabel("E-postadresse").fill(email);
      await app.page.getByLabel("Passord", { exact: true }).fill("et godt passord");
      await main(app).getByRole("button", { name: "Opprett konto" }).click();
      await app.arrive("/registrer/sjekk-e-post");
      await app.expectAccessible();
      const confirmation = await latestMail(email, "Bekreft e-postadressen din");
      expect(new URL(confirmation.link).searchParams.get("next")).toBe("/");
    }));
});
