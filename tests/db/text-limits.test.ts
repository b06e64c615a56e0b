import { describe, expect, it } from "vitest";
import { textLimits } from "../../app/lib/limits";
import { inRollback, make, refusedAs, type Db } from "../support/db";

/**
 * R12, lengths: every text a person types into a column of `app` has a limit, and the limit
 * the forms use (app/lib/limits.ts) is the one the database checks, read from the catalog.
 */

/** Text columns whose check is a format, which bounds their length too. */
const formatted = new Set([
  "municipalities.municipality_number",
  "organisations.organisation_number",
  "organisations.contact_phone",
  "organisations.postal_code",
  "organisation_private.bank_account",
  "municipalities.payer_account",
  "participants.contact_phone",
  "claim_receipts.content_type",
  "claim_receipts.sha256",
  "audit_events.action",
  "outbox.locale",
  "calendar_feeds.locale",
  "payment_totals.stage",
  "list_totals.list",
  "register_changes.kind",
  "register_snapshots.outcome",
  "signer_checks.outcome",
]);

/** Text columns no person types: written by the system, each with what it holds. */
const written: Record<string, string> = {
  "facilitator_namings.declaration_hash": "SHA-256 of the declaration text",
  "agreement_signatures.text_hash": "SHA-256 of the signed text",
  "agreements.rendered_text": "the template rendered with the terms, each of them limited",
  "agreements.text_hash": "SHA-256 of the rendered text",
  "audit_events.actor_role": "the database role",
  "audit_events.record_id": "a row's key",
  "audit_events.table_name": "a table's name",
  "catalogue_tags.tag": "an activity's tag, limited there",
  "claim_receipts.object_path": "a storage path the app builds",
  "claims.reference": "a number from a sequence",
  "invitations.token_hash": "SHA-256 of a link token",
  "municipality_list.digest": "md5 of the kept municipality list",
  "calendar_feeds.token_hash": "SHA-256 of a link token",
  "reminder_links.token_hash": "SHA-256 of a link token",
  "reminders_sent.subject": "a session's id, or an organisation's id and a week",
  "nominations.confirmation_token_hash": "SHA-256 of a link token",
  "outbox.last_error": "the mailer's error",
  "outbox.recipient": "an address from a limited column",
  "outbox.template": "a template's name",
  "placement_choices.adaptation_tags": "an activity's tags, limited there",
  "placement_choices.title": "an activity's title, limited there",
  "placement_choices.words": "words of an activity's limited texts",
  "rate_limit_windows.bucket": "a limit's name",
  "rate_limit_windows.subject": "an address or account the server counts",
  "register_changes.current_name": "Enhetsregisteret's name of the organisation",
  "register_changes.previous_name": "Enhetsregisteret's earlier name",
  "register_snapshots.form_code": "Enhetsregisteret's code",
  "register_snapshots.form_description": "Enhetsregisteret's text",
  "register_snapshots.name": "Enhetsregisteret's name of the organisation",
  "signer_checks.matched_role": "Enhetsregisteret's role code",
  "signer_checks.signer_name": "the signer's name, copied from the signature, limited there",
};

type Column = { table: string; column: string; type: string; checks: string[] };

async function textColumns(db: Db): Promise<Column[]> {
  const { rows } = await db.query<Column>(
    `select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
            coalesce(array_agg(pg_get_constraintdef(k.oid)) filter (where k.oid is not null), '{}') as checks
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid and c.relkind = 'r'
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'app'
       left join pg_constraint k on k.conrelid = c.oid and k.contype = 'c' and a.attnum = any (k.conkey)
      where a.attnum > 0 and not a.attisdropped
        and (a.atttypid in ('text'::regtype, 'varchar'::regtype, 'text[]'::regtype)
             or (a.atttypid = 'jsonb'::regtype and c.relname = 'nominations' and a.attname = 'reasons'))
      group by c.relname, a.attname, a.atttypid, a.atttypmod
      order by 1, 2`,
  );
  return rows;
}

/** The smallest limit the column's checks put on its length (per element for lists and reasons). */
function checkedLimit({ column, checks }: Column): number | null {
  const patterns = [
    new RegExp(`length\\((?:TRIM\\(BOTH FROM )?${column}\\)\\)? <= (\\d+)`, "g"),
    new RegExp(`app\\.(?:json_)?texts_within\\(${column}, (\\d+)\\)`, "g"),
  ];
  const limits = checks.flatMap((check) => patterns.flatMap((p) => [...check.matchAll(p)].map((m) => Number(m[1]))));
  return limits.length ? Math.min(...limits) : null;
}

const limited = Object.entries(textLimits).flatMap(([table, columns]) =>
  Object.entries(columns).map(([column, limit]) => ({ name: `${table}.${column}`, limit })),
);

describe("text limits (R12)", () => {
  it("R12: the database checks the same length limit the forms use, for every limited column", () =>
    inRollback(async (db) => {
      const columns = new Map((await textColumns(db)).map((column) => [`${column.table}.${column.column}`, column]));
      const checked = limited.map(({ name }) => {
        const column = columns.get(name);
        return { name, limit: column ? checkedLimit(column) : "no such column" };
      });
      expect(checked).toEqual(limited);
    }));

  it("R12: every text column of app is limited, checked for its format, or written only by the system", () =>
    inRollback(async (db) => {
      const accounted = new Set([...limited.map(({ name }) => name), ...formatted, ...Object.keys(written)]);
      const names = (await textColumns(db)).map(({ table, column }) => `${table}.${column}`);
      expect(names.filter((name) => !accounted.has(name))).toEqual([]);
      expect([...accounted].filter((name) => !names.includes(name))).toEqual([]);
    }));

  it("R12: a text one character over its limit is refused by the database, also in tag lists and reasons", () =>
    inRollback(async (db) => {
      const municipality = await make.municipality(db);
      const organisation = await make.organisation(db);
      const round = await make.prizeRound(db, municipality, "open", 2030);
      const nomination = await make.nomination(db, round, organisation);
      const over = (limit: number) => "x".repeat(limit + 1);
      const refusals = [
        await refusedAs(db, "postgres", "update app.organisations set name = $2 where id = $1", [
          organisation,
          over(textLimits.organisations.name),
        ]),
        await refusedAs(
          db,
          "postgres",
          "insert into app.participants (municipality_id, first_name, birth_year, interests) values ($1, 'Ola', 2000, $2)",
          [municipality, ["klatring", over(textLimits.participants.interests)]],
        ),
        await refusedAs(db, "postgres", "update app.nominations set reasons = $2 where id = $1", [
          nomination,
          { criterion: over(textLimits.nominations.reasons) },
        ]),
      ];
      expect(refusals.map((error) => error.code)).toEqual(["23514", "23514", "23514"]);
      // At the limit itself, all is well.
      await db.query("update app.organisations set name = $2 where id = $1", [
        organisation,
        "x".repeat(textLimits.organisations.name),
      ]);
    }));
});
