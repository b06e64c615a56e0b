import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { browserForFile, inTab, type AppPage } from "../support/browser";
import { make, pool } from "../support/db";
import { createConfirmedUser, latestMail, roles, signIn, uniqueEmail } from "../support/users";

const browser = browserForFile(() => pool.end());
const main = (app: AppPage) => app.page.locator("main");
const header = (app: AppPage) => app.page.locator("header");

describe("R14 in the browser", () => {
  test("R14: a session ended on the server sends the person to sign in with the reason, and back afterwards", () =>
    inTab(browser(), async (app) => {
      const user = await createConfirmedUser({ name: "Siri Utlogget" });
      await signIn(app, user);
      await app.goto("/mine-organisasjoner");

      // Signed out elsewhere (or timed out): the session row is gone, the cookie is not.
      await pool.query("delete from auth.sessions where user_id = $1", [user.id]);
      const response = await app.page.goto(`${new URL(app.page.url()).origin}/mine-organisasjoner`);
      expect(response?.status()).toBe(200);
      await app.arrive("/logg-inn");
      const query = new URL(app.page.url()).searchParams;
      expect(query.get("redirectTo")).toBe("/mine-organisasjoner");
      expect(query.get("utlopt")).toBe("1");
      expect(await main(app).textContent()).toContain("Du er logget ut fordi økten er avsluttet");
      expect(await header(app).getByRole("link", { name: "Logg inn" }).count()).toBe(1);
      await app.expectAccessible();

      await app.page.getByLabel("E-postadresse").fill(user.email);
      await app.page.getByLabel("Passord", { exact: true }).fill(user.password);
      await main(app).getByRole("button", { name: "Logg inn" }).click();
      await app.arrive("/mine-organisasjoner");
      await app.expectAccessible();
    }));

  test("R14: sign-up refuses a common password and one built on the invitation's organisation, saying why", () =>
    inTab(browser(), async (app) => {
      const token = `r14-${randomUUID()}`;
      const client = await pool.connect();
      try {
        const organisation = await make.organisation(client, "Padleklubben Strie");
        await client.query(
          `insert into app.invitations (email, organisation_id, member_role, token_hash)
           values ($1, $2, 'admin', app.token_hash($3))`,
          [uniqueEmail("padler"), organisation, token],
        );
      } finally {
        client.release();
      }
      const email = uniqueEmail("padler");
      const attempt = async (password: string) => {
        await app.page.getByLabel("Passord", { exact: true }).fill(password);
        await main(app).getByRole("button", { name: "Opprett konto" }).click();
        await app.settle();
      };

      await app.goto(`/registrer?${new URLSearchParams({ redirectTo: `/invitasjon/${token}` })}`);
      await app.page.getByLabel("Navn").fill("Pia Padler");
      await app.page.getByLabel("E-postadresse").fill(email);
      await attempt("Passord2024!!");
      const summary = main(app).locator(".ds-error-summary");
      await expect.poll(() => summary.textContent()).toContain("blant dem som brukes mest");
      expect(await app.page.getByLabel("E-postadresse").inputValue()).toBe(email);
      await app.expectAccessible();

      await attempt("Padleklubben2025");
      await expect.poll(() => summary.textContent()).toContain("Passordet bygger på «padleklubben»");
      await app.expectAccessible();

      await attempt("padling på Strie hver torsdag");
      await app.arrive("/registrer/sjekk-e-post");
      await app.expectAccessible();
    }));

  test("a municipality admin sees mail that could not be delivered, with its error, and sends it again", () =>
    inTab(browser(), async (app) => {
      const admin = await createConfirmedUser({ name: "Petra Post" });
      const municipality = await roles.staff(admin.id, "Postvik", "admin");
      const target = `Postlaget ${randomUUID().slice(0, 8)}`;
      const { rows } = await pool.query<{ id: string }>(
        `insert into app.outbox (recipient, template, payload, attempts, last_attempt_at, last_error, next_attempt_at)
         values ($1, 'invitation', jsonb_build_object('target', $2::text, 'role', 'admin', 'token', 'x'), 3,
                 now(), 'connect ECONNREFUSED 10.0.0.25:587', now() + interval '1 hour')
         returning id`,
        [admin.email, target],
      );
      const id = rows[0]!.id;

      await signIn(app, admin);
      expect(await app.page.getByRole("link", { name: "E-post ut" }).count()).toBeGreaterThan(0);
      await app.goto(`/kommune/${municipality}/e-post`);
      const table = main(app).getByRole("table");
      await expect.poll(() => table.textContent()).toContain("connect ECONNREFUSED 10.0.0.25:587");
      expect(await table.textContent()).toContain("Invitasjon");
      await app.expectAccessible();

      // The row's button names its recipient for screen readers.
      await main(app).getByRole("button", { name: admin.email }).click();
      await expect.poll(() => main(app).getByRole("status").textContent()).toContain("1 e-post sendes på nytt");
      await app.expectAccessible();

      // The app's mailer delivers it over SMTP to the stack's mailbox.
      await latestMail(admin.email, `Invitasjon til ${target} i Sammen`);
      const outbox = async () =>
        (await pool.query("select sent_at is not null as sent, last_error from app.outbox where id = $1", [id]))
          .rows[0];
      await expect.poll(outbox).toEqual({ sent: true, last_error: null });
      await app.goto(`/kommune/${municipality}/e-post`);
      expect(await main(app).textContent()).toContain("All e-post er levert");
    }));
});
