import { describe, expect, test } from "vitest";
import { formatDate } from "../../app/lib/format";
import { inTab, browserForFile, type AppPage } from "../support/browser";
import { daysFromToday, make, pool, withDb } from "../support/db";
import { createConfirmedUser, latestMail, signIn, type TestUser } from "../support/users";

const browser = browserForFile(() => pool.end());

const main = (app: AppPage) => app.page.locator("main");

/**
 * A person who is both facilitator (named and accepted for "Tautrening", R7) and admin of a
 * club, with Vilde and Sindre placed, a session tomorrow, one two days ago and a cancelled one
 * in three days.
 */
async function facilitator(): Promise<{ user: TestUser; sessions: { tomorrow: string; past: string } }> {
  const user = await createConfirmedUser({ name: "Rune Påminnelse" });
  return withDb(async (db) => {
    const municipality = await make.municipality(db, "Varselvik");
    const club = await make.organisation(db, "Varselvik Klatreklubb");
    await make.partnership(db, club, municipality);
    for (const role of ["facilitator", "admin"])
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, $3)", [
        club,
        user.id,
        role,
      ]);
    const activity = await make.activity(db, club, municipality, { title: "Tautrening", place: "Varselvik hallen" });
    const agreement = await make.agreement(db, municipality, club, "active");
    await make.facilitatorRole(db, agreement, activity, user.id);
    for (const first_name of ["Vilde", "Sindre"]) {
      const participant = await make.participant(db, municipality, { first_name, birth_year: 2008 });
      await make.placement(db, participant, activity, agreement);
    }
    const tomorrow = await make.session(db, activity, daysFromToday(1));
    const past = await make.session(db, activity, daysFromToday(-2));
    await db.query("update app.sessions set cancelled = true where id = $1", [
      await make.session(db, activity, daysFromToday(3)),
    ]);
    return { user, sessions: { tomorrow, past } };
  });
}

/**
 * Queues one reminder about a session to the person as the daily job does
 * (tests/db/reminders.test.ts runs the jobs themselves), scoped to this test's data.
 */
const remind = (userId: string, kind: string, session: string) =>
  pool.query(
    `select app.send_reminder($1, $2::app.reminder_kind, $3, app.today(), app.session_facts(s))
       from app.sessions s where s.id = $4`,
    [userId, kind, session, session],
  );

const optedOut = async (userId: string) =>
  (
    await pool.query<{ kind: string }>(
      "select kind::text as kind from app.reminder_opt_outs where user_id = $1 order by 1",
      [userId],
    )
  ).rows.map((row) => row.kind);

const unsubscribeLink = (text: string) => text.match(/https?:\/\/\S+\/avmeld\/[0-9a-f]+/)?.[0] ?? "";

describe("reminders", () => {
  test("are chosen on the settings page; each e-mail names no participant and turns itself off with one click", async () => {
    const { user, sessions } = await facilitator();
    await inTab(browser(), async (app) => {
      await signIn(app, user, "/tilrettelegger");
      await app.page.locator("header").getByRole("link", { name: "Varsler og kalender" }).click();
      await app.arrive("/varsler");
      await app.expectAccessible();
      const boxes = main(app).getByRole("group", { name: "Send meg" }).getByRole("checkbox");
      expect(await boxes.count()).toBe(3);
      for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);

      await main(app)
        .getByLabel("Ukentlig oversikt over økter uten ført oppmøte (administrator i organisasjonen)")
        .uncheck();
      await main(app).getByRole("button", { name: "Lagre valgene" }).click();
      await app.settle();
      expect(await main(app).getByRole("status").textContent()).toBe("Valgene er lagret.");
      await app.expectAccessible();
      expect(await optedOut(user.id)).toEqual(["attendance_summary"]);
      await app.page.reload();
      await app.settle();
      expect(
        await main(app)
          .getByLabel("Ukentlig oversikt over økter uten ført oppmøte (administrator i organisasjonen)")
          .isChecked(),
      ).toBe(false);
    });

    await remind(user.id, "session_ahead", sessions.tomorrow);
    await remind(user.id, "attendance_missing", sessions.past);
    const ahead = await latestMail(user.email, "I morgen: Tautrening kl. 17:00");
    expect(ahead.text).toContain("Varselvik hallen");
    expect(ahead.text).toContain("Forventet: 2 deltakere.");
    const missing = await latestMail(
      user.email,
      `Oppmøtet er ikke ført: Tautrening ${formatDate(daysFromToday(-2), "long", "nb")}`,
    );
    for (const mail of [ahead, missing]) expect(mail.text).not.toMatch(/Vilde|Sindre/);

    // Opening the link without signing in asks first; the button turns that kind off.
    await inTab(browser(), async (app) => {
      const link = new URL(unsubscribeLink(ahead.text));
      await app.goto(link.pathname);
      expect(await main(app).textContent()).toContain("Påminnelse dagen før en økt med deltakere");
      expect(await optedOut(user.id)).toEqual(["attendance_summary"]);
      await main(app).getByRole("button", { name: "Slå av" }).click();
      await app.settle();
      expect(await main(app).getByRole("status").textContent()).toBe(
        "Slått av. Du får ikke flere e-poster av denne typen.",
      );
      await app.expectAccessible();
    });
    expect(await optedOut(user.id)).toEqual(["attendance_summary", "session_ahead"]);

    // The mail program's own button: RFC 8058's one-click POST, with no page and no session.
    const oneClick = await fetch(unsubscribeLink(missing.text), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(await optedOut(user.id)).toEqual(["attendance_missing", "attendance_summary", "session_ahead"]);

    // Turned off, nothing more is queued.
    await remind(user.id, "session_ahead", sessions.past);
    const { rows } = await pool.query(
      "select 1 from app.outbox where lower(recipient) = lower($1) and template = 'session_ahead'",
      [user.email],
    );
    expect(rows).toHaveLength(1);
  });
});

describe("the calendar feed", () => {
  test("shows its address once, downloads as iCalendar without names, and a new address ends the old", async () => {
    const { user } = await facilitator();
    await inTab(browser(), async (app) => {
      await signIn(app, user, "/tilrettelegger");
      await main(app).getByRole("link", { name: "Øktene dine i kalenderen" }).click();
      await app.arrive("/varsler");
      await app.expectAccessible();
      expect(await main(app).textContent()).toContain("Du har ingen kalenderadresse ennå.");
      await main(app).getByRole("button", { name: "Lag kalenderadresse" }).click();
      await app.settle();
      await app.expectAccessible();
      const first = await main(app).getByLabel("Adressen, for å lime inn i kalenderen").inputValue();
      expect(first).toMatch(/^http:\/\/localhost:\d+\/kalender\/[0-9a-f]{48}\.ics$/);
      expect(await main(app).getByRole("link", { name: "Abonner i kalenderen" }).getAttribute("href")).toBe(
        first.replace(/^http:/, "webcal:"),
      );

      const feed = await fetch(first);
      expect(feed.status).toBe(200);
      expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(feed.headers.get("cache-control")).toBe("private, max-age=900");
      const text = await feed.text();
      expect(text).toContain("SUMMARY:Tautrening\r\n");
      expect(text).toContain("SUMMARY:Avlyst: Tautrening\r\n");
      expect(text).toContain("STATUS:CANCELLED");
      expect(text).toContain("DESCRIPTION:Varselvik Klatreklubb\\n2 deltakere er ventet");
      expect(text).not.toMatch(/Vilde|Sindre/);
      const etag = feed.headers.get("etag")!;
      expect((await fetch(first, { headers: { "If-None-Match": etag } })).status).toBe(304);

      // Made again, the address changes and the old one stops working at once.
      await app.page.reload();
      await app.settle();
      expect(await main(app).textContent()).toContain("Kalenderadressen din ble laget");
      await main(app).getByRole("button", { name: "Lag ny kalenderadresse" }).click();
      await app.settle();
      const second = await main(app).getByLabel("Adressen, for å lime inn i kalenderen").inputValue();
      expect(second).not.toBe(first);
      expect((await fetch(first)).status).toBe(404);
      expect((await fetch(second)).status).toBe(200);
    });
  });
});
