import { afterAll, describe, expect, it } from "vitest";
import { inRollback, pool, queryAs } from "../support/db";

afterAll(() => pool.end());

describe("the outbox", () => {
  it("hands each unsent message to one mailer run, and retries a failed one later, at most five times", () =>
    inRollback(async (db) => {
      await db.query("update app.outbox set sent_at = now()"); // only this test's message is unsent
      const { rows } = await db.query<{ id: string }>(
        "insert into app.outbox (recipient, template, payload) values ('a@example.test', 'invitation', '{}') returning id",
      );
      const id = Number(rows[0]!.id);
      const take = async () =>
        (
          await queryAs<{ t: Array<{ id: number }> }>(db, "service_role", "select api.take_outbox(10) as t")
        ).rows[0]!.t.map((m) => m.id);

      expect(await take()).toEqual([id]);
      await queryAs(db, "service_role", "select api.report_outbox($1, 'SMTP 451')", [id]);
      expect(await take()).toEqual([]); // not again within a minute
      await db.query("update app.outbox set last_attempt_at = now() - interval '2 minutes' where id = $1", [id]);
      expect(await take()).toEqual([id]);
      await queryAs(db, "service_role", "select api.report_outbox($1)", [id]);
      const sent = await db.query(
        "select sent_at is not null as sent, attempts, last_error from app.outbox where id = $1",
        [id],
      );
      expect(sent.rows[0]).toEqual({ sent: true, attempts: 2, last_error: null });

      await db.query(
        "update app.outbox set sent_at = null, attempts = 5, last_attempt_at = now() - interval '1 hour' where id = $1",
        [id],
      );
      expect(await take()).toEqual([]);
    }));
});
