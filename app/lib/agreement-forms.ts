import { z } from "zod";
import type { AgreementTerms } from "./agreements";
import { message } from "./forms";
import { textLimits } from "./limits";
import { kronerAmount, limitedText } from "./validation";

const limits = textLimits.agreements;

/**
 * The terms a caseworker sets on a new agreement and while it is a draft: one schema and one
 * set of labels for both forms. Amounts are typed in kroner and sent in øre (R11).
 */
export const termsFields = {
  valid_from: z.iso.date(message("date_required")),
  valid_to: z.iso.date(message("date_required")),
  covered_fees: limitedText(limits.covered_fees).default(""),
  equipment_cap: kronerAmount("amount_invalid"),
  compensation: kronerAmount("amount_invalid"),
  municipality_contact: limitedText(limits.municipality_contact).default(""),
  organisation_contact: limitedText(limits.organisation_contact).default(""),
};

export const termsLabels = {
  valid_from: "agreementField.validFrom",
  valid_to: "agreementField.validTo",
  covered_fees: "agreementField.coveredFees",
  equipment_cap: "agreementField.equipmentCap",
  compensation: "agreementField.compensation",
  municipality_contact: "agreementField.municipalityContact",
  organisation_contact: "agreementField.organisationContact",
} as const;

type ParsedTerms = { [K in keyof typeof termsFields]: z.output<(typeof termsFields)[K]> };

/** The parsed form as the arguments of api.create_agreement / api.update_agreement. */
export function termsArgs(terms: ParsedTerms) {
  return {
    valid_from: terms.valid_from,
    valid_to: terms.valid_to,
    covered_fees: terms.covered_fees,
    equipment_cap_ore: terms.equipment_cap,
    compensation_ore: terms.compensation,
    municipality_contact: terms.municipality_contact,
    organisation_contact: terms.organisation_contact,
  };
}

/** Øre as a caseworker would type the kroner again: 300000 → "3000", 125050 → "1250,50". */
function kronerInput(ore: number): string {
  return ore % 100 === 0 ? String(ore / 100) : (ore / 100).toFixed(2).replace(".", ",");
}

/** A draft's saved terms as the form's starting values. */
export function termsDefaults(period: { valid_from: string; valid_to: string }, terms: AgreementTerms) {
  return {
    ...period,
    covered_fees: terms.covered_fees,
    equipment_cap: kronerInput(terms.equipment_cap_ore),
    compensation: kronerInput(terms.compensation_ore),
    municipality_contact: terms.municipality_contact,
    organisation_contact: terms.organisation_contact,
  };
}
