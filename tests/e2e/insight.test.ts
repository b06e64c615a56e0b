import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { make, pool } from "../support/db";
import { createConfirmedUser, roles, signIn } from "../support/users";

const browser = browserForFile(() => pool.end());

const password = "Sammen-demo-2026";
const kongsberg = "22222222-0000-4000-8000-000000003303";
const klatreklubb = "33333333-0000-4000-8000-000000000001";
const emmasPlacement = "88888888-1111-4000-8000-000000000001";
const thisYear = new Date().getFullYear();

/** A download through the signed-in tab's cookies: status, headers and the body as text. */
async function download(app: AppPage, path: string) {
  const response = await app.page.request.get(`${APP_URL}${path}`);
  return { status: response.status(), headers: response.headers(), body: await response.body() };
}

/** A municipality of its own with a budget and an approved claim, so money has figures. */
async function adminWithClaim() {
  const user = await createConfirmedUser({ name: "Ingrid Innsikt" });
  const municipalityId = await roles.staff(user.id, "Innsiktvik", "admin");
  const db = await pool.connect();
  try {
    const club = await make.organisation(db, "Innsiktvik Turlag");
    await make.partnership(db, club, municipalityId);
    const activity = await make.activity(db, club, municipalityId, { title: "Turgruppa", category: "friluft" });
    const agreement = await make.agreement(db, municipalityId, club, "active");
    const participant = await make.participant(db, municipalityId, { first_name: "Hemmelig", birth_year: 1950 });
    const placement = await make.placement(db, participant, activity, agreement);
    const claim = await make.claim(db, placement, "approved", { amount_ore: 150000 });
    const { rows } = await db.query<{ year: number }>("select budget_year as year from app.claims where id = $1", [
      claim,
    ]);
    const year = rows[0]!.year;
    await make.budget(db, municipalityId, "kontingent", 1_000_000, year);
    return { user, municipalityId, year };
  } finally {
    db.release();
  }
}

describe("insight for the municipality", () => {
  test("the admin opens the dashboard, follows a number to its list, reads the yearly report and downloads it as PDF", () =>
    inTab(browser(), async (app) => {
      await signIn(app, { email: "admin@kongsberg.sammen.test", password });
      await app.page.locator("header").getByRole("link", { name: "Innsikt", exact: true }).click();
      const dashboard = `/kommune/${kongsberg}/innsikt`;
      await app.arrive(dashboard);
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.getByRole("heading", { level: 1 }).textContent()).toBe(`Innsikt for Kongsberg ${thisYear}`);

      // The seeded participants: Emma is 15, Jonas 24 and Aisha 31 this year.
      const ages = main.getByRole("figure", { name: "Deltakere etter alder" });
      expect(await ages.getByRole("img").getAttribute("aria-label")).toContain("Deltakere etter alder");
      await ages.getByText("Vis tallene som tabell").click();
      expect(
        await ages
          .getByRole("row", { name: /^0-17 år/ })
          .getByRole("cell")
          .textContent(),
      ).toBe("1");
      expect(
        await ages
          .getByRole("row", { name: /^18-66 år/ })
          .getByRole("cell")
          .textContent(),
      ).toBe("2");
      await app.expectAccessible();

      // By keyboard: the number of participants opens the participants list.
      const participants = main
        .locator("dt", { hasText: "Deltakere med tiltak" })
        .locator("xpath=..")
        .getByRole("link");
      await participants.focus();
      await app.page.keyboard.press("Enter");
      await app.arrive(`/kommune/${kongsberg}/deltakere`);
      await app.expectAccessible();
      await app.page.goBack();
      await app.arrive(dashboard);

      await main.getByRole("link", { name: `Årsrapport for ${thisYear}` }).click();
      await app.arrive(`${dashboard}/rapport`);
      await app.expectAccessible();
      expect(await main.getByRole("heading", { level: 1 }).textContent()).toBe(
        `Fritid med bistand i Kongsberg kommune – årsrapport ${thisYear}`,
      );
      await expect.poll(() => main.getByRole("button", { name: "Skriv ut" }).count()).toBe(1);
      const table = main.getByRole("table", { name: `Nøkkeltall ${thisYear} og ${thisYear - 1}` });
      const headers = await table.getByRole("columnheader").allTextContents();
      expect(headers).toEqual(["Tall", String(thisYear), String(thisYear - 1), "Endring"]);
      expect(
        await table
          .getByRole("row", { name: /^Deltakere 0-17 år/ })
          .getByRole("cell")
          .first()
          .textContent(),
      ).toBe("1");

      const pdf = await download(app, `${dashboard}/rapport.pdf?year=${thisYear}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      expect(pdf.headers["content-disposition"]).toBe(`attachment; filename="arsrapport-${thisYear}.pdf"`);
      expect(pdf.body.subarray(0, 5).toString()).toBe("%PDF-");
    }));

  test("exports four CSV files for a spreadsheet, without the participants' names", () =>
    inTab(browser(), async (app) => {
      const { user, municipalityId, year } = await adminWithClaim();
      await signIn(app, user);
      const dashboard = `/kommune/${municipalityId}/innsikt`;
      await app.goto(`${dashboard}?year=${year}`);
      const main = app.page.locator("main");
      const claims = main.getByRole("figure", { name: "Refusjoner mot budsjett" });
      await claims.getByText("Vis tallene som tabell").click();
      expect(
        await claims
          .getByRole("row", { name: /^Kontingent/ })
          .getByRole("cell")
          .allTextContents(),
      ).toEqual(["kr\u00a010\u00a0000,00", "kr\u00a01\u00a0500,00", "kr\u00a00,00"]);
      await app.expectAccessible();

      const files: Record<string, { link: string; header: string; content?: string }> = {
        tiltak: {
          link: "Tiltak",
          header:
            "Tiltak-id;Aldersgruppe;Aktivitet;Kategori;Organisasjon;Organisasjonsnummer;Startdato;Vedtak til;Avsluttet;Status;Utfall;Til stede;Borte",
          content: ";67-79;Turgruppa;Friluftsliv;Innsiktvik Turlag;",
        },
        refusjoner: {
          link: "Refusjonskrav",
          header:
            "Referanse;Type;Status;Beløp (kr);Organisasjon;Organisasjonsnummer;Periode fra;Periode til;Kjøpsdato;Sendt inn;Avgjort;Utbetalt;Betalingsreferanse",
          content: ";Kontingent;Godkjent;1500,00;Innsiktvik Turlag;",
        },
        organisasjoner: {
          link: "Organisasjoner",
          header: "Organisasjonsnummer;Navn;Type;Status;E-post;Telefon;Poststed;Aktiviteter;Aktive tiltak",
          content: ";Innsiktvik Turlag;",
        },
        oppmote: { link: "Oppmøte per måned", header: "Organisasjon;Aktivitet;Måned;Økter;Til stede;Borte" },
      };
      for (const [path, expected] of Object.entries(files)) {
        const href = await main.getByRole("link", { name: expected.link, exact: true }).getAttribute("href");
        expect(href).toBe(`${dashboard}/eksport/${path}?year=${year}`);
        const file = await download(app, href!);
        expect(file.status).toBe(200);
        expect(file.headers["content-type"]).toBe("text/csv; charset=utf-8");
        expect(file.headers["content-disposition"]).toBe(`attachment; filename="${path}-${year}.csv"`);
        expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const lines = file.body.toString("utf8").slice(1).split("\r\n");
        expect(lines[0]).toBe(expected.header);
        if (expected.content) expect(lines[1]).toContain(expected.content);
        expect(file.body.toString("utf8")).not.toContain("Hemmelig");
      }
    }));

  test("the admin searches the audit log; a caseworker has no log but sees a placement's history", () =>
    inTab(browser(), async (app) => {
      await signIn(app, { email: "admin@kongsberg.sammen.test", password });
      await app.page.locator("header").getByRole("link", { name: "Logg", exact: true }).click();
      const log = `/kommune/${kongsberg}/logg`;
      await app.arrive(log);
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.getByRole("heading", { level: 1 }).textContent()).toBe("Logg for Kongsberg");

      await main.getByLabel("Søk", { exact: true }).fill(emmasPlacement);
      await app.page.keyboard.press("Enter");
      await app.page.waitForURL((url) => url.searchParams.get("sok") === emmasPlacement);
      await app.expectAccessible();
      const rows = main.getByRole("table", { name: "Hendelser, nyeste først" }).locator("tbody tr");
      expect(await rows.count()).toBeGreaterThan(0);
      expect(await rows.last().textContent()).toContain("Tiltak opprettet");
      await rows.last().getByRole("link", { name: emmasPlacement }).click();
      await app.arrive(`/tiltak/${emmasPlacement}`);
      await app.expectAccessible();
      await app.page.goBack();
      await app.arrive(log);

      await main.getByLabel("Gjelder").selectOption("claims");
      await main.getByRole("button", { name: "Søk i loggen" }).click();
      await app.page.waitForURL((url) => url.searchParams.get("hva") === "claims");
      await app.expectAccessible();
      // The demo claim waiting in the queue is the one claim event.
      expect(await main.textContent()).toContain("Refusjonskrav opprettet");
      await main.getByLabel("Søk", { exact: true }).fill("ingen slik hendelse");
      await main.getByRole("button", { name: "Søk i loggen" }).click();
      await app.page.waitForURL((url) => url.searchParams.get("sok") === "ingen slik hendelse");
      await app.expectAccessible();
      expect(await main.textContent()).toContain("Ingen hendelser passer søket.");
      await app.page.locator("header").getByRole("button", { name: "Logg ut" }).click();

      await signIn(app, { email: "saksbehandler@kongsberg.sammen.test", password });
      expect(await app.page.locator("header").getByRole("link", { name: "Logg", exact: true }).count()).toBe(0);
      const refused = await app.goto(log);
      expect(refused?.status()).toBe(403);

      await app.goto(`/tiltak/${emmasPlacement}`);
      const history = main.locator("section", { has: app.page.getByRole("heading", { name: "Historikk" }) });
      expect(await history.textContent()).toContain("Opprettet");
      expect(await history.textContent()).toContain("Status: Pågår");
    }));
});

describe("insight for the organisation", () => {
  test("the club's admin sees attendance and claims per municipality for a year", () =>
    inTab(browser(), async (app) => {
      await signIn(app, { email: "leder@klatreklubb.sammen.test", password }, `/organisasjoner/${klatreklubb}`);
      await app.page.getByRole("link", { name: "Innsikt: oppmøte og refusjoner per år" }).click();
      await app.arrive(`/organisasjoner/${klatreklubb}/innsikt`);
      await app.expectAccessible();
      const table = app.page.locator("main").getByRole("table", { name: `Per kommune i ${thisYear}` });
      const kongsbergRow = table.getByRole("row", { name: /^Kongsberg/ });
      expect(await kongsbergRow.getByRole("cell").first().textContent()).toBe("3");

      await app.page.getByLabel("År").selectOption(String(thisYear - 1));
      await app.page.getByRole("button", { name: "Vis året" }).click();
      await app.page.waitForURL((url) => url.searchParams.get("year") === String(thisYear - 1));
      await app.expectAccessible();
      expect(await app.page.locator("main h1").textContent()).toContain(String(thisYear - 1));
    }));

  test("another club's admin is refused the view", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser();
      await roles.member(user.id, "Annen Klubb", "admin");
      await signIn(app, user);
      const response = await app.goto(`/organisasjoner/${klatreklubb}/innsikt`);
      expect(response?.status()).toBe(403);
    }));
});
