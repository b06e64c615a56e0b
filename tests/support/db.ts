import { randomUUID } from "node:crypto";
import pg from "pg";
import { DATABASE_URL } from "./env";

/**
 * Database tests run each case inside a transaction that is rolled back, so cases neither
 * see nor leave each other's rows. Within it, `actAs` switches to an API role with JWT
 * claims exactly as PostgREST does per request, and `actAs(db, "postgres")` goes back.
 */
export const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
pool.on("error", () => {});

export type Db = pg.PoolClient;
export type Actor = "anon" | "service_role" | "postgres" | { userId: string };

export async function inRollback<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query("begin");
    return await work(db);
  } finally {
    await db.query("rollback").catch(() => {});
    db.release();
  }
}

/** Work on one pooled connection that commits as it goes: for fixtures a browser test must see. */
export async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    return await work(db);
  } finally {
    db.release();
  }
}

export async function actAs(db: Db, actor: Actor) {
  if (actor === "postgres") {
    await db.query("reset role; select set_config('request.jwt.claims', '', true)");
    return;
  }
  const claims =
    typeof actor === "string"
      ? { role: actor }
      : { role: "authenticated", sub: actor.userId, aud: "authenticated", email: `${actor.userId}@example.test` };
  await db.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [
    claims.role,
    JSON.stringify(claims),
  ]);
}

/** Runs `sql` as `actor`, then switches back to the superuser for the next setup step. */
export async function queryAs<R extends pg.QueryResultRow = Record<string, unknown>>(
  db: Db,
  actor: Actor,
  sql: string,
  params: unknown[] = [],
) {
  await actAs(db, actor);
  const result = await db.query<R>(sql, params);
  await actAs(db, "postgres");
  return result;
}

/** Expects `sql` as `actor` to fail; returns the Postgres error. Uses a savepoint to go on. */
export async function refusedAs(db: Db, actor: Actor, sql: string, params: unknown[] = []) {
  await db.query("savepoint refused");
  try {
    await actAs(db, actor);
    await db.query(sql, params);
  } catch (error) {
    await db.query("rollback to savepoint refused");
    await actAs(db, "postgres");
    return error as pg.DatabaseError;
  }
  throw new Error(`Expected this to be refused for ${JSON.stringify(actor)}: ${sql}`);
}

/** Fixture builders (as superuser). */
export const make = {
  async user(db: Db, displayName = "Test Person") {
    const id = randomUUID();
    await db.query(
      `insert into auth.users (id, aud, role, email, raw_user_meta_data, email_confirmed_at, created_at, updated_at)
       values ($1, 'authenticated', 'authenticated', $2, jsonb_build_object('display_name', $3::text), now(), now(), now())`,
      [id, `${id}@example.test`, displayName],
    );
    return id;
  },
  /**
   * A municipality with a number no other municipality has: test files run in parallel and
   * the browser tests' fixtures stay, so a number is drawn at random among the free ones.
   */
  async municipality(db: Db, name = "Testkommune") {
    const { rows } = await db.query<{ id: string }>(
      `insert into app.municipalities (name, municipality_number)
       select $1, number
         from (select lpad((4000 + floor(random() * 6000))::int::text, 4, '0') as number
                 from generate_series(1, 50)) as candidates
        where not exists (select 1 from app.municipalities m where m.municipality_number = candidates.number)
        limit 1
       returning id`,
      [name],
    );
    return rows[0]!.id;
  },
  async staff(db: Db, municipalityId: string, role: "caseworker" | "admin" | "anviser", displayName?: string) {
    const userId = await make.user(db, displayName);
    await db.query("insert into app.staff (municipality_id, user_id, role) values ($1, $2, $3)", [
      municipalityId,
      userId,
      role,
    ]);
    return userId;
  },
  async organisation(db: Db, name = "Testklubben") {
    const { rows } = await db.query<{ id: string }>(
      "insert into app.organisations (organisation_number, name) values ($1, $2) returning id",
      [validOrganisationNumber(), name],
    );
    return rows[0]!.id;
  },
  async member(db: Db, organisationId: string, role: "admin" | "facilitator") {
    const userId = await make.user(db);
    await db.query("insert into app.memberships (organisation_id, user_id, role) values ($1, $2, $3)", [
      organisationId,
      userId,
      role,
    ]);
    return userId;
  },
  async partnership(db: Db, organisationId: string, municipalityId: string, status = "verified") {
    await db.query(
      `insert into app.partnerships (organisation_id, municipality_id, status, status_reason)
       values ($1, $2, $3::app.partnership_status, case when $3 in ('declined', 'suspended') then 'Testgrunn' end)`,
      [organisationId, municipalityId, status],
    );
  },
  async activity(db: Db, organisationId: string, municipalityId: string, fields: Record<string, unknown> = {}) {
    const row = { title: "Klatring", category: "idrett", is_public: true, ...fields };
    const columns = Object.keys(row);
    const { rows } = await db.query<{ id: string }>(
      `insert into app.activities (organisation_id, municipality_id, ${columns.join(", ")})
       values ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(", ")}) returning id`,
      [organisationId, municipalityId, ...Object.values(row)],
    );
    return rows[0]!.id;
  },
  /** A template version for the municipality, with every placeholder. */
  async template(db: Db, municipalityId: string, body = AGREEMENT_TEMPLATE) {
    const { rows } = await db.query<{ id: string }>(
      `insert into app.agreement_templates (municipality_id, version, body)
       values ($1, (select coalesce(max(version), 0) + 1 from app.agreement_templates where municipality_id = $1), $2)
       returning id`,
      [municipalityId, body],
    );
    return rows[0]!.id;
  },
  /**
   * An agreement in the given state, signed as far as that state needs. Uses the latest
   * template of the municipality (made if missing).
   */
  async agreement(
    db: Db,
    municipalityId: string,
    organisationId: string,
    status: "draft" | "awaiting_organisation" | "awaiting_municipality" | "active" = "draft",
    period: { from: string; to: string } = { from: daysFromToday(-180), to: daysFromToday(180) },
  ) {
    const template =
      (
        await db.query<{ id: string }>(
          "select id from app.agreement_templates where municipality_id = $1 order by version desc limit 1",
          [municipalityId],
        )
      ).rows[0]?.id ?? (await make.template(db, municipalityId));
    const { rows } = await db.query<{ id: string }>(
      `insert into app.agreements (municipality_id, organisation_id, template_id, valid_from, valid_to, equipment_cap_ore)
       values ($1, $2, $3, $4, $5, 300000) returning id`,
      [municipalityId, organisationId, template, period.from, period.to],
    );
    const id = rows[0]!.id;
    if (status === "draft") return id;
    await db.query(
      `update app.agreements a set status = 'awaiting_organisation', sent_at = now(),
              rendered_text = app.render_agreement(a), text_hash = encode(extensions.digest(app.render_agreement(a), 'sha256'), 'hex')
        where id = $1`,
      [id],
    );
    if (status === "awaiting_organisation") return id;
    const signer = await make.user(db, "Styreleder");
    await db.query(
      `insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
       select id, 'organisation', $2, 'Styreleder Test', 'Styreleder', text_hash from app.agreements where id = $1`,
      [id, signer],
    );
    await db.query("update app.agreements set status = 'awaiting_municipality' where id = $1", [id]);
    if (status === "awaiting_municipality") return id;
    const caseworker = await make.user(db, "Saksbehandler");
    await db.query(
      `insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
       select id, 'municipality', $2, 'Saks Behandler', 'Saksbehandler', text_hash from app.agreements where id = $1`,
      [id, caseworker],
    );
    await db.query("update app.agreements set status = 'active', activated_at = now() where id = $1", [id]);
    return id;
  },
  async participant(db: Db, municipalityId: string, fields: Record<string, unknown> = {}) {
    const row = { first_name: "Ola", birth_year: 2000, ...fields };
    const columns = Object.keys(row);
    const { rows } = await db.query<{ id: string }>(
      `insert into app.participants (municipality_id, ${columns.join(", ")})
       values ($1, ${columns.map((_, i) => `$${i + 2}`).join(", ")}) returning id`,
      [municipalityId, ...Object.values(row)],
    );
    return rows[0]!.id;
  },
  /** A placement of the participant in an activity covered by the agreement. */
  async placement(
    db: Db,
    participantId: string,
    activityId: string,
    agreementId: string,
    period: { from: string; to: string } = { from: daysFromToday(-60), to: daysFromToday(300) },
  ) {
    const { rows } = await db.query<{ id: string }>(
      `insert into app.placements (participant_id, municipality_id, activity_id, organisation_id, agreement_id,
                                   status, starts_on, ends_on)
       select $1, pa.municipality_id, a.id, a.organisation_id, $3, 'active', $4, $5
       from app.participants pa, app.activities a where pa.id = $1 and a.id = $2 returning id`,
      [participantId, activityId, agreementId, period.from, period.to],
    );
    return rows[0]!.id;
  },
  /**
   * Names a facilitator for an activity the agreement covers (covering it if need be), and
   * optionally has them accept. The naming counts from long before any fixture placement.
   */
  async facilitatorRole(db: Db, agreementId: string, activityId: string, facilitatorId: string, accepted = true) {
    await db.query(
      "insert into app.agreement_activities (agreement_id, activity_id) values ($1, $2) on conflict do nothing",
      [agreementId, activityId],
    );
    await db.query(
      `insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, named_at, accepted_at,
                                            declaration_name, declaration_hash)
       values ($1, $2, $3, now() - interval '2 years', case when $4 then now() - interval '2 years' end,
               case when $4 then 'Test' end, case when $4 then 'hash' end)`,
      [agreementId, activityId, facilitatorId, accepted],
    );
  },
  async session(db: Db, activityId: string, onDate: string) {
    const { rows } = await db.query<{ id: string }>(
      "insert into app.sessions (activity_id, on_date, starts_at, ends_at) values ($1, $2, '17:00', '19:00') returning id",
      [activityId, onDate],
    );
    return rows[0]!.id;
  },
  /**
   * A claim for the placement, in the given state (no checks: a fixture, not a use case). An
   * approved claim is payable, as after a one-step approval, unless `approved_by` names who
   * approved it: then it waits for an anviser (R13).
   */
  async claim(
    db: Db,
    placementId: string,
    status = "draft",
    fields: {
      kind?: string;
      amount_ore?: number;
      period_start?: string;
      period_end?: string;
      purchase_date?: string;
      approved_by?: string;
    } = {},
  ) {
    const kind = fields.kind ?? "kontingent";
    const { rows } = await db.query<{ id: string }>(
      `insert into app.claims (municipality_id, organisation_id, placement_id, agreement_id, kind, status, amount_ore,
                               period_start, period_end, purchase_date, submitted_at, decided_at, decided_by, authorised_at)
       select p.municipality_id, p.organisation_id, p.id, p.agreement_id, $2::app.claim_kind, $3::app.claim_status, $4,
              $5::date, $6::date, $7::date, case when $3::app.claim_status <> 'draft' then now() end,
              case when $8::uuid is not null then now() end, $8::uuid,
              case when $3::app.claim_status in ('approved', 'paid') and $8::uuid is null then now() end
       from app.placements p where p.id = $1 returning id`,
      [
        placementId,
        kind,
        status,
        fields.amount_ore ?? 50000,
        kind === "utstyr" ? null : (fields.period_start ?? daysFromToday(-30)),
        kind === "utstyr" ? null : (fields.period_end ?? daysFromToday(-1)),
        kind === "utstyr" ? (fields.purchase_date ?? daysFromToday(-5)) : null,
        fields.approved_by ?? null,
      ],
    );
    return rows[0]!.id;
  },
  async receipt(db: Db, claimId: string, sha256 = "a".repeat(64)) {
    const { rows } = await db.query<{ id: string }>(
      `insert into app.claim_receipts (claim_id, object_path, file_name, content_type, size_bytes, sha256)
       select c.id, c.organisation_id || '/' || c.id || '/' || gen_random_uuid() || '.pdf', 'kvittering.pdf',
              'application/pdf', 1000, $2 from app.claims c where c.id = $1 returning id`,
      [claimId, sha256],
    );
    return rows[0]!.id;
  },
  async budget(
    db: Db,
    municipalityId: string,
    kind: string,
    amountOre: number,
    year = Number(daysFromToday(0).slice(0, 4)),
  ) {
    await db.query("insert into app.budgets (municipality_id, year, kind, amount_ore) values ($1, $2, $3, $4)", [
      municipalityId,
      year,
      kind,
      amountOre,
    ]);
  },
  /** A prize round with two criteria (weights 2 and 1). */
  async prizeRound(db: Db, municipalityId: string, status: string, year: number) {
    const { rows } = await db.query<{ id: string }>(
      `insert into app.prize_rounds (municipality_id, year, title, status, opens_at, closes_at)
       values ($1, $2::int, 'Inkluderingsprisen ' || $2::text, $3::app.round_status,
               case when $3::text = 'open' then now() - interval '1 day' else now() - interval '60 days' end,
               case when $3::text = 'open' then now() + interval '30 days' else now() - interval '1 day' end)
       returning id`,
      [municipalityId, year, status],
    );
    const id = rows[0]!.id;
    await db.query(
      `insert into app.prize_criteria (round_id, position, title, weight)
       values ($1, 1, 'Åpenhet for alle', 2), ($1, 2, 'Varig deltakelse', 1)`,
      [id],
    );
    return id;
  },
  async nomination(
    db: Db,
    roundId: string,
    organisationId: string,
    fields: { email?: string; status?: string; token?: string; confirmed?: boolean } = {},
  ) {
    const { rows } = await db.query<{ id: string }>(
      `insert into app.nominations (round_id, organisation_id, nominator_name, nominator_email, reasons, status,
                                    confirmation_token_hash, confirmed_at)
       values ($1, $2, 'Nora Nominator', $3, '{"x": "Fordi"}', $4::app.screening_status,
               case when $5::text is null then null else app.token_hash($5::text) end,
               case when $6 then now() end) returning id`,
      [
        roundId,
        organisationId,
        fields.email ?? `${randomUUID()}@example.test`,
        fields.status ?? "submitted",
        fields.token ?? null,
        fields.confirmed ?? true,
      ],
    );
    return rows[0]!.id;
  },
  /** An open invitation whose link token is `token`. */
  async invitation(db: Db, email: string, organisationId: string, role: "admin" | "facilitator", token: string) {
    await db.query(
      `insert into app.invitations (email, organisation_id, member_role, token_hash) values ($1, $2, $3, app.token_hash($4))`,
      [email, organisationId, role, token],
    );
  },
};

/** An Oslo calendar date relative to today, as YYYY-MM-DD. */
export function daysFromToday(days: number): string {
  const oslo = new Date(new Date().toLocaleString("en-US", { timeZone: "Europe/Oslo" }));
  oslo.setDate(oslo.getDate() + days);
  return `${oslo.getFullYear()}-${String(oslo.getMonth() + 1).padStart(2, "0")}-${String(oslo.getDate()).padStart(2, "0")}`;
}

export const AGREEMENT_TEMPLATE = `Samarbeidsavtale mellom {{kommune}} og {{organisasjon}}
Periode: {{periode}}
Kontingent som dekkes: {{kontingent}}
Utstyr per deltaker per år: inntil {{utstyrstak}}
Godtgjørelse per tiltak: {{godtgjorelse}}
Kontaktpersoner: {{kontakt_kommune}} og {{kontakt_organisasjon}}`;

/** A random 9-digit number with a valid MOD11 check digit (R1). */
export function validOrganisationNumber(): string {
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const body = Array.from({ length: 8 }, (_, i) =>
      i === 0 ? 8 + Math.floor(Math.random() * 2) : Math.floor(Math.random() * 10),
    );
    const remainder = 11 - (body.reduce((sum, digit, i) => sum + digit * weights[i]!, 0) % 11);
    const check = remainder === 11 ? 0 : remainder;
    if (check !== 10) return `${body.join("")}${check}`;
  }
}
