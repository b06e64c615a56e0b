/**
 * CSV that opens correctly in a Norwegian spreadsheet: a byte-order mark so that Excel reads
 * UTF-8 (æøå), semicolons because the comma is the decimal sign, CRLF line ends.
 */
export type CsvColumn<Row> = { header: string; value: (row: Row) => string | number | null };

const BOM = "\ufeff";

/** `footer` is a last line of cells, such as a total, one per column. */
export function toCsv<Row>(columns: CsvColumn<Row>[], rows: Row[], footer?: (string | number | null)[]): string {
  const lines = [
    columns.map((column) => cell(column.header)),
    ...rows.map((row) => columns.map((column) => cell(column.value(row)))),
    ...(footer ? [footer.map(cell)] : []),
  ];
  return BOM + lines.map((line) => line.join(";")).join("\r\n") + "\r\n";
}

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value).replace(".", ",") : value;
  // A leading = + - @ would make a spreadsheet run the cell as a formula, and so would one
  // after a leading TAB or CR, which some spreadsheets skip (OWASP's CSV injection list).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
