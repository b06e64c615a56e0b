import type { PartnershipStatus } from "./organisations";

/** The queue's ?status= in Norwegian in the address, the database's status names behind it; pending first. */
export const wordForStatus = {
  pending: "venter",
  verified: "godkjent",
  declined: "avslatt",
  suspended: "suspendert",
} as const satisfies Record<PartnershipStatus, string>;

export const statusByWord = Object.fromEntries(
  Object.entries(wordForStatus).map(([status, word]) => [word, status]),
) as { [S in PartnershipStatus as (typeof wordForStatus)[S]]: S };
