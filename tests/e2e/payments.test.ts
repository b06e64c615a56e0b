import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { AppPage } from "../support/browser";
import { browserForFile, inTab } from "../support/browser";
import { daysFromToday, make, pool } from "../support/db";
import { createConfirmedUser, roles, signIn, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

const XSD = join(__dirname, "../fixtures/xsd/pain.001.001.03.xsd");

/**
 * A municipality that pays in two steps (the default) and has not set its payer account yet;
 * a club with a bank account and an active agreement (a yearly fee of kr 10 000); three
 * kontingent claims of kr 1 000: one submitted, two a colleague already approved.
 */
async function twoStepPath() {
  const caseworker = await createConfirmedUser({ name: "Kari Saksbehandler" });
  const colleague = await createConfirmedUser({ name: "Kåre Kollega" });
  const admin = await createConfirmedUser({ name: "Anne Anviser" });
  const municipalityId = await roles.staff(caseworker.id, "Anvisvik", "caseworker");
  const db = await pool.connect();
  try {
    for (const [user, role] of [
      [admin, "admin"],
      [colleague, "caseworker"],
    ] as const) {
      await db.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, $3)", [
        municipalityId,
        user.id,
        role,
      ]);
    }
    const club = await make.organisation(db, "Anvisvik Padleklubb");
    await db.query("insert into app.organisation_private (organisation_id, bank_account) values ($1, '86011117947')", [
      club,
    ]);
    await make.partnership(db, club, municipalityId);
    const activity = await make.activity(db, club, municipalityId, { fee_ore: 1_000_000, fee_period: "year" });
    const agreement = await make.agreement(db, municipalityId, club, "active");
    const participant = await make.participant(db, municipalityId, { first_name: "Iver" });
    const placement = await make.placement(db, participant, activity, agreement, {
      from: daysFromToday(-60),
      to: daysFromToday(300),
    });
    await make.budget(db, municipalityId, "kontingent", 1_000_000);
    const claim = await make.claim(db, placement, "submitted", { amount_ore: 100000 });
    const approved = [];
    for (let i = 0; i < 2; i++) {
      approved.push(await make.claim(db, placement, "approved", { amount_ore: 100000, approved_by: colleague.id }));
    }
    const { rows } = await db.query<{ reference: string }>(
      "select reference from app.claims where id = any ($1::uuid[]) order by reference",
      [[claim, ...approved]],
    );
    return { caseworker, admin, municipalityId, claim, references: rows.map((row) => row.reference) };
  } finally {
    db.release();
  }
}

const asPerson = (person: TestUser, work: (app: AppPage) => Promise<void>) =>
  inTab(browser(), async (app) => {
    await signIn(app, person);
    await work(app);
  });

function validates(xml: string) {
  const file = join(mkdtempSync(join(tmpdir(), "sammen-e2e-pain001-")), "betaling.xml");
  writeFileSync(file, xml);
  return spawnSync("xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8" }).status === 0;
}

describe("attestasjon og anvisning, and the bank file", () => {
  test("R13: a caseworker approves, an anviser authorises (one and a batch), the batch downloads as pain.001", async () => {
    const { caseworker, admin, municipalityId, claim, references } = await twoStepPath();
    const claimPage = `/refusjoner/${claim}`;

    await asPerson(caseworker, async (app) => {
      await app.goto(claimPage);
      const main = app.page.locator("main");
      await app.page.getByRole("radio", { name: "Godkjenn" }).check();
      await main.getByRole("button", { name: "Lagre vedtaket" }).click();
      await expect.poll(() => main.locator("dl").first().textContent()).toContain("Godkjent");
      // Approved is not payable yet: it waits for a second person.
      expect(await main.textContent()).toContain("Venter på anvisning");
      expect(await main.getByRole("heading", { name: "Registrer utbetaling" }).count()).toBe(0);
      expect(await main.getByRole("button", { name: "Anvis til utbetaling" }).count()).toBe(0);
      await app.expectAccessible();
    });

    await asPerson(admin, async (app) => {
      // The admin gives herself the anviser role on the staff page.
      await app.page.locator("header").getByRole("link", { name: "Ansatte" }).click();
      await app.arrive(`/kommune/${municipalityId}/ansatte`);
      const row = app.page.locator("main").getByRole("row", { name: /Anne Anviser/ });
      await row.getByRole("checkbox", { name: "anviser", exact: true }).check();
      await row.getByRole("button", { name: "Lagre roller" }).click();
      await app.settle();
      await expect.poll(() => app.page.locator("header").getByRole("link", { name: "Anvisning" }).count()).toBe(1);
      await app.expectAccessible();

      await app.page.locator("header").getByRole("link", { name: "Anvisning" }).click();
      await app.arrive(`/kommune/${municipalityId}/anvisning`);
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.textContent()).toContain("3 krav, til sammen kr\u00a03\u00a0000,00");
      expect(await main.getByRole("row", { name: /Kari Saksbehandler/ }).count()).toBe(1);
      // One at a time: the row's own button.
      await main.getByRole("button", { name: `Anvis ${references[0]}` }).click();
      await expect.poll(() => main.textContent()).toContain("1 krav er anvist");
      await app.expectAccessible();
      // And the rest as a batch, by keyboard: tick each box, then the button.
      for (const reference of references.slice(1)) {
        await main.getByLabel(`Velg ${reference}`).focus();
        await app.page.keyboard.press("Space");
      }
      await main.getByRole("button", { name: "Anvis valgte krav" }).focus();
      await app.page.keyboard.press("Enter");
      await expect.poll(() => main.textContent()).toContain("2 krav er anvist");
      expect(await main.textContent()).toContain("Ingen krav venter på anvisning.");
      await app.expectAccessible();

      await app.page.locator("header").getByRole("link", { name: "Utbetalinger" }).click();
      await app.arrive(`/kommune/${municipalityId}/utbetalinger`);
      await app.expectAccessible();
      expect(await main.textContent()).toContain("3 krav til sammen kr\u00a03\u00a0000,00 er klare til utbetaling");
      await main.getByLabel("Forfallsdato").fill(daysFromToday(3));
      await main.getByRole("button", { name: "Lag utbetalingsfil" }).click();
      const bankFile = main.getByRole("link", { name: /Last ned bankfilen .* \(pain\.001\)/ });
      await expect.poll(() => bankFile.count()).toBe(1);
      await app.expectAccessible();

      // Without the municipality's account there is no bank file, and the page says why.
      await bankFile.click();
      await app.page.waitForURL((url) => url.searchParams.has("bankfil"));
      await app.settle();
      const alert = main.getByRole("alert");
      expect(await alert.textContent()).toContain("Bankfilen kan ikke lages ennå");
      await app.expectAccessible();
      await alert.getByRole("link", { name: "Legg inn kontonummeret under Innstillinger" }).click();
      await app.arrive(`/kommune/${municipalityId}/innstillinger`);
      await app.expectAccessible();
      await app.page.getByLabel("Kontonummeret utbetalingene går fra").fill("1503.20.80118");
      await main.getByRole("button", { name: "Lagre innstillingene" }).click();
      await expect
        .poll(() => app.page.getByLabel("Kontonummeret utbetalingene går fra").getAttribute("aria-invalid"))
        .toBe("true");
      expect(await main.textContent()).toContain("Kontonummeret må ha 11 siffer og være gyldig.");
      expect(await app.page.getByLabel("Kontonummeret utbetalingene går fra").inputValue()).toBe("1503.20.80118");
      await app.expectAccessible();
      await app.page.getByLabel("Kontonummeret utbetalingene går fra").fill("1503.20.80119");
      await main.getByRole("button", { name: "Lagre innstillingene" }).click();
      await expect.poll(() => main.textContent()).toContain("Innstillingene er lagret.");
      await app.expectAccessible();

      await app.goto(`/kommune/${municipalityId}/utbetalinger`);
      expect(await main.textContent()).toContain("Betales fra konto 15032080119.");
      const href = await bankFile.getAttribute("href");
      const response = await app.page.request.get(`${new URL(app.page.url()).origin}${href}`);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/xml; charset=utf-8");
      const xml = await response.text();
      expect(validates(xml)).toBe(true);
      expect(xml).toContain("<NbOfTxs>3</NbOfTxs>");
      expect(xml.match(/<CtrlSum>3000\.00<\/CtrlSum>/g)).toHaveLength(2);
      expect(xml).toContain(`<ReqdExctnDt>${daysFromToday(3)}</ReqdExctnDt>`);
      for (const reference of references) expect(xml).toContain(`<EndToEndId>${reference}</EndToEndId>`);
    });

    await asPerson(caseworker, async (app) => {
      // The claim page names who attested and who authorised.
      await app.goto(claimPage);
      const text = await app.page.locator("main").textContent();
      expect(text).toMatch(/Godkjent \(attestert\)Kari Saksbehandler, /);
      expect(text).toMatch(/AnvistAnne Anviser, /);
      expect(text).toContain("Anvist til utbetaling (Anne Anviser)");
    });
  }, 150_000);
});
