export type CsvCell = string | number | boolean | null | undefined;

/** Excel opens a UTF-8 file as the local ANSI code page unless it starts with a byte-order mark. */
const BOM = '\uFEFF';

/**
 * RFC 4180: CRLF line ends, a field holding a comma, quote, CR or LF is quoted and its quotes doubled.
 * Text beginning with = + - @ (or tab/CR) is prefixed with a quote mark so a spreadsheet does not run
 * it as a formula (OWASP "CSV injection"); numbers are written as they are.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const line = (cells: CsvCell[]) => cells.map(field).join(',');
  return BOM + [header, ...rows].map(line).join('\r\n') + '\r\n';
}

function field(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
