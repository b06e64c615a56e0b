import { describe, expect, test } from "vitest";
import { AppPage, inTab, browserForFile } from "../support/browser";
import { daysFromToday, make, pool } from "../support/db";
import { createConfirmedUser, signIn, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

/**
 * A facilitator named and accepted (R7) for an activity with two participants placed two
 * months ago, a session today and one from three weeks ago. The municipality's edit window
 * (R4) is 30 days until `closeWindow` makes it 14: the old session's marks are then refused
 * after the page showed them open.
 */
async function facilitatorWithSessions(): Promise<{
  user: TestUser;
  oldSessionDate: string;
  closeWindow: () => Promise<unknown>;
}> {
  const user = await createConfirmedUser({ name: "Tora Tilrettelegger" });
  const oldSessionDate = daysFromToday(-20);
  let municipality = "";
  const db = await pool.connect();
  try {
    municipality = await make.municipality(db, "Oppmøtevik");
    await db.query("update app.municipalities set attendance_edit_window_days = 30 where id = $1", [municipality]);
    const club = await make.organisation(db, "Oppmøtevik Klatreklubb");
    await make.partnership(db, club, municipality);
    await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [
      club,
      user.id,
    ]);
    const activity = await make.activity(db, club, municipality, { title: "Buldring" });
    const agreement = await make.agreement(db, municipality, club, "active");
    await make.facilitatorRole(db, agreement, activity, user.id);
    const nora = await make.participant(db, municipality, {
      first_name: "Nora",
      birth_year: 2010,
      activity_note: "Liker å starte på den lave veggen.",
      share_activity_note: true,
    });
    const per = await make.participant(db, municipality, { first_name: "Per", birth_year: 1990 });
    for (const participant of [nora, per]) await make.placement(db, participant, activity, agreement);
    await make.session(db, activity, daysFromToday(0));
    await make.session(db, activity, oldSessionDate);
  } finally {
    db.release();
  }
  const closeWindow = () =>
    pool.query("update app.municipalities set attendance_edit_window_days = 14 where id = $1", [municipality]);
  return { user, oldSessionDate, closeWindow };
}

const person = (app: AppPage, name: RegExp) => app.page.locator("main").getByRole("group", { name });

describe("the facilitator's week (phone)", () => {
  test("the demo facilitator finds this week's climbing sessions with the three demo participants", () =>
    inTab(browser(), async (app) => {
      await signIn(
        app,
        { email: "tilrettelegger@klatreklubb.sammen.test", password: "Sammen-demo-2026" },
        "/tilrettelegger",
      );
      const session = app.page.locator("main section").first();
      expect(await session.textContent()).toContain("Klatring for alle");
      for (const name of [/^Emma, 15 år/, /^Jonas, 24 år/, /^Aisha, 31 år/]) {
        expect(await session.getByRole("group", { name }).count()).toBe(1);
      }
    }));

  test("marks attendance in a few taps, and it is there after a reload", () =>
    inTab(browser(), async (app) => {
      const { user } = await facilitatorWithSessions();
      await signIn(app, user);
      await app.page.locator("header").getByRole("link", { name: "Oppmøte denne uka" }).click();
      await app.arrive("/tilrettelegger");
      await app.expectAccessible();

      const nora = person(app, new RegExp(`^Nora, ${Number(daysFromToday(0).slice(0, 4)) - 2010} år`));
      expect(await nora.textContent()).toContain("Fra kommunen: Liker å starte på den lave veggen.");
      await nora.getByLabel("Til stede").check();
      const per = person(app, new RegExp(`^Per, ${Number(daysFromToday(0).slice(0, 4)) - 1990} år`));
      await per.getByLabel("Borte").check();
      await per.getByLabel("Merknad om Per (valgfritt)").fill("Meldte avbud");
      await app.page.locator("main").getByRole("button", { name: "Lagre" }).click();
      await expect.poll(() => app.page.getByRole("status").textContent()).toContain("Oppmøtet er lagret.");
      await app.expectAccessible();

      await app.goto("/tilrettelegger");
      expect(await person(app, /^Nora/).getByLabel("Til stede").isChecked()).toBe(true);
      expect(await person(app, /^Per/).getByLabel("Borte").isChecked()).toBe(true);
      expect(await person(app, /^Per/).getByLabel("Merknad om Per (valgfritt)").inputValue()).toBe("Meldte avbud");
    }));

  test("logging after the edit window is refused with the reason, and the marks stay", () =>
    inTab(browser(), async (app) => {
      const { user, oldSessionDate, closeWindow } = await facilitatorWithSessions();
      await signIn(app, user, `/tilrettelegger?uke=${oldSessionDate}`);
      await closeWindow();
      await refusedAndKept(app);
    }));

  test("works without JavaScript: the form posts as a page, and the refusal comes back with the marks", () =>
    inTab(browser(), async (app) => {
      const { user, oldSessionDate, closeWindow } = await facilitatorWithSessions();
      await signIn(app, user, `/tilrettelegger?uke=${oldSessionDate}`);
      await closeWindow();
      await person(app, /^Nora/).getByLabel("Til stede").check();
      const form = app.page.locator("main form").filter({ has: app.page.getByRole("button", { name: "Lagre" }) });
      const fields = await form.evaluate(
        (element) => [...new FormData(element as HTMLFormElement)] as [string, string][],
      );
      // The post a browser without JavaScript makes: a document request, answered with the page's HTML.
      const response = await app.page.request.post(app.page.url(), {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        data: new URLSearchParams(fields).toString(),
      });
      expect(response.status()).toBe(400);
      const html = await response.text();
      expect(html).toContain("Oppmøte kan bare føres eller rettes i 14 dager etter økta.");
      const noraStatus = fields.find(([name, value]) => name.startsWith("status-") && value === "present")![0];
      const checked = html.match(/<input[^>]*>/g)!.filter((input) => input.includes(" checked"));
      expect(checked).toHaveLength(1);
      expect(checked[0]).toContain(`name="${noraStatus}"`);
      expect(checked[0]).toContain('value="present"');
    }));
});

async function refusedAndKept(app: AppPage) {
  // Only the old session: the page shows one week, and today's is in another.
  expect(await app.page.getByRole("button", { name: "Lagre" }).count()).toBe(1);
  await app.expectAccessible();

  await person(app, /^Nora/).getByLabel("Til stede").check();
  await person(app, /^Per/).getByLabel("Borte").check();
  await app.page.getByRole("button", { name: "Lagre" }).click();
  await expect
    .poll(() => app.page.getByRole("alert").filter({ hasText: "ikke lagret" }).textContent())
    .toContain("Oppmøte kan bare føres eller rettes i 14 dager etter økta.");
  expect(await person(app, /^Nora/).getByLabel("Til stede").isChecked()).toBe(true);
  expect(await person(app, /^Per/).getByLabel("Borte").isChecked()).toBe(true);
  await app.expectAccessible();
}
