/** A value of a table cell: text, a number, a yes/no or nothing. */
export type CsvCell = string | number | boolean | null;

/**
 * Spreadsheets run a text cell that starts with one of these as a formula (CSV injection);
 * tab and carriage return are on OWASP's list too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a spreadsheet shows it: a leading `'` keeps a would-be formula text. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One RFC 4180 record: fields with a comma, quote or line break quoted, quotes doubled, CRLF at the end. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return `${cells.map(field).join(',')}\r\n`;
}

/** A whole RFC 4180 document (UTF-8 when encoded; no byte-order mark): a header record, then the rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const out = [csvRecord(header)];
  for (const row of rows) out.push(csvRecord(row));
  return out.join('');
}
