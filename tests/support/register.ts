/**
 * The organisation numbers the local stack's stand-in for Enhetsregisteret knows
 * (supabase/local/brreg.ts). Numbers are unique in Sammen and the browser tests' fixtures
 * stay, so each is used by one test only.
 */
export const registerNumbers = {
  /** Browser test of the registration form: a clean entity with both addresses. */
  prefill: "991000003",
  /** Browser test of the verification page: konkurs. */
  bankrupt: "991000011",
  /** Database test of the snapshots: 410 Gone, deleted. */
  deleted: "991000038",
  /** Database test of the re-check: under avvikling. */
  liquidation: "991000046",
  /** Browser test of the signer check: roles with daglig leder Kari Marie Nordmann and styreleder Øystein Ås. */
  signerMatch: "991000054",
  /** Browser test of the signer check, the warning (same roles). */
  signerWarning: "991000062",
  /** Database tests of the re-check and the signer check (same roles). */
  roles: "991000070",
} as const;
