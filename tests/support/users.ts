import { randomUUID } from "node:crypto";
import { createServerClient } from "@supabase/ssr";
import { createClient } from "@supabase/supabase-js";
import { expect } from "vitest";
import { APP_URL } from "./app";
import type { AppPage } from "./browser";
import { make, withDb } from "./db";
import { ANON_KEY, SERVICE_ROLE_KEY, SUPABASE_URL } from "./env";

/**
 * Fixtures for browser tests: people made through Auth's admin API (as a project's own
 * tooling would), so that a test about something else does not click through sign-up.
 */
export type TestUser = { id: string; email: string; password: string; name: string };

const admin = createClient(SUPABASE_URL, SERVICE_ROLE_KEY, {
  auth: { persistSession: false, autoRefreshToken: false },
});

export function uniqueEmail(prefix = "person") {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export async function createConfirmedUser(fields: Partial<Omit<TestUser, "id">> = {}): Promise<TestUser> {
  const user = { email: uniqueEmail(), password: "et godt passord", name: "Test Testesen", ...fields };
  const { data, error } = await admin.auth.admin.createUser({
    email: user.email,
    password: user.password,
    email_confirm: true,
    user_metadata: { display_name: user.name },
  });
  if (error) throw error;
  return { ...user, id: data.user.id };
}

/**
 * The session cookie as the app under test sets it: global-app.ts serves the production build,
 * where app/lib/cookies.server.ts gives it the `__Host-` prefix and `Secure` (Chromium keeps
 * Secure cookies for http://localhost).
 */
const SESSION_COOKIE = {
  name: "__Host-sammen-auth",
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: true,
} as const;

/**
 * Signs a person in without the form, as epic-stack's Playwright fixture does: a password
 * grant against the stack's Auth, stored by `@supabase/ssr` as app/lib/supabase.server.ts
 * stores it (its encoding and chunking), put into the tab's cookie jar. Then opens `path`.
 * tests/e2e/auth.test.ts signs in through the form.
 */
export async function signIn(app: AppPage, user: Pick<TestUser, "email" | "password">, path = "/") {
  const context = app.page.context();
  await context.clearCookies({ name: /sammen-auth/ });
  await context.addCookies(
    (await sessionCookies(user)).map(({ name, value }) => ({
      name,
      value,
      domain: new URL(APP_URL).hostname,
      path: SESSION_COOKIE.path,
      httpOnly: SESSION_COOKIE.httpOnly,
      secure: SESSION_COOKIE.secure,
      sameSite: "Lax" as const,
    })),
  );
  await app.goto(path);
  expect(await app.page.locator("header").textContent(), "the session cookie was not accepted").toContain(
    "Logget inn som",
  );
}

async function sessionCookies(user: Pick<TestUser, "email" | "password">) {
  const cookies: { name: string; value: string }[] = [];
  const supabase = createServerClient(SUPABASE_URL, ANON_KEY, {
    cookieOptions: SESSION_COOKIE,
    cookies: { getAll: () => [], setAll: (set) => void cookies.push(...set) },
  });
  const { error } = await supabase.auth.signInWithPassword(user);
  if (error) throw error;
  return cookies;
}

type Mail = { id: number; recipient: string; subject: string; text: string; html?: string; sentAt: string };

/** The newest e-mail to `to` (waiting for it to arrive) and the first app link in it. */
export async function latestMail(to: string, subject: string): Promise<Mail & { link: string }> {
  let mail: Mail | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${SUPABASE_URL}/mailbox/api/messages?${new URLSearchParams({ to })}`);
        const mails = (await response.json()) as Mail[];
        mail = mails.find((candidate) => candidate.subject === subject);
        return mail;
      },
      { timeout: 10_000 },
    )
    .toBeDefined();
  const link = mail!.text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`No link in the e-mail "${subject}" to ${to}:\n${mail!.text}`);
  return { ...mail!, link };
}

/** Gives a person roles through the database, as a municipality admin or an invitation would. */
export const roles = {
  async staff(userId: string, municipalityName: string, role: "caseworker" | "admin") {
    return withDb(async (db) => {
      const municipalityId = await make.municipality(db, municipalityName);
      await db.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, $3)", [
        municipalityId,
        userId,
        role,
      ]);
      return municipalityId;
    });
  },
  async member(userId: string, organisationName: string, role: "admin" | "facilitator") {
    return withDb(async (db) => {
      const organisationId = await make.organisation(db, organisationName);
      await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, $3)", [
        organisationId,
        userId,
        role,
      ]);
      return organisationId;
    });
  },
};
