import type { AgreementArchiveEntry, AgreementParty } from "./agreements";
import { formatDate, formatPattern } from "./format";
import { element, xmlDocument, type XmlElement } from "./xml";

/**
 * A signed agreement as a Noark 5 arkivmelding (namespace …/noark5/arkivmelding/v2, the message
 * KS Fiks Arkiv takes in and municipal archive systems import): one case folder (saksmappe)
 * for the agreement, holding one record (journalpost) with the signed PDF as its main
 * document. The codes are from Fiks Arkiv's code lists: dokumenttype AVTALE, journalposttype
 * U (the countersigned agreement goes out to the club), journalstatus J, dokumentstatus F,
 * variantformat P (pdf-lib's PDF is not PDF/A, so not the archive format A), and
 * korrespondanseparttype EM for the club and IA for the municipality, which is the archive's
 * owner and so an internal party. The signing dates, the validity period and the text's hash
 * have no Noark field of their own and go in virksomhetsspesifikkeMetadata, in Sammen's
 * namespace. In bokmål, like the PDF.
 */
export const ARKIVMELDING_NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding/v2";
const SAMMEN_NS = "urn:sammen:samarbeidsavtale";
const SYSTEM = "Sammen";

/** The PDF as the package holds it: its file name there, and what the archive checks it by. */
export type ArchivedFile = { fileName: string; sha256: string; size: number };

const METADATAKATALOG_NS = "http://www.arkivverket.no/standarder/noark5/metadatakatalog/v2";

// A code's value and description are elements of the metadata catalogue's namespace.
const code = (name: string, value: string, description: string) =>
  element(name, null, element("n5mdk:kode", null, value), element("n5mdk:beskrivelse", null, description));

const instant = (value: string) => new Date(value).toISOString();
const osloDate = (value: string) => formatPattern(value, "yyyy-MM-dd");
const externalKey = (key: string) =>
  element("referanseEksternNoekkel", null, element("fagsystem", null, SYSTEM), element("noekkel", null, key));

const partyWords: Record<AgreementParty, string> = { organisation: "organisasjon", municipality: "kommune" };

/** "Samarbeidsavtale – Kongsberg Klatreklubb – Kongsberg kommune": the case's and the record's title. */
export function archiveTitle(agreement: AgreementArchiveEntry): string {
  return `Samarbeidsavtale – ${agreement.organisation.name} – ${agreement.municipality.name} kommune`;
}

/** What Noark has no field for, in Sammen's own namespace: period, text hash, signatures. */
function agreementFacts(agreement: AgreementArchiveEntry): XmlElement {
  return element(
    "virksomhetsspesifikkeMetadata",
    null,
    element(
      "samarbeidsavtale",
      { xmlns: SAMMEN_NS },
      element("gyldigFra", null, agreement.valid_from),
      element("gyldigTil", null, agreement.valid_to),
      element("tekstSjekksumSHA256", null, agreement.text_hash ?? ""),
      ...agreement.signatures.map((signature) =>
        element(
          "signatur",
          null,
          element("part", null, partyWords[signature.party]),
          element("navn", null, signature.signer_name),
          element("rolle", null, signature.signer_role),
          element("signert", null, instant(signature.signed_at)),
          element("tekstSjekksumSHA256", null, signature.text_hash),
        ),
      ),
    ),
  );
}

/** The arkivmelding for one signed agreement and its PDF; `sent` is when the message is made. */
export function arkivmelding(agreement: AgreementArchiveEntry, pdf: ArchivedFile, sent: Date): string {
  const title = archiveTitle(agreement);
  const signedBy = (party: AgreementParty) => agreement.signatures.find((s) => s.party === party);
  const organisationSignature = signedBy("organisation");
  const municipalitySignature = signedBy("municipality");
  const period = `${formatDate(agreement.valid_from)} – ${formatDate(agreement.valid_to)}`;
  return xmlDocument(
    element(
      "arkivmelding",
      {
        xmlns: ARKIVMELDING_NS,
        "xmlns:n5mdk": METADATAKATALOG_NS,
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
      },
      element("system", null, SYSTEM),
      element("meldingId", null, agreement.id),
      element("tidspunkt", null, sent.toISOString()),
      element("antallFiler", null, 1),
      element(
        "mappe",
        { "xsi:type": "saksmappe" },
        element("tittel", null, title),
        element("beskrivelse", null, `Samarbeidsavtale om Fritid med bistand, gyldig ${period}.`),
        element("opprettetDato", null, instant(agreement.created_at)),
        externalKey(agreement.id),
        element(
          "registrering",
          { "xsi:type": "journalpost" },
          element("opprettetDato", null, instant(agreement.activated_at)),
          element(
            "dokumentbeskrivelse",
            null,
            code("dokumenttype", "AVTALE", "Avtale"),
            code("dokumentstatus", "F", "Dokumentet er ferdigstilt"),
            element("tittel", null, title),
            element("opprettetDato", null, instant(agreement.activated_at)),
            code("tilknyttetRegistreringSom", "H", "Hoveddokument"),
            element("dokumentnummer", null, 1),
            element(
              "dokumentobjekt",
              null,
              element("versjonsnummer", null, 1),
              code("variantformat", "P", "Produksjonsformat"),
              code("format", "PDF", "PDF"),
              element("mimeType", null, "application/pdf"),
              element("filnavn", null, pdf.fileName),
              element("referanseDokumentfil", null, pdf.fileName),
              element("sjekksum", null, pdf.sha256),
              element("sjekksumAlgoritme", null, "SHA256"),
              element("filstoerrelse", null, pdf.size),
            ),
          ),
          element("tittel", null, title),
          element("beskrivelse", null, `Signert av begge parter. Gyldig ${period}.`),
          agreementFacts(agreement),
          element(
            "korrespondansepart",
            null,
            code("korrespondanseparttype", "EM", "Mottaker"),
            element("korrespondansepartNavn", null, agreement.organisation.name),
            element("organisasjonid", null, agreement.organisation.organisation_number),
            organisationSignature && element("kontaktperson", null, organisationSignature.signer_name),
          ),
          element(
            "korrespondansepart",
            null,
            code("korrespondanseparttype", "IA", "Intern avsender"),
            element("korrespondansepartNavn", null, `${agreement.municipality.name} kommune`),
            municipalitySignature && element("saksbehandler", null, municipalitySignature.signer_name),
          ),
          externalKey(`${agreement.id}/signert-avtale`),
          element("journalaar", null, Number(osloDate(agreement.activated_at).slice(0, 4))),
          code("journalposttype", "U", "Utgående dokument"),
          code("journalstatus", "J", "Journalført"),
          element("journaldato", null, osloDate(agreement.activated_at)),
          element("dokumentetsDato", null, osloDate(agreement.activated_at)),
          organisationSignature && element("mottattDato", null, instant(organisationSignature.signed_at)),
          element("sendtDato", null, instant(agreement.activated_at)),
        ),
      ),
    ),
  );
}
