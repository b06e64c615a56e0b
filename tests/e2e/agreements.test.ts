import { describe, expect, test } from "vitest";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { actAs, daysFromToday, make, pool } from "../support/db";
import { drawnPdf, pdfHex } from "../support/pdf";
import { createConfirmedUser, latestMail, roles, signIn, type TestUser } from "../support/users";
import { formatDate } from "../../app/lib/format";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");

/** A municipality with a template and a caseworker; a verified club with an admin, a facilitator and a youth activity. */
async function parties() {
  const caseworker = await createConfirmedUser({ name: "Siri Saksbehandler" });
  const admin = await createConfirmedUser({ name: "Lars Leder" });
  const facilitator = await createConfirmedUser({ name: "Tone Tilrettelegger" });
  const municipalityId = await roles.staff(caseworker.id, "Avtalevik", "caseworker");
  const db = await pool.connect();
  try {
    const club = await make.organisation(db, "Avtalevik Klatreklubb");
    await make.partnership(db, club, municipalityId);
    await make.activity(db, club, municipalityId, { title: "Ungdomsklatring", age_min: 12 });
    await make.template(db, municipalityId);
    for (const [user, role] of [
      [admin, "admin"],
      [facilitator, "facilitator"],
    ] as const) {
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, $3)", [
        club,
        user.id,
        role,
      ]);
    }
  } finally {
    db.release();
  }
  return { caseworker, admin, facilitator, municipalityId };
}

/** Another person in a tab of their own, signed in. */
async function as(user: TestUser, work: (app: AppPage) => Promise<void>) {
  await inTab(browser(), async (app) => {
    await signIn(app, user);
    await work(app);
  });
}

describe("a cooperation agreement", () => {
  test("goes from draft to active in the browser: preview, send, sign, countersign, PDF, facilitator accepts", () =>
    inTab(browser(), async (app) => {
      const { caseworker, admin, facilitator, municipalityId } = await parties();
      await signIn(app, caseworker);
      await app.page.locator("header").getByRole("link", { name: "Avtaler" }).click();
      await app.arrive(`/kommune/${municipalityId}/avtaler`);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Ingen avtaler her.");

      await main(app).getByRole("link", { name: "Ny avtale" }).click();
      await app.arrive(`/kommune/${municipalityId}/avtaler/ny`);
      await app.expectAccessible();
      await app.page.getByLabel("Organisasjon", { exact: true }).selectOption({ label: "Avtalevik Klatreklubb" });
      await app.page.getByLabel("Gjelder fra").fill(daysFromToday(0));
      await app.page.getByLabel("Gjelder til").fill(daysFromToday(-1));
      await app.page.getByLabel("Kontingent som dekkes").fill("Årskontingent");
      await app.page.getByLabel("Utstyr per deltaker per år (kr)").fill("3 000");
      await main(app).getByRole("button", { name: "Lag utkast og se teksten" }).click();
      await expect.poll(() => app.page.getByLabel("Gjelder til").getAttribute("aria-invalid")).toBe("true");
      expect(await main(app).textContent()).toContain("Sluttdatoen må være etter startdatoen.");
      expect(await app.page.getByLabel("Kontingent som dekkes").inputValue()).toBe("Årskontingent");
      await app.expectAccessible();

      await app.page.getByLabel("Gjelder til").fill(daysFromToday(364));
      await main(app).getByRole("button", { name: "Lag utkast og se teksten" }).click();
      await app.page.waitForURL((url) => /^\/avtaler\/[0-9a-f-]{36}$/.test(url.pathname));
      const agreementPath = app.path;
      await app.settle();
      await app.expectAccessible();
      // The preview is the template with this agreement's parties and terms.
      expect(await main(app).textContent()).toContain(
        "Samarbeidsavtale mellom Avtalevik kommune og Avtalevik Klatreklubb",
      );
      expect((await main(app).textContent())?.replace(/\u00a0/g, " ")).toContain("inntil kr 3 000,00");

      // By keyboard: tick the activity and save.
      await app.page.getByLabel("Ungdomsklatring").focus();
      await app.page.keyboard.press("Space");
      await main(app).getByRole("button", { name: "Lagre endringene" }).press("Enter");
      await expect.poll(() => main(app).textContent()).toContain("Endringene er lagret.");
      await app.expectAccessible();
      expect(await app.page.getByLabel("Ungdomsklatring").isChecked()).toBe(true);

      await main(app).getByRole("button", { name: "Send til organisasjonen for signering" }).click();
      await expect.poll(() => main(app).textContent()).toContain("Venter på organisasjonen");
      await app.expectAccessible();
      const hash = (await main(app).locator("code").first().textContent())!;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);

      const invitation = await latestMail(admin.email, "Samarbeidsavtale fra Avtalevik kommune til signering");
      expect(new URL(invitation.link).pathname).toBe(agreementPath);
      await as(admin, async (org) => {
        await org.goto(agreementPath);
        await org.page.getByLabel("Fullt navn").fill("Lars Leder");
        await org.page.getByLabel("Din rolle").fill("Styreleder");
        await main(org).getByRole("button", { name: "Signer", exact: true }).click();
        const confirm = org.page.getByLabel("Jeg har lest avtalen og signerer den på vegne av organisasjonen.");
        await expect.poll(() => confirm.getAttribute("aria-invalid")).toBe("true");
        expect(await main(org).locator("#confirmed-error").textContent()).toBe("Kryss av for å bekrefte.");
        expect(await org.page.getByLabel("Fullt navn").inputValue()).toBe("Lars Leder");
        await org.expectAccessible();

        await confirm.check();
        await main(org).getByRole("button", { name: "Signer", exact: true }).click();
        await expect.poll(() => main(org).textContent()).toContain("Venter på kommunen");
        expect(await main(org).textContent()).toContain("Lars Leder, Styreleder");
        await org.expectAccessible();

        const youth = main(org).getByRole("region", { name: "Ungdomsklatring" });
        await youth.getByLabel("Tilrettelegger").selectOption({ label: "Tone Tilrettelegger" });
        await youth.getByRole("button", { name: "Utpek tilrettelegger for Ungdomsklatring" }).click();
        await expect.poll(() => main(org).getByRole("table").textContent()).toContain("Tone Tilrettelegger");
        expect(await main(org).getByRole("table").textContent()).toContain("Har ikke godtatt ennå");
        await main(org)
          .getByRole("region", { name: "Ungdomsklatring" })
          .getByLabel("Dato politiattesten til Tone Tilrettelegger ble vist")
          .fill(daysFromToday(-2));
        await main(org).getByRole("button", { name: "Registrer politiattest for Tone Tilrettelegger" }).click();
        await expect.poll(() => main(org).getByRole("table").textContent()).toContain("Vist");
        await org.expectAccessible();
      });

      await app.goto(agreementPath);
      await app.page.getByLabel("Fullt navn").fill("Siri Saksbehandler");
      await app.page.getByLabel("Din rolle").fill("Saksbehandler");
      await app.page.getByLabel("Jeg har lest avtalen og signerer den på vegne av kommunen.").check();
      await main(app).getByRole("button", { name: "Kontrasigner" }).click();
      await expect.poll(() => main(app).locator("dl").textContent()).toContain("Aktiv");
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Kontrasignert av kommunen – Siri Saksbehandler");

      const stored = await pool.query("select 1 from storage.objects where bucket_id = 'agreements' and name = $1", [
        `${agreementPath.split("/").pop()}.pdf`,
      ]);
      expect(stored.rowCount, "the PDF is stored when the agreement becomes active").toBe(1);

      // The PDF comes through the page's link, with this tab's session, from the private bucket.
      const link = main(app).getByRole("link", { name: "Last ned den signerte avtalen (PDF)" });
      const href = new URL((await link.getAttribute("href"))!, app.page.url()).href;
      const response = await app.page.request.get(href);
      expect(response.status()).toBe(200);
      expect(response.url()).toContain("/storage/v1/object/sign/agreements/");
      const bytes = await response.body();
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const { text } = await drawnPdf(bytes);
      expect(text).toContain(pdfHex(hash));
      expect(text).toContain(pdfHex("Lars Leder, Styreleder"));
      expect(text).toContain(pdfHex("Siri Saksbehandler, Saksbehandler"));
      expect(text).toContain(pdfHex("Ungdomsklatring: Tone Tilrettelegger"));
      // A second download serves the stored document.
      expect((await app.page.request.get(href)).status()).toBe(200);

      await as(facilitator, async (named) => {
        await named.page.locator("header").getByRole("link", { name: "Tilretteleggerroller" }).click();
        await named.arrive("/tilrettelegger/roller");
        await named.expectAccessible();
        await named.page.getByLabel("Fullt navn").fill("Tone Tilrettelegger");
        await main(named).getByRole("button", { name: "Godta rollen for Ungdomsklatring" }).click();
        const confirm = named.page.getByLabel("Jeg godtar rollen og forplikter meg til taushetserklæringen over.");
        await expect.poll(() => confirm.getAttribute("aria-invalid")).toBe("true");
        expect(await main(named).textContent()).toContain("Kryss av for å bekrefte.");
        expect(await named.page.getByLabel("Fullt navn").inputValue()).toBe("Tone Tilrettelegger");
        await named.expectAccessible();
        await confirm.check();
        await main(named).getByRole("button", { name: "Godta rollen for Ungdomsklatring" }).click();
        await expect
          .poll(() => main(named).textContent())
          .toContain("Du godtok rollen og signerte taushetserklæringen");
        await named.expectAccessible();
      });

      await app.goto(agreementPath);
      expect(await main(app).getByRole("table").textContent()).toContain("Godtatt");
    }));

  test("R7: the club hands an activity over to a new facilitator, and the placement shows who had it when", async () => {
    const caseworker = await createConfirmedUser({ name: "Siri Saksbehandler" });
    const admin = await createConfirmedUser({ name: "Lars Leder" });
    const municipalityId = await roles.staff(caseworker.id, "Byttevik", "caseworker");
    const db = await pool.connect();
    let agreement: string, activity: string, placement: string, anna: string, bjorn: string;
    try {
      const club = await make.organisation(db, "Byttevik Klatreklubb");
      await make.partnership(db, club, municipalityId);
      activity = await make.activity(db, club, municipalityId, { title: "Klatring for alle" });
      agreement = await make.agreement(db, municipalityId, club, "active");
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')", [
        club,
        admin.id,
      ]);
      [anna, bjorn] = [await make.member(db, club, "facilitator"), await make.member(db, club, "facilitator")];
      await db.query("update app.profiles set display_name = 'Anna Avtroppende' where user_id = $1", [anna]);
      await db.query("update app.profiles set display_name = 'Bjørn Påtroppende' where user_id = $1", [bjorn]);
      await make.facilitatorRole(db, agreement, activity, anna);
      placement = await make.placement(db, await make.participant(db, municipalityId), activity, agreement);
    } finally {
      db.release();
    }
    const today = daysFromToday(0);

    await as(admin, async (app) => {
      await app.goto(`/avtaler/${agreement}`);
      const region = main(app).getByRole("region", { name: "Klatring for alle" });
      await region.getByLabel("Tilrettelegger", { exact: true }).selectOption({ label: "Bjørn Påtroppende" });
      expect(await region.textContent()).toContain("Den du utpeker, tar over deltakerne når rollen er godtatt.");
      await region.getByRole("button", { name: "Utpek tilrettelegger for Klatring for alle" }).click();
      await expect
        .poll(() => main(app).getByRole("table").textContent())
        .toContain("Bjørn PåtroppendeHar ikke godtatt ennå, og tar over deltakerne når rollen er godtatt");
      expect(await main(app).getByRole("table").textContent()).toContain("Anna Avtroppende");
      await app.expectAccessible();
    });

    const named = await pool.connect();
    try {
      await named.query("begin");
      await actAs(named, { userId: bjorn });
      await named.query("select api.accept_facilitator_role($1, $2, 'Bjørn Påtroppende', true)", [agreement, activity]);
      await named.query("commit");
    } finally {
      named.release();
    }

    await as(caseworker, async (app) => {
      await app.goto(`/tiltak/${placement}`);
      const facilitators = await main(app).locator("dl").textContent();
      expect(facilitators).toContain(`Anna Avtroppende, ${formatDate(daysFromToday(-60))}–${formatDate(today)}`);
      expect(facilitators).toContain(`Bjørn Påtroppende, fra ${formatDate(today)}`);
      await app.expectAccessible();
    });
  });

  test("a new template version leaves sent agreements as they were; the club finds its agreements and terminates one with a reason", () =>
    inTab(browser(), async (app) => {
      const municipalityAdmin = await createConfirmedUser({ name: "Anne Administrator" });
      const clubAdmin = await createConfirmedUser({ name: "Lars Leder" });
      const municipalityId = await roles.staff(municipalityAdmin.id, "Malvik", "admin");
      const db = await pool.connect();
      let club: string;
      try {
        club = await make.organisation(db, "Malvik Kor");
        await make.partnership(db, club, municipalityId);
        await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')", [
          club,
          clubAdmin.id,
        ]);
        await make.template(db, municipalityId);
        await make.agreement(db, municipalityId, club, "awaiting_organisation");
        await make.agreement(db, municipalityId, club, "active");
      } finally {
        db.release();
      }

      await signIn(app, municipalityAdmin);
      await app.page.locator("header").getByRole("link", { name: "Avtalemal" }).click();
      await app.arrive(`/kommune/${municipalityId}/avtalemal`);
      await app.expectAccessible();
      const body = app.page.getByLabel("Teksten i avtalen");
      expect(await body.inputValue()).toContain("Samarbeidsavtale mellom {{kommune}} og {{organisasjon}}");
      await body.fill("");
      await main(app).getByRole("button", { name: "Lagre som ny versjon" }).click();
      await expect.poll(() => body.getAttribute("aria-invalid")).toBe("true");
      expect(await main(app).textContent()).toContain("Skriv teksten i avtalen.");
      await app.expectAccessible();
      await body.fill("Ny avtale for {{organisasjon}} i {{periode}}");
      await main(app).getByRole("button", { name: "Lagre som ny versjon" }).click();
      await expect.poll(() => main(app).textContent()).toContain("Versjon 2 er lagret.");
      await app.expectAccessible();
      expect(await main(app).getByRole("table").locator("tbody tr").count()).toBe(2);

      await app.page.locator("header").getByRole("link", { name: "Avtaler" }).click();
      await app.arrive(`/kommune/${municipalityId}/avtaler`);
      await app.expectAccessible();
      const rows = main(app).locator("tbody tr");
      expect(await rows.count()).toBe(2);
      await main(app).getByRole("link", { name: "Aktiv (1)" }).click();
      await expect.poll(() => rows.count()).toBe(1);
      await app.expectAccessible();
      await main(app).getByRole("link", { name: "Venter på organisasjonen (1)" }).click();
      await expect.poll(() => rows.textContent()).toContain("Venter på organisasjonen");
      await rows.getByRole("link", { name: "Malvik Kor" }).click();
      await app.page.waitForURL((url) => url.pathname.startsWith("/avtaler/"));
      await app.expectAccessible();
      // Sent before the new version: still the old text.
      expect(await main(app).textContent()).toContain("Samarbeidsavtale mellom Malvik kommune og Malvik Kor");
      expect(await main(app).textContent()).toContain("versjon 1");

      await as(clubAdmin, async (org) => {
        await org.goto(`/organisasjoner/${club}`);
        await main(org).getByRole("link", { name: "Samarbeidsavtaler" }).click();
        await org.arrive(`/organisasjoner/${club}/avtaler`);
        await org.expectAccessible();
        expect(await main(org).locator("tbody tr").count()).toBe(2);
        await main(org).locator("tbody tr", { hasText: "Aktiv" }).getByRole("link", { name: "Malvik" }).click();
        await org.page.waitForURL((url) => url.pathname.startsWith("/avtaler/"));
        await org.expectAccessible();
        await main(org).getByRole("button", { name: "Si opp avtalen" }).click();
        await expect.poll(() => org.page.getByLabel("Begrunnelse").getAttribute("aria-invalid")).toBe("true");
        expect(await main(org).textContent()).toContain("Skriv en begrunnelse.");
        await org.expectAccessible();
        await org.page.getByLabel("Begrunnelse").fill("Koret legges ned.");
        await main(org).getByRole("button", { name: "Si opp avtalen" }).click();
        await expect.poll(() => main(org).locator("dl").textContent()).toContain("Sagt opp");
        expect(await main(org).locator("dl").textContent()).toContain("Koret legges ned.");
        expect(await main(org).getByRole("button", { name: "Si opp avtalen" }).count()).toBe(0);
        await org.expectAccessible();
      });
    }));
});
