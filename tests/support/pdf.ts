import { decodePDFRawStream, PDFDocument, PDFRawStream } from "pdf-lib";

/**
 * What a PDF's pages draw, for assertions: pdf-lib compresses the content streams and writes
 * text in the standard fonts as hex strings of WinAnsi bytes, so compare with `pdfHex(text)`.
 */
export async function drawnPdf(bytes: Uint8Array) {
  const pdf = await PDFDocument.load(bytes);
  const streams = pdf.context
    .enumerateIndirectObjects()
    .flatMap(([, object]) => (object instanceof PDFRawStream ? [object] : []))
    .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1"))
    .join("\n");
  return { pages: pdf.getPageCount(), text: streams.toLowerCase() };
}

/** Text as it appears in `drawnPdf(...).text`. */
export const pdfHex = (text: string) => Buffer.from(text, "latin1").toString("hex");
