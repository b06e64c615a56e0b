import { randomUUID } from "node:crypto";
import net from "node:net";
import { createClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { deliverOutbox } from "../../app/lib/mail/mailer.server";
import { smtpTransport } from "../../app/lib/mail/smtp.server";
import { smtpUrl } from "../../supabase/local/config";
import { pool } from "../support/db";
import { ANON_KEY, SERVICE_ROLE_KEY, SUPABASE_URL } from "../support/env";

// The app's mail path against the local stack: nodemailer over SMTP to the stack's SMTP
// server, which files what it receives in the mailbox, as Inbucket does for `supabase start`.

const SITE = "http://localhost:3000";
const FROM = "Sammen test <ikke-svar@sammen.test>";
const transports: Array<{ close: () => void }> = [];
afterAll(async () => {
  for (const transport of transports) transport.close();
  await pool.end();
});

const service = createClient(SUPABASE_URL, SERVICE_ROLE_KEY, {
  db: { schema: "api" },
  auth: { persistSession: false, autoRefreshToken: false },
});

function transportTo(url: string) {
  const transport = smtpTransport(url, FROM);
  transports.push(transport);
  return transport;
}

type Mail = { recipient: string; subject: string; text: string };
async function mailsTo(email: string): Promise<Mail[]> {
  const response = await fetch(`${SUPABASE_URL}/mailbox/api/messages?${new URLSearchParams({ to: email })}`);
  return (await response.json()) as Mail[];
}

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Mailer runs until a batch comes back short, as the app's mailer runs. */
async function deliverAll(transport: ReturnType<typeof transportTo>) {
  while ((await deliverOutbox(service, transport, SITE)) === 20);
}

describe("mail over SMTP", () => {
  it("goes from the app's transport to the stack's SMTP server and into the mailbox", async () => {
    const to = `${randomUUID()}@example.test`;
    await transportTo(smtpUrl())({ recipient: to, subject: "Prøvesending æøå", text: "Hei!\nDette er en prøve." });
    const [mail] = await mailsTo(to);
    expect(mail).toMatchObject({ recipient: to, subject: "Prøvesending æøå" });
    expect(mail!.text.trim()).toBe("Hei!\nDette er en prøve.");
  });

  it("that cannot be delivered stays in the outbox with its error, and goes when retried", async () => {
    // Addressed to a demo caseworker, so that Kongsberg's admin may see and retry it.
    const recipient = "saksbehandler@kongsberg.sammen.test";
    const target = `Prøveklubb ${randomUUID().slice(0, 8)}`;
    const { rows } = await pool.query<{ id: string }>(
      `insert into app.outbox (recipient, template, payload)
       values ($1, 'invitation', jsonb_build_object('target', $2::text, 'role', 'admin', 'token', 'abc'))
       returning id`,
      [recipient, target],
    );
    const id = Number(rows[0]!.id);
    const outbox = async () =>
      (
        await pool.query(
          "select sent_at, attempts, last_error, next_attempt_at > now() as waiting from app.outbox where id = $1",
          [id],
        )
      ).rows[0];
    const subject = `Invitasjon til ${target} i Sammen`;

    await deliverAll(transportTo(`smtp://127.0.0.1:${await closedPort()}`));
    expect(await outbox()).toMatchObject({
      sent_at: null,
      attempts: 1,
      last_error: expect.stringMatching(/ECONNREFUSED/),
      waiting: true,
    });
    expect((await mailsTo(recipient)).map((mail) => mail.subject)).not.toContain(subject);

    // Not due yet, so a mailer that works does not send it before its time …
    const working = transportTo(smtpUrl());
    await deliverAll(working);
    expect((await outbox()).sent_at).toBeNull();

    // … until an admin says "try again now" on the outgoing-mail page.
    const admin = createClient(SUPABASE_URL, ANON_KEY, {
      db: { schema: "api" },
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const signIn = await admin.auth.signInWithPassword({
      email: "admin@kongsberg.sammen.test",
      password: "Sammen-demo-2026",
    });
    expect(signIn.error).toBeNull();
    const kongsberg = (await pool.query("select id from app.municipalities where name = 'Kongsberg'")).rows[0]!.id;
    const listed = await admin.rpc("undelivered_mail", { municipality_id: kongsberg });
    expect(listed.error).toBeNull();
    expect(listed.data.messages).toContainEqual(
      expect.objectContaining({ id, recipient, attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED/) }),
    );
    const retried = await admin.rpc("retry_mail", { municipality_id: kongsberg, message_id: id });
    expect(retried).toMatchObject({ error: null, data: 1 });

    await deliverAll(working);
    expect(await outbox()).toMatchObject({ sent_at: expect.any(Date), attempts: 2, last_error: null });
    const mail = (await mailsTo(recipient)).find((candidate) => candidate.subject === subject);
    expect(mail?.text).toContain(`${SITE}/invitasjon/abc`);
  });
});
