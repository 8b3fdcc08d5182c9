/**
 * Glossary exchange formats: CSV (one term per row) and TBX (ISO 30042). Pure: strings
 * in, plain term records out, and the reverse. The service validates and stores them.
 */
import { SaxesParser } from 'saxes';
import { CSV_GUARDED, csvField } from './tsv.js';
import { cleanXmlText, escapeXmlAttr, escapeXmlText } from './xml.js';

export type GlossaryEquivalentKind = 'preferred' | 'allowed' | 'forbidden';

export interface GlossaryRecord {
  source: string;
  caseSensitive: boolean;
  note: string;
  equivalents: { lang: string; text: string; kind: GlossaryEquivalentKind }[];
}

export class GlossaryReadError extends Error {
  constructor(readonly code: 'malformed_csv' | 'malformed_xml' | 'not_tbx' | 'forbidden_doctype', message: string) {
    super(message);
  }
}

/**
 * Several values in one cell are separated by a vertical bar; a bar inside a value is
 * written `\|` and a backslash `\\`, so any value comes back as it went out. Any other
 * backslash is kept as it stands (`C:\path` in an older file reads unchanged).
 * @example joinValues(['A|B', 'C']) → 'A\|B|C'
 */
export function joinValues(values: readonly string[]): string {
  return values.map((v) => v.replace(/[\\|]/g, (c) => `\\${c}`)).join('|');
}

/**
 * The values of a cell joinValues wrote (or a person typed), trimmed, empties dropped.
 * @example splitValues('A\|B | C') → ['A|B', 'C']
 */
export function splitValues(cell: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i += 1) {
    const c = cell[i]!;
    const next = cell[i + 1];
    if (c === '\\' && (next === '|' || next === '\\')) {
      current += next;
      i += 1;
    } else if (c === '|') {
      values.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  values.push(current);
  return values.map((v) => v.trim()).filter((v) => v.length > 0);
}

/**
 * RFC 4180 rows: quoted fields may hold commas, quotes (doubled) and line breaks.
 * @example parseCsv('a,"b,c"\r\n1,2') → [['a', 'b,c'], ['1', '2']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const input = text.replace(/^\uFEFF/, '');
  while (i < input.length) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i += 1; continue; }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field.length === 0) { quoted = true; i += 1; continue; }
    if (c === ',') { row.push(field); field = ''; i += 1; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field);
      field = '';
      if (row.some((f) => f.length > 0)) rows.push(row);
      row = [];
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    i += 1;
  }
  if (quoted) throw new GlossaryReadError('malformed_csv', 'The CSV file ends inside a quoted field: a closing " is missing.');
  row.push(field);
  if (row.some((f) => f.length > 0)) rows.push(row);
  return rows;
}

/**
 * The formula guard of csvField (one more ' before = + - @, after any apostrophes) is undone
 * on import, on the whole cell as it was added: a cell without an apostrophe is left alone.
 */
const unguard = (cell: string) => (cell.startsWith("'") && CSV_GUARDED.test(cell) ? cell.slice(1) : cell);
const split = (cell: string | undefined) => splitValues(unguard((cell ?? '').trim()));

/**
 * Glossary CSV: a header row naming the columns `zh`, then per language `en`
 * (preferred), `en allowed`, `en forbidden` (values separated by |), then `note` and
 * `case sensitive` (yes/no). Unknown columns are refused so a typo is not silently lost.
 * @example readGlossaryCsv('zh,en,en forbidden\n一带一路,Belt and Road,OBOR|One Belt One Road')
 *   → [{ source: '一带一路', equivalents: [{ lang: 'en', text: 'Belt and Road', kind: 'preferred' }, { …'OBOR', kind: 'forbidden' }, …] }]
 */
export function readGlossaryCsv(text: string): { records: GlossaryRecord[]; rowsRead: number } {
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim().toLowerCase().replace(/[_:]/g, ' ').replace(/\s+/g, ' '));
  if (!header || !header.includes('zh')) throw new GlossaryReadError('malformed_csv', 'The first row must name the columns and include "zh" (the Chinese term).');
  const columns = header.map((name, index) => {
    if (name === 'zh' || name === 'note' || name === 'case sensitive') return { index, name, lang: '', kind: null };
    const match = /^([a-z]{2,3}(?:-[a-z0-9]{2,8})*)(?: (allowed|forbidden))?$/.exec(name);
    if (!match) throw new GlossaryReadError('malformed_csv', `Column ${index + 1} is called "${rows[0]![index]}"; use zh, a language tag (en, ru), "en allowed", "en forbidden", note or case sensitive.`);
    return { index, name, lang: match[1]!, kind: (match[2] ?? 'preferred') as GlossaryEquivalentKind };
  });
  const records: GlossaryRecord[] = [];
  for (const row of rows.slice(1)) {
    const record: GlossaryRecord = { source: '', caseSensitive: false, note: '', equivalents: [] };
    for (const column of columns) {
      const cell = row[column.index] ?? '';
      if (column.name === 'zh') record.source = unguard(cell.trim());
      else if (column.name === 'note') record.note = unguard(cell.trim());
      else if (column.name === 'case sensitive') record.caseSensitive = /^(yes|true|1|y)$/i.test(cell.trim());
      else if (column.kind) {
        const values = split(cell);
        // A second "preferred" value is an allowed alternative, never a second preferred one.
        values.forEach((text, i) => record.equivalents.push({ lang: column.lang, text, kind: column.kind === 'preferred' && i > 0 ? 'allowed' : column.kind! }));
      }
    }
    records.push(record);
  }
  return { records, rowsRead: rows.length - 1 };
}

/** The CSV readGlossaryCsv reads, with one preferred/allowed/forbidden column per language. */
export function writeGlossaryCsv(records: readonly GlossaryRecord[], langs: readonly string[]): string {
  const header = ['zh', ...langs.flatMap((l) => [l, `${l} allowed`, `${l} forbidden`]), 'note', 'case sensitive'];
  const lines = [header.map(csvField).join(',')];
  for (const r of records) {
    const of = (lang: string, kind: GlossaryEquivalentKind) => joinValues(r.equivalents.filter((e) => e.lang === lang && e.kind === kind).map((e) => e.text));
    lines.push([r.source, ...langs.flatMap((l) => [of(l, 'preferred'), of(l, 'allowed'), of(l, 'forbidden')]), r.note, r.caseSensitive ? 'yes' : 'no'].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** TBX administrative statuses (TBX-Basic) ↔ our equivalent kinds. */
const STATUS_OF: Record<GlossaryEquivalentKind, string> = {
  preferred: 'preferredTerm-admn-sts', allowed: 'admittedTerm-admn-sts', forbidden: 'deprecatedTerm-admn-sts',
};

function kindOfStatus(status: string): GlossaryEquivalentKind {
  if (/^preferred/i.test(status)) return 'preferred';
  if (/^(deprecated|superseded)/i.test(status)) return 'forbidden';
  return 'allowed';
}

/**
 * A TBX (ISO 30042:2019, TBX-Basic dialect) document: one conceptEntry per term, a langSec
 * per language, a termSec per equivalent with its administrativeStatus. Case sensitivity
 * has no TBX data category, so it travels as a custom `x-caseSensitive` termNote.
 */
export function writeTbx(records: readonly GlossaryRecord[]): string {
  // Characters XML 1.0 forbids would make the whole file unreadable: they are never written.
  const stats = { removedChars: 0 };
  const text = (value: string) => escapeXmlText(cleanXmlText(value, stats));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">',
    '<tbxHeader><fileDesc><sourceDesc><p>Duizhao glossary</p></sourceDesc></fileDesc></tbxHeader>',
    '<text><body>',
  ];
  records.forEach((r, i) => {
    out.push(`<conceptEntry id="c${i + 1}">`);
    if (r.note) out.push(`<note>${text(r.note)}</note>`);
    out.push(`<langSec xml:lang="zh"><termSec><term>${text(r.source)}</term>${r.caseSensitive ? '<termNote type="x-caseSensitive">yes</termNote>' : ''}</termSec></langSec>`);
    const langs = [...new Set(r.equivalents.map((e) => e.lang))];
    for (const lang of langs) {
      out.push(`<langSec xml:lang="${escapeXmlAttr(cleanXmlText(lang, stats))}">`);
      for (const e of r.equivalents.filter((x) => x.lang === lang)) {
        out.push(`<termSec><term>${text(e.text)}</term><termNote type="administrativeStatus">${STATUS_OF[e.kind]}</termNote></termSec>`);
      }
      out.push('</langSec>');
    }
    out.push('</conceptEntry>');
  });
  out.push('</body></text>', '</tbx>');
  return `${out.join('\n')}\n`;
}

/**
 * Reads TBX: the 2019 names (conceptEntry/langSec/termSec) and the older martif ones
 * (termEntry/langSet/tig/ntig). The Chinese langSec (zh, zh-CN, zh-Hans…) gives the term.
 * A DOCTYPE with an internal subset (entities: XXE, billion laughs) is refused; saxes
 * never fetches external DTDs.
 * @example readTbx('<tbx><text><body><conceptEntry><langSec xml:lang="zh"><termSec><term>亚信</term></termSec></langSec>…')
 *   → [{ source: '亚信', … }]
 */
export function readTbx(text: string): GlossaryRecord[] {
  const parser = new SaxesParser({ xmlns: false });
  const records: GlossaryRecord[] = [];
  let root: string | null = null;
  let entry: (GlossaryRecord & { sources: string[] }) | null = null;
  let lang = '';
  let term: { text: string; status: string; caseSensitive: boolean } | null = null;
  let collecting: { kind: 'term' | 'note' | 'termNote'; type: string; text: string } | null = null;
  const fail = (code: GlossaryReadError['code'], message: string): never => {
    throw new GlossaryReadError(code, message);
  };
  parser.on('doctype', (doctype) => {
    if (doctype.includes('[') || /<!ENTITY/i.test(doctype)) fail('forbidden_doctype', 'The file\'s DOCTYPE declares entities or an internal DTD subset; TBX never needs them, so the file was refused.');
  });
  parser.on('opentag', (tag) => {
    const name = tag.name.replace(/^.*:/, '');
    const attr = (key: string) => {
      const value = tag.attributes[key];
      return typeof value === 'string' ? value : undefined;
    };
    if (root === null) {
      root = name;
      if (name !== 'tbx' && name !== 'martif') fail('not_tbx', `The root element is <${tag.name}>, not <tbx> or <martif>: this is not a TBX file.`);
    }
    switch (name) {
      case 'conceptEntry': case 'termEntry':
        entry = { source: '', caseSensitive: false, note: '', equivalents: [], sources: [] };
        return;
      case 'langSec': case 'langSet':
        lang = attr('xml:lang') ?? attr('lang') ?? '';
        return;
      case 'termSec': case 'tig': case 'ntig':
        term = { text: '', status: '', caseSensitive: false };
        return;
      case 'term':
        collecting = { kind: 'term', type: '', text: '' };
        return;
      case 'termNote':
        collecting = { kind: 'termNote', type: attr('type') ?? '', text: '' };
        return;
      case 'note':
        collecting = { kind: 'note', type: '', text: '' };
        return;
      case 'descrip':
        collecting = attr('type') === 'definition' || attr('type') === 'context' ? { kind: 'note', type: '', text: '' } : null;
        return;
      default:
    }
  });
  parser.on('text', (t) => {
    if (collecting) collecting.text += t;
  });
  parser.on('closetag', (tag) => {
    const name = tag.name.replace(/^.*:/, '');
    if (collecting && (name === 'term' || name === 'termNote' || name === 'note' || name === 'descrip')) {
      const done = collecting;
      collecting = null;
      if (done.kind === 'term' && term) term.text = done.text.trim();
      else if (done.kind === 'termNote' && term && done.type === 'administrativeStatus') term.status = done.text.trim();
      else if (done.kind === 'termNote' && term && done.type === 'x-caseSensitive') term.caseSensitive = /^(yes|true)$/i.test(done.text.trim());
      else if (done.kind === 'note' && entry) entry.note = [entry.note, done.text.trim()].filter((n) => n).join(' ');
      return;
    }
    if ((name === 'termSec' || name === 'tig' || name === 'ntig') && term && entry) {
      if (term.text) {
        if (/^zh\b/i.test(lang)) {
          entry.sources.push(term.text);
          if (term.caseSensitive) entry.caseSensitive = true;
        } else if (lang) {
          entry.equivalents.push({ lang: lang.split('-')[0]!.toLowerCase(), text: term.text, kind: kindOfStatus(term.status) });
        }
      }
      term = null;
      return;
    }
    if ((name === 'conceptEntry' || name === 'termEntry') && entry) {
      const { sources, ...record } = entry;
      // Several Chinese synonyms in one concept become one term each, sharing the equivalents.
      for (const source of sources) records.push({ ...record, source, equivalents: record.equivalents.map((e) => ({ ...e })) });
      entry = null;
    }
  });
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    if (error instanceof GlossaryReadError) throw error;
    const message = error instanceof Error ? error.message.replace(/^undefined:/, 'line ') : String(error);
    throw new GlossaryReadError('malformed_xml', `The file is not well-formed XML (${message}). Nothing was imported.`);
  }
  if (root === null) fail('not_tbx', 'The file holds no XML element.');
  return records;
}
