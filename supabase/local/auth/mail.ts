import { createHash, randomInt } from "node:crypto";
import { SITE_URL } from "../config";
import type { SendMail } from "../smtp";
import { AuthError } from "./errors";
import { settings } from "./settings";

/**
 * The e-mails GoTrue sends (internal/api/mail.go), with this project's templates: links to
 * the app's /auth/confirm route carrying the token hash, as the @supabase/ssr guide
 * recommends, so the app verifies them on the server with verifyOtp({ token_hash, type }).
 * They go out over SMTP (GOTRUE_SMTP_*), locally to the stack's own SMTP server.
 */
export type LinkType = "signup" | "recovery" | "invite" | "email_change";

/** What GoTrue stores for a new one-time code, and puts in links: hex(sha224(email + otp)). */
export function newTokenHash(email: string) {
  const otp = String(randomInt(0, 1_000_000)).padStart(6, "0");
  return createHash("sha224").update(`${email}${otp}`).digest("hex");
}

/** GoTrue's validateSentWithinFrequencyLimit, per user and kind of e-mail. */
export function assertMayResend(sentAt: Date | null, now: Date) {
  if (!sentAt) return;
  const left = sentAt.getTime() + settings.emailMaxFrequencySeconds * 1000 - now.getTime();
  if (left > 0) {
    throw new AuthError(
      429,
      "over_email_send_rate_limit",
      `For security purposes, you can only request this after ${Math.floor(left / 1000)} seconds.`,
    );
  }
}

/** The path on the site that the link should lead on to; anything off the site goes to "/". */
function nextPath(redirectTo: string | null): string {
  if (!redirectTo) return "/";
  try {
    const target = new URL(redirectTo);
    return target.origin === new URL(SITE_URL).origin ? `${target.pathname}${target.search}${target.hash}` : "/";
  } catch {
    return "/";
  }
}

export function confirmLink(type: LinkType, tokenHash: string, redirectTo: string | null) {
  const query = new URLSearchParams({ token_hash: tokenHash, type, next: nextPath(redirectTo) });
  return `${SITE_URL}/auth/confirm?${query}`;
}

const validity = "Lenken virker i én time.";

const templates: Record<LinkType, { subject: string; text: (link: string, newEmail?: string) => string }> = {
  signup: {
    subject: "Bekreft e-postadressen din",
    text: (link) =>
      `Velkommen til Sammen. Bekreft e-postadressen din for å fullføre registreringen:\n\n${link}\n\n` +
      `${validity} Har du ikke registrert deg, kan du se bort fra denne e-posten.\n`,
  },
  recovery: {
    subject: "Tilbakestill passordet ditt",
    text: (link) =>
      `Vi fikk en forespørsel om å tilbakestille passordet ditt i Sammen. Velg et nytt passord her:\n\n${link}\n\n` +
      `${validity} Har du ikke bedt om dette, kan du se bort fra denne e-posten.\n`,
  },
  invite: {
    subject: "Du er invitert til Sammen",
    text: (link) =>
      `Du er invitert til Sammen, portalen for fritid med bistand. Godta invitasjonen og velg et passord:\n\n${link}\n\n` +
      `${validity}\n`,
  },
  email_change: {
    subject: "Bekreft ny e-postadresse",
    text: (link, newEmail) =>
      `Vi fikk en forespørsel om å endre e-postadressen din i Sammen til ${newEmail}. Bekreft endringen her:\n\n${link}\n\n` +
      `${validity} Har du ikke bedt om dette, kan du se bort fra denne e-posten.\n`,
  },
};

/** GoTrue's words when the SMTP server refuses (internal/api/mail.go). */
const sendFailures: Record<LinkType, string> = {
  signup: "Error sending confirmation email",
  recovery: "Error sending recovery email",
  invite: "Error sending invite email",
  email_change: "Error sending email change email",
};

export async function sendLinkMail(
  send: SendMail,
  mail: { to: string; type: LinkType; tokenHash: string; redirectTo: string | null; newEmail?: string },
) {
  const template = templates[mail.type];
  const link = confirmLink(mail.type, mail.tokenHash, mail.redirectTo);
  try {
    await send({ to: mail.to, subject: template.subject, text: template.text(link, mail.newEmail) });
  } catch (error) {
    console.error("[auth] SMTP:", error instanceof Error ? error.message : error);
    throw new AuthError(500, "unexpected_failure", sendFailures[mail.type]);
  }
}
