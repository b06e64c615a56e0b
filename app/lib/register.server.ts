import { createClient } from "@supabase/supabase-js";
import { env } from "./env.server";
import { errorFields, log } from "./log.server";
import { attempt, limits } from "./rate-limit.server";
import { registrationValues, type RegisterLookup, type RegistrationLookup, type SignerCheck } from "./register";
import { checkAgreementSigner, refreshEntry, runRegisterChecks } from "./register-checks.server";
import { registerClient } from "./register-client.server";
import { supabaseFetch } from "./supabase-fetch.server";
import { sessionKey } from "./viewer-cache.server";

/**
 * This server's link to Enhetsregisteret (BRREG_URL, two seconds at most per lookup) and the
 * service-role client that stores its answers. Without a service-role key the lookups still
 * fill in the registration form, but nothing is stored and the daily re-check does not run.
 *
 * The re-check runs in the web server, as the outbox mailer does: every ten minutes each
 * server asks api.take_register_checks for due organisations, which hands each to one server
 * only and only at night once it has been looked up (docs/decisions/014-register-checks.md).
 */
export const register = registerClient(env.BRREG_URL);

const service = env.SUPABASE_SERVICE_ROLE_KEY
  ? createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
      db: { schema: "api" },
      global: { fetch: supabaseFetch },
      auth: { persistSession: false, autoRefreshToken: false },
    })
  : null;

/**
 * Looks the organisation up and stores the answer. The caller has checked that the person may
 * see the organisation: the service role checks nothing.
 */
export async function refreshRegisterEntry(organisation: {
  id: string;
  organisation_number: string;
}): Promise<RegisterLookup> {
  if (!service) return register.entity(organisation.organisation_number);
  try {
    return await refreshEntry(service, register, organisation);
  } catch (error) {
    log.error("register_snapshot_failed", errorFields(error));
    return { outcome: "unavailable" };
  }
}

/**
 * Looks a number up for the registration form (a valid one: organisationNumberDigits), for a
 * signed-in person, at most so often per session.
 */
export async function lookupForRegistration(request: Request, number: string): Promise<RegistrationLookup> {
  const { refused } = await attempt([[limits.registerLookupPerSession, sessionKey(request) ?? ""]]);
  const lookup: RegisterLookup = refused ? { outcome: "unavailable" } : await register.entity(number);
  return { number, lookup, values: lookup.outcome === "found" ? registrationValues(lookup.entity) : {} };
}

/** After the organisation signed: is the signer in the register's roles? Never throws. */
export async function checkSignerOf(agreementId: string): Promise<SignerCheck | null> {
  return service ? checkAgreementSigner(service, register, agreementId) : null;
}

const INTERVAL_MS = 10 * 60_000;
let running = false;

async function recheck() {
  if (!service || running) return;
  running = true;
  try {
    const checked = await runRegisterChecks(service, register);
    if (checked > 0) log.info("register_rechecked", { organisations: checked });
  } catch (error) {
    log.error("register_recheck_failed", errorFields(error));
  } finally {
    running = false;
  }
}

// The timer must not keep a stopping server alive.
if (service) setInterval(() => void recheck(), INTERVAL_MS).unref();
