import { createClient } from "@supabase/supabase-js";
import { describe, expect, test } from "vitest";
import { browserForFile, inTab } from "../support/browser";
import { make, pool } from "../support/db";
import { ANON_KEY, SUPABASE_URL } from "../support/env";
import { createConfirmedUser, roles, signIn } from "../support/users";

const browser = browserForFile(() => pool.end());

/** A caseworker at the participant's edit form, and a colleague in their own client who can edit it too. */
async function twoCaseworkers() {
  const user = await createConfirmedUser({ name: "Saga Saksbehandler" });
  const municipalityId = await roles.staff(user.id, "Versjonsvik", "caseworker");
  const colleague = await createConfirmedUser({ name: "Kim Kollega" });
  await pool.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')", [
    municipalityId,
    colleague.id,
  ]);
  const db = await pool.connect();
  const participant = await make
    .participant(db, municipalityId, { first_name: "Live", birth_year: 2011 })
    .finally(() => db.release());
  const other = createClient(SUPABASE_URL, ANON_KEY, {
    db: { schema: "api" },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  expect(
    (await other.auth.signInWithPassword({ email: colleague.email, password: colleague.password })).error,
  ).toBeNull();
  return { user, other, participant, path: `/kommune/${municipalityId}/deltakere/${participant}` };
}

describe("no lost updates in the participant's edit form", () => {
  test("R12: an edit made from a stale version is refused: the form shows what the colleague saved, keeps the input and saves on the second try", () =>
    inTab(browser(), async (app) => {
      const { user, other, participant, path } = await twoCaseworkers();
      await signIn(app, user, `${path}/endre`);
      await app.page.getByLabel("Ønsker").fill("Vil synge i kor");

      // Meanwhile the colleague saves from the same version.
      const saved = await other.rpc("update_participant", {
        participant_id: participant,
        base_version: 1,
        first_name: "Live",
        birth_year: 2011,
        wishes: "Vil spille fotball",
      });
      expect(saved.error).toBeNull();

      await app.page.getByRole("button", { name: "Lagre endringene" }).click();
      const summary = app.page.getByRole("heading", { name: "Skjemaet har feil som må rettes" });
      await expect.poll(() => summary.isVisible()).toBe(true);
      const text = await app.page.locator("main").textContent();
      expect(text).toContain("Kim Kollega lagret endringer");
      expect(text).toContain("Det du skrev er beholdt, men ikke lagret.");
      expect(text).toContain("Ønsker: Vil spille fotball");
      expect(await app.page.getByLabel("Ønsker").inputValue()).toBe("Vil synge i kor");
      await app.expectAccessible();

      await app.page.getByLabel("Ønsker").fill("Vil spille fotball og synge i kor");
      await app.page.getByRole("button", { name: "Lagre endringene" }).click();
      await app.arrive(path);
      await app.expectAccessible();
      expect(await app.page.locator("main").textContent()).toContain("Vil spille fotball og synge i kor");
      const { rows } = await pool.query("select wishes, version from app.participants where id = $1", [participant]);
      expect(rows[0]).toEqual({ wishes: "Vil spille fotball og synge i kor", version: 3 });
    }));
});
