import { createClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { make, pool } from "../support/db";
import { ANON_KEY, SUPABASE_URL } from "../support/env";
import { createConfirmedUser } from "../support/users";

// Two caseworkers, each in their own signed-in supabase-js client, edit the same participant.

afterAll(() => pool.end());

async function signedInCaseworker(municipality: string, name: string) {
  const user = await createConfirmedUser({ name });
  await pool.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, 'caseworker')", [
    municipality,
    user.id,
  ]);
  const supabase = createClient(SUPABASE_URL, ANON_KEY, {
    db: { schema: "api" },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
  expect(error).toBeNull();
  return supabase;
}

type Client = Awaited<ReturnType<typeof signedInCaseworker>>;

async function loadedVersion(client: Client, participant: string) {
  const { data, error } = await client.rpc("participant_page", { participant_id: participant });
  expect(error).toBeNull();
  return (data as { participant: { version: number } }).participant.version;
}

const save = (client: Client, participant: string, base_version: number, wishes: string) =>
  client.rpc("update_participant", {
    participant_id: participant,
    base_version,
    first_name: "Ola",
    birth_year: 2010,
    wishes,
  });

describe("no lost updates, two clients", () => {
  it("R12: an edit made from a stale version is refused: the second of two clients' saves keeps the first one's values", async () => {
    const db = await pool.connect();
    const municipality = await make.municipality(db, "To klienter");
    const participant = await make.participant(db, municipality, { first_name: "Ola", birth_year: 2010 });
    db.release();
    const first = await signedInCaseworker(municipality, "Første Saksbehandler");
    const second = await signedInCaseworker(municipality, "Andre Saksbehandler");

    // Both open the edit form on the same version.
    const version = await loadedVersion(first, participant);
    expect(await loadedVersion(second, participant)).toBe(version);

    expect((await save(first, participant, version, "Vil spille fotball")).error).toBeNull();
    const refused = await save(second, participant, version, "Vil synge i kor");
    expect(refused.error?.message).toBe("stale_version");
    const params = JSON.parse(refused.error!.hint) as { version: number; changes: Record<string, unknown>; by: string };
    expect(params).toMatchObject({
      version: version + 1,
      changes: { wishes: "Vil spille fotball" },
      by: "Første Saksbehandler",
    });
    const kept = await pool.query("select wishes, version from app.participants where id = $1", [participant]);
    expect(kept.rows[0]).toEqual({ wishes: "Vil spille fotball", version: version + 1 });

    // Having seen the other's change, the second saves again from the new version.
    expect((await save(second, participant, params.version, "Vil spille fotball og synge i kor")).error).toBeNull();
    const merged = await pool.query("select wishes from app.participants where id = $1", [participant]);
    expect(merged.rows[0]!.wishes).toBe("Vil spille fotball og synge i kor");
  });
});
