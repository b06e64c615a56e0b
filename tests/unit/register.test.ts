import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  checkSigner,
  namesMatch,
  normaliseName,
  organisationNumberDigits,
  readEntityAnswer,
  readSigningAuthority,
  registrationValues,
  sameName,
} from "../../app/lib/register";
import { registerClient } from "../../app/lib/register-client.server";

// Answers in the shape of data.brreg.no's Enhetsregisteret API (trimmed of fields Sammen ignores).
const address = (line: string, postnummer: string, poststed: string, kommunenummer: string) => ({
  land: "Norge",
  landkode: "NO",
  postnummer,
  poststed,
  adresse: [line],
  kommune: poststed,
  kommunenummer,
});
const enhet = {
  organisasjonsnummer: "912345602",
  navn: "KONGSBERG KLATREKLUBB",
  organisasjonsform: { kode: "FLI", beskrivelse: "Forening/lag/innretning", _links: { self: { href: "x" } } },
  postadresse: address("Postboks 112", "3602", "KONGSBERG", "3303"),
  registreringsdatoEnhetsregisteret: "2015-01-15",
  registrertIMvaregisteret: false,
  naeringskode1: { kode: "93.120", beskrivelse: "Drift av idrettslag og -klubber" },
  forretningsadresse: address("Gamle Gomsrudveg 2", "3616", "KONGSBERG", "3303"),
  registrertIForetaksregisteret: false,
  registrertIStiftelsesregisteret: false,
  registrertIFrivillighetsregisteret: true,
  konkurs: false,
  underAvvikling: false,
  underTvangsavviklingEllerTvangsopplosning: false,
  maalform: "Bokmål",
  _links: { self: { href: "https://data.brreg.no/enhetsregisteret/api/enheter/912345602" } },
};

const person = (fornavn: string, etternavn: string, mellomnavn?: string) => ({
  fodselsdato: "1980-01-01",
  navn: { fornavn, ...(mellomnavn ? { mellomnavn } : {}), etternavn },
  erDoed: false,
});
const roller = {
  rollegrupper: [
    {
      type: { kode: "DAGL", beskrivelse: "Daglig leder/ adm.direktør" },
      sistEndret: "2024-01-01",
      roller: [
        {
          type: { kode: "DAGL", beskrivelse: "Daglig leder/ adm.direktør" },
          person: person("Kari", "Nordmann", "Marie"),
          fratraadt: false,
        },
      ],
    },
    {
      type: { kode: "STYR", beskrivelse: "Styre" },
      roller: [
        { type: { kode: "LEDE", beskrivelse: "Styrets leder" }, person: person("Øystein", "Ås"), fratraadt: false },
        { type: { kode: "MEDL", beskrivelse: "Styremedlem" }, person: person("Per", "Medlem"), fratraadt: false },
        { type: { kode: "LEDE", beskrivelse: "Styrets leder" }, person: person("Siv", "Sluttet"), fratraadt: true },
        { type: { kode: "NEST", beskrivelse: "Nestleder" }, person: { ...person("Død", "Person"), erDoed: true } },
      ],
    },
    {
      type: { kode: "REVI", beskrivelse: "Revisor" },
      roller: [{ type: { kode: "REVI" }, enhet: { organisasjonsnummer: "972412112", navn: ["REVISJON AS"] } }],
    },
    {
      type: { kode: "SIGN", beskrivelse: "Signatur" },
      roller: [{ type: { kode: "SIHV", beskrivelse: "Signatur hver for seg" }, person: person("Åse", "Signe-Berg") }],
    },
  ],
};

describe("an Enhetsregisteret answer", () => {
  test("gives the name, form, both addresses and Frivillighetsregisteret, and no flags for a clean entity", () => {
    expect(readEntityAnswer(200, enhet)).toEqual({
      outcome: "found",
      entity: {
        name: "KONGSBERG KLATREKLUBB",
        form_code: "FLI",
        form_description: "Forening/lag/innretning",
        business_address: {
          lines: ["Gamle Gomsrudveg 2"],
          postal_code: "3616",
          postal_town: "KONGSBERG",
          municipality_number: "3303",
        },
        postal_address: {
          lines: ["Postboks 112"],
          postal_code: "3602",
          postal_town: "KONGSBERG",
          municipality_number: "3303",
        },
        voluntary_register: true,
        bankrupt: false,
        under_liquidation: false,
        forced_liquidation: false,
        deleted_on: null,
      },
    });
  });

  test("flags bankruptcy and liquidation, and reads a missing postal address as none", () => {
    const { postadresse: _, ...withoutPostal } = enhet;
    const answer = readEntityAnswer(200, {
      ...withoutPostal,
      konkurs: true,
      underTvangsavviklingEllerTvangsopplosning: true,
    });
    expect(answer.outcome).toBe("found");
    if (answer.outcome !== "found") return;
    expect(answer.entity).toMatchObject({
      bankrupt: true,
      forced_liquidation: true,
      under_liquidation: false,
      postal_address: null,
    });
  });

  test("reads 410 with its body, and a 200 with slettedato, as deleted", () => {
    const gone = {
      organisasjonsnummer: "991000038",
      navn: "Slettevik Sangkor",
      organisasjonsform: enhet.organisasjonsform,
      slettedato: "2025-03-01",
    };
    for (const status of [410, 200]) {
      const answer = readEntityAnswer(status, gone);
      expect(answer.outcome).toBe("deleted");
      if (answer.outcome === "deleted")
        expect(answer.entity).toMatchObject({ name: "Slettevik Sangkor", deleted_on: "2025-03-01" });
    }
    expect(readEntityAnswer(410, {}).outcome).toBe("deleted");
  });

  test("says not found on 404, and unavailable on other statuses or a body that is not an entity", () => {
    expect(readEntityAnswer(404, null)).toEqual({ outcome: "not_found" });
    expect(readEntityAnswer(500, enhet)).toEqual({ outcome: "unavailable" });
    expect(readEntityAnswer(429, null)).toEqual({ outcome: "unavailable" });
    expect(readEntityAnswer(200, "<html>")).toEqual({ outcome: "unavailable" });
    expect(readEntityAnswer(200, { navn: 42 })).toEqual({ outcome: "unavailable" });
    expect(readEntityAnswer(200, { organisasjonsnummer: "912345602" })).toEqual({ outcome: "unavailable" });
  });

  test("fills the registration form with the name and the postal address, else the business address", () => {
    const found = readEntityAnswer(200, {
      ...enhet,
      postadresse: address("Postboks 5", "3630", "NORE OG UVDAL", "3338"),
    });
    if (found.outcome !== "found") throw new Error("expected found");
    expect(registrationValues(found.entity)).toEqual({
      name: "KONGSBERG KLATREKLUBB",
      postal_address: "Postboks 5",
      postal_code: "3630",
      postal_town: "Nore og Uvdal",
    });
    expect(registrationValues({ ...found.entity, postal_address: null })).toMatchObject({
      postal_address: "Gamle Gomsrudveg 2",
      postal_town: "Kongsberg",
    });
  });
});

describe("the roles answer", () => {
  test("keeps living people who hold a signing role now, and drops board members, the resigned, the dead and entities", () => {
    expect(readSigningAuthority(roller)).toEqual([
      { name: "Kari Marie Nordmann", role: "DAGL", given: ["Kari", "Marie"], family: "Nordmann" },
      { name: "Øystein Ås", role: "LEDE", given: ["Øystein"], family: "Ås" },
      { name: "Åse Signe-Berg", role: "SIHV", given: ["Åse"], family: "Signe-Berg" },
    ]);
  });

  test("keeps no birth date", () => {
    expect(JSON.stringify(readSigningAuthority(roller))).not.toContain("1980");
  });

  test("is null when the body is not the roles' shape, and empty when there are no groups", () => {
    expect(readSigningAuthority({ foo: 1 })).toBeNull();
    expect(readSigningAuthority({ rollegrupper: [] })).toEqual([]);
  });
});

describe("matching the signer's name", () => {
  const holders = readSigningAuthority(roller)!;
  const kari = holders[0]!;

  test("ignores case, accents and the Norwegian letters' spellings", () => {
    expect(normaliseName("  ØYSTEIN   Ås ")).toBe("oystein as");
    expect(normaliseName("Oystein Aas")).toBe("oystein as");
    expect(normaliseName("Åse Signe-Berg")).toBe("ase signe berg");
    expect(normaliseName("Æsa Bjørn-Émile")).toBe("aesa bjorn emile");
    expect(namesMatch("oystein aas", holders[1]!)).toBe(true);
    expect(namesMatch("KARI NORDMANN", kari)).toBe(true);
  });

  test("allows a middle name to be left out, used as the first name or written as an initial", () => {
    expect(namesMatch("Kari Marie Nordmann", kari)).toBe(true);
    expect(namesMatch("Kari Nordmann", kari)).toBe(true);
    expect(namesMatch("Marie Nordmann", kari)).toBe(true);
    expect(namesMatch("Kari M. Nordmann", kari)).toBe(true);
    expect(namesMatch("Nordmann, Kari", kari)).toBe(true);
    expect(namesMatch("Åse Berg", holders[2]!)).toBe(true);
  });

  test("refuses another family name, an extra name the register does not have, or one name alone", () => {
    expect(namesMatch("Kari Hansen", kari)).toBe(false);
    expect(namesMatch("Kari Anne Nordmann", kari)).toBe(false);
    expect(namesMatch("Nordmann", kari)).toBe(false);
    expect(namesMatch("Ola Nordmann", kari)).toBe(false);
  });

  test("says which role matched, or that none did, or that the register could not be asked", () => {
    expect(checkSigner("kari nordmann", holders)).toEqual({
      outcome: "match",
      matched_role: "DAGL",
      role_holders: [
        { name: "Kari Marie Nordmann", role: "DAGL" },
        { name: "Øystein Ås", role: "LEDE" },
        { name: "Åse Signe-Berg", role: "SIHV" },
      ],
    });
    expect(checkSigner("Per Medlem", holders)).toMatchObject({ outcome: "no_match", matched_role: null });
    expect(checkSigner("Per Medlem", null)).toEqual({ outcome: "unavailable", matched_role: null, role_holders: [] });
  });

  test("compares a club's typed name with the register's", () => {
    expect(sameName("Kongsberg Klatreklubb", "KONGSBERG KLATREKLUBB")).toBe(true);
    expect(sameName("Kongsberg Klatreklubb", "Kongsberg Klatreklubb og Buldreklubb")).toBe(false);
  });
});

describe("an organisation number as typed", () => {
  test("R1: is nine digits with a MOD11 check digit, spaces and dots allowed", () => {
    expect(organisationNumberDigits("912 345 602")).toBe("912345602");
    expect(organisationNumberDigits("912.345.602")).toBe("912345602");
    expect(organisationNumberDigits("912345603")).toBeNull();
    expect(organisationNumberDigits("12345602")).toBeNull();
    expect(organisationNumberDigits("91234560a")).toBeNull();
  });
});

describe("the register client", () => {
  let server: http.Server;
  let base: string;
  const requested: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      requested.push(request.url ?? "");
      if (request.url?.endsWith("/991000003")) {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(enhet));
      } else if (request.url?.endsWith("/991000003/roller")) {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(roller));
      } else if (request.url?.endsWith("/991000011")) {
        // Never answers: the client gives up after its timeout.
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  test("asks the API's paths under the base URL and reads the answers", async () => {
    const client = registerClient(base);
    expect((await client.entity("991000003")).outcome).toBe("found");
    expect(await client.signingAuthority("991000003")).toHaveLength(3);
    expect(await client.entity("991000020")).toEqual({ outcome: "not_found" });
    expect(requested).toContain("/enhetsregisteret/api/enheter/991000003");
    expect(requested).toContain("/enhetsregisteret/api/enheter/991000003/roller");
  });

  test("gives up after its timeout and when nothing listens, as unavailable", async () => {
    const started = Date.now();
    expect(await registerClient(base, 200).entity("991000011")).toEqual({ outcome: "unavailable" });
    expect(Date.now() - started).toBeLessThan(2_000);
    const closed = registerClient("http://127.0.0.1:9");
    expect(await closed.entity("991000003")).toEqual({ outcome: "unavailable" });
    expect(await closed.signingAuthority("991000003")).toBeNull();
  });
});
