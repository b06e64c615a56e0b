import { afterAll, describe, expect, it } from "vitest";
import { inRollback, make, pool, queryAs, refusedAs, type Db } from "../support/db";

afterAll(() => pool.end());

const queue = async (db: Db, recipient: string, template = "invitation") =>
  Number(
    (
      await db.query<{ id: string }>(
        "insert into app.outbox (recipient, template, payload) values ($1, $2, '{}') returning id",
        [recipient, template],
      )
    ).rows[0]!.id,
  );

const take = async (db: Db) =>
  (await queryAs<{ t: Array<{ id: number }> }>(db, "service_role", "select api.take_outbox(10) as t")).rows[0]!.t.map(
    (m) => m.id,
  );

const state = async (db: Db, id: number) =>
  (
    await db.query(
      `select sent_at is not null as sent, attempts, last_error,
              round(extract(epoch from next_attempt_at - last_attempt_at)) as wait_seconds
         from app.outbox where id = $1`,
      [id],
    )
  ).rows[0];

describe("the outbox", () => {
  it("hands each due message to one mailer run, and keeps a failed one with its error for a later try", () =>
    inRollback(async (db) => {
      await db.query("update app.outbox set sent_at = now()"); // only this test's messages are unsent
      const id = await queue(db, "a@example.test");

      expect(await take(db)).toEqual([id]);
      expect(await take(db)).toEqual([]); // held by the run that took it
      await queryAs(db, "service_role", "select api.report_outbox($1, 'connect ECONNREFUSED 127.0.0.1:25')", [id]);
      expect(await state(db, id)).toMatchObject({
        sent: false,
        attempts: 1,
        last_error: expect.stringMatching(/ECONNREFUSED/),
      });
      expect(await take(db)).toEqual([]); // not again at once

      await db.query("update app.outbox set next_attempt_at = now() - interval '1 second' where id = $1", [id]);
      expect(await take(db)).toEqual([id]);
      await queryAs(db, "service_role", "select api.report_outbox($1)", [id]);
      expect(await state(db, id)).toMatchObject({ sent: true, attempts: 2, last_error: null });
      expect(await take(db)).toEqual([]);
    }));

  it("waits longer after each failure, at most six hours, and never gives a message up", () =>
    inRollback(async (db) => {
      await db.query("update app.outbox set sent_at = now()");
      const id = await queue(db, "b@example.test");
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 12; attempt += 1) {
        await db.query("update app.outbox set next_attempt_at = now() - interval '1 second' where id = $1", [id]);
        expect(await take(db)).toEqual([id]);
        await queryAs(db, "service_role", "select api.report_outbox($1, '451 try later')", [id]);
        waits.push(Number((await state(db, id)).wait_seconds));
      }
      expect(waits.slice(0, 4)).toEqual([60, 120, 240, 480]);
      expect(Math.max(...waits)).toBe(6 * 3600);
      expect(await state(db, id)).toMatchObject({ sent: false, attempts: 12, last_error: "451 try later" });
    }));

  it("shows a municipality's admins the undelivered mail to people of that municipality only, and retries it", () =>
    inRollback(async (db) => {
      const x = await make.municipality(db, "Postkommune X");
      const y = await make.municipality(db, "Postkommune Y");
      const adminX = await make.staff(db, x, "admin");
      const caseworkerX = await make.staff(db, x, "caseworker");
      const caseworkerY = await make.staff(db, y, "caseworker");
      const club = await make.organisation(db, "Postklubben");
      await make.partnership(db, club, x);
      const clubAdmin = await make.member(db, club, "admin");
      const email = async (userId: string) =>
        (await db.query("select email from app.profiles where user_id = $1", [userId])).rows[0]!.email as string;

      const toCaseworkerX = await queue(db, await email(caseworkerX), "claim_submitted");
      const toClub = await queue(db, await email(clubAdmin), "claim_decided");
      const toCaseworkerY = await queue(db, await email(caseworkerY), "claim_submitted");
      await db.query(
        "update app.outbox set attempts = 3, last_error = 'SMTP 550', next_attempt_at = now() + interval '1 hour' where id = any($1)",
        [[toCaseworkerX, toClub, toCaseworkerY]],
      );

      const admin = { userId: adminX };
      const list = (
        await queryAs<{ m: { messages: Array<{ id: number; last_error: string; attempts: number }> } }>(
          db,
          admin,
          "select api.undelivered_mail($1) as m",
          [x],
        )
      ).rows[0]!.m.messages;
      const ids = list.map((m) => m.id);
      expect(ids).toContain(toCaseworkerX);
      expect(ids).toContain(toClub);
      expect(ids).not.toContain(toCaseworkerY);
      expect(list.find((m) => m.id === toClub)).toMatchObject({ last_error: "SMTP 550", attempts: 3 });

      expect((await queryAs(db, admin, "select api.retry_mail($1, $2) as n", [x, toClub])).rows[0]).toEqual({ n: 1 });
      expect(await take(db)).toContain(toClub);
      // Another municipality's message is not this admin's to retry, nor a caseworker's.
      expect((await refusedAs(db, admin, "select api.retry_mail($1, $2)", [x, toCaseworkerY])).code).toBe("PT404");
      expect((await refusedAs(db, { userId: caseworkerX }, "select api.undelivered_mail($1)", [x])).code).toBe("42501");
    }));
});
