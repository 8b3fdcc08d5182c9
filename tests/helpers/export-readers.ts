import { readTmx } from '../../src/formats/tmx-reader.js';
import { readXliff } from '../../src/formats/xliff-reader.js';
import { readReviewTable } from '../../src/formats/review-table-reader.js';
import type { ExportResult } from '../../src/services/exchange.js';

/** The whole body of an export, as bytes. */
export async function bodyBytes(result: ExportResult): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of result.body) parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return new Uint8Array(Buffer.concat(parts));
}

export async function bodyText(result: ExportResult): Promise<string> {
  return new TextDecoder().decode(await bodyBytes(result));
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF rows), after the byte order mark. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && body[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field.length > 0 || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** TSV with the writer's escapes (`\\t`, `\\n`, `\\r`, `\\\\`) undone. */
export function parseTsv(text: string): string[][] {
  return text.split('\n').filter((l) => l.length > 0).map((line) => line.split('\t').map((f) => f.replace(/\\(.)/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c))));
}

/** What an exported file says about one target text: language, text, and the status written beside it. */
export interface WrittenTarget { lang: string; text: string; status: string }

/** Every target text of a TMX, CSV, TSV, review table or XLIFF export with the status it is written with. */
export async function writtenTargets(format: string, bytes: Uint8Array): Promise<WrittenTarget[]> {
  if (format === 'docx') {
    const table = await readReviewTable(bytes);
    return table.columns.filter((c) => table.columns.includes(`${c} status`)).flatMap((lang) => table.rows
      .filter((r) => (r.cells[lang] ?? '') !== '' || (r.cells[`${lang} status`] ?? '') !== '')
      .map((r) => ({ lang, text: r.cells[lang] ?? '', status: (r.cells[`${lang} status`] ?? '').split(' ')[0] ?? '' })));
  }
  const text = new TextDecoder().decode(bytes);
  if (format === 'tmx') {
    return [...readTmx([bytes])].flatMap((e) => (e.kind === 'unit' ? e.unit.variants.filter((v) => !v.lang.startsWith('zh')).map((v) => ({
      lang: v.lang, text: v.text, status: v.props.find((p) => p.type === 'x-status')?.value ?? '',
    })) : []));
  }
  if (format === 'csv' || format === 'tsv') {
    const [header, ...rows] = format === 'csv' ? parseCsv(text) : parseTsv(text);
    const out: WrittenTarget[] = [];
    header!.forEach((name, i) => {
      if (i < 3 || name.endsWith(' status') || name === 'notes') return;
      for (const row of rows) {
        if ((row[i] ?? '') !== '' || (row[i + 1] ?? '') !== '') out.push({ lang: name, text: row[i] ?? '', status: (row[i + 1] ?? '').split(' ')[0] ?? '' });
      }
    });
    return out;
  }
  const read = readXliff(bytes);
  return read.units.filter((u) => u.target !== null && u.target !== u.source).map((u) => ({ lang: read.trgLang ?? '', text: u.target ?? '', status: u.duizhao.status ?? '' }));
}
