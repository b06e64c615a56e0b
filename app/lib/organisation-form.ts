import { z } from "zod";
import { message } from "./forms";
import { organisationKinds } from "./organisations";
import { optionalText } from "./validation";

/**
 * The organisation's own fields, as registration and editing both take them. R1 and R2 are
 * checked by the database (api.register_organisation, api.update_organisation), whose
 * refusals land at these fields.
 */
export const organisationFields = z.object({
  name: z.string().trim().min(1, message("name_required")),
  kind: z.enum(organisationKinds),
  description: z.string().trim().max(2000).default(""),
  contact_email: optionalText,
  contact_phone: optionalText,
  postal_address: z.string().trim().default(""),
  postal_code: optionalText,
  postal_town: z.string().trim().default(""),
  bank_account: optionalText,
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
