import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { browserForFile, inTab, type AppPage } from "../support/browser";
import { actAs, daysFromToday, make, pool, validOrganisationNumber, withDb } from "../support/db";
import { drawnPdf, pdfHex } from "../support/pdf";
import { createConfirmedUser, latestMail, roles, signIn, uniqueEmail, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");
const header = (app: AppPage) => app.page.locator("header");
const thisYear = Number(daysFromToday(0).slice(0, 4));

/** Signs in through the form, as a person does, and waits for where sign-in leads. */
async function signInWithForm(app: AppPage, user: TestUser) {
  await app.goto("/logg-inn");
  await app.page.getByLabel("E-postadresse").fill(user.email);
  await app.page.getByLabel("Passord", { exact: true }).fill(user.password);
  await main(app).getByRole("button", { name: "Logg inn" }).click();
  await app.page.waitForURL((url) => url.pathname !== "/logg-inn");
  await app.settle();
}

/**
 * A caseworker's municipality with some of each kind of work: an organisation to verify, two
 * claims to decide (one of them the club's answer to a question), an agreement to
 * countersign and a placement nobody has attended for two weeks.
 */
async function caseworkerWithWork(role: "caseworker" | "admin" = "caseworker") {
  const user = await createConfirmedUser({ name: "Silje Saksbehandler" });
  const municipalityId = await roles.staff(user.id, "Arbeidsvik", role);
  return withDb(async (db) => {
    const club = await make.organisation(db, "Arbeidsvik Idrettslag");
    await make.partnership(db, club, municipalityId, "verified");
    await make.partnership(db, await make.organisation(db, "Nye Arbeidsvik Kor"), municipalityId, "pending");
    const agreement = await make.agreement(db, municipalityId, club, "active");
    await make.agreement(db, municipalityId, club, "awaiting_municipality");
    const activity = await make.activity(db, club, municipalityId, { title: "Fotball for alle" });
    const participant = await make.participant(db, municipalityId, { first_name: "Mia" });
    const placement = await make.placement(db, participant, activity, agreement);
    const fresh = await make.claim(db, placement, "submitted", { amount_ore: 40000 });
    const answered = await make.claim(db, placement, "submitted", { amount_ore: 60000 });
    await db.query(
      `update app.claims set first_submitted_at = submitted_at - interval '2 days',
              description = 'Gjelder høsthalvåret' where id = $1`,
      [answered],
    );
    return { user, municipalityId, club, placement, fresh, answered };
  });
}

describe("the caseworker's work list", () => {
  test("is where a caseworker lands after signing in: each kind of work with a count and a link to its list", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId, answered } = await caseworkerWithWork();
      await signInWithForm(app, user);
      expect(app.path).toBe(`/kommune/${municipalityId}`);
      await app.expectAccessible();
      expect(await main(app).getByRole("heading", { level: 1 }).textContent()).toBe(
        "Arbeidsliste for Arbeidsvik kommune",
      );
      expect(await main(app).getByRole("list").first().getByRole("link").allTextContents()).toEqual([
        "1 organisasjon venter på godkjenning",
        "2 refusjonskrav venter på vedtak",
        "1 samarbeidsavtale venter på kommunens signatur",
        "1 tiltak uten oppmøte de siste to ukene",
        "0 nominerte organisasjoner venter på vurdering",
      ]);
      expect(await header(app).getByRole("link", { name: "Arbeidsliste" }).getAttribute("href")).toBe(
        `/kommune/${municipalityId}`,
      );

      // By keyboard, a count opens its filtered list.
      await main(app).getByRole("link", { name: "1 organisasjon venter på godkjenning" }).focus();
      await app.page.keyboard.press("Enter");
      await app.arrive(`/kommune/${municipalityId}/organisasjoner`);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Nye Arbeidsvik Kor");
      await app.page.goBack();
      await app.arrive(`/kommune/${municipalityId}`);

      await main(app).getByRole("link", { name: "1 tiltak uten oppmøte de siste to ukene" }).click();
      await app.arrive(`/kommune/${municipalityId}/tiltak`);
      await app.expectAccessible();
      expect(await main(app).getByRole("link", { name: "Ikke til stede på 2 uker" }).getAttribute("aria-current")).toBe(
        "page",
      );
      expect(await main(app).locator("tbody tr td:first-child").allTextContents()).toEqual(["Mia"]);
      await app.page.goBack();
      await app.arrive(`/kommune/${municipalityId}`);

      // The club's answer to a question is labelled as such in the queue.
      await main(app).getByRole("link", { name: "2 refusjonskrav venter på vedtak" }).click();
      await app.arrive(`/kommune/${municipalityId}/refusjoner`);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("2 krav, til sammen kr\u00a01\u00a0000,00");
      const statuses = await main(app)
        .locator("tbody tr")
        .evaluateAll((rows) =>
          rows.map((row) => [row.querySelector("a")?.textContent, row.querySelectorAll("td")[4]?.textContent]),
        );
      expect(statuses.map(([, status]) => status).sort()).toEqual(["Sendt inn", "Svar på spørsmål"]);

      // A kontingent claim's text is the club's note, not what was bought.
      await app.goto(`/refusjoner/${answered}`);
      expect(await main(app).locator("dt").allTextContents()).toContain("Merknad til kommunen (valgfritt)");
      expect(await main(app).textContent()).not.toContain("Hva er kjøpt eller leid");
      expect(await main(app).textContent()).toContain("Svar på spørsmål");
    }));

  test("a caseworker turns off the registration e-mail; a colleague still gets it when a club registers", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId } = await caseworkerWithWork();
      const colleague = await createConfirmedUser({ name: "Kari Kollega" });
      await pool.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')", [
        municipalityId,
        colleague.id,
      ]);
      await signIn(app, user, `/kommune/${municipalityId}`);
      const box = main(app).getByLabel(
        "Send meg e-post når en organisasjon registrerer seg og vil samarbeide med kommunen",
      );
      expect(await box.isChecked()).toBe(true);
      await box.uncheck();
      await main(app).getByRole("button", { name: "Lagre innstillingen" }).click();
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain("Innstillingen er lagret.");
      await app.expectAccessible();
      await app.goto(`/kommune/${municipalityId}`);
      expect(await box.isChecked()).toBe(false);

      const leader = await createConfirmedUser({ name: "Lars Leder" });
      const organisationId = await withDb(async (db) => {
        await db.query("begin");
        await actAs(db, { userId: leader.id });
        const { rows } = await db.query<{ id: string }>(
          "select api.register_organisation($1, 'Arbeidsvik Sjakklubb', 'kultur', array[$2]::uuid[]) as id",
          [validOrganisationNumber(), municipalityId],
        );
        await actAs(db, "postgres");
        await db.query("commit");
        return rows[0]!.id;
      });
      const mail = await latestMail(colleague.email, "Arbeidsvik Sjakklubb vil samarbeide med Arbeidsvik kommune");
      expect(mail.link).toBe(`${APP_URL}/kommune/${municipalityId}/organisasjoner/${organisationId}`);
      const { rows } = await pool.query(
        "select recipient from app.outbox where template = 'organisation_registered' and payload ->> 'organisation_id' = $1",
        [organisationId],
      );
      expect(rows).toEqual([{ recipient: colleague.email }]);
    }));
});

describe("English", () => {
  test("the yearly report and its PDF, dates, plurals and the audit log read in English", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId, fresh } = await caseworkerWithWork("admin");
      await withDb(async (db) => {
        await make.prizeRound(db, municipalityId, "draft", thisYear + 3);
        await db.query("update app.claims set amount_ore = 45000 where id = $1", [fresh]);
      });
      await signIn(app, user, `/kommune/${municipalityId}`);
      await header(app).getByRole("button", { name: "English" }).click();
      await expect.poll(() => app.page.getAttribute("html", "lang")).toBe("en");
      await app.expectAccessible();
      expect(await main(app).getByRole("list").first().getByRole("link").allTextContents()).toEqual([
        "1 organisation awaits verification",
        "2 claims await a decision",
        "1 cooperation agreement awaits the municipality's signature",
        "1 placement without attendance for the last two weeks",
        "0 nominated organisations await screening",
      ]);

      await app.goto(`/kommune/${municipalityId}/refusjoner`);
      expect(await main(app).textContent()).toContain("2 claims, kr\u00a01\u00a0050,00 in total");
      const today = daysFromToday(0);
      const british = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
      expect(await main(app).locator("tbody tr td:nth-child(6)").allTextContents()).toEqual([british, british]);
      await app.goto(`/kommune/${municipalityId}/refusjoner?type=utstyr`);
      expect(await main(app).textContent()).toContain("0 claims, kr\u00a00,00 in total");

      await app.goto(`/kommune/${municipalityId}/innsikt/rapport`);
      const heading = `Leisure with assistance in Arbeidsvik municipality – yearly report ${thisYear}`;
      expect(await main(app).getByRole("heading", { level: 1 }).textContent()).toBe(heading);
      const month = new Date().toLocaleString("en-GB", { month: "long", timeZone: "Europe/Oslo" });
      expect(await main(app).textContent()).toContain(`taken from Sammen on ${Number(today.slice(8, 10))} ${month}`);
      expect(await main(app).getByRole("columnheader").first().textContent()).toBe("Figure");
      expect(await main(app).locator("article").getAttribute("lang")).toBeNull();

      const response = await app.page.request.get(`${APP_URL}/kommune/${municipalityId}/innsikt/rapport.pdf`);
      expect(response.headers()["content-disposition"]).toBe(`attachment; filename="yearly-report-${thisYear}.pdf"`);
      const pdf = await drawnPdf(await response.body());
      expect(pdf.text).toContain(pdfHex("Participants with a placement").toLowerCase());
      expect(pdf.text).not.toContain(pdfHex("Deltakere med tiltak").toLowerCase());

      // The audit log names what changed in words, money in kroner.
      await app.goto(`/kommune/${municipalityId}/logg`);
      const log = await main(app).locator("tbody").textContent();
      expect(log).toContain("Inclusion prize round created");
      expect(log).toContain("amount: kr\u00a0400,00 → kr\u00a0450,00");
      expect(log).not.toContain("Other (");
      expect(log).not.toContain("(øre)");
    }));
});

describe("Norwegian words in the right places", () => {
  test("an invitation asks for the invitee's address, and the declaration wraps on a phone", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId } = await caseworkerWithWork("admin");
      await signIn(app, user, `/kommune/${municipalityId}/ansatte`);
      await main(app).getByRole("button", { name: "Send invitasjon" }).click();
      await expect
        .poll(() => main(app).locator(".ds-error-summary").textContent())
        .toContain("Skriv inn e-postadressen til den du vil invitere.");
      await app.expectAccessible();

      const facilitator = await createConfirmedUser({ name: "Fia Fasilitator" });
      await withDb(async (db) => {
        const club = await make.organisation(db, "Erklæringsvik Klatreklubb");
        await make.partnership(db, club, municipalityId);
        await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
          club,
          facilitator.id,
        ]);
        const activity = await make.activity(db, club, municipalityId, { title: "Buldring" });
        const agreement = await make.agreement(db, municipalityId, club, "active");
        await make.facilitatorRole(db, agreement, activity, facilitator.id, false);
      });
      await signIn(app, facilitator, "/tilrettelegger/roller");
      const declaration = main(app).locator("section", { hasText: "Taushetserklæringen" }).locator("div").first();
      const box = await declaration.evaluate((element) => ({
        text: (element as HTMLElement).innerText,
        overflows: element.scrollWidth > element.clientWidth,
      }));
      expect(box.overflows).toBe(false);
      // Only the paragraphs break the text; the lines wrap where the screen ends.
      expect(box.text).toContain("i aktiviteten. Jeg forplikter meg");
      expect(box.text.split("\n").filter(Boolean)).toHaveLength(2);
    }));
});

describe("an invitation's way through sign-up", () => {
  test("a visitor goes from the invitation to sign-in, creates an account there, confirms it and is back", () =>
    inTab(browser(), async (app) => {
      const token = `reise-${Date.now()}`;
      const email = uniqueEmail("invitert");
      const organisationId = await withDb(async (db) => {
        const club = await make.organisation(db, "Rundtur Turlag");
        await make.invitation(db, email, club, "facilitator", token);
        return club;
      });
      const invitation = `/invitasjon/${token}`;
      await app.goto(invitation);
      await main(app).getByRole("link", { name: "Logg inn" }).click();
      await app.page.waitForURL((url) => url.pathname === "/logg-inn");
      await app.expectAccessible();
      await main(app).getByRole("link", { name: "Registrer deg" }).click();
      await app.arrive("/registrer");
      await app.expectAccessible();
      await app.page.getByLabel("Navn", { exact: true }).fill("Ina Invitert");
      await app.page.getByLabel("E-postadresse").fill(email);
      await app.page.getByLabel("Passord", { exact: true }).fill("et godt passord");
      await main(app).getByRole("button", { name: "Opprett konto" }).click();
      await app.arrive("/registrer/sjekk-e-post");
      await app.expectAccessible();

      const confirmation = await latestMail(email, "Bekreft e-postadressen din");
      expect(confirmation.link.startsWith(`${APP_URL}/auth/confirm?`)).toBe(true);
      const link = new URL(confirmation.link);
      expect(link.searchParams.get("next")).toBe(invitation);
      // Hosted Supabase's template writes the full address of the redirect into `next`.
      link.searchParams.set("next", `${APP_URL}${invitation}`);
      await app.goto(`${link.pathname}${link.search}`);
      expect(app.path).toBe(invitation);
      expect(await header(app).textContent()).toContain("Logget inn som Ina Invitert");
      await main(app).getByRole("button", { name: "Godta invitasjonen" }).click();
      await app.arrive(`/organisasjoner/${organisationId}`);
      await app.expectAccessible();
    }));
});
