import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatDate } from "./format";
import { translate, type Lang } from "./i18n";
import type { YearlyReport } from "./insight";
import { reportHeading, reportRows } from "./report";

const A4: [number, number] = [595.28, 841.89];
const margin = 50;
const columns = [margin, 290, 370, 450]; // label, this year, last year, change (right-aligned from the second)

/**
 * The yearly report as an A4 PDF in the reader's language, with the same rows as the page.
 * The standard fonts cover æøå (WinAnsi) but not the minus sign, which becomes a hyphen.
 */
export async function yearlyReportPdf(report: YearlyReport, today: string, lang: Lang): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const title = reportHeading(report, lang);
  pdf.setTitle(title);
  pdf.setLanguage(lang === "nb" ? "nb-NO" : "en-GB");
  pdf.setCreator("Sammen");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate(lang, key, params);
  const { year } = report.figures;
  const previous = report.previous.year;

  let page = pdf.addPage(A4);
  let y = A4[1] - margin;
  const newPageIfBelow = (needed: number) => {
    if (y - needed > margin) return;
    page = pdf.addPage(A4);
    y = A4[1] - margin;
  };
  const paragraph = (text: string, font: PDFFont, size: number) => {
    for (const line of wrap(clean(text), font, size, A4[0] - 2 * margin)) {
      newPageIfBelow(size + 4);
      page.drawText(line, { x: margin, y, size, font });
      y -= size + 4;
    }
    y -= 8;
  };
  const row = (cells: string[], font: PDFFont) => {
    newPageIfBelow(16);
    cells.forEach((cell, index) => drawCell(page, clean(cell), index, y, font));
    y -= 16;
  };

  paragraph(title, bold, 16);
  paragraph(t("report.lead", { year, previous, date: formatDate(today, "long", lang) }), regular, 10);
  row([t("report.figure"), String(year), String(previous), t("report.change")], bold);
  page.drawLine({ start: { x: margin, y: y + 12 }, end: { x: A4[0] - margin, y: y + 12 }, color: rgb(0, 0, 0) });
  for (const line of reportRows(report, lang)) row([line.label, line.current, line.previous, line.change], regular);
  y -= 8;
  paragraph(t("report.definitions"), regular, 9);
  return pdf.save();
}

function drawCell(page: PDFPage, text: string, index: number, y: number, font: PDFFont) {
  const size = 10;
  if (index === 0) {
    page.drawText(text, { x: columns[0]!, y, size, font });
    return;
  }
  // Figures are right-aligned so that digits line up under each other.
  const right = (columns[index + 1] ?? A4[0] - margin) - 10;
  page.drawText(text, { x: right - font.widthOfTextAtSize(text, size), y, size, font });
}

function clean(text: string): string {
  return text.replaceAll("\u2212", "-");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
