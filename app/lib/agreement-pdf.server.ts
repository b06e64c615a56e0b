import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { agreementPdfPath, type AgreementDocument } from "./agreements";
import { formatDate, formatDateTime, osloToday } from "./format";
import { translate, type MessageKey } from "./i18n";
import type { Supabase } from "./supabase.server";

/**
 * The signed agreement as a PDF: the frozen text, the activities it covers with their named
 * facilitators, both signatures and the text's SHA-256, so that a printed copy can be checked
 * against the portal (R6). It is the parties' document, so it is in bokmål whatever the
 * reader's language. Facilitators may be named again later; the PDF says on which day its
 * names were the named ones.
 */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const nb = (key: MessageKey, params?: Record<string, string>) => translate("nb", key, params);

type Line = { text: string; font: PDFFont; size: number; gapBefore?: number };

export async function renderAgreementPdf(agreement: AgreementDocument, today = osloToday()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const heading = nb("agreement.heading", {
    municipality: agreement.municipality.name,
    organisation: agreement.organisation.name,
  });
  pdf.setTitle(heading);
  pdf.setSubject(`${nb("agreement.hash")}: ${agreement.text_hash ?? ""}`);
  pdf.setLanguage("nb-NO");

  const lines: Line[] = [
    { text: heading, font: bold, size: 15 },
    {
      text: `${nb("agreement.period")}: ${formatDate(agreement.valid_from)} – ${formatDate(agreement.valid_to)}`,
      font: regular,
      size: 10,
      gapBefore: 6,
    },
    ...agreement.text.split("\n").map((paragraph, index) => ({
      text: paragraph,
      font: regular,
      size: 10.5,
      gapBefore: index === 0 ? 16 : 0,
    })),
    { text: nb("agreement.pdfActivities"), font: bold, size: 13, gapBefore: 18 },
    ...agreement.activities.map((activity, index) => ({
      text: nb("agreement.pdfActivity", {
        activity: activity.title,
        facilitator: activity.facilitators.length
          ? activity.facilitators.map((person) => person.display_name ?? person.email).join(", ")
          : nb("agreement.noFacilitator"),
      }),
      font: regular,
      size: 10.5,
      gapBefore: index === 0 ? 6 : 0,
    })),
    { text: nb("agreement.pdfFacilitatorsAsOf", { date: formatDate(today) }), font: regular, size: 9, gapBefore: 4 },
    { text: nb("agreement.hash"), font: bold, size: 10, gapBefore: 18 },
    { text: agreement.text_hash ?? "", font: regular, size: 9 },
    { text: nb("agreement.signatures"), font: bold, size: 13, gapBefore: 18 },
    ...agreement.signatures.flatMap((signature): Line[] => [
      { text: nb(`agreementParty.${signature.party}`), font: bold, size: 10.5, gapBefore: 10 },
      {
        text: nb("agreement.signedBy", { name: signature.signer_name, role: signature.signer_role }),
        font: regular,
        size: 10.5,
      },
      { text: nb("agreement.signedAt", { time: formatDateTime(signature.signed_at) }), font: regular, size: 10.5 },
      { text: nb("agreement.signedHash"), font: regular, size: 9 },
      { text: signature.text_hash, font: regular, size: 9 },
    ]),
  ];
  layOut(pdf, lines);
  return pdf.save();
}

/** Writes the lines top to bottom, wrapping at words and starting new pages as needed. */
function layOut(pdf: PDFDocument, lines: Line[]) {
  const width = A4.width - 2 * MARGIN;
  let page: PDFPage = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  for (const line of lines) {
    y -= line.gapBefore ?? 0;
    const text = printable(line.text, line.font);
    for (const row of wrap(text, line.font, line.size, width)) {
      const height = line.size * 1.4;
      if (y - height < MARGIN) {
        page = pdf.addPage([A4.width, A4.height]);
        y = A4.height - MARGIN;
      }
      y -= height;
      page.drawText(row, { x: MARGIN, y, size: line.size, font: line.font });
    }
  }
}

// The standard fonts cover Western European text (æøå, «», –); anything else would stop the render.
function printable(text: string, font: PDFFont): string {
  const known = new Set(font.getCharacterSet());
  return [...text.replace(/\t/g, "    ")].map((char) => (known.has(char.codePointAt(0)!) ? char : "?")).join("");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  if (text.trim() === "") return [""];
  const rows: string[] = [];
  let row = "";
  for (const word of text.split(" ")) {
    const candidate = row ? `${row} ${word}` : word;
    if (row && font.widthOfTextAtSize(candidate, size) > width) {
      rows.push(row);
      row = word;
    } else {
      row = candidate;
    }
  }
  rows.push(row);
  return rows;
}

const SIGNED_URL_SECONDS = 60;

/**
 * Renders the PDF and stores it as the user, in the private bucket: its policies let the
 * parties store it once the municipality has countersigned. Stored PDFs are never
 * overwritten (there is no update policy); a copy someone stored first is the same document.
 */
export async function storeAgreementPdf(supabase: Supabase, agreement: AgreementDocument): Promise<void> {
  const upload = await supabase.storage
    .from("agreements")
    .upload(agreementPdfPath(agreement.id), await renderAgreementPdf(agreement), { contentType: "application/pdf" });
  if (upload.error && !/already exists/i.test(upload.error.message)) throw upload.error;
}

/** The name a downloaded copy of the PDF gets. */
export const agreementPdfFileName = (agreement: Pick<AgreementDocument, "organisation">) =>
  `samarbeidsavtale-${fileNamePart(agreement.organisation.name)}.pdf`;

/** A name's letters and digits, the rest as single dashes, for file and folder names. */
export const fileNamePart = (name: string) => name.replace(/[^\p{L}\p{N}]+/gu, "-");

/** Reads the stored PDF through `read`; stores it first if that has not happened yet. */
async function fromStore<T>(
  supabase: Supabase,
  agreement: AgreementDocument,
  read: () => Promise<{ data: T | null; error: Error | null }>,
): Promise<T> {
  const existing = await read();
  if (existing.data) return existing.data;
  await storeAgreementPdf(supabase, agreement);
  const stored = await read();
  if (!stored.data) throw stored.error ?? new Error("The stored agreement PDF cannot be read");
  return stored.data;
}

/** A link to the stored PDF that lasts a minute. */
export async function agreementPdfUrl(supabase: Supabase, agreement: AgreementDocument): Promise<string> {
  const signed = await fromStore(supabase, agreement, () =>
    supabase.storage.from("agreements").createSignedUrl(agreementPdfPath(agreement.id), SIGNED_URL_SECONDS, {
      download: agreementPdfFileName(agreement),
    }),
  );
  return signed.signedUrl;
}

/** The stored PDF itself, byte for byte, for the archive package. */
export async function agreementPdfBytes(supabase: Supabase, agreement: AgreementDocument): Promise<Uint8Array> {
  const blob = await fromStore(supabase, agreement, () =>
    supabase.storage.from("agreements").download(agreementPdfPath(agreement.id)),
  );
  return new Uint8Array(await blob.arrayBuffer());
}
