import nodemailer from "nodemailer";
import type { Transport } from "./mailer.server";

/**
 * The outbox's transport: nodemailer over SMTP to the server SMTP_URL names, the same in
 * development (the local stack's SMTP server) and in production (the municipality's or an
 * e-mail provider's). Connections are pooled; a refused or timed-out delivery rejects, and
 * the outbox keeps the message for a later attempt.
 */
export function smtpTransport(smtpUrl: string, from: string): Transport & { close: () => void } {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const send: Transport = async (mail) => {
    await transporter.sendMail({
      from,
      to: mail.recipient,
      subject: mail.subject,
      text: mail.text,
      // RFC 3834: automatic mail, so that out-of-office replies do not answer it.
      headers: { "Auto-Submitted": "auto-generated", ...unsubscribeHeaders(mail.unsubscribe) },
    });
  };
  return Object.assign(send, { close: () => transporter.close() });
}

/**
 * RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that posts
 * `List-Unsubscribe=One-Click` to the address, without opening a page (the reminders).
 */
export function unsubscribeHeaders(url: string | undefined): Record<string, string> {
  return url ? { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {};
}

/** "Sammen <ikke-svar@example.no>" for a site at example.no, when MAIL_FROM is not set. */
export function defaultSender(siteUrl: string) {
  return `Sammen <ikke-svar@${new URL(siteUrl).hostname}>`;
}
