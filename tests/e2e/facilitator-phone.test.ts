import type { Locator } from "playwright-core";
import { describe, expect, test } from "vitest";
import { APP_URL } from "../support/app";
import { AppPage, inTab, browserForFile } from "../support/browser";
import { daysFromToday, make, pool, withDb } from "../support/db";
import { createConfirmedUser, signIn, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

type Club = { user: TestUser; municipality: string; activity: string; agreement: string; placements: string[] };

/**
 * A facilitator named and accepted (R7) for "Buldring" with Nora (born 2010) and Per (1990)
 * placed two months ago, and a session on each of the given days from today.
 */
async function facilitatorWith(sessionDays: number[]): Promise<Club & { sessions: string[] }> {
  const user = await createConfirmedUser({ name: "Tora Tilrettelegger" });
  const db = await pool.connect();
  try {
    const municipality = await make.municipality(db, "Telefonvik");
    const club = await make.organisation(db, "Telefonvik Klatreklubb");
    await make.partnership(db, club, municipality);
    await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
      club,
      user.id,
    ]);
    const activity = await make.activity(db, club, municipality, { title: "Buldring" });
    const agreement = await make.agreement(db, municipality, club, "active");
    await make.facilitatorRole(db, agreement, activity, user.id);
    const placements: string[] = [];
    for (const [first_name, birth_year] of [
      ["Nora", 2010],
      ["Per", 1990],
    ] as const) {
      const participant = await make.participant(db, municipality, { first_name, birth_year });
      placements.push(await make.placement(db, participant, activity, agreement));
    }
    const sessions: string[] = [];
    for (const days of sessionDays) sessions.push(await make.session(db, activity, daysFromToday(days)));
    return { user, municipality, activity, agreement, placements, sessions };
  } finally {
    db.release();
  }
}

/** Another participant placed with the club's facilitator; from a later day, a placement not yet started. */
const placeAnother = (club: Club, first_name: string, birth_year: number, from?: string) =>
  withDb(async (db) => {
    const participant = await make.participant(db, club.municipality, { first_name, birth_year });
    const placement = await make.placement(
      db,
      participant,
      club.activity,
      club.agreement,
      from ? { from, to: daysFromToday(300) } : undefined,
    );
    if (from) await db.query("update app.placements set status = 'planned' where id = $1", [placement]);
    return placement;
  });

const marksOf = async (session: string) =>
  (
    await pool.query<{ first_name: string; status: string }>(
      `select pa.first_name, a.status from app.attendance a
       join app.placements p on p.id = a.placement_id join app.participants pa on pa.id = p.participant_id
       where a.session_id = $1 order by pa.first_name`,
      [session],
    )
  ).rows.map((row) => `${row.first_name}: ${row.status}`);

const auditedMarks = async (session: string) =>
  Number(
    (
      await pool.query<{ n: string }>(
        "select count(*) as n from app.audit_events where table_name = 'attendance' and record_id like $1",
        [`%/${session}`],
      )
    ).rows[0]!.n,
  );

const thisYear = Number(daysFromToday(0).slice(0, 4));
const main = (app: AppPage) => app.page.locator("main");
const person = (app: AppPage, name: RegExp) => main(app).getByRole("group", { name });
/** The week's sessions, in order (the outbox above them is a section too). */
const sessionCards = (app: AppPage) => main(app).locator("section[aria-labelledby^='session-']");

/** Counts the facilitator's taps, the figure issue 18 asks for. */
function tapCounter() {
  let taps = 0;
  return {
    tap: async (target: Locator) => {
      taps++;
      await target.click();
    },
    check: async (target: Locator) => {
      taps++;
      await target.check();
    },
    get count() {
      return taps;
    },
  };
}

/** The service worker controls the week and has kept the page for offline use. */
// Polled from here: waitForFunction takes the promise an async function returns as truthy at once.
async function offlineReady(app: AppPage) {
  await expect
    .poll(() =>
      app.page.evaluate(async () => {
        if (!navigator.serviceWorker.controller) return false;
        return Boolean(await (await caches.open("sammen-week")).match("/tilrettelegger"));
      }),
    )
    .toBe(true);
}

describe("the facilitator's week on a phone (issue 14 point 7, issue 18 points 2 and 5)", () => {
  test("ages, not bands; nothing marked is not saved; Alle til stede takes one tap; the answer sits by Lagre with the focus", () =>
    inTab(browser(), async (app) => {
      const { user, sessions } = await facilitatorWith([0]);
      await signIn(app, user, "/tilrettelegger");
      expect(await person(app, new RegExp(`^Nora, ${thisYear - 2010} år`)).count()).toBe(1);
      expect(await person(app, new RegExp(`^Per, ${thisYear - 1990} år`)).count()).toBe(1);

      const save = main(app).getByRole("button", { name: "Lagre" });
      await save.click();
      const answer = app.page.locator(":focus");
      await expect.poll(() => answer.textContent()).toContain("Du har ikke merket noen");
      expect(await main(app).textContent()).not.toContain("Oppmøtet er lagret");
      await app.expectAccessible();

      const taps = tapCounter();
      await taps.tap(main(app).getByRole("button", { name: "Alle til stede" }));
      expect(await main(app).getByRole("status").first().textContent()).toContain("Alle er merket til stede");
      expect(await person(app, /^Nora/).getByLabel("Til stede").isChecked()).toBe(true);
      expect(await person(app, /^Per/).getByLabel("Til stede").isChecked()).toBe(true);
      await taps.check(person(app, /^Per/).getByLabel("Borte"));
      await taps.tap(save);
      await expect.poll(() => app.page.locator(":focus").textContent()).toBe("Oppmøtet er lagret.");
      // Visible on the phone, right below the button.
      const button = (await save.boundingBox())!;
      const saved = (await app.page.locator(":focus").boundingBox())!;
      expect(saved.y).toBeGreaterThanOrEqual(button.y + button.height);
      expect(saved.y - (button.y + button.height)).toBeLessThan(40);
      expect(saved.y + saved.height).toBeLessThanOrEqual(844);
      // One tap for everyone, one for the one who did not come, and Lagre.
      expect(taps.count).toBe(3);
      expect(await marksOf(sessions[0]!)).toEqual(["Nora: present", "Per: absent"]);
      expect(await auditedMarks(sessions[0]!)).toBe(2);
      await app.expectAccessible();
    }));

  test("the usual week: two sessions of three participants take 8 taps marked one by one, 4 with Alle til stede", () =>
    inTab(browser(), async (app) => {
      const club = await facilitatorWith([-1, 0]);
      await placeAnother(club, "Ada", 2001);
      await signIn(app, club.user, "/tilrettelegger");
      const [first, second] = [0, 1].map((index) => sessionCards(app).nth(index));

      const oneByOne = tapCounter();
      for (const name of [/^Ada/, /^Nora/, /^Per/]) {
        await oneByOne.check(first!.getByRole("group", { name }).getByLabel("Til stede"));
      }
      await oneByOne.tap(first!.getByRole("button", { name: "Lagre" }));
      await expect.poll(() => first!.getByRole("status").last().textContent()).toBe("Oppmøtet er lagret.");

      const allPresent = tapCounter();
      await allPresent.tap(second!.getByRole("button", { name: "Alle til stede" }));
      await allPresent.tap(second!.getByRole("button", { name: "Lagre" }));
      await expect.poll(() => second!.getByRole("status").last().textContent()).toBe("Oppmøtet er lagret.");

      expect(oneByOne.count * 2).toBe(8);
      expect(allPresent.count * 2).toBe(4);
      for (const session of club.sessions) {
        expect(await marksOf(session)).toEqual(["Ada: present", "Nora: present", "Per: present"]);
      }
    }));

  test("R4: a session past the edit window is shown read-only with the reason; next week's shows who is coming", () =>
    inTab(browser(), async (app) => {
      const club = await facilitatorWith([-20, 8]);
      await placeAnother(club, "Kari", 2012, daysFromToday(7));
      await pool.query("insert into app.attendance (placement_id, session_id, status) values ($1, $2, 'present')", [
        club.placements[0],
        club.sessions[0],
      ]);

      await signIn(app, club.user, `/tilrettelegger?uke=${daysFromToday(-20)}`);
      const old = sessionCards(app).first();
      expect(await old.getByRole("button", { name: "Lagre" }).count()).toBe(0);
      expect(await old.getByRole("radio").count()).toBe(0);
      const oldText = await old.textContent();
      expect(oldText).toContain("Oppmøtet kan ikke endres her lenger: det kan endres i 14 dager etter økta.");
      expect(oldText).toContain(`Nora, ${thisYear - 2010} år: Til stede`);
      expect(oldText).toContain(`Per, ${thisYear - 1990} år: ikke ført`);
      await app.expectAccessible();

      await app.goto(`/tilrettelegger?uke=${daysFromToday(8)}`);
      const ahead = sessionCards(app).first();
      expect(await ahead.getByRole("radio").count()).toBe(0);
      const aheadText = await ahead.textContent();
      expect(aheadText).toContain("Oppmøte føres fra dagen økta er. Her ser du hvem som kommer.");
      for (const name of ["Nora", "Per", "Kari"]) expect(aheadText).toContain(`${name}, `);
    }));

  test("18.5: each participant's last sessions as marks with text, and an absence the caseworker reported", () =>
    inTab(browser(), async (app) => {
      const club = await facilitatorWith([-14, -7, 0]);
      const [nora, per] = club.placements;
      for (const [placement, session, status] of [
        [nora, club.sessions[0], "present"],
        [nora, club.sessions[1], "present"],
        [per, club.sessions[0], "present"],
        [per, club.sessions[1], "absent"],
      ]) {
        await pool.query("insert into app.attendance (placement_id, session_id, status) values ($1, $2, $3)", [
          placement,
          session,
          status,
        ]);
      }

      // The caseworker reports that Per will not come today.
      const caseworker = await createConfirmedUser({ name: "Siri Saksbehandler" });
      await pool.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')", [
        club.municipality,
        caseworker.id,
      ]);
      await signIn(app, caseworker, `/tiltak/${per}`);
      const absences = main(app).locator("section", { has: app.page.getByRole("heading", { name: "Meldt fravær" }) });
      expect(await absences.textContent()).toContain("Ikke noe fravær er meldt.");
      await absences.getByLabel("Dato deltakeren ikke kommer").fill(daysFromToday(-1));
      await absences.getByRole("button", { name: "Meld fravær" }).click();
      await expect.poll(() => absences.textContent()).toContain("Datoen kan ikke være tilbake i tid.");
      await app.expectAccessible();
      await absences.getByLabel("Dato deltakeren ikke kommer").fill(daysFromToday(0));
      await absences.getByRole("button", { name: "Meld fravær" }).click();
      await expect.poll(() => absences.getByRole("button", { name: /^Fjern fraværet/ }).count()).toBe(1);
      await app.expectAccessible();

      await signIn(app, club.user, "/tilrettelegger");
      const perToday = person(app, /^Per/);
      expect(await perToday.textContent()).toContain("Meldt fravær fra kommunen.");
      expect(await perToday.getByLabel("Borte").isChecked()).toBe(true);
      // Two weeks ago, last week, and today's, not logged yet.
      expect(await person(app, /^Nora/).textContent()).toContain("Siste 3 økter: ✓✓?");
      expect(await perToday.textContent()).toContain("Siste 3 økter: ✓✗?");
      // A screen reader hears dates and words, not symbols.
      const spoken = await perToday.locator(".sr-only").textContent();
      expect(spoken).toMatch(/^\d+\. \w+: Til stede; \d+\. \w+: Borte; \d+\. \w+: ikke ført$/);

      await main(app).getByRole("button", { name: "Alle til stede" }).click();
      expect(await main(app).getByRole("status").first().textContent()).toContain("utenom dem med meldt fravær");
      expect(await perToday.getByLabel("Borte").isChecked()).toBe(true);
      await main(app).getByRole("button", { name: "Lagre" }).click();
      await expect.poll(() => app.page.locator(":focus").textContent()).toBe("Oppmøtet er lagret.");
      expect(await marksOf(club.sessions[2]!)).toEqual(["Nora: present", "Per: absent"]);
      await app.expectAccessible();
    }));

  test("without JavaScript: Alle til stede fills the form, Lagre saves once even when posted twice, and the page opens at the answer", async () => {
    const { user, sessions, placements } = await facilitatorWith([0]);
    const app = await AppPage.open(browser());
    try {
      await signIn(app, user, "/tilrettelegger");
      const context = await browser().newContext({
        javaScriptEnabled: false,
        viewport: { width: 390, height: 844 },
        storageState: await app.page.context().storageState(),
      });
      try {
        const page = await context.newPage();
        await page.goto(`${APP_URL}/tilrettelegger`);
        await page.locator("main").getByRole("button", { name: "Alle til stede" }).click();
        await page.waitForLoadState("load");
        expect(await page.locator("main").getByRole("status").first().textContent()).toContain(
          "Alle er merket til stede",
        );
        expect(await page.getByRole("group", { name: /^Nora/ }).getByLabel("Til stede").isChecked()).toBe(true);
        const form = page.locator("main form").filter({ has: page.getByRole("button", { name: "Lagre" }) });
        const fields = await form.evaluate((element) => [...new FormData(element as HTMLFormElement)]);
        await page.locator("main").getByRole("button", { name: "Lagre" }).click();
        await page.waitForLoadState("load");
        expect(await page.locator(":focus").textContent()).toBe("Oppmøtet er lagret.");
        expect(await marksOf(sessions[0]!)).toEqual(["Nora: present", "Per: present"]);

        // The same post again (a reload answering "send again"), with Per changed: applied once.
        const again = new URLSearchParams(fields as [string, string][]);
        again.set(`status-${placements[1]}`, "absent");
        const response = await page.request.post(`${APP_URL}/tilrettelegger`, {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          data: again.toString(),
        });
        expect(response.status()).toBe(200);
        expect(await marksOf(sessions[0]!)).toEqual(["Nora: present", "Per: present"]);
        expect(await auditedMarks(sessions[0]!)).toBe(2);
      } finally {
        await context.close();
      }
    } finally {
      await app.close();
    }
  });
});

describe("offline attendance (issue 18 point 1)", () => {
  test("saved without a connection, kept on the phone, sent when it is back: with the page open, and on the next visit", () =>
    inTab(browser(), async (app) => {
      const { user, sessions } = await facilitatorWith([-1, 0]);
      await signIn(app, user, "/tilrettelegger");
      await offlineReady(app);
      const context = app.page.context();
      const [yesterday, today] = [0, 1].map((index) => sessionCards(app).nth(index));

      await context.setOffline(true);
      await today!.getByRole("button", { name: "Alle til stede" }).click();
      await today!.getByRole("button", { name: "Lagre" }).click();
      await expect.poll(() => app.page.locator(":focus").textContent()).toContain("Du er uten nett");
      const outbox = main(app).locator("section", {
        has: app.page.getByRole("heading", { name: /lagret på telefonen/ }),
      });
      await expect.poll(() => outbox.textContent()).toContain("Venter på nett.");
      for (const mark of ["Nora: Til stede", "Per: Til stede"]) expect(await outbox.textContent()).toContain(mark);
      expect(await marksOf(sessions[1]!)).toEqual([]);
      await app.expectAccessible();

      // The week opens without a connection, from what the phone kept.
      await app.page.reload();
      await expect.poll(() => main(app).getByRole("heading", { level: 1 }).textContent()).toContain("Oppmøte uke");
      await expect.poll(() => outbox.textContent()).toContain("Venter på nett.");

      await context.setOffline(false);
      await expect.poll(() => marksOf(sessions[1]!), { timeout: 15_000 }).toEqual(["Nora: present", "Per: present"]);
      await expect.poll(() => outbox.textContent()).toContain("Sendt");
      expect(await auditedMarks(sessions[1]!)).toBe(2);
      await app.expectAccessible();

      // Saved offline, the page closed, and opened again once the connection is back.
      await context.setOffline(true);
      await yesterday!.getByRole("group", { name: /^Nora/ }).getByLabel("Borte").check();
      await yesterday!.getByRole("button", { name: "Lagre" }).click();
      await expect.poll(() => app.page.locator(":focus").textContent()).toContain("Du er uten nett");
      const later = await context.newPage();
      await app.page.close();
      await context.setOffline(false);
      await later.goto(`${APP_URL}/tilrettelegger`);
      await expect.poll(() => marksOf(sessions[0]!), { timeout: 15_000 }).toEqual(["Nora: absent"]);
      await later.close();
    }));

  test("a save the server refuses after reconnecting is shown with the reason, not dropped", () =>
    inTab(browser(), async (app) => {
      const club = await facilitatorWith([-1]);
      await signIn(app, club.user, "/tilrettelegger");
      await offlineReady(app);
      const context = app.page.context();
      await context.setOffline(true);
      await main(app).getByRole("button", { name: "Alle til stede" }).click();
      await main(app).getByRole("button", { name: "Lagre" }).click();
      await expect.poll(() => app.page.locator(":focus").textContent()).toContain("Du er uten nett");

      // While the phone is away, the municipality shortens its edit window (R4).
      await pool.query("update app.municipalities set attendance_edit_window_days = 0 where id = $1", [
        club.municipality,
      ]);
      await context.setOffline(false);
      const outbox = main(app).locator("section", {
        has: app.page.getByRole("heading", { name: /lagret på telefonen/ }),
      });
      await expect
        .poll(() => outbox.textContent(), { timeout: 15_000 })
        .toContain("Ble ikke tatt imot: Oppmøte kan bare føres eller rettes i 0 dager etter økta.");
      for (const mark of ["Nora: Til stede", "Per: Til stede"]) expect(await outbox.textContent()).toContain(mark);
      expect(await marksOf(club.sessions[0]!)).toEqual([]);
      await app.expectAccessible();

      await app.page.reload();
      await expect.poll(() => outbox.textContent()).toContain("Ble ikke tatt imot");
      await outbox.getByRole("button", { name: "Fjern fra lista" }).click();
      await expect.poll(() => outbox.count()).toBe(0);
    }));

  test("R7: signing out empties what the phone kept: the week's pages, the outbox and the service worker", () =>
    inTab(browser(), async (app) => {
      const { user } = await facilitatorWith([0]);
      await signIn(app, user, "/tilrettelegger");
      await offlineReady(app);
      await app.page.context().setOffline(true);
      await main(app).getByRole("button", { name: "Alle til stede" }).click();
      await main(app).getByRole("button", { name: "Lagre" }).click();
      await expect.poll(() => app.page.locator(":focus").textContent()).toContain("Du er uten nett");
      await app.page.context().setOffline(false);
      const kept = () =>
        app.page.evaluate(async () => ({
          caches: await caches.keys(),
          outbox: await new Promise<number>((resolve) => {
            const opening = indexedDB.open("sammen-outbox", 1);
            opening.onupgradeneeded = () => opening.result.createObjectStore("saves", { keyPath: "key" });
            opening.onsuccess = () => {
              const count = opening.result.transaction("saves").objectStore("saves").count();
              // Closed at once, as the service worker does: an open connection holds up clearing it.
              count.onsuccess = () => {
                opening.result.close();
                resolve(count.result);
              };
            };
          }),
          workers: (await navigator.serviceWorker.getRegistrations()).length,
        }));
      await expect.poll(async () => (await kept()).caches.length).toBeGreaterThan(0);

      await app.page.locator("header").getByRole("button", { name: "Logg ut" }).click();
      await app.arrive("/");
      expect(await kept()).toEqual({ caches: [], outbox: 0, workers: 0 });
      await app.expectAccessible();
    }));
});
