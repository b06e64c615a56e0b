import { createClient } from "@supabase/supabase-js";
import { env } from "../env.server";
import { errorFields, log } from "../log.server";
import { deliverOutbox } from "./mailer.server";
import { defaultSender, smtpTransport } from "./smtp.server";

/**
 * Runs the outbox mailer inside the web server, so that e-mails the database queued go out
 * over SMTP (SMTP_URL): right after an action that queued mail (`deliverMailSoon`) and every
 * few seconds for anything else (the database's own jobs, retries that have come due). Without
 * a service-role key or SMTP_URL (a deployment with a separate mailer) it sends nothing, and
 * the mail waits in the outbox.
 */
const INTERVAL_MS = 5_000;

const service = env.SUPABASE_SERVICE_ROLE_KEY
  ? createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
      db: { schema: "api" },
      auth: { persistSession: false, autoRefreshToken: false },
    })
  : null;
const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL, env.MAIL_FROM ?? defaultSender(env.SITE_URL)) : null;
if (service && !transport)
  log.warn("mail_not_configured", { reason: "SMTP_URL is not set; e-mail stays in the outbox" });

// One run at a time; a request during a run makes one more run after it, for mail queued meanwhile.
let running: Promise<void> | null = null;
let again = false;

export function deliverMailSoon() {
  if (!service || !transport) return;
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    try {
      // Batches of 20: go on while batches come back full.
      while ((await deliverOutbox(service, transport, env.SITE_URL)) === 20);
    } catch (error) {
      log.error("outbox_delivery_failed", errorFields(error));
    } finally {
      running = null;
      if (again) {
        again = false;
        deliverMailSoon();
      }
    }
  })();
}

// The timer must not keep a stopping server alive.
if (service && transport) setInterval(deliverMailSoon, INTERVAL_MS).unref();
