import { createHash } from "node:crypto";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { renderAgreementPdf } from "../../app/lib/agreement-pdf.server";
import type { AgreementArchiveEntry } from "../../app/lib/agreements";
import { agreementArchiveZip, yearArchiveZip } from "../../app/lib/archive-package.server";
import { archiveTitle, arkivmelding } from "../../app/lib/arkivmelding";
import type { Supabase } from "../../app/lib/supabase.server";
import { readXml, validateXml } from "../support/xmllint";

const XSD = join(__dirname, "../fixtures/xsd/arkivmelding/arkivmelding.xsd");
const validate = (xml: string) => validateXml(XSD, xml);

const textHash = "ab".repeat(32);

const entry = (fields: Partial<AgreementArchiveEntry> = {}): AgreementArchiveEntry => ({
  id: "00000000-0000-4000-8000-000000000001",
  status: "active",
  valid_from: "2026-01-01",
  valid_to: "2026-12-31",
  created_at: "2025-12-01T09:00:00Z",
  sent_at: "2025-12-02T09:00:00Z",
  activated_at: "2025-12-31T23:30:00Z",
  municipality: { id: "m", name: "Kongsberg", number: "3303" },
  organisation: { id: "o", name: 'Ski & Tur <Numedal> "IL"', organisation_number: "916163630" },
  text: "Partene er enige om dette.",
  text_hash: textHash,
  signatures: [
    {
      party: "organisation",
      signer_name: "Åse Ødegård",
      signer_role: "Styreleder",
      signed_at: "2025-12-10T10:00:00Z",
      text_hash: textHash,
    },
    {
      party: "municipality",
      signer_name: "Siri Saksbehandler",
      signer_role: "Saksbehandler",
      signed_at: "2025-12-31T23:30:00Z",
      text_hash: textHash,
    },
  ],
  activities: [],
  ...fields,
});

const pdfFile = { fileName: "samarbeidsavtale-Ski-Tur-Numedal-IL-.pdf", sha256: "cd".repeat(32), size: 1234 };
const sent = new Date("2026-01-05T08:00:00Z");
const AM = "/arkivmelding/mappe";
const JP = `${AM}/registrering`;

describe("the arkivmelding of a signed agreement (Noark 5, arkivmelding v2)", () => {
  test("is valid against the arkivmelding schema and holds the title, the parties, the dates and the document", () => {
    const xml = arkivmelding(entry(), pdfFile, sent);
    const verdict = validate(xml);
    expect(verdict.messages).toContain("validates");
    expect(verdict.valid).toBe(true);

    const title = 'Samarbeidsavtale – Ski & Tur <Numedal> "IL" – Kongsberg kommune';
    expect(archiveTitle(entry())).toBe(title);
    expect(readXml(xml, `${AM}/tittel`)).toEqual([title]);
    expect(readXml(xml, `${JP}/tittel`)).toEqual([title]);
    // The parties: the club with its organisation number, the municipality as the archive's own side.
    expect(readXml(xml, `${JP}/korrespondansepart/korrespondansepartNavn`)).toEqual([
      'Ski & Tur <Numedal> "IL"',
      "Kongsberg kommune",
    ]);
    expect(readXml(xml, `${JP}/korrespondansepart/organisasjonid`)).toEqual(["916163630"]);
    expect(readXml(xml, `${JP}/korrespondansepart/korrespondanseparttype/kode`)).toEqual(["EM", "IA"]);
    expect(readXml(xml, `${JP}/korrespondansepart/kontaktperson`)).toEqual(["Åse Ødegård"]);
    expect(readXml(xml, `${JP}/korrespondansepart/saksbehandler`)).toEqual(["Siri Saksbehandler"]);
    // The dates: signed by the municipality at 00:30 on 1 January in Oslo, so in 2026's journal.
    expect(readXml(xml, `${JP}/journalaar`)).toEqual(["2026"]);
    expect(readXml(xml, `${JP}/dokumentetsDato`)).toEqual(["2026-01-01"]);
    expect(readXml(xml, `${JP}/mottattDato`)).toEqual(["2025-12-10T10:00:00.000Z"]);
    const facts = `${JP}/virksomhetsspesifikkeMetadata/samarbeidsavtale`;
    expect(readXml(xml, `${facts}/gyldigFra`)).toEqual(["2026-01-01"]);
    expect(readXml(xml, `${facts}/gyldigTil`)).toEqual(["2026-12-31"]);
    expect(readXml(xml, `${facts}/tekstSjekksumSHA256`)).toEqual([textHash]);
    expect(readXml(xml, `${facts}/signatur/signert`)).toEqual(["2025-12-10T10:00:00.000Z", "2025-12-31T23:30:00.000Z"]);
    // The document: the PDF by its name in the package, its checksum and size.
    const object = `${JP}/dokumentbeskrivelse/dokumentobjekt`;
    expect(readXml(xml, `${JP}/dokumentbeskrivelse/dokumenttype/kode`)).toEqual(["AVTALE"]);
    expect(readXml(xml, `${object}/referanseDokumentfil`)).toEqual([pdfFile.fileName]);
    expect(readXml(xml, `${object}/sjekksum`)).toEqual([pdfFile.sha256]);
    expect(readXml(xml, `${object}/sjekksumAlgoritme`)).toEqual(["SHA256"]);
    expect(readXml(xml, `${object}/filstoerrelse`)).toEqual(["1234"]);
    expect(readXml(xml, "/arkivmelding/antallFiler")).toEqual(["1"]);
    // Names are text in the message, never markup.
    expect(xml).toContain('<korrespondansepartNavn>Ski &amp; Tur &lt;Numedal&gt; "IL"</korrespondansepartNavn>');
  });

  test("the schema check can fail: a message that breaks the schema is refused", () => {
    const xml = arkivmelding(entry(), pdfFile, sent);
    expect(validate(xml.replace("<antallFiler>1</antallFiler>", "<antallFiler>en</antallFiler>")).valid).toBe(false);
    expect(validate(xml.replace(/<tittel>[^<]*<\/tittel>/, "")).valid).toBe(false);
  });
});

describe("the archive package (ZIP)", () => {
  // The storage answers with the PDF the parties stored.
  const storedPdf = renderAgreementPdf(entry());
  const storage = {
    storage: {
      from: () => ({ download: async () => ({ data: new Blob([Buffer.from(await storedPdf)]), error: null }) }),
    },
  } as unknown as Supabase;

  test("holds the stored PDF byte for byte and an arkivmelding with its SHA-256 and size", async () => {
    const files = unzipSync(await agreementArchiveZip(storage, entry(), sent));
    const pdf = await storedPdf;
    expect(Object.keys(files).sort()).toEqual(["arkivmelding.xml", "samarbeidsavtale-Ski-Tur-Numedal-IL-.pdf"]);
    expect(files["samarbeidsavtale-Ski-Tur-Numedal-IL-.pdf"]).toEqual(pdf);
    const xml = strFromU8(files["arkivmelding.xml"]!);
    expect(validate(xml).valid).toBe(true);
    const object = `${JP}/dokumentbeskrivelse/dokumentobjekt`;
    expect(readXml(xml, `${object}/sjekksum`)).toEqual([createHash("sha256").update(pdf).digest("hex")]);
    expect(readXml(xml, `${object}/filstoerrelse`)).toEqual([String(pdf.length)]);
  });

  test("a year's package has a folder for each agreement", async () => {
    const second = entry({
      id: "00000000-0000-4000-8000-000000000002",
      organisation: { id: "p", name: "Kongsberg Klatreklubb", organisation_number: "986652930" },
      activated_at: "2026-03-04T10:00:00Z",
    });
    const zip = await yearArchiveZip(storage, {
      municipality: { id: "m", name: "Kongsberg" },
      year: 2026,
      agreements: [entry(), second],
    });
    const files = Object.keys(unzipSync(zip)).filter((name) => !name.endsWith("/"));
    expect(files.sort()).toEqual([
      "2026-01-01-Ski-Tur-Numedal-IL--00000000/arkivmelding.xml",
      "2026-01-01-Ski-Tur-Numedal-IL--00000000/samarbeidsavtale-Ski-Tur-Numedal-IL-.pdf",
      "2026-03-04-Kongsberg-Klatreklubb-00000000/arkivmelding.xml",
      "2026-03-04-Kongsberg-Klatreklubb-00000000/samarbeidsavtale-Kongsberg-Klatreklubb.pdf",
    ]);
  });
});
