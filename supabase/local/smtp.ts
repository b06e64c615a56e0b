import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import type { Mailbox } from "./mailbox";

/**
 * The stack's SMTP server: what Inbucket/Mailpit is for `supabase start`. It accepts any
 * message (and any login, so an SMTP_URL with a user and password works too), parses it and
 * files it in the mailbox once per envelope recipient. Plain SMTP on 127.0.0.1 only: no TLS,
 * so clients do not try STARTTLS against a certificate they cannot check.
 */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export type SmtpServer = { port: number; stop: () => Promise<void> };

export async function startSmtpServer(mailbox: Mailbox, port: number): Promise<SmtpServer> {
  const server = new SMTPServer({
    name: "sammen-local-mailbox",
    banner: "Sammen local mailbox (nothing leaves this machine)",
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    // Mailers keep pooled connections open; stopping the stack must not wait for them.
    closeTimeout: 500,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? "local" }),
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then(async (parsed) => {
          if (stream.sizeExceeded)
            throw Object.assign(new Error("Message exceeds the size limit"), { responseCode: 552 });
          const html = typeof parsed.html === "string" ? parsed.html : undefined;
          for (const recipient of session.envelope.rcptTo) {
            await mailbox.send({
              recipient: recipient.address,
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html,
            });
          }
        })
        .then(() => callback(), callback);
    },
  });
  server.on("error", (error) => console.error("[smtp]", error));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  return {
    port: address && typeof address === "object" ? address.port : port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SendMail = (mail: { to: string; subject: string; text: string }) => Promise<void>;

/** How the local Auth sends its e-mails: over SMTP, as GoTrue does with GOTRUE_SMTP_*. */
export function smtpSender(url: string, from: { name: string; address: string }) {
  const transport = nodemailer.createTransport({ url, connectionTimeout: 5_000, greetingTimeout: 5_000 });
  const send: SendMail = async (mail) => {
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
  };
  return { send, close: () => transport.close() };
}
