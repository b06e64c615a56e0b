import { z } from "zod";
import { message } from "./forms";
import { inputLimits, textLimits } from "./limits";
import { organisationKinds } from "./organisations";
import {
  digitsOnly,
  isValidBankAccount,
  isValidOrganisationNumber,
  limitedText,
  optionalEmail,
  optionalPhone,
  optionalText,
} from "./validation";

const limits = textLimits.organisations;

/**
 * R1, checked here so that a registration hears of every mistake in one answer; the database
 * checks again (api.register_organisation) and alone knows whether the number is taken.
 */
export const organisationNumberField = z
  .string()
  .trim()
  .max(inputLimits.organisationNumber)
  .refine((typed) => isValidOrganisationNumber(digitsOnly(typed)), message("organisation_number_invalid"));

/**
 * The organisation's own fields, as registration and editing both take them. Every format is
 * checked here, so that one answer names every mistake; the database (api.register_organisation,
 * api.update_organisation) checks the same rules again.
 */
export const organisationFields = z.object({
  name: limitedText(limits.name).min(1, message("name_required")),
  kind: z.enum(organisationKinds),
  description: limitedText(limits.description).default(""),
  contact_email: optionalEmail(limits.contact_email),
  contact_phone: optionalPhone,
  postal_address: limitedText(limits.postal_address).default(""),
  postal_code: optionalText(inputLimits.postalCode).pipe(
    z
      .string()
      .regex(/^\d{4}$/, message("postal_code_invalid"))
      .optional(),
  ),
  postal_town: limitedText(limits.postal_town).default(""),
  // R2: spaces and dots allowed, as people write account numbers.
  bank_account: optionalText(inputLimits.bankAccount).refine(
    (typed) => typed === undefined || isValidBankAccount(digitsOnly(typed)),
    message("bank_account_invalid"),
  ),
});

export const organisationLabels = {
  name: "organisation.name",
  kind: "organisation.kind",
  description: "organisation.description",
  contact_email: "field.contactEmail",
  contact_phone: "field.contactPhone",
  postal_address: "organisation.postalAddress",
  postal_code: "organisation.postalCode",
  postal_town: "organisation.postalTown",
  bank_account: "organisation.bankAccount",
} as const;
