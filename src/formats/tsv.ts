/**
 * TSV and CSV tables for reviewers and spreadsheets: one row per exported group.
 * Pure; the caller streams the strings.
 */
import { cleanXmlText, type CleanStats } from './xml.js';

export type TableFormat = 'tsv' | 'csv';

/** What csvField guards against formulas: see there. */
export const CSV_GUARDED = /^'*[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled.
 * A field starting with = + - @ tab or CR (OWASP's list), after any apostrophes, is
 * prefixed with ' so spreadsheets show it instead of running it as a formula (CSV
 * injection); a reader that strips one ' from a field CSV_GUARDED matches gets any value
 * back exactly, '=literal included. The TSV format keeps data verbatim.
 * @example csvField('a,"b"') → '"a,""b"""'
 * @example csvField("'=x") → "''=x"
 */
export function csvField(value: string): string {
  const safe = CSV_GUARDED.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One TSV field: backslash, tab, LF and CR written as `\\`, `\t`, `\n`, `\r` (the
 * convention of PostgreSQL's text format), so every row stays on one line.
 * @example tsvField('a\tb\nc') → 'a\\tb\\nc'
 */
export function tsvField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * A table row with its line end (CRLF for CSV as RFC 4180 says, LF for TSV). Text is
 * NFC-normalised and stripped of control characters other than tab/LF/CR, like the TMX.
 * @example tableRow(['中文', 'a,b'], 'csv', stats) → '中文,"a,b"\r\n'
 */
export function tableRow(cells: readonly string[], format: TableFormat, stats: CleanStats): string {
  const clean = cells.map((cell) => cleanXmlText(cell, stats));
  return format === 'csv' ? `${clean.map(csvField).join(',')}\r\n` : `${clean.map(tsvField).join('\t')}\n`;
}

/**
 * The whole table as lazy chunks. CSV starts with a UTF-8 byte order mark, without which
 * Excel reads Chinese and Russian as Latin-1.
 */
export function* writeTable(
  header: readonly string[],
  rows: Iterable<readonly string[]>,
  format: TableFormat,
  stats: CleanStats,
  chunkChars = 64 * 1024,
): Generator<string> {
  let buffer = (format === 'csv' ? '\uFEFF' : '') + tableRow(header, format, stats);
  for (const row of rows) {
    buffer += tableRow(row, format, stats);
    if (buffer.length >= chunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer;
}
