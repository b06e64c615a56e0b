import { errorFields, log } from "./log.server";
import { readEntityAnswer, readSigningAuthority, type RegisterLookup, type RoleHolder } from "./register";

/**
 * Asks Enhetsregisteret's open API (`{baseUrl}/enhetsregisteret/api/enheter/{orgnr}` and
 * `…/roller`) from the server, never from the browser. A lookup that fails, is slow or answers
 * in a shape we do not know says so ("unavailable", null) instead of throwing: the register is
 * a help, and nothing in Sammen waits for it longer than `timeoutMs`.
 */
export type RegisterClient = {
  entity: (organisationNumber: string) => Promise<RegisterLookup>;
  /** The people with signing authority, or null when the register could not be asked. */
  signingAuthority: (organisationNumber: string) => Promise<RoleHolder[] | null>;
};

export function registerClient(baseUrl: string, timeoutMs = 2_000): RegisterClient {
  const root = `${baseUrl.replace(/\/+$/, "")}/enhetsregisteret/api/enheter`;

  async function get(path: string): Promise<{ status: number; body: unknown } | null> {
    try {
      const response = await fetch(`${root}/${path}`, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON: the status alone decides (a 404 page, a proxy's error page).
      }
      return { status: response.status, body };
    } catch (error) {
      log.warn("register_lookup_failed", errorFields(error));
      return null;
    }
  }

  return {
    async entity(organisationNumber) {
      if (!/^\d{9}$/.test(organisationNumber)) return { outcome: "not_found" };
      const answer = await get(organisationNumber);
      if (!answer) return { outcome: "unavailable" };
      const lookup = readEntityAnswer(answer.status, answer.body);
      if (lookup.outcome === "unavailable") log.warn("register_lookup_failed", { status: answer.status });
      return lookup;
    },
    async signingAuthority(organisationNumber) {
      if (!/^\d{9}$/.test(organisationNumber)) return null;
      const answer = await get(`${organisationNumber}/roller`);
      if (!answer) return null;
      // An entity without roles (or unknown to the register) has nobody with signing authority.
      if (answer.status === 404) return [];
      return answer.status === 200 ? readSigningAuthority(answer.body) : null;
    },
  };
}
