/**
 * A review table coming back from Word (issue #14 §3), as memoQ's bilingual tables do:
 * each row's `Duizhao ID` cell names its document and, per language, the slots and the
 * versions exported (services/export-tables.ts reviewRowId); a changed translation cell
 * is an edit of that slot, the comment column and Word comments are slot comments.
 */
import type { Document } from '../store/documents.js';
import { readReviewTable, ReviewTableReadError } from '../formats/review-table-reader.js';
import { PayloadTooLargeError, ValidationError } from './errors.js';
import type { ReturnedUnit } from './exchange-returns.js';

interface RowSlot { headSegmentId: number; version: number; span: number }
interface RowId { documentId: number; langs: { lang: string; exported: boolean; slots: RowSlot[] }[] }

/**
 * `doc12 seg345-346 en:345.3x2 ru:~345.2,346.5` → its document and per-language slots.
 * @example parseRowId('doc1 seg4 en:4.2') → { documentId: 1, langs: [{ lang: 'en', exported: true, slots: [{ headSegmentId: 4, version: 2, span: 1 }] }] }
 */
export function parseRowId(text: string): RowId | undefined {
  const match = /^doc(\d+) seg\d+(?:-\d+)?((?: [A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*:\S+)+)$/.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return undefined;
  const langs: RowId['langs'] = [];
  for (const entry of match[2]!.trim().split(' ')) {
    const [lang, list] = entry.split(':') as [string, string];
    const exported = !list.startsWith('~');
    const body = list.replace(/^~/, '');
    const slots: RowSlot[] = [];
    if (body !== '-') {
      for (const part of body.split(',')) {
        const slot = /^(\d+)\.(\d+)(?:x(\d+))?$/.exec(part);
        if (!slot) return undefined;
        slots.push({ headSegmentId: Number(slot[1]), version: Number(slot[2]), span: Number(slot[3] ?? 1) });
      }
    }
    langs.push({ lang, exported, slots });
  }
  return { documentId: Number(match[1]), langs };
}

export type LangUnit = ReturnedUnit & { lang: string };
export type LangRefusal = { label: string; reason: string; lang: string | null };

/**
 * Reads the table into units per language. The file is refused whole (ValidationError)
 * when it is not a review table; rows of other documents or with damaged ids are refused
 * one by one, with reasons.
 */
export async function returnedUnitsOfReviewTable(
  bytes: Uint8Array, document: Document,
  /** The slots' texts as one cell shows them now (several slots of one language in one row). */
  joinedTextOf: (headSegmentIds: number[], lang: string) => string,
): Promise<{ langs: string[]; units: LangUnit[]; refused: LangRefusal[] }> {
  let read;
  try {
    read = await readReviewTable(bytes);
  } catch (error) {
    if (error instanceof ReviewTableReadError) {
      if (error.code === 'too_large') throw new PayloadTooLargeError(error.message);
      throw new ValidationError(error.message, { code: error.code === 'no_table' ? 'not_review_table' : 'invalid_docx', details: { reason: error.code } });
    }
    throw error;
  }
  // Language columns are those with a "<code> status" column beside them, in the order the id cell lists languages.
  const langColumns = read.columns.filter((c) => read.columns.includes(`${c} status`));
  const units: LangUnit[] = [];
  const refused: LangRefusal[] = [];
  const langs = new Set<string>();
  for (const row of read.rows) {
    const label = `row ${row.row}`;
    const idText = row.cells[read.columns[0]!] ?? '';
    if (idText.trim() === '') continue;
    const id = parseRowId(idText);
    if (!id) {
      refused.push({ label, lang: null, reason: `its ${read.columns[0]} cell ("${idText.slice(0, 80)}") was changed, so Duizhao cannot tell which slots it holds` });
      continue;
    }
    if (id.documentId !== document.id) {
      refused.push({ label, lang: null, reason: `it belongs to document ${id.documentId}, not ${document.id}` });
      continue;
    }
    // Word comments anchored in a language's cells go to that language; others to the first language of the row.
    const commentsFor = (column: string | undefined) => row.comments
      .filter((c) => (column === undefined ? !langColumns.some((l) => c.column === l || c.column === `${l} comment` || c.column === `${l} status`) : c.column === column || c.column === `${column} comment` || c.column === `${column} status`))
      .map((c) => (c.author ? `${c.author}: ${c.text}` : c.text));
    const loose = commentsFor(undefined);
    id.langs.forEach((entry, i) => {
      if (!document.langs.includes(entry.lang)) {
        refused.push({ label, lang: null, reason: `document ${document.id} has no ${entry.lang} column` });
        return;
      }
      const column = langColumns[i];
      const head = entry.slots[0];
      if (!column || !head) return;
      const cell = (row.cells[column] ?? '').trim();
      const comments = [...(row.cells[`${column} comment`] ?? '').trim() ? [row.cells[`${column} comment`]!.trim()] : [], ...commentsFor(column), ...(i === 0 ? loose : [])];
      if (cell === '' && comments.length === 0) return;
      langs.add(entry.lang);
      const base = { lang: entry.lang, label, segmentIds: [head.headSegmentId], span: head.span, version: head.version, status: null, comments };
      if (entry.slots.length > 1) {
        // One cell, several slots: a changed text cannot be split back between them.
        units.push({ ...base, text: null });
        if (cell !== '' && cell !== joinedTextOf(entry.slots.map((s) => s.headSegmentId), entry.lang).trim()) refused.push({ label, lang: entry.lang, reason: `its ${column} cell joins ${entry.slots.length} slots; edit them in Duizhao, or export one language so each row is one slot` });
        return;
      }
      units.push({ ...base, text: cell === '' ? null : cell });
    });
  }
  return { langs: document.langs.filter((l) => langs.has(l)), units, refused };
}
