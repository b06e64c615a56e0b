import { z } from "zod";

/**
 * Enhetsregisteret (Brønnøysundregistrene's register of legal entities) as Sammen uses it:
 * its open API's answers read into our shape, the people with signing authority in its roles,
 * and the name comparisons that tell a caseworker whether what a club typed matches the register.
 * The server asks the register (register-client.server.ts); pages only show what it said.
 */

export type RegisterAddress = {
  lines: string[];
  postal_code: string | null;
  postal_town: string | null;
  municipality_number: string | null;
};

export type RegisterEntity = {
  /** Null only for a deleted entity whose answer left it out. */
  name: string | null;
  form_code: string | null;
  form_description: string | null;
  business_address: RegisterAddress | null;
  postal_address: RegisterAddress | null;
  /** registrertIFrivillighetsregisteret */
  voluntary_register: boolean;
  bankrupt: boolean;
  under_liquidation: boolean;
  forced_liquidation: boolean;
  deleted_on: string | null;
};

/**
 * The digits of an organisation number as typed ("912 345 602", "912.345.602"), or null when
 * it is not nine digits with a valid MOD11 check digit (R1; the database checks it again).
 */
export function organisationNumberDigits(typed: string): string | null {
  const digits = typed.replace(/[\s.]/g, "");
  if (!/^\d{9}$/.test(digits)) return null;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const remainder = weights.reduce((sum, weight, i) => sum + weight * Number(digits[i]), 0) % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check === Number(digits[8]) ? digits : null;
}

/** One lookup: the register answered with the entity, said it is deleted or unknown, or could not be asked. */
export type RegisterLookup =
  { outcome: "found" | "deleted"; entity: RegisterEntity } | { outcome: "not_found" } | { outcome: "unavailable" };

/** A lookup for the registration form: the number looked up, the answer and the fields it fills in. */
export type RegistrationLookup = { number: string; lookup: RegisterLookup; values: Record<string, string> };

/** What the database keeps of the last answer (app.register_snapshots). */
export type RegisterSnapshot = RegisterEntity & { outcome: "found" | "not_found" | "deleted"; fetched_at: string };

export type RegisterChangeKind = "bankrupt" | "liquidation" | "deleted" | "name_changed";

export type RegisterChange = {
  id: number;
  kind: RegisterChangeKind;
  detected_at: string;
  previous_name: string | null;
  current_name: string | null;
  organisation: { id: string; name: string; organisation_number: string };
};

const address = z
  .object({
    adresse: z.array(z.string()).nullish(),
    postnummer: z.string().nullish(),
    poststed: z.string().nullish(),
    kommunenummer: z.string().nullish(),
  })
  .transform((a): RegisterAddress => ({
    lines: (a.adresse ?? []).map((line) => line.trim()).filter(Boolean),
    postal_code: a.postnummer ?? null,
    postal_town: a.poststed ?? null,
    municipality_number: a.kommunenummer ?? null,
  }));

// Only the fields Sammen uses; the register sends many more, and a field it leaves out is false or empty.
const enhet = z.object({
  navn: z.string().trim().min(1).nullish(),
  organisasjonsform: z.object({ kode: z.string().nullish(), beskrivelse: z.string().nullish() }).nullish(),
  forretningsadresse: address.nullish(),
  postadresse: address.nullish(),
  registrertIFrivillighetsregisteret: z.boolean().nullish(),
  konkurs: z.boolean().nullish(),
  underAvvikling: z.boolean().nullish(),
  underTvangsavviklingEllerTvangsopplosning: z.boolean().nullish(),
  slettedato: z.string().nullish(),
});

/**
 * Reads an answer of `GET /enhetsregisteret/api/enheter/{orgnr}`: 200 with the entity, 410
 * with what is left of a deleted one (a 200 may also carry `slettedato`), 404 for an unknown
 * number. Anything else, or a body that is not the entity, counts as the register unavailable.
 */
export function readEntityAnswer(status: number, body: unknown): RegisterLookup {
  if (status === 404) return { outcome: "not_found" };
  if (status !== 200 && status !== 410) return { outcome: "unavailable" };
  const parsed = enhet.safeParse(body);
  if (!parsed.success) return { outcome: "unavailable" };
  const e = parsed.data;
  const deleted = status === 410 || Boolean(e.slettedato);
  if (!deleted && !e.navn) return { outcome: "unavailable" };
  return {
    outcome: deleted ? "deleted" : "found",
    entity: {
      name: e.navn ?? null,
      form_code: e.organisasjonsform?.kode ?? null,
      form_description: e.organisasjonsform?.beskrivelse ?? null,
      business_address: e.forretningsadresse ?? null,
      postal_address: e.postadresse ?? null,
      voluntary_register: e.registrertIFrivillighetsregisteret ?? false,
      bankrupt: e.konkurs ?? false,
      under_liquidation: e.underAvvikling ?? false,
      forced_liquidation: e.underTvangsavviklingEllerTvangsopplosning ?? false,
      deleted_on: e.slettedato ?? null,
    },
  };
}

/** A person holding a role in the entity: their full name as the register writes it, and the role's code. */
export type RoleHolder = { name: string; role: string; given: string[]; family: string };

/**
 * The roles that let a person sign for the entity: daglig leder, styrets leder, signatur
 * (alone, jointly, each for themselves) and prokura (the same three). A board member alone does not.
 */
export const signingRoles = ["DAGL", "LEDE", "SIGN", "SIFE", "SIHV", "PROK", "POFE", "POHV"] as const;

const rolle = z.object({
  type: z.object({ kode: z.string() }),
  person: z
    .object({
      navn: z.object({ fornavn: z.string().nullish(), mellomnavn: z.string().nullish(), etternavn: z.string() }),
      erDoed: z.boolean().nullish(),
    })
    .nullish(),
  fratraadt: z.boolean().nullish(),
  avregistrert: z.boolean().nullish(),
});
const roller = z.object({ rollegrupper: z.array(z.object({ roller: z.array(z.unknown()) })) });

/**
 * Reads `GET /enhetsregisteret/api/enheter/{orgnr}/roller` into the living people who hold a
 * signing role now. Roles held by another entity (an auditor, a parent company) and roles
 * the answer does not spell out are left out; nothing else of the person (their birth date) is kept.
 * Null when the body is not the roles' shape.
 */
export function readSigningAuthority(body: unknown): RoleHolder[] | null {
  const parsed = roller.safeParse(body);
  if (!parsed.success) return null;
  const holders: RoleHolder[] = [];
  for (const group of parsed.data.rollegrupper) {
    for (const candidate of group.roller) {
      const role = rolle.safeParse(candidate);
      if (!role.success) continue;
      const { type, person, fratraadt, avregistrert } = role.data;
      if (!person || person.erDoed || fratraadt || avregistrert) continue;
      if (!(signingRoles as readonly string[]).includes(type.kode)) continue;
      const { fornavn, mellomnavn, etternavn } = person.navn;
      const given = [fornavn, mellomnavn].filter((part): part is string => Boolean(part?.trim()));
      holders.push({ name: [...given, etternavn].join(" "), role: type.kode, given, family: etternavn });
    }
  }
  return holders;
}

/**
 * A name as letters only, for comparing: lower case, accents dropped (é → e) and the Norwegian
 * letters as people write them without a Norwegian keyboard (ø → o, æ → ae, å and aa → a), so
 * "Øystein Ås", "OYSTEIN AAS" and "oystein as" compare equal.
 */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/aa/g, "a")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const words = (name: string) => normaliseName(name).split(" ").filter(Boolean);

/** The signer as written, with "Nordmann, Kari" read as "Kari Nordmann". */
function signerWords(signer: string): string[] {
  const [family, given] = signer.split(",", 2);
  return words(given === undefined ? signer : `${given} ${family}`);
}

/**
 * Whether a typed name is the role holder's: the same family name (its last word, for double
 * names), and every other word one of their names (a middle name may be left out or used as
 * the first name) or an initial of one. Case and accents do not count.
 */
export function namesMatch(signer: string, holder: Pick<RoleHolder, "given" | "family">): boolean {
  const typed = signerWords(signer);
  const family = words(holder.family);
  const all = [...holder.given.flatMap(words), ...family];
  if (typed.length < 2 || family.length === 0 || typed.at(-1) !== family.at(-1)) return false;
  return typed
    .slice(0, -1)
    .every((word) => all.includes(word) || (word.length === 1 && all.some((name) => name.startsWith(word))));
}

export type SignerCheck = {
  outcome: "match" | "no_match" | "unavailable";
  matched_role: string | null;
  role_holders: { name: string; role: string }[];
};

/** Compares the organisation's signer with the people who hold signing authority (null: the register could not be asked). */
export function checkSigner(signer: string, holders: RoleHolder[] | null): SignerCheck {
  if (!holders) return { outcome: "unavailable", matched_role: null, role_holders: [] };
  const match = holders.find((holder) => namesMatch(signer, holder));
  return {
    outcome: match ? "match" : "no_match",
    matched_role: match?.role ?? null,
    role_holders: holders.map(({ name, role }) => ({ name, role })),
  };
}

/** Whether the name a club typed is the register's, case, accents and spacing aside. */
export const sameName = (typed: string, registered: string) => normaliseName(typed) === normaliseName(registered);

/** An address on one line: "Storgata 1, 3616 KONGSBERG". */
export function addressLine(address: RegisterAddress | null): string {
  if (!address) return "";
  const place = [address.postal_code, address.postal_town].filter(Boolean).join(" ");
  return [...address.lines, place].filter(Boolean).join(", ");
}

// Lower-case words of place names ("Nore og Uvdal").
const smallWords = new Set(["og", "i", "på"]);

/** The register's upper-case place names the way the form shows them: "NORE OG UVDAL" → "Nore og Uvdal". */
export function placeName(town: string): string {
  return town
    .toLowerCase()
    .split(" ")
    .map((word, index) => (index > 0 && smallWords.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(" ");
}

/**
 * What the registration form can take from the register: the name, and the postal address
 * (the business address when there is none). The organisation's form and addresses are shown beside it.
 */
export function registrationValues(entity: RegisterEntity): Record<string, string> {
  const values: Record<string, string> = {};
  if (entity.name) values.name = entity.name;
  const address = entity.postal_address ?? entity.business_address;
  if (address) {
    values.postal_address = address.lines.join(", ");
    values.postal_code = address.postal_code ?? "";
    values.postal_town = address.postal_town ? placeName(address.postal_town) : "";
  }
  return values;
}
