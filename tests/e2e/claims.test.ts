import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { AppPage } from "../support/browser";
import { inTab, browserForFile } from "../support/browser";
import { daysFromToday, make, pool } from "../support/db";
import { createConfirmedUser, latestMail, roles, signIn, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

// A 1×1 PNG: a receipt photo as small as it gets.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * A club with a bank account and an active agreement, Lina placed in its climbing group
 * (fee kr 1 500 a year), a kontingent budget, and the three people of the claim's path. The
 * municipality pays in one step (R13): the approval makes a claim payable, and pays from its
 * own account.
 */
async function claimPath() {
  const orgAdmin = await createConfirmedUser({ name: "Ola Leder" });
  const caseworker = await createConfirmedUser({ name: "Kari Saksbehandler" });
  const municipalityAdmin = await createConfirmedUser({ name: "Anne Admin" });
  const municipalityId = await roles.staff(caseworker.id, "Kravvik", "caseworker");
  const organisationId = await roles.member(orgAdmin.id, "Kravvik Klatreklubb", "admin");
  const db = await pool.connect();
  try {
    await db.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'admin')", [
      municipalityId,
      municipalityAdmin.id,
    ]);
    await db.query("insert into app.organisation_private (organisation_id, bank_account) values ($1, '12345678903')", [
      organisationId,
    ]);
    await make.partnership(db, organisationId, municipalityId);
    const activity = await make.activity(db, organisationId, municipalityId, {
      title: "Klatregruppa",
      fee_ore: 150000,
      fee_period: "year",
    });
    const agreement = await make.agreement(db, municipalityId, organisationId, "active");
    const participant = await make.participant(db, municipalityId, { first_name: "Lina" });
    const placement = await make.placement(db, participant, activity, agreement, {
      from: daysFromToday(-60),
      to: daysFromToday(300),
    });
    await make.budget(db, municipalityId, "kontingent", 1_000_000);
    await db.query("update app.municipalities set payment_steps = 1, payer_account = '15032080119' where id = $1", [
      municipalityId,
    ]);
    const { rows } = await db.query<{ number: string }>(
      "select organisation_number as number from app.organisations where id = $1",
      [organisationId],
    );
    return {
      orgAdmin,
      caseworker,
      municipalityAdmin,
      municipalityId,
      organisationId,
      placement,
      orgNumber: rows[0]!.number,
    };
  } finally {
    db.release();
  }
}

const asPerson = (person: TestUser, work: (app: AppPage) => Promise<void>) =>
  inTab(browser(), async (app) => {
    await signIn(app, person);
    await work(app);
  });

describe("claims from the club to the municipality", () => {
  test("a kontingent claim with a receipt: submitted, asked about, answered, approved, exported and paid", async () => {
    const path = await claimPath();
    let claimPage = "";
    let reference = "";

    await asPerson(path.orgAdmin, async (app) => {
      await app.goto(`/organisasjoner/${path.organisationId}`);
      await app.page.getByRole("link", { name: "Refusjonskrav til kommunen" }).click();
      await app.arrive(`/organisasjoner/${path.organisationId}/refusjoner`);
      await app.expectAccessible();
      await app.page.getByRole("link", { name: "Nytt krav for Lina" }).click();
      await app.arrive(`/organisasjoner/${path.organisationId}/refusjoner/ny/${path.placement}`);
      await app.expectAccessible();

      // The fee for the current period is filled in: nothing is retyped.
      const amount = app.page.getByLabel("Beløp");
      expect(await amount.inputValue()).toBe("1500,00");
      // Claiming more than the fee is saved as a draft, but submitting it says which rule it breaks (R3).
      await amount.focus();
      await app.page.keyboard.press("Control+A");
      await app.page.keyboard.type("2000");
      await app.page
        .getByLabel("Kvittering")
        .setInputFiles({ name: "kvittering.png", mimeType: "image/png", buffer: PNG });
      await app.page.keyboard.press("Enter");
      await app.page.waitForURL((url) => /^\/refusjoner\/[0-9a-f-]{36}$/.test(url.pathname));
      await app.settle();
      await app.expectAccessible();
      claimPage = app.path;
      const main = app.page.locator("main");
      reference = (await main.getByRole("heading", { level: 1 }).textContent())!.replace("Refusjonskrav ", "");
      expect(reference).toMatch(/^R-\d{6}$/);
      expect(await main.textContent()).toContain("Utkast");
      expect(await main.getByRole("link", { name: "Åpne kvittering.png" }).count()).toBe(1);

      await main.getByRole("button", { name: "Send inn kravet" }).click();
      await expect.poll(() => app.page.getByLabel("Beløp").getAttribute("aria-invalid")).toBe("true");
      expect(await main.textContent()).toContain(
        "Beløpet er høyere enn aktivitetens kontingent for perioden, som er kr\u00a01\u00a0500,00.",
      );
      expect(await app.page.getByLabel("Beløp").inputValue()).toBe("2000,00");
      await app.expectAccessible();

      await app.page.getByLabel("Beløp").fill("1500");
      await main.getByRole("button", { name: "Send inn kravet" }).click();
      await expect.poll(() => main.locator("dl").textContent()).toContain("Sendt inn");
      expect(await main.getByRole("button", { name: "Send inn kravet" }).count()).toBe(0);
      await app.expectAccessible();
    });

    await asPerson(path.caseworker, async (app) => {
      await app.page.locator("header").getByRole("link", { name: "Refusjonskrav" }).click();
      await app.arrive(`/kommune/${path.municipalityId}/refusjoner`);
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.textContent()).toContain("1 krav, til sammen kr\u00a01\u00a0500,00");
      // With hundreds of partner organisations, the caseworker finds one by part of its name.
      await main.getByLabel("Organisasjon", { exact: true }).fill("kravvik");
      await main.getByRole("button", { name: "Vis krav" }).click();
      await app.page.waitForURL((url) => url.searchParams.get("sok") === "kravvik");
      expect(await main.textContent()).toContain("1 krav, til sammen kr\u00a01\u00a0500,00");
      await main.getByRole("link", { name: "Vis bare krav fra Kravvik Klatreklubb" }).click();
      await expect.poll(() => main.textContent()).toContain("Viser bare krav fra Kravvik Klatreklubb.");
      await app.expectAccessible();
      await main.getByRole("link", { name: reference }).click();
      await app.arrive(claimPage);
      await app.expectAccessible();
      // The receipt is shown inline through a signed link.
      const image = main.getByRole("img", { name: "Kvitteringen kvittering.png" });
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
      expect(await main.textContent()).toContain("Igjen av budsjettet for denne typen i året: kr\u00a010\u00a0000,00");

      await app.page.getByLabel("Be om mer informasjon").check();
      await app.page.getByLabel("Begrunnelse eller spørsmål").fill("Gjelder kontingenten hele året?");
      await main.getByRole("button", { name: "Lagre vedtaket" }).click();
      await expect.poll(() => main.textContent()).toContain("Trenger mer informasjon");
      expect(await main.textContent()).toContain("Gjelder kontingenten hele året?");
      await app.expectAccessible();
    });

    // The decision reaches the club by e-mail, with a link to the claim.
    const mail = await latestMail(path.orgAdmin.email, `Refusjonskrav ${reference}: trenger mer informasjon`);
    expect(mail.text).toContain("Gjelder kontingenten hele året?");
    expect(new URL(mail.link).pathname).toBe(claimPage);

    await asPerson(path.orgAdmin, async (app) => {
      await app.goto(new URL(mail.link).pathname);
      const main = app.page.locator("main");
      expect(await main.textContent()).toContain("Gjelder kontingenten hele året?");
      await app.page.getByLabel("Svar til kommunen").fill("Ja, årskontingenten for hele året.");
      await main.getByRole("button", { name: "Send svaret og kravet på nytt" }).click();
      await expect.poll(() => main.locator("dl").textContent()).toContain("Sendt inn");
      expect(await main.textContent()).toContain("Ja, årskontingenten for hele året.");
      await app.expectAccessible();
    });

    await asPerson(path.caseworker, async (app) => {
      await app.goto(claimPage);
      const main = app.page.locator("main");
      // By keyboard: the radios, then the button.
      await app.page.getByLabel("Godkjenn").focus();
      await app.page.keyboard.press("Space");
      await main.getByRole("button", { name: "Lagre vedtaket" }).focus();
      await app.page.keyboard.press("Enter");
      await expect.poll(() => main.textContent()).toContain("Godkjent");
      expect(await main.textContent()).toContain("Registrer utbetaling");
      await app.expectAccessible();
    });

    await asPerson(path.municipalityAdmin, async (app) => {
      await app.goto(`/kommune/${path.municipalityId}/budsjett`);
      const row = app.page.locator("main").getByRole("row", { name: /Kontingent/ });
      expect(await row.textContent()).toContain("kr\u00a01\u00a0500,00");
      await app.page.getByLabel("Utstyr").fill("25000");
      await app.page.getByRole("button", { name: "Lagre budsjettet" }).click();
      await expect.poll(() => app.page.locator("main").textContent()).toContain("Budsjettet er lagret.");
      expect(
        await app.page
          .locator("main")
          .getByRole("row", { name: /Utstyr/ })
          .textContent(),
      ).toContain("kr\u00a025\u00a0000,00");
      await app.expectAccessible();

      await app.page.locator("header").getByRole("link", { name: "Utbetalinger" }).click();
      await app.arrive(`/kommune/${path.municipalityId}/utbetalinger`);
      await app.expectAccessible();
      const main = app.page.locator("main");
      expect(await main.textContent()).toContain("1 krav på kr\u00a01\u00a0500,00 er klart til utbetaling");
      await main.getByRole("button", { name: "Lag utbetalingsfil" }).click();
      const download = main.getByRole("link", { name: /Last ned utbetalingsfilen .* \(CSV\)/ });
      await expect.poll(() => download.count()).toBe(1);
      await app.expectAccessible();

      const response = await app.page.request.get(
        await download.getAttribute("href").then((href) => `${new URL(app.page.url()).origin}${href}`),
      );
      expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      const bytes = await response.body();
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString("utf8").split("\r\n");
      expect(lines[0]).toBe(
        "Organisasjonsnummer;Navn;Kontonummer;Beløp (kr);Kravreferanse;Periode;Fra konto;Forfallsdato",
      );
      const dueOn = new Intl.DateTimeFormat("nb-NO", {
        timeZone: "Europe/Oslo",
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
      }).format(new Date());
      expect(lines[1]).toMatch(
        new RegExp(
          `^${path.orgNumber};Kravvik Klatreklubb;12345678903;1500,00;${reference};\\d\\d\\.\\d\\d\\.\\d{4}-\\d\\d\\.\\d\\d\\.\\d{4};15032080119;${dueOn.replaceAll(".", "\\.")}$`,
        ),
      );
      expect(lines.slice(2)).toEqual(["Sum;;;1500,00;;;;", ""]);

      await app.page.getByLabel("Betalingsreferanse").fill("BANK-2026-77");
      await main.getByRole("button", { name: /Marker filen fra .* som utbetalt/ }).click();
      await expect.poll(() => main.textContent()).toContain("referanse BANK-2026-77");
      await app.expectAccessible();

      await app.goto(claimPage);
      expect(await app.page.locator("main").textContent()).toContain("Utbetalt");
      expect(await app.page.locator("main").textContent()).toContain("BANK-2026-77");
    });
    // Five sign-ins and a dozen axe runs: more than the usual minute on a busy machine.
  }, 150_000);

  test("a file that is not a receipt is refused at the field; an identical receipt in another claim is flagged to both sides", async () => {
    const path = await claimPath();
    const db = await pool.connect();
    let earlier: string;
    try {
      const claim = await make.claim(db, path.placement, "submitted", { amount_ore: 20000 });
      await make.receipt(db, claim, createHash("sha256").update(PNG).digest("hex"));
      earlier = (await db.query<{ reference: string }>("select reference from app.claims where id = $1", [claim]))
        .rows[0]!.reference;
    } finally {
      db.release();
    }
    // Other tests' claims may carry the same little PNG: those are flagged too, across organisations.
    const warning = new RegExp(`identisk med en kvittering i krav [^.]*${earlier}`);
    let claimPage = "";

    await asPerson(path.orgAdmin, async (app) => {
      await app.goto(`/organisasjoner/${path.organisationId}/refusjoner/ny/${path.placement}?type=utstyr`);
      const main = app.page.locator("main");
      await app.page.getByLabel("Hva er kjøpt eller leid").fill("Klatresko");
      await app.page.getByLabel("Beløp").fill("899,50");
      await app.page.getByLabel("Kvittering").setInputFiles({
        name: "kvittering.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("not really a pdf"),
      });
      await main.getByRole("button", { name: "Lagre utkastet" }).click();
      await expect.poll(() => app.page.getByLabel("Kvittering").getAttribute("aria-invalid")).toBe("true");
      expect(await main.textContent()).toContain("Kvitteringen må være en PDF, JPEG, PNG eller HEIC.");
      expect(await app.page.getByLabel("Hva er kjøpt eller leid").inputValue()).toBe("Klatresko");
      expect(await app.page.getByLabel("Beløp").inputValue()).toBe("899,50");
      await app.expectAccessible();

      await app.page.getByLabel("Kvittering").setInputFiles({ name: "sko.png", mimeType: "image/png", buffer: PNG });
      await main.getByRole("button", { name: "Lagre utkastet" }).click();
      await app.page.waitForURL((url) => /^\/refusjoner\/[0-9a-f-]{36}$/.test(url.pathname));
      await app.settle();
      await app.expectAccessible();
      claimPage = app.path;
      expect(await main.textContent()).toMatch(warning);
      await main.getByRole("button", { name: "Send inn kravet" }).click();
      await expect.poll(() => main.locator("dl").textContent()).toContain("Sendt inn");
      await app.expectAccessible();
    });

    await asPerson(path.caseworker, async (app) => {
      await app.goto(claimPage);
      expect(await app.page.locator("main").textContent()).toMatch(warning);
    });

    const stranger = await createConfirmedUser();
    await roles.staff(stranger.id, "Andrevik", "caseworker");
    await asPerson(stranger, async (app) => {
      // R9: another municipality's caseworker reads neither the claim nor the queue.
      expect((await app.goto(claimPage))?.status()).toBe(404);
      expect((await app.goto(`/kommune/${path.municipalityId}/refusjoner`))?.status()).toBe(403);
    });
  });

  test("R3: kontingent already claimed for the period is refused at the amount, saying what is left", async () => {
    const path = await claimPath();
    const db = await pool.connect();
    try {
      await make.claim(db, path.placement, "submitted", { amount_ore: 100000 });
    } finally {
      db.release();
    }
    await asPerson(path.orgAdmin, async (app) => {
      await app.goto(`/organisasjoner/${path.organisationId}/refusjoner/ny/${path.placement}`);
      const amount = app.page.getByLabel("Beløp");
      await amount.fill("1000");
      await app.page
        .getByLabel("Kvittering")
        .setInputFiles({ name: "kvittering.png", mimeType: "image/png", buffer: PNG });
      await app.page.keyboard.press("Enter");
      await app.page.waitForURL((url) => /^\/refusjoner\/[0-9a-f-]{36}$/.test(url.pathname));
      await app.settle();
      const main = app.page.locator("main");
      await main.getByRole("button", { name: "Send inn kravet" }).click();
      await expect.poll(() => app.page.getByLabel("Beløp").getAttribute("aria-invalid")).toBe("true");
      expect(await main.locator("#amount-error").textContent()).toMatch(
        /^Kontingenten for \d+\. \p{L}+ \d{4}–\d+\. \p{L}+ \d{4} er kr\u00a01\u00a0500,00, og andre krav for tiltaket har allerede krevd kr\u00a01\u00a0000,00 av den\. Det er kr\u00a0500,00 igjen for perioden\.$/u,
      );
      expect(await app.page.getByLabel("Beløp").inputValue()).toBe("1000,00");
      await app.expectAccessible();
    });
  });

  test("R3 and R5 at approval: above a limit needs a written reason, and the budget is not overspent", async () => {
    const path = await claimPath();
    const db = await pool.connect();
    let claim: string;
    try {
      claim = await make.claim(db, path.placement, "submitted", { amount_ore: 1_200_000 });
    } finally {
      db.release();
    }
    await asPerson(path.caseworker, async (app) => {
      await app.goto(`/refusjoner/${claim}`);
      const main = app.page.locator("main");
      expect(await main.textContent()).toMatch(/Beløpet er høyere enn aktivitetens kontingent for perioden, som er kr/);

      await app.page.getByRole("radio", { name: "Godkjenn" }).check();
      await main.getByRole("button", { name: "Lagre vedtaket" }).click();
      await expect
        .poll(() => app.page.getByLabel("Begrunnelse for å godkjenne over grensen").getAttribute("aria-invalid"))
        .toBe("true");
      expect(await main.textContent()).toContain("Skriv hvorfor du likevel godkjenner det.");
      await app.expectAccessible();

      await app.page.getByRole("radio", { name: "Godkjenn" }).check();
      await app.page
        .getByLabel("Begrunnelse for å godkjenne over grensen")
        .fill("Dyrere kurs etter avtale med kommunen.");
      await main.getByRole("button", { name: "Lagre vedtaket" }).click();
      await expect
        .poll(() => main.textContent())
        .toContain("Budsjettet har bare kr\u00a010\u00a0000,00 igjen, og kravet er på kr\u00a012\u00a0000,00.");
      // Nothing typed is lost (R12), and the claim still waits.
      expect(await app.page.getByLabel("Begrunnelse for å godkjenne over grensen").inputValue()).toBe(
        "Dyrere kurs etter avtale med kommunen.",
      );
      expect(await main.locator("dl").textContent()).toContain("Sendt inn");
      await app.expectAccessible();
    });
  });
});
