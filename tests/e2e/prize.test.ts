import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { browserForFile, inTab, type AppPage } from "../support/browser";
import { daysFromToday, make, pool } from "../support/db";
import { createConfirmedUser, latestMail, roles, signIn, uniqueEmail } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");
const summary = (app: AppPage) => main(app).locator(".ds-error-summary");

/** A municipality with an admin and a caseworker, a verified club, and two people for the jury. */
async function prizeWorld() {
  const admin = await createConfirmedUser({ name: "Åse Administrator" });
  const municipalityId = await roles.staff(admin.id, "Prisvik", "admin");
  const caseworker = await createConfirmedUser({ name: "Sindre Saksbehandler" });
  const jurors = [
    await createConfirmedUser({ name: "Jorunn Jurymedlem" }),
    await createConfirmedUser({ name: "Jens Jurymedlem" }),
  ] as const;
  const db = await pool.connect();
  try {
    await db.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')", [
      municipalityId,
      caseworker.id,
    ]);
    const club = await make.organisation(db, "Prisvik Padleklubb");
    await make.partnership(db, club, municipalityId);
    await make.activity(db, club, municipalityId, { title: "Padling for alle" });
    await make.partnership(db, await make.organisation(db, "Prisvik Sjakklubb"), municipalityId);
    return { admin, caseworker, jurors, municipalityId, club };
  } finally {
    db.release();
  }
}

async function signOut(app: AppPage) {
  await app.page.locator("header").getByRole("button", { name: "Logg ut" }).click();
  await expect.poll(() => app.page.locator("header").getByRole("link", { name: "Logg inn" }).count()).toBe(1);
  await app.expectAccessible();
}

describe("the inclusion prize", () => {
  test("runs a whole round in the browser: create and open, nominate anonymously and confirm, screen, score, announce, honour", () =>
    inTab(browser(), async (app) => {
      const { admin, caseworker, jurors, municipalityId, club } = await prizeWorld();
      const year = daysFromToday(0).slice(0, 4);

      // The admin creates the round; a refusal says why at the field and keeps what was typed (R12).
      await signIn(app, admin);
      await app.page.locator("header").getByRole("link", { name: "Prisrunder" }).click();
      await app.arrive(`/kommune/${municipalityId}/pris`);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Det er ingen prisrunder ennå.");
      await main(app).getByRole("link", { name: "Ny prisrunde" }).click();
      await app.arrive(`/kommune/${municipalityId}/pris/ny`);
      await app.expectAccessible();
      await app.page.getByLabel("Kriterium 1", { exact: true }).fill("Åpenhet for alle");
      await app.page.getByLabel("Vekt for kriterium 1").selectOption("2");
      await app.page.getByLabel("Kriterium 2", { exact: true }).fill("Varig deltakelse");
      await app.page.getByLabel("Siste dag for nominasjoner").fill(daysFromToday(30));
      await main(app).getByRole("button", { name: "Lagre prisrunden" }).click();
      await expect.poll(() => summary(app).textContent()).toContain("Skriv inn en tittel på prisrunden.");
      await app.expectAccessible();
      expect(await app.page.getByLabel("Kriterium 2", { exact: true }).inputValue()).toBe("Varig deltakelse");
      await app.page.getByLabel("Tittel", { exact: true }).fill(`Inkluderingsprisen ${year}`);
      await main(app).getByRole("button", { name: "Lagre prisrunden" }).click();
      await app.page.waitForURL((url) => /\/pris\/[0-9a-f-]{36}$/.test(url.pathname));
      const roundPath = app.path;
      const roundId = roundPath.split("/").pop()!;
      await app.settle();
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Åpenhet for alle (vekt 2)");

      // Two jurors by e-mail (people with accounts join at once), then the round opens by hand.
      for (const juror of jurors) {
        await app.page.getByLabel("Eller e-postadressen til en annen person").fill(juror.email);
        await main(app).getByRole("button", { name: "Legg til i juryen" }).click();
        await expect
          .poll(() => main(app).getByRole("status").textContent())
          .toContain(`${juror.email} er med i juryen.`);
      }
      await app.expectAccessible();
      expect(await main(app).getByRole("table", { name: "Juryens fremdrift" }).textContent()).toContain(
        "Jens Jurymedlem",
      );
      // Someone without an account is invited by e-mail and listed until they answer.
      const invitee = uniqueEmail("jury");
      await app.page.getByLabel("Eller e-postadressen til en annen person").fill(invitee);
      await main(app).getByRole("button", { name: "Legg til i juryen" }).click();
      await expect
        .poll(() => main(app).getByRole("status").textContent())
        .toContain(`${invitee} er invitert til juryen`);
      await expect.poll(() => main(app).textContent()).toContain(`${invitee} er invitert, men har ikke svart ennå`);
      await app.expectAccessible();
      const invitation = await latestMail(invitee, `Invitasjon til Inkluderingsprisen ${year} i Sammen`);
      expect(invitation.link).toContain("/invitasjon/");
      await main(app).getByRole("button", { name: "Åpne for nominasjoner nå" }).click();
      await expect.poll(() => main(app).textContent()).toContain("Åpen for nominasjoner");
      await app.expectAccessible();
      await signOut(app);

      // An anonymous visitor finds the round, searches for the club and nominates it.
      await app.page.locator("header").getByRole("link", { name: "Inkluderingsprisen" }).click();
      await app.arrive("/inkluderingspris");
      await app.expectAccessible();
      await main(app).getByRole("link", { name: "Nominer en organisasjon" }).click();
      await app.arrive("/inkluderingspris/nominer");
      await app.expectAccessible();
      await main(app)
        .getByRole("link", { name: new RegExp(`Inkluderingsprisen ${year} \\(Prisvik\\)`) })
        .click();
      await app.arrive(`/inkluderingspris/${roundId}`);
      await app.expectAccessible();
      await app.page.getByLabel("Søk etter organisasjon").fill("padle");
      await app.page.getByLabel("Søk etter organisasjon").press("Enter");
      await expect
        .poll(() => app.page.getByLabel("Organisasjonen du nominerer").locator("option").allTextContents())
        .toEqual(["Velg organisasjon", "Prisvik Padleklubb"]);
      await app.expectAccessible();
      const nominator = uniqueEmail("nominator");
      await app.page.getByLabel("Organisasjonen du nominerer").selectOption({ label: "Prisvik Padleklubb" });
      await app.page.getByLabel("Navnet ditt").fill("Nils Nabo");
      await app.page.getByLabel("E-postadressen din").fill(nominator);
      await app.page.getByLabel("Din relasjon til organisasjonen (valgfritt)").fill("Nabo");
      await main(app).getByRole("button", { name: "Send nominasjonen" }).click();
      await expect
        .poll(() => summary(app).textContent())
        .toContain("Skriv en begrunnelse for minst ett av kriteriene.");
      await app.expectAccessible();
      expect(await app.page.getByLabel("Navnet ditt").inputValue()).toBe("Nils Nabo");
      await app.page.getByLabel("Åpenhet for alle").fill("Alle får være med, og de tilpasser padlingen.");
      await main(app).getByRole("button", { name: "Send nominasjonen" }).click();
      await expect
        .poll(() => main(app).getByRole("status").textContent())
        .toContain(`Vi har sendt en e-post til ${nominator}`);
      await app.expectAccessible();

      // The nomination counts once the e-mail is confirmed through the link (by keyboard).
      const mail = await latestMail(nominator, "Bekreft nominasjonen av Prisvik Padleklubb");
      expect(mail.link.startsWith(`${APP_URL}/inkluderingspris/bekreft/`)).toBe(true);
      await app.goto(new URL(mail.link).pathname);
      await main(app).getByRole("button", { name: "Bekreft nominasjonen" }).focus();
      await app.page.keyboard.press("Enter");
      await expect
        .poll(() => main(app).getByRole("status").textContent())
        .toContain("Nominasjonen av Prisvik Padleklubb er bekreftet");
      await app.expectAccessible();

      // The caseworker screens it eligible.
      await signIn(app, caseworker, `${roundPath}/nominasjoner`);
      const nominee = main(app).getByRole("region", { name: "Prisvik Padleklubb" });
      expect(await nominee.textContent()).toContain("Fra Nils Nabo (Nabo)");
      expect(await nominee.textContent()).toContain("Alle får være med");
      await nominee.getByLabel("Ja, godkjent for juryen").check();
      await nominee.getByRole("button", { name: "Lagre vurderingen" }).click();
      await expect.poll(() => nominee.textContent()).toContain("Godkjent for juryen.");
      await app.expectAccessible();
      await signOut(app);

      // The admin closes nominations; the round goes to the jury.
      await signIn(app, admin, roundPath);
      await main(app).getByRole("button", { name: "Avslutt nominasjonen og send til juryen" }).click();
      await expect.poll(() => main(app).textContent()).toContain("Juryen vurderer");
      await app.expectAccessible();
      await signOut(app);

      // The first juror scores every criterion; R8: no one else's scores are shown.
      await signIn(app, jurors[0], "/jury");
      await main(app)
        .getByRole("link", { name: /Inkluderingsprisen/ })
        .click();
      await app.arrive(`/jury/${roundId}`);
      await app.expectAccessible();
      const scoring = main(app).getByRole("region", { name: "Prisvik Padleklubb" });
      await scoring.getByRole("button", { name: "Lagre poengene" }).click();
      await expect.poll(() => scoring.getByRole("alert").textContent()).toContain("Poengene ble ikke lagret");
      await app.expectAccessible();
      await scoring.getByRole("group", { name: "Åpenhet for alle (vekt 2)" }).getByLabel("5 – fremragende").check();
      await scoring.getByRole("group", { name: "Varig deltakelse (vekt 1)" }).getByLabel("3").check();
      await scoring.getByLabel("Kommentar til Åpenhet for alle (valgfritt)").fill("Tydelig og godt begrunnet.");
      await scoring.getByRole("button", { name: "Lagre poengene" }).click();
      await expect
        .poll(() => scoring.getByRole("status").textContent())
        .toContain("Poengene for Prisvik Padleklubb er lagret.");
      await app.expectAccessible();
      expect(await main(app).textContent()).not.toContain("Snittet av alle jurymedlemmenes poeng");
      await signOut(app);

      // The second juror declares a conflict of interest instead.
      await signIn(app, jurors[1], `/jury/${roundId}`);
      await main(app).getByLabel("Hvorfor er du inhabil? (valgfritt)").fill("Søsteren min leder klubben.");
      await main(app).getByRole("button", { name: "Meld meg inhabil" }).click();
      await expect.poll(() => main(app).textContent()).toContain("Du har meldt deg inhabil for Prisvik Padleklubb.");
      await app.expectAccessible();
      await signOut(app);

      // The admin sees progress and the weighted ranking, and announces the winner with a citation.
      await signIn(app, admin, roundPath);
      const progress = await main(app).getByRole("table", { name: "Juryens fremdrift" }).textContent();
      expect(progress).toContain("Jorunn Jurymedlem1 av 10");
      expect(progress).toContain("Jens Jurymedlem0 av 11");
      // (5 × 2 + 3 × 1) / 3 = 4,33
      expect(
        await main(app)
          .getByRole("table", { name: /Vektet gjennomsnitt/ })
          .textContent(),
      ).toContain("1Prisvik Padleklubb4,331");
      await main(app).getByLabel("Prisvik Padleklubb vinner").check();
      await main(app).getByRole("button", { name: "Kunngjør vinneren" }).click();
      await expect.poll(() => summary(app).textContent()).toContain("Skriv en begrunnelse for hver vinner.");
      await app.expectAccessible();
      await main(app).getByLabel("Begrunnelse for Prisvik Padleklubb").fill("For padling der alle får plass i båten.");
      await main(app).getByRole("button", { name: "Kunngjør vinneren" }).click();
      await expect.poll(() => main(app).textContent()).toContain("Kunngjort");
      await app.expectAccessible();
      await signOut(app);

      // The winner is on the public roll of honour, with a link to the club's public profile.
      await app.goto("/inkluderingspris");
      const honour = main(app).getByRole("region", { name: `Prisvik ${year}` });
      expect(await honour.textContent()).toContain("«For padling der alle får plass i båten.»");
      await honour.getByRole("link", { name: "Les om Prisvik Padleklubb og aktivitetene" }).click();
      await app.arrive(`/organisasjoner/${club}/profil`);
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Padling for alle");
    }));

  test("R8: an admin on the round's jury is told that the ranking waits for the announcement, instead of seeing it", () =>
    inTab(browser(), async (app) => {
      const { admin, jurors, municipalityId, club } = await prizeWorld();
      const db = await pool.connect();
      let round: string;
      try {
        round = await make.prizeRound(db, municipalityId, "judging", Number(daysFromToday(0).slice(0, 4)));
        await make.nomination(db, round, club, { status: "eligible" });
        await db.query("insert into app.prize_jurors (round_id, user_id) values ($1, $2), ($1, $3)", [
          round,
          admin.id,
          jurors[0].id,
        ]);
        await db.query(
          `insert into app.prize_scores (round_id, organisation_id, juror_id, criterion_id, score)
           select $1, $2, $3, c.id, 5 from app.prize_criteria c where c.round_id = $1`,
          [round, club, jurors[0].id],
        );
      } finally {
        db.release();
      }
      await signIn(app, admin, `/kommune/${municipalityId}/pris/${round}`);
      expect(await main(app).textContent()).toContain(
        "Du er med i juryen for denne runden. Derfor ser du verken rangeringen eller de andre jurymedlemmenes poeng",
      );
      expect(
        await main(app)
          .getByRole("table", { name: /Vektet gjennomsnitt/ })
          .count(),
      ).toBe(0);
      // Progress is not a score: it is still shown.
      expect(await main(app).getByRole("table", { name: "Juryens fremdrift" }).textContent()).toContain(
        "Jorunn Jurymedlem1 av 1",
      );
      await app.expectAccessible();
    }));

  test("nominating works without JavaScript, and a filled honeypot is answered like a success and stores nothing", async () => {
    const db = await pool.connect();
    let roundId: string;
    try {
      const municipalityId = await make.municipality(db, "Honningvik");
      await make.partnership(db, await make.organisation(db, "Honningvik Sjakklubb"), municipalityId);
      await make.partnership(db, await make.organisation(db, "Honningvik Kor"), municipalityId);
      roundId = await make.prizeRound(db, municipalityId, "open", Number(daysFromToday(0).slice(0, 4)));
    } finally {
      db.release();
    }
    const nominations = async () =>
      (await pool.query("select count(*)::int as n from app.nominations where round_id = $1", [roundId])).rows[0].n;
    const context = await browser().newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const nominate = async (email: string, website: string) => {
        // The search narrows the list on the server: a GET form, then a plain select.
        await page.goto(`${APP_URL}/inkluderingspris/${roundId}`);
        await page.getByLabel("Søk etter organisasjon").fill("sjakk");
        await page.locator("main").getByRole("button", { name: "Søk", exact: true }).click();
        await page.waitForLoadState("load");
        expect(await page.getByLabel("Organisasjonen du nominerer").locator("option").allTextContents()).toEqual([
          "Velg organisasjon",
          "Honningvik Sjakklubb",
        ]);
        await page.getByLabel("Navnet ditt").fill("Robert Robot");
        await page.getByLabel("E-postadressen din").fill(email);
        await page.getByLabel("Åpenhet for alle").fill("Veldig bra.");
        await page.locator("#website").fill(website);
        await page.locator("main").getByRole("button", { name: "Send nominasjonen" }).click();
        await page.waitForLoadState("load");
        expect(await page.locator("main").getByRole("status").textContent()).toContain(
          `Vi har sendt en e-post til ${email}`,
        );
      };
      await nominate(uniqueEmail("robot"), "https://spam.example");
      expect(await nominations()).toBe(0);
      await nominate(uniqueEmail("person"), "");
      expect(await nominations()).toBe(1);
    } finally {
      await context.close();
    }
  });

  test("a client sending more than ten nominations an hour is refused with 429, and the input is kept", async () => {
    const db = await pool.connect();
    let roundId: string;
    let clubId: string;
    try {
      const municipalityId = await make.municipality(db, "Spamvik");
      clubId = await make.organisation(db, "Spamvik Sjakklubb");
      await make.partnership(db, clubId, municipalityId);
      roundId = await make.prizeRound(db, municipalityId, "open", Number(daysFromToday(0).slice(0, 4)));
    } finally {
      db.release();
    }
    // One client of its own, as the proxy in front would say, so other tests are not held back.
    const nominate = (email: string) =>
      fetch(`${APP_URL}/inkluderingspris/${roundId}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.77" },
        body: new URLSearchParams({
          organisation_id: clubId,
          nominator_name: "Robert Robot",
          nominator_email: email,
          website: "https://spam.example",
        }).toString(),
      });
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await nominate(uniqueEmail("robot"))).status, `nomination ${attempt}`).toBe(200);
    }
    const email = uniqueEmail("robot");
    const refused = await nominate(email);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3000);
    const page = await refused.text();
    expect(page).toContain("For mange forsøk på kort tid.");
    expect(page).toContain(`value="${email}"`);
  });
});
