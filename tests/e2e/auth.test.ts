import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { createConfirmedUser, latestMail, signIn, uniqueEmail } from "../support/users";

const browser = browserForFile();

const header = (app: AppPage) => app.page.locator("header");
const main = (app: AppPage) => app.page.locator("main");

async function signOut(app: AppPage) {
  await header(app).getByRole("button", { name: "Logg ut" }).click();
  await expect.poll(() => header(app).getByRole("link", { name: "Logg inn" }).count()).toBe(1);
  await app.expectAccessible();
}

describe("an account", () => {
  test("is created, confirmed by e-mail, signed out of and into, in both languages", () =>
    inTab(browser(), async (app) => {
      const email = uniqueEmail("kari");
      const password = "fotball og kor";

      await app.goto("/registrer");
      await app.page.getByLabel("Navn").fill("Kari Nordmann");
      await app.page.getByLabel("E-postadresse").fill(email);
      await app.page.getByLabel("Passord").fill(password);
      await main(app).getByRole("button", { name: "Opprett konto" }).click();
      await app.arrive("/registrer/sjekk-e-post");
      await expect.poll(() => main(app).textContent()).toContain("Sjekk e-posten din");
      await app.expectAccessible();

      const mail = await latestMail(email, "Bekreft e-postadressen din");
      expect(mail.link.startsWith(`${APP_URL}/auth/confirm?`)).toBe(true);
      await app.page.goto(mail.link);
      await app.arrive("/");
      expect(await header(app).textContent()).toContain("Logget inn som Kari Nordmann");
      await app.expectAccessible();

      await signOut(app);
      expect(await header(app).textContent()).not.toContain("Kari Nordmann");

      // A wrong password: the message at the form, the e-mail still there, the password not.
      await app.goto("/logg-inn");
      await app.page.getByLabel("E-postadresse").fill(email);
      await app.page.getByLabel("Passord", { exact: true }).fill("feil passord");
      await main(app).getByRole("button", { name: "Logg inn" }).click();
      const summary = main(app).locator(".ds-error-summary");
      await expect.poll(() => summary.textContent()).toContain("Feil e-postadresse eller passord");
      expect(await app.page.getByLabel("E-postadresse").inputValue()).toBe(email);
      expect(await app.page.getByLabel("Passord", { exact: true }).inputValue()).toBe("");
      await app.expectAccessible();

      // The one sign-in through the form; other tests sign in with the fixture (support/users.ts).
      await app.page.getByLabel("Passord", { exact: true }).fill(password);
      await main(app).getByRole("button", { name: "Logg inn" }).click();
      await app.arrive("/");
      await expect.poll(() => header(app).textContent()).toContain("Logget inn som Kari Nordmann");
      await app.expectAccessible();

      await header(app).getByRole("button", { name: "English" }).click();
      await expect.poll(() => app.page.getAttribute("html", "lang")).toBe("en");
      expect(await header(app).textContent()).toContain("Signed in as Kari Nordmann");
      expect(await main(app).textContent()).toContain("Leisure with assistance – together");
      await app.expectAccessible();

      await header(app).getByRole("button", { name: "Norsk (bokmål)" }).click();
      await expect.poll(() => app.page.getAttribute("html", "lang")).toBe("nb");
      expect(await header(app).textContent()).toContain("Logget inn som Kari Nordmann");
      await app.expectAccessible();

      await signOut(app);
    }));

  test("cannot sign in before the e-mail address is confirmed", () =>
    inTab(browser(), async (app) => {
      const email = uniqueEmail("ubekreftet");
      await app.goto("/registrer");
      await app.page.getByLabel("Navn").fill("Ola Ubekreftet");
      await app.page.getByLabel("E-postadresse").fill(email);
      await app.page.getByLabel("Passord").fill("et langt passord");
      await main(app).getByRole("button", { name: "Opprett konto" }).click();
      await app.arrive("/registrer/sjekk-e-post");
      await app.expectAccessible();

      await app.goto("/logg-inn");
      await app.page.getByLabel("E-postadresse").fill(email);
      await app.page.getByLabel("Passord", { exact: true }).fill("et langt passord");
      await main(app).getByRole("button", { name: "Logg inn" }).click();
      await expect
        .poll(() => main(app).locator(".ds-error-summary").textContent())
        .toContain("Du har ikke bekreftet e-postadressen din");
      await app.expectAccessible();
    }));

  test("gets a new password through the e-mailed link", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser({ name: "Per Glemsk" });

      await app.goto("/logg-inn");
      await main(app).getByRole("link", { name: "Glemt passordet?" }).click();
      await app.arrive("/glemt-passord");
      await app.expectAccessible();
      await app.page.getByLabel("E-postadresse").fill(user.email);
      await main(app).getByRole("button", { name: "Send lenke" }).click();
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain(user.email);
      await app.expectAccessible();

      const mail = await latestMail(user.email, "Tilbakestill passordet ditt");
      await app.page.goto(mail.link);
      await app.arrive("/nytt-passord");
      await app.expectAccessible();
      await app.page.getByLabel("Nytt passord").fill("kort");
      await main(app).getByRole("button", { name: "Lagre passordet" }).click();
      await expect.poll(() => main(app).locator(".ds-error-summary").textContent()).toContain("minst 12 tegn");
      await app.expectAccessible();
      await app.page.getByLabel("Nytt passord").fill("Passord123456");
      await main(app).getByRole("button", { name: "Lagre passordet" }).click();
      await expect
        .poll(() => main(app).locator(".ds-error-summary").textContent())
        .toContain("blant dem som brukes mest");
      await app.page.getByLabel("Nytt passord").fill("et helt nytt passord");
      await main(app).getByRole("button", { name: "Lagre passordet" }).click();
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain("Passordet er lagret");
      await app.expectAccessible();

      await signOut(app);
      // The new password is the one Auth accepts.
      await signIn(app, { email: user.email, password: "et helt nytt passord" });

      // The link has been used.
      await app.page.goto(mail.link);
      await expect.poll(() => main(app).textContent()).toContain("Lenken virker ikke");
      await app.expectAccessible();
      await main(app).getByRole("link", { name: "Få tilsendt en ny lenke" }).click();
      await app.arrive("/glemt-passord");
      await app.expectAccessible();
    }));

  test("the forgotten-password answer does not tell who has an account", () =>
    inTab(browser(), async (app) => {
      const email = uniqueEmail("ingen");
      await app.goto("/glemt-passord");
      await app.page.getByLabel("E-postadresse").fill(email);
      await main(app).getByRole("button", { name: "Send lenke" }).click();
      await expect
        .poll(() => main(app).getByRole("status").textContent())
        .toContain(`Hvis det finnes en konto med e-postadressen ${email}`);
      await app.expectAccessible();
    }));

  test("a page that needs a signed-in person sends a visitor to sign in and back", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser();
      await app.goto("/nytt-passord");
      expect(app.path).toBe("/logg-inn");
      expect(new URL(app.page.url()).searchParams.get("redirectTo")).toBe("/nytt-passord");
      await app.page.getByLabel("E-postadresse").fill(user.email);
      await app.page.getByLabel("Passord", { exact: true }).fill(user.password);
      await main(app).getByRole("button", { name: "Logg inn" }).click();
      await app.arrive("/nytt-passord");
      await app.expectAccessible();
    }));
});

describe("forms", () => {
  test("show what is wrong in the summary and at the fields, and keep what was typed", () =>
    inTab(browser(), async (app) => {
      await app.goto("/registrer");
      await app.page.getByLabel("Navn").fill("Kari");
      await app.page.getByLabel("E-postadresse").fill("ikke-en-e-post");
      await app.page.getByLabel("Passord").fill("kort");
      await main(app).getByRole("button", { name: "Opprett konto" }).click();

      const summary = main(app).locator(".ds-error-summary");
      await expect.poll(() => summary.textContent()).toContain("Skriv inn en gyldig e-postadresse");
      expect(await summary.textContent()).toContain("Passordet må ha minst 12 tegn");
      await expect
        .poll(() => app.page.evaluate(() => document.activeElement?.classList.contains("ds-error-summary")))
        .toBe(true);

      const email = app.page.getByLabel("E-postadresse");
      expect(await email.getAttribute("aria-invalid")).toBe("true");
      expect(await email.inputValue()).toBe("ikke-en-e-post");
      expect(await app.page.getByLabel("Navn").inputValue()).toBe("Kari");
      const describedBy = (await email.getAttribute("aria-describedby"))!.split(" ");
      const fieldMessages = await Promise.all(describedBy.map((id) => app.page.locator(`#${id}`).textContent()));
      expect(fieldMessages.join(" ")).toContain("Skriv inn en gyldig e-postadresse");
      expect(await app.page.getByLabel("Navn").getAttribute("aria-invalid")).toBeNull();
      await app.expectAccessible();

      await summary.getByRole("link", { name: /E-postadresse/ }).click();
      await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe("email");
    }));

  test("work without JavaScript", async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${APP_URL}/registrer`);
      await page.getByLabel("E-postadresse").fill("ikke-en-e-post");
      await page.locator("main").getByRole("button", { name: "Opprett konto" }).click();
      await page.waitForLoadState("load");
      expect(await page.locator("main .ds-error-summary").textContent()).toContain("Skriv inn navnet ditt");
      expect(await page.getByLabel("E-postadresse").inputValue()).toBe("ikke-en-e-post");
      expect(await page.getByLabel("E-postadresse").getAttribute("aria-describedby")).toBe("email-error");
    } finally {
      await context.close();
    }
  });
});
