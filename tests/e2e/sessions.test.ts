import { describe, expect, test } from "vitest";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { daysFromToday, make, pool } from "../support/db";
import { createConfirmedUser, roles, signIn, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

/** A facilitator (accepted, R7) of a climbing activity with Nora placed and a session today. */
async function facilitatorWithSession(): Promise<TestUser> {
  const user = await createConfirmedUser({ name: "Siri Tilrettelegger" });
  const db = await pool.connect();
  try {
    const municipality = await make.municipality(db, "Øktevik");
    const club = await make.organisation(db, "Øktevik Klatreklubb");
    await make.partnership(db, club, municipality);
    await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
      club,
      user.id,
    ]);
    const activity = await make.activity(db, club, municipality, { title: "Buldring" });
    const agreement = await make.agreement(db, municipality, club, "active");
    await make.facilitatorRole(db, agreement, activity, user.id);
    const nora = await make.participant(db, municipality, { first_name: "Nora", birth_year: 2010 });
    await make.placement(db, nora, activity, agreement);
    await make.session(db, activity, daysFromToday(0));
  } finally {
    db.release();
  }
  return user;
}

/** A caseworker with a participant placed in an activity, with one attendance mark. */
async function caseworkerWithParticipant() {
  const user = await createConfirmedUser({ name: "Siv Saksbehandler" });
  const municipalityId = await roles.staff(user.id, "Innsynvik", "caseworker");
  const db = await pool.connect();
  try {
    const club = await make.organisation(db, "Innsynvik Kor");
    await make.partnership(db, club, municipalityId);
    const activity = await make.activity(db, club, municipalityId, { title: "Korøvelse", category: "musikk" });
    const agreement = await make.agreement(db, municipalityId, club, "active");
    const facilitator = await make.member(db, club, "facilitator");
    await make.facilitatorRole(db, agreement, activity, facilitator);
    const participantId = await make.participant(db, municipalityId, {
      first_name: "Live",
      birth_year: 1998,
      contact_name: "Mor",
      contact_phone: "91234567",
      interests: ["musikk"],
    });
    await db.query(
      "insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values ($1, 3, '19:00', '21:00')",
      [activity],
    );
    const placement = await make.placement(db, participantId, activity, agreement);
    const session = await make.session(db, activity, daysFromToday(-2));
    await db.query(
      "insert into app.attendance (placement_id, session_id, status, note) values ($1, $2, 'present', 'Sang solo')",
      [placement, session],
    );
    return { user, path: `/kommune/${municipalityId}/deltakere/${participantId}` };
  } finally {
    db.release();
  }
}

/** An organisation admin whose activity meets every day of the week at 18:00. */
async function adminWithActivity() {
  const user = await createConfirmedUser({ name: "Arne Admin" });
  const organisationId = await roles.member(user.id, "Øktevik Turlag", "admin");
  const db = await pool.connect();
  try {
    const municipality = await make.municipality(db, "Øktevik");
    await make.partnership(db, organisationId, municipality);
    const activity = await make.activity(db, organisationId, municipality, { title: "Kveldstur" });
    await db.query(
      `insert into app.activity_slots (activity_id, weekday, starts_at, ends_at)
       select $1, d, '18:00', '19:30' from generate_series(1, 7) d`,
      [activity],
    );
    return { user, organisationId, activity };
  } finally {
    db.release();
  }
}

const main = (app: AppPage) => app.page.locator("main");

describe("sessions on the facilitator's week", () => {
  test("cancels today's session with a reason, by keyboard, and it shows as cancelled without attendance", () =>
    inTab(browser(), async (app) => {
      await signIn(app, await facilitatorWithSession(), "/tilrettelegger");
      const summary = main(app).getByText("Avlys økta", { exact: true });
      await summary.focus();
      await app.page.keyboard.press("Enter");
      await app.page.getByLabel("Begrunnelse (valgfritt)").fill("Hallen er stengt");
      await app.expectAccessible();
      await app.page.keyboard.press("Tab");
      await app.page.keyboard.press("Enter");
      await expect.poll(() => main(app).textContent()).toContain("Økta er avlyst. Begrunnelse: Hallen er stengt");
      await app.expectAccessible();
      expect(await main(app).getByRole("button", { name: "Lagre" }).count()).toBe(0);
      expect(await main(app).getByText("Avlys økta", { exact: true }).count()).toBe(0);
    }));

  test("adds an extra session; the same start time again is refused at the field with the input kept", () =>
    inTab(browser(), async (app) => {
      await signIn(app, await facilitatorWithSession(), "/tilrettelegger");
      const addSession = async () => {
        await app.page.getByLabel("Dato").fill(daysFromToday(0));
        await app.page.getByLabel("Starter").fill("20:00");
        await app.page.getByLabel("Slutter").fill("21:30");
        await app.page.getByRole("button", { name: "Legg til økta" }).click();
        await app.settle();
      };
      await addSession();
      await expect.poll(() => main(app).getByText("Buldring (ekstra økt)").count()).toBe(1);
      await app.expectAccessible();
      // The extra session takes attendance like the others.
      expect(await main(app).getByRole("group", { name: /^Nora/ }).count()).toBe(2);

      await addSession();
      await expect.poll(() => app.page.getByLabel("Starter").getAttribute("aria-invalid")).toBe("true");
      expect(await main(app).textContent()).toContain("Aktiviteten har allerede en økt som starter da denne dagen.");
      expect(await app.page.getByLabel("Slutter").inputValue()).toBe("21:30");
      await app.expectAccessible();
    }));

  // With a service worker the marks are kept on the phone instead (facilitator-phone.test.ts).
  test("in a browser without service workers, a save that never reaches the server keeps the marks and says they were not saved", () =>
    inTab(
      browser(),
      async (app) => {
        await signIn(app, await facilitatorWithSession(), "/tilrettelegger");
        await app.page.route("**/tilrettelegger*", (route) =>
          route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue(),
        );
        const nora = main(app).getByRole("group", { name: /^Nora/ });
        await nora.getByLabel("Til stede").check();
        await nora.getByLabel("Merknad om Nora (valgfritt)").fill("Klatret helt til topps");
        await main(app).getByRole("button", { name: "Lagre" }).click();
        await expect
          .poll(() => app.page.getByRole("alert").filter({ hasText: "ikke lagret" }).textContent())
          .toContain("forbindelsen eller tjenesten sviktet");
        expect(await nora.getByLabel("Til stede").isChecked()).toBe(true);
        expect(await nora.getByLabel("Merknad om Nora (valgfritt)").inputValue()).toBe("Klatret helt til topps");
        await app.expectAccessible();

        // Back online, the same tap on Lagre saves what is still in the form.
        await app.page.unroute("**/tilrettelegger*");
        await main(app).getByRole("button", { name: "Lagre" }).click();
        await expect.poll(() => app.page.getByRole("status").textContent()).toContain("Oppmøtet er lagret.");
        await app.goto("/tilrettelegger");
        expect(await main(app).getByRole("group", { name: /^Nora/ }).getByLabel("Til stede").isChecked()).toBe(true);
      },
      { serviceWorkers: "block" },
    ));
});

describe("an activity's sessions for the organisation's admin", () => {
  test("from the organisation's page: cancels a scheduled session and adds an extra one", () =>
    inTab(browser(), async (app) => {
      const { user, organisationId, activity } = await adminWithActivity();
      await signIn(app, user, `/organisasjoner/${organisationId}`);
      await main(app).getByRole("link", { name: "Økter i Kveldstur" }).click();
      const path = `/organisasjoner/${organisationId}/aktiviteter/${activity}/okter`;
      await app.arrive(path);
      await app.expectAccessible();
      const sessions = main(app).getByRole("listitem");
      expect(await sessions.count()).toBe(28);

      const first = sessions.first();
      await first.getByText("Avlys økta", { exact: true }).click();
      await first.getByLabel("Begrunnelse (valgfritt)").fill("Stormvarsel");
      await first.getByRole("button", { name: /^Avlys økta/ }).click();
      await expect.poll(() => sessions.first().textContent()).toContain("Økta er avlyst. Begrunnelse: Stormvarsel");
      await app.expectAccessible();

      await app.page.getByLabel("Dato").fill(daysFromToday(1));
      await app.page.getByLabel("Starter").fill("08:00");
      await app.page.getByLabel("Slutter").fill("07:00");
      await app.page.getByRole("button", { name: "Legg til økta" }).click();
      await expect.poll(() => app.page.getByLabel("Slutter").getAttribute("aria-invalid")).toBe("true");
      expect(await app.page.getByLabel("Starter").inputValue()).toBe("08:00");
      await app.expectAccessible();
      await app.page.getByLabel("Slutter").fill("10:00");
      await app.page.getByRole("button", { name: "Legg til økta" }).click();
      await expect
        .poll(() =>
          main(app)
            .getByText(/08:00–10:00 \(ekstra økt\)/)
            .count(),
        )
        .toBe(1);
    }));
});

describe("the caseworker's participant: editing and access requests", () => {
  test("edits the details and sees the suggestions; a refused phone number is shown at the field with everything typed kept", () =>
    inTab(browser(), async (app) => {
      const { user, path } = await caseworkerWithParticipant();
      await signIn(app, user, path);
      await main(app).getByRole("link", { name: "Endre opplysninger" }).click();
      await app.arrive(`${path}/endre`);
      await app.expectAccessible();
      expect(await app.page.getByLabel("Fornavn").inputValue()).toBe("Live");
      expect(await app.page.getByLabel("Interesser").inputValue()).toBe("musikk");

      await app.page.getByLabel("Fornavn").fill("Liv");
      await app.page.getByLabel("Kontaktpersonens telefon").fill("12");
      await app.page.getByLabel("Interesser").fill("musikk, friluft");
      await app.page.getByRole("button", { name: "Lagre endringene" }).click();
      await expect
        .poll(() => app.page.getByLabel("Kontaktpersonens telefon").getAttribute("aria-invalid"))
        .toBe("true");
      expect(await main(app).textContent()).toContain("Skriv inn et telefonnummer med 8 til 15 siffer.");
      expect(await app.page.getByLabel("Fornavn").inputValue()).toBe("Liv");
      await app.expectAccessible();

      await app.page.getByLabel("Kontaktpersonens telefon").fill("912 34 567");
      await app.page.getByLabel("Del dette med tilretteleggeren i aktiviteten").check();
      await app.page.getByLabel("Dette bør aktiviteten vite").fill("Liker å stå bakerst.");
      await app.page.getByRole("button", { name: "Lagre endringene" }).click();
      await app.arrive(path);
      await app.expectAccessible();
      expect(await main(app).getByRole("heading", { level: 1 }).textContent()).toBe("Liv");
      const details = await main(app).textContent();
      expect(details).toContain("912 34 567");
      expect(details).toContain("friluft");
      expect(details).toContain("Delt med tilretteleggeren.");
      // Mapping and plan: the choir is suggested, with when it meets and why.
      expect(details).toContain("Korøvelse");
      expect(details).toContain("møtes onsdag · passer med musikk");
    }));

  test("reads everything held on a page, and downloads it as JSON", () =>
    inTab(browser(), async (app) => {
      const { user, path } = await caseworkerWithParticipant();
      await signIn(app, user, path);
      await main(app).getByRole("link", { name: "Innsyn: alt vi har lagret" }).click();
      await app.arrive(`${path}/innsyn`);
      await app.expectAccessible();
      const text = await main(app).textContent();
      for (const held of ["Live", "Mor", "91234567", "Korøvelse, Innsynvik Kor", "Sang solo", "Til stede"]) {
        expect(text).toContain(held);
      }
      const table = main(app).getByRole("table", { name: "Oppmøte i Korøvelse" });
      expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Dato", "Status", "Merknad"]);

      const download = app.page.waitForEvent("download");
      await main(app).getByRole("link", { name: "Last ned som JSON" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^innsyn-[0-9a-f-]{36}\.json$/);
      const response = await app.page.request.get(`${app.page.url()}.json`);
      expect(response.headers()["content-type"]).toContain("application/json");
      const held = (await response.json()) as {
        participant: { first_name: string; contact_phone: string };
        placements: { activity: string; attendance: { status: string; note: string }[] }[];
      };
      expect(held.participant).toMatchObject({ first_name: "Live", contact_phone: "91234567" });
      expect(held.placements[0]).toMatchObject({
        activity: "Korøvelse",
        attendance: [{ status: "present", note: "Sang solo" }],
      });
    }));
});
