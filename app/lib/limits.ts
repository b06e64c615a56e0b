/**
 * The longest text each free-text column of `app` takes, in characters: the one source of the
 * limits that forms and database share. The database holds the same number in a check
 * constraint on the column (tests/db/text-limits.test.ts compares them, so the two cannot
 * drift apart), and forms use it for the field's `maxLength` and their schema's `max`, so a
 * text that is too long is refused at its field with the limit named (R12) before the
 * database sees it. For tags and interests the limit is per tag; for a nomination's reasons,
 * per reason.
 */
export const textLimits = {
  municipalities: { name: 200 },
  profiles: { display_name: 200, email: 320 },
  organisations: { name: 200, description: 2000, contact_email: 320, postal_address: 200, postal_town: 100 },
  partnerships: { status_reason: 2000 },
  invitations: { email: 320 },
  activities: { title: 120, description: 4000, place: 200, adaptations: 2000, adaptation_tags: 40 },
  agreement_templates: { body: 50000 },
  agreements: { covered_fees: 500, municipality_contact: 200, organisation_contact: 200, termination_reason: 2000 },
  agreement_signatures: { signer_name: 200, signer_role: 200 },
  facilitator_namings: { declaration_name: 200 },
  participants: { first_name: 80, contact_name: 120, activity_note: 1000, wishes: 2000, interests: 40 },
  participant_notes: { body: 4000 },
  placements: { evaluation: 4000 },
  placement_followups: { body: 4000 },
  sessions: { cancel_reason: 500 },
  attendance: { note: 500 },
  claims: { description: 1000, decision_reason: 2000, over_limit_reason: 2000, payment_reference: 200 },
  claim_receipts: { file_name: 200 },
  claim_messages: { body: 2000 },
  payment_batches: { payment_reference: 200 },
  prize_rounds: { title: 200, prize_description: 2000 },
  prize_criteria: { title: 200, description: 1000 },
  nominations: { nominator_name: 120, nominator_email: 320, relation: 200, reasons: 2000, screening_reason: 2000 },
  prize_conflicts: { reason: 1000 },
  prize_scores: { comment: 1000 },
  prize_winners: { citation: 2000 },
} as const;

/**
 * Fields whose text is checked by its form rather than its length, so their limit leaves
 * room for how people type them: numbers with spaces and dots (an organisation number
 * "912 345 678", an account "1234.56.78903", a phone "+47 22 33 44 55"), and tags typed as one
 * comma-separated line.
 */
export const inputLimits = {
  organisationNumber: 20,
  bankAccount: 20,
  phone: 20,
  postalCode: 4,
  tagLine: 1000,
} as const;
