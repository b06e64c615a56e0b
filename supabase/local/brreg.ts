import type { Handler } from "./http";
import { HttpError, sendJson } from "./http";

/**
 * A small stand-in for Enhetsregisteret's open API (data.brreg.no), under /brreg, with the
 * real answers' JSON shape: `GET /brreg/enhetsregisteret/api/enheter/{orgnr}` (200, 404, or
 * 410 with a body for a deleted entity) and `…/{orgnr}/roller`. It knows the demo seed's
 * organisations and a few test numbers; `npm run dev` and the tests point BRREG_URL here.
 */
const PREFIX = "/brreg/enhetsregisteret/api";

type Address = { lines: string[]; postalCode: string; town: string; municipality: [number: string, name: string] };
type Person = { first: string; middle?: string; last: string };
type Role = { group: "DAGL" | "STYR" | "SIGN" | "PROK"; code: string; person: Person; resigned?: boolean };
type Entry = {
  name: string;
  form?: [code: string, description: string];
  business: Address;
  postal?: Address;
  voluntary?: boolean;
  bankrupt?: boolean;
  liquidation?: boolean;
  deletedOn?: string;
  roles?: Role[];
};

const kongsberg: Address["municipality"] = ["3303", "KONGSBERG"];
const asker: Address["municipality"] = ["3203", "ASKER"];
const street = (line: string, postalCode: string, town: string, municipality: Address["municipality"]): Address => ({
  lines: [line],
  postalCode,
  town,
  municipality,
});
const inKongsberg = (line: string) => street(line, "3616", "KONGSBERG", kongsberg);
const inAsker = (line: string) => street(line, "1384", "ASKER", asker);

const groupNames = { DAGL: "Daglig leder/ adm.direktør", STYR: "Styre", SIGN: "Signatur", PROK: "Prokura" };
const roleNames: Record<string, string> = {
  DAGL: "Daglig leder/ adm.direktør",
  LEDE: "Styrets leder",
  NEST: "Nestleder",
  MEDL: "Styremedlem",
  SIGN: "Signatur",
  PROK: "Prokura",
};

/** The demo seed's organisations (supabase/seed.sql): registered, in Frivillighetsregisteret, no flags. */
const demo: Record<string, Entry> = Object.fromEntries(
  (
    [
      ["915000371", "Kongsberg Turn", inKongsberg("Hallvegen 2")],
      ["915000746", "Kongsberg Golfklubb", inKongsberg("Golfvegen 10")],
      ["915001483", "Kongsberg Mannskor", inKongsberg("Kirkegata 4")],
      ["915001858", "Jazzkoret Kongsberg", inKongsberg("Kirkegata 6")],
      ["915002226", "Kongsberg Teaterlag", inKongsberg("Storgata 20")],
      ["915002595", "Kongsberg Turlag", inKongsberg("Skolegata 3")],
      ["915002978", "Kongsberg Svømmeklubb", inKongsberg("Badeparken 1")],
      ["915003338", "Kongsberg Dansestudio", inKongsberg("Storgata 40")],
      ["915003702", "Kongsberg Malerforening", inKongsberg("Nymoens torg 1")],
      ["915004075", "Kongsberg Sjakklubb", inKongsberg("Kirkegata 8")],
      [
        "915004458",
        "Numedal Hundekjørerlag",
        street("Numedalsvegen 300", "3630", "RØDBERG", ["3338", "NORE OG UVDAL"]),
      ],
      ["915004814", "Kongsberg Tennisklubb", inKongsberg("Idrettsvegen 5")],
      ["915005187", "Kongsberg Spinnvill", inKongsberg("Idrettsvegen 7")],
      ["915005551", "Kongsberg Fotoklubb", inKongsberg("Storgata 12")],
      ["915005926", "Asker Klatreklubb", inAsker("Føyka 1")],
      ["915006299", "Asker Golfklubb", inAsker("Golfvegen 1")],
      ["915006663", "Asker Bowlingklubb", inAsker("Torvveien 3")],
      ["915007031", "Asker Teaterlag", inAsker("Kulturhuset 1")],
      ["915007406", "Asker Turlag", inAsker("Drammensveien 100")],
      ["915007775", "Asker Musikkorps", inAsker("Kulturhuset 2")],
      ["915008143", "Asker Evergreenkor", inAsker("Kulturhuset 3")],
      ["915008518", "Asker Svømmeklubb", inAsker("Føyka 3")],
      ["915008887", "Asker Volleyballklubb", inAsker("Føyka 5")],
      ["915009255", "Asker Fotballklubb", inAsker("Føyka 7")],
      ["915009638", "Asker Kunstforening", inAsker("Kulturhuset 4")],
      ["915009999", "Asker Ridesenter", inAsker("Ridevegen 1")],
      ["915010369", "Asker Sjakklubb", inAsker("Torvveien 5")],
      ["915010733", "Asker Skiklubb", inAsker("Føyka 9")],
      ["915011101", "Asker Matklubb", inAsker("Torvveien 7")],
      ["915011470", "Kongsberg Modellflyklubb", inKongsberg("Flyplassvegen 1")],
      ["915011845", "Asker Brettspillklubb", inAsker("Torvveien 9")],
      ["915012213", "Asker Roklubb", inAsker("Strandveien 1")],
    ] as const
  ).map(([number, name, business]) => [number, { name, business, voluntary: true }]),
);

const entries: Record<string, Entry> = {
  ...demo,
  // The demo club that matches cleanly, with the demo leader as board chair (she signed its agreement).
  "912345602": {
    name: "Kongsberg Klatreklubb",
    business: inKongsberg("Gamle Gomsrudveg 2"),
    postal: street("Postboks 112", "3602", "KONGSBERG", kongsberg),
    voluntary: true,
    roles: [
      { group: "STYR", code: "LEDE", person: { first: "Lena", last: "Leder" } },
      { group: "STYR", code: "MEDL", person: { first: "Tor", last: "Tilrettelegger" } },
    ],
  },
  // The demo club the register flags: being wound up.
  "915001114": {
    name: "Kongsberg Bowlingklubb",
    business: inKongsberg("Bowlingsenteret, Storgata 30"),
    voluntary: true,
    liquidation: true,
  },
  // Test numbers (tests/support/register.ts names them).
  "991000003": {
    name: "Oppslagsvik Idrettslag",
    business: street("Idrettsveien 1", "3050", "MJØNDALEN", ["3312", "LIER"]),
    postal: street("Postboks 40", "3051", "MJØNDALEN", ["3312", "LIER"]),
    voluntary: true,
  },
  "991000011": {
    name: "Konkursvik Sportsklubb",
    business: inKongsberg("Konkursveien 1"),
    voluntary: false,
    bankrupt: true,
  },
  "991000038": {
    name: "Slettevik Sangkor",
    business: inKongsberg("Sangveien 1"),
    deletedOn: "2025-03-01",
  },
  "991000046": {
    name: "Avviklingsvik Ballklubb",
    business: inAsker("Avviklingsveien 2"),
    voluntary: true,
    liquidation: true,
  },
  "991000054": signingClub("Signaturvik Turlag"),
  "991000062": signingClub("Signaturvik Padleklubb"),
  "991000070": signingClub("Registervik Roklubb"),
};

function signingClub(name: string): Entry {
  return {
    name,
    business: inKongsberg("Signaturveien 1"),
    voluntary: true,
    roles: [
      { group: "DAGL", code: "DAGL", person: { first: "Kari", middle: "Marie", last: "Nordmann" } },
      { group: "STYR", code: "LEDE", person: { first: "Øystein", last: "Ås" } },
      { group: "STYR", code: "MEDL", person: { first: "Per", last: "Medlem" } },
      { group: "STYR", code: "MEDL", person: { first: "Siv", last: "Sluttet" }, resigned: true },
      { group: "SIGN", code: "SIGN", person: { first: "Åse", last: "Signe" } },
    ],
  };
}

const formOf = (entry: Entry, base: string) => {
  const [kode, beskrivelse] = entry.form ?? ["FLI", "Forening/lag/innretning"];
  return { kode, beskrivelse, _links: { self: { href: `${base}/organisasjonsformer/${kode}` } } };
};

const addressJson = (address: Address) => ({
  land: "Norge",
  landkode: "NO",
  postnummer: address.postalCode,
  poststed: address.town,
  adresse: address.lines,
  kommune: address.municipality[1],
  kommunenummer: address.municipality[0],
});

function entityJson(number: string, entry: Entry, base: string) {
  const self = { self: { href: `${base}/enheter/${number}` } };
  if (entry.deletedOn) {
    return {
      organisasjonsnummer: number,
      navn: entry.name,
      organisasjonsform: formOf(entry, base),
      slettedato: entry.deletedOn,
      _links: self,
    };
  }
  return {
    organisasjonsnummer: number,
    navn: entry.name,
    organisasjonsform: formOf(entry, base),
    ...(entry.postal ? { postadresse: addressJson(entry.postal) } : {}),
    registreringsdatoEnhetsregisteret: "2015-01-15",
    registrertIMvaregisteret: false,
    naeringskode1: { kode: "93.120", beskrivelse: "Drift av idrettslag og -klubber" },
    forretningsadresse: addressJson(entry.business),
    registrertIForetaksregisteret: false,
    registrertIStiftelsesregisteret: false,
    registrertIFrivillighetsregisteret: entry.voluntary ?? false,
    konkurs: entry.bankrupt ?? false,
    underAvvikling: entry.liquidation ?? false,
    underTvangsavviklingEllerTvangsopplosning: false,
    maalform: "Bokmål",
    _links: self,
  };
}

function rolesJson(number: string, entry: Entry, base: string) {
  const roles = entry.roles ?? [];
  const groups = [...new Set(roles.map((role) => role.group))];
  return {
    rollegrupper: groups.map((group) => ({
      type: {
        kode: group,
        beskrivelse: groupNames[group],
        _links: { self: { href: `${base}/roller/rollegruppetyper/${group}` } },
      },
      sistEndret: "2025-01-10",
      roller: roles
        .filter((role) => role.group === group)
        .map((role, index) => ({
          type: {
            kode: role.code,
            beskrivelse: roleNames[role.code],
            _links: { self: { href: `${base}/roller/rolletyper/${role.code}` } },
          },
          person: {
            navn: {
              fornavn: role.person.first,
              ...(role.person.middle ? { mellomnavn: role.person.middle } : {}),
              etternavn: role.person.last,
            },
            erDoed: false,
          },
          fratraadt: role.resigned ?? false,
          rekkefolge: index,
        })),
    })),
    _links: { enhet: { href: `${base}/enheter/${number}` } },
  };
}

export const handleBrreg: Handler = async (request, response, url) => {
  if (request.method !== "GET") throw new HttpError(405, { message: "Method not allowed" });
  const match = new RegExp(`^${PREFIX}/enheter/([^/]+)(/roller)?$`).exec(url.pathname);
  if (!match) throw new HttpError(404, { message: "no Route matched with those values" });
  const [, number, roles] = match;
  if (!/^\d{9}$/.test(number!)) {
    return sendJson(response, 400, { status: 400, error: "Bad Request", message: "Ugyldig organisasjonsnummer" });
  }
  const base = `${url.origin}${PREFIX}`;
  const entry = entries[number!];
  if (!entry) return sendJson(response, 404, { status: 404, error: "Not Found", path: url.pathname });
  if (roles) return sendJson(response, 200, rolesJson(number!, entry, base));
  return sendJson(response, entry.deletedOn ? 410 : 200, entityJson(number!, entry, base));
};
