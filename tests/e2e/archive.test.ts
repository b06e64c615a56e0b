import { strFromU8, unzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { make, pool, withDb } from "../support/db";
import { createConfirmedUser, roles, signIn } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");

/** A file the page links to or its form asks for, fetched with this tab's session. */
async function download(app: AppPage, path: string) {
  const response = await app.page.request.get(new URL(path, app.page.url()).href);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/zip");
  return unzipSync(new Uint8Array(await response.body()));
}

describe("the archive package", () => {
  test("a caseworker downloads a signed agreement's package from its page, and the year's from the agreements list", () =>
    inTab(browser(), async (app) => {
      const caseworker = await createConfirmedUser({ name: "Arne Arkivar" });
      const municipalityId = await roles.staff(caseworker.id, "Arkivvik", "caseworker");
      const { agreement, unsigned } = await withDb(async (db) => {
        const club = await make.organisation(db, "Arkivvik Turlag");
        await make.partnership(db, club, municipalityId);
        return {
          agreement: await make.agreement(db, municipalityId, club, "active"),
          unsigned: await make.agreement(db, municipalityId, club, "awaiting_municipality"),
        };
      });
      const year = new Date().getFullYear();
      await signIn(app, caseworker);

      await app.goto(`/avtaler/${agreement}`);
      const link = main(app).getByRole("link", { name: "Last ned arkivpakken (PDF og arkivmelding)" });
      const files = await download(app, (await link.getAttribute("href"))!);
      expect(Object.keys(files).sort()).toEqual(["arkivmelding.xml", "samarbeidsavtale-Arkivvik-Turlag.pdf"]);
      expect(strFromU8(files["samarbeidsavtale-Arkivvik-Turlag.pdf"]!.subarray(0, 5))).toBe("%PDF-");
      const xml = strFromU8(files["arkivmelding.xml"]!);
      expect(xml).toContain("<tittel>Samarbeidsavtale – Arkivvik Turlag – Arkivvik kommune</tittel>");
      expect(xml).toContain("<referanseDokumentfil>samarbeidsavtale-Arkivvik-Turlag.pdf</referanseDokumentfil>");

      // An agreement the municipality has not signed has no package, and the address says why.
      await app.goto(`/avtaler/${unsigned}`);
      expect(
        await main(app)
          .getByRole("link", { name: /arkivpakken/ })
          .count(),
      ).toBe(0);
      await app.goto(`/avtaler/${unsigned}/arkiv`);
      expect(await main(app).textContent()).toContain("Avtalen kan arkiveres først når begge parter har signert den.");

      await app.goto(`/kommune/${municipalityId}/avtaler`);
      const form = main(app).locator("form", {
        has: app.page.getByRole("button", { name: "Last ned arkivpakken for året" }),
      });
      expect(await form.getAttribute("action")).toBe(`/kommune/${municipalityId}/avtaler/arkiv`);
      await app.page.getByLabel("Signert i år").selectOption(String(year));
      const yearFiles = Object.keys(await download(app, `/kommune/${municipalityId}/avtaler/arkiv?year=${year}`));
      expect(
        yearFiles
          .filter((name) => !name.endsWith("/"))
          .map((name) => name.split("/")[1])
          .sort(),
      ).toEqual(["arkivmelding.xml", "samarbeidsavtale-Arkivvik-Turlag.pdf"]);

      // A year without signed agreements comes back to the list, the message at the year.
      await app.goto(`/kommune/${municipalityId}/avtaler/arkiv?year=${year - 2}`);
      expect(app.path).toBe(`/kommune/${municipalityId}/avtaler`);
      expect(await main(app).textContent()).toContain(`Ingen avtaler ble signert av begge parter i ${year - 2}.`);
      expect(await app.page.getByLabel("Signert i år").inputValue()).toBe(String(year - 2));
    }));
});
