import type { GeneratedApi } from "./api/functions.generated";
import { errorFields, log } from "./log.server";
import { checkSigner, type RegisterLookup, type SignerCheck } from "./register";
import type { RegisterClient } from "./register-client.server";

/**
 * What the server does with the register's answers, through the service role's `api`
 * functions (the database makes no HTTP calls): keep a snapshot of each organisation's entry,
 * re-check partner organisations daily, and check an agreement's signer against the roles.
 * Every step tolerates an unavailable register: it leaves what was stored and tries again later.
 * See docs/decisions/014-register-checks.md.
 */

// This client is not typed by ApiFunctions, so its calls name their generated arguments here.
type Args<F extends keyof GeneratedApi> = GeneratedApi[F]["args"];
export type RpcClient = {
  rpc: (fn: string, args: Record<string, unknown>) => PromiseLike<{ data: unknown; error: { message: string } | null }>;
};

async function call(service: RpcClient, fn: keyof GeneratedApi, args: Record<string, unknown>): Promise<unknown> {
  const { data, error } = await service.rpc(fn, args);
  if (error) throw new Error(`${fn}: ${error.message}`);
  return data;
}

/** Stores a lookup's answer; an unavailable register leaves the last snapshot as it was. */
export async function recordLookup(service: RpcClient, organisationId: string, lookup: RegisterLookup) {
  if (lookup.outcome === "unavailable") return;
  const snapshot =
    lookup.outcome === "not_found" ? { outcome: "not_found" } : { outcome: lookup.outcome, ...lookup.entity };
  await call(service, "record_register_snapshot", {
    organisation_id: organisationId,
    snapshot,
  } satisfies Args<"record_register_snapshot">);
}

/** Looks the organisation up and stores what the register said. */
export async function refreshEntry(
  service: RpcClient,
  register: RegisterClient,
  organisation: { id: string; organisation_number: string },
): Promise<RegisterLookup> {
  const lookup = await register.entity(organisation.organisation_number);
  await recordLookup(service, organisation.id, lookup);
  return lookup;
}

const BATCH = 20;

/**
 * The daily re-check: takes batches of due organisations (api.take_register_checks decides
 * which, and when it is night) until a batch comes back short, and stores each answer. Returns
 * how many were looked up.
 */
export async function runRegisterChecks(service: RpcClient, register: RegisterClient, at = new Date()) {
  let checked = 0;
  for (;;) {
    const batch = (await call(service, "take_register_checks", {
      batch_size: BATCH,
      at: at.toISOString(),
    } satisfies Args<"take_register_checks">)) as { organisation_id: string; organisation_number: string }[];
    for (const organisation of batch) {
      const { organisation_id: id, organisation_number } = organisation;
      await refreshEntry(service, register, { id, organisation_number });
    }
    checked += batch.length;
    if (batch.length < BATCH) return checked;
  }
}

/**
 * Compares the organisation's signer of an agreement with the register's people with signing
 * authority and stores the result for the caseworker who countersigns. Never throws: a
 * signature stands whatever the register says.
 */
export async function checkAgreementSigner(
  service: RpcClient,
  register: RegisterClient,
  agreementId: string,
): Promise<SignerCheck | null> {
  try {
    const signer = (await call(service, "signer_to_check", {
      agreement_id: agreementId,
    } satisfies Args<"signer_to_check">)) as { organisation_number: string; signer_name: string } | null;
    if (!signer) return null;
    const check = checkSigner(signer.signer_name, await register.signingAuthority(signer.organisation_number));
    await call(service, "record_signer_check", {
      agreement_id: agreementId,
      ...check,
    } satisfies Args<"record_signer_check">);
    return check;
  } catch (error) {
    log.error("signer_check_failed", errorFields(error));
    return null;
  }
}
