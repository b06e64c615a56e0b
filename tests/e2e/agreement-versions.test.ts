import { describe, expect, test } from "vitest";
import { browserForFile, inTab, type AppPage } from "../support/browser";
import { make, pool } from "../support/db";
import { SUPABASE_URL } from "../support/env";
import { createConfirmedUser, roles, signIn, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");

/** A caseworker, a club with an admin and an activity, a template and a draft agreement. */
async function draftAgreement() {
  const caseworker = await createConfirmedUser({ name: "Vera Saksbehandler" });
  const admin = await createConfirmedUser({ name: "Kari Korleder" });
  const municipalityId = await roles.staff(caseworker.id, "Versjonvik", "caseworker");
  const db = await pool.connect();
  try {
    const club = await make.organisation(db, "Versjonvik Kor");
    await make.partnership(db, club, municipalityId);
    await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')", [
      club,
      admin.id,
    ]);
    await make.activity(db, club, municipalityId, { title: "Korøvelse", category: "musikk" });
    await make.template(db, municipalityId);
    const agreement = await make.agreement(db, municipalityId, club, "draft");
    return { caseworker, admin, path: `/avtaler/${agreement}` };
  } finally {
    db.release();
  }
}

/** The requests to sign that reached the club's admin, as the links they carry. */
async function requestsToSign(admin: TestUser) {
  const response = await fetch(`${SUPABASE_URL}/mailbox/api/messages?${new URLSearchParams({ to: admin.email })}`);
  const mails = (await response.json()) as { subject: string; text: string }[];
  return mails
    .filter((mail) => mail.subject.endsWith("til signering"))
    .map((mail) => ({ path: new URL(mail.text.match(/https?:\/\/\S+/)![0]).pathname, text: mail.text }));
}

const status = (app: AppPage) => main(app).locator("dl").first().textContent();

describe("agreement versions in the browser", () => {
  test("R6: no sending without activities (at the field, ticks kept); a new version of an unsigned one replaces it quietly", () =>
    inTab(browser(), async (app) => {
      const { caseworker, admin, path } = await draftAgreement();
      await signIn(app, caseworker);
      await app.goto(path);
      expect(await main(app).textContent()).not.toContain("Vilkårene kan ikke endres etter at noen har signert");

      const send = main(app).getByRole("button", { name: "Send til organisasjonen for signering" });
      await send.click();
      const refusal = "Velg minst én aktivitet som avtalen skal gjelde, før du sender den.";
      await expect
        .poll(() =>
          main(app)
            .getByRole("group", { name: /Aktiviteter avtalen gjelder/ })
            .textContent(),
        )
        .toContain(refusal);
      expect(
        await main(app)
          .getByRole("group", { name: /Aktiviteter avtalen gjelder/ })
          .getAttribute("aria-invalid"),
      ).toBe("true");
      expect(await status(app)).toContain("Utkast");
      await app.expectAccessible();

      // A refusal elsewhere in the form keeps the ticked box as ticked.
      await app.page.getByLabel("Korøvelse").check();
      const validTo = app.page.getByLabel("Gjelder til");
      const kept = await validTo.inputValue();
      await validTo.fill("2000-01-01");
      await send.click();
      await expect.poll(() => validTo.getAttribute("aria-invalid")).toBe("true");
      expect(await app.page.getByLabel("Korøvelse").isChecked()).toBe(true);
      await app.expectAccessible();

      // Sending saves the ticks first.
      await validTo.fill(kept);
      await send.press("Enter");
      await expect.poll(() => status(app)).toContain("Venter på organisasjonen");
      expect(await main(app).getByRole("table").textContent()).toContain("Korøvelse");
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Ingen har signert ennå.");
      expect(await main(app).textContent()).not.toContain("Vilkårene kan ikke endres etter at noen har signert");
      await expect.poll(async () => (await requestsToSign(admin)).map((mail) => mail.path)).toEqual([path]);

      await main(app).getByRole("button", { name: "Lag ny versjon" }).click();
      await app.page.waitForURL((url) => url.pathname.startsWith("/avtaler/") && url.pathname !== path);
      await app.settle();
      await app.expectAccessible();
      const newPath = app.path;
      expect(await app.page.getByLabel("Korøvelse").isChecked()).toBe(true);
      await main(app).getByRole("link", { name: "forrige versjon av avtalen" }).click();
      await app.arrive(path);
      await app.expectAccessible();
      expect(await status(app)).toContain("Erstattet av ny versjon");
      expect(await main(app).textContent()).not.toContain("Sagt opp");
      expect(await main(app).getByRole("button", { name: "Si opp avtalen" }).count()).toBe(0);
      await main(app).getByRole("link", { name: "den nye versjonen av avtalen" }).click();
      await app.arrive(newPath);
      await main(app).getByRole("button", { name: "Send til organisasjonen for signering" }).click();
      await expect.poll(() => status(app)).toContain("Venter på organisasjonen");

      // One request per version; the new one says the old one need not be signed.
      await expect.poll(async () => (await requestsToSign(admin)).length).toBe(2);
      const mails = await requestsToSign(admin);
      expect(mails.filter((mail) => mail.path === path)).toHaveLength(1);
      expect(mails.find((mail) => mail.path === newPath)!.text).toContain(
        "Den erstatter avtalen kommunen sendte tidligere",
      );

      await inTab(browser(), async (club) => {
        await signIn(club, admin);
        await club.goto(newPath);
        expect(await status(club)).toContain("versjon 1");
        await club.page.getByLabel("Fullt navn").fill("Kari Korleder");
        await club.page.getByLabel("Din rolle").fill("Styreleder");
        await club.page.getByLabel("Jeg har lest avtalen og signerer den på vegne av organisasjonen.").check();
        await main(club).getByRole("button", { name: "Signer", exact: true }).click();
        await expect.poll(() => status(club)).toContain("Venter på kommunen");
        await club.expectAccessible();
      });

      await app.goto(newPath);
      expect(await main(app).textContent()).toContain("Vilkårene kan ikke endres etter at noen har signert");
    }));
});
