import type pg from "pg";
import { HttpError, sendJson, type Handler } from "./http";

export type Mail = { recipient: string; subject: string; text: string; html?: string };
export type StoredMail = Mail & { id: number; sentAt: string };

/** Keeps every e-mail the stack's SMTP server receives, for people at /mailbox and for tests. */
export class Mailbox {
  constructor(private readonly pool: pg.Pool) {}

  async send(mail: Mail): Promise<number> {
    const { rows } = await this.pool.query(
      "insert into local_mailbox.messages (recipient, subject, text_body, html_body) values ($1, $2, $3, $4) returning id",
      [mail.recipient, mail.subject, mail.text, mail.html ?? null],
    );
    return Number(rows[0].id);
  }

  async list(recipient?: string, limit = 100): Promise<StoredMail[]> {
    const { rows } = await this.pool.query(
      `select id, recipient, subject, text_body, html_body, sent_at from local_mailbox.messages
        where $1::text is null or lower(recipient) = lower($1) order by id desc limit $2`,
      [recipient ?? null, limit],
    );
    return rows.map(toMail);
  }

  async get(id: number): Promise<StoredMail | undefined> {
    const { rows } = await this.pool.query(
      "select id, recipient, subject, text_body, html_body, sent_at from local_mailbox.messages where id = $1",
      [id],
    );
    return rows[0] ? toMail(rows[0]) : undefined;
  }
}

const toMail = (row: Record<string, unknown>): StoredMail => ({
  id: Number(row.id),
  recipient: String(row.recipient),
  subject: String(row.subject),
  text: String(row.text_body),
  html: row.html_body ? String(row.html_body) : undefined,
  sentAt: new Date(row.sent_at as string).toISOString(),
});

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const linkify = (text: string) =>
  escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ccc}
pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}a{color:#0b5394}</style></head>
<body><main>${body}</main></body></html>`;

/**
 * GET  /mailbox                 the messages, newest first (?to= filters)
 * GET  /mailbox/<id>            one message, its links clickable
 * GET  /mailbox/api/messages    the same as JSON (?to=)
 * Mail arrives only over SMTP (smtp.ts), the way it leaves the app in production.
 */
export const handleMailbox: Handler = async (request, response, url, { mailbox }) => {
  const to = url.searchParams.get("to") ?? undefined;
  const rest = url.pathname.replace(/^\/mailbox\/?/, "");

  if (rest === "api/messages" && request.method === "GET") {
    return sendJson(response, 200, await mailbox.list(to));
  }
  if (request.method !== "GET") throw new HttpError(405, { message: "Method not allowed" });

  if (rest === "") {
    const mails = await mailbox.list(to);
    const rows = mails
      .map(
        (m) =>
          `<tr><td>${escapeHtml(new Date(m.sentAt).toLocaleString("nb-NO", { timeZone: "Europe/Oslo" }))}</td>` +
          `<td>${escapeHtml(m.recipient)}</td><td><a href="/mailbox/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
      )
      .join("");
    const html = page(
      "Innboks – lokal e-post",
      `<h1>Innboks</h1><p>E-post som den lokale stakken har sendt. Ingenting her forlater maskinen.</p>` +
        (mails.length
          ? `<table><thead><tr><th scope="col">Sendt</th><th scope="col">Til</th><th scope="col">Emne</th></tr></thead><tbody>${rows}</tbody></table>`
          : "<p>Ingen e-post ennå.</p>"),
    );
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return void response.end(html);
  }

  const mail = /^\d+$/.test(rest) ? await mailbox.get(Number(rest)) : undefined;
  if (!mail) throw new HttpError(404, { message: "No such message" });
  // Whatever reaches the SMTP port is shown, so HTML goes into a sandbox without scripts.
  const body = mail.html
    ? `<iframe sandbox title="${escapeHtml(mail.subject)}" style="width:100%;min-height:30rem;border:1px solid #ccc" srcdoc="${escapeHtml(mail.html)}"></iframe>`
    : `<pre>${linkify(mail.text)}</pre>`;
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(
    page(
      mail.subject,
      `<p><a href="/mailbox">← Innboks</a></p><h1>${escapeHtml(mail.subject)}</h1><p>Til: ${escapeHtml(mail.recipient)}</p>${body}`,
    ),
  );
};
