import type { Db } from './db.js';
import { textFigures } from '../text/figures.js';

/** The language segments are measured in: the source is Chinese (analysis.ts counts it so). */
const SOURCE_LANG = 'zh';

/** A surrogate without its other half (a lone one). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Writes the figures of segment and slot texts (015_text_figures.sql) beside the texts. */
export function createFigureWriter(db: Db) {
  const segment = db.prepare(`INSERT OR REPLACE INTO segment_figures (segment_id, length, lead_space, trail_space, letters, words, characters)
    VALUES (@id, @length, @leadSpace, @trailSpace, @letters, @words, @characters)`);
  const slot = db.prepare(`INSERT OR REPLACE INTO slot_figures (segment_id, lang, length, lead_space, trail_space, letters, words, characters)
    VALUES (@segmentId, @lang, @length, @leadSpace, @trailSpace, @letters, @words, @characters)`);
  const dropSegment = db.prepare('DELETE FROM segment_figures WHERE segment_id = @id');
  const dropSlot = db.prepare('DELETE FROM slot_figures WHERE segment_id = @segmentId AND lang = @lang');
  // A lone surrogate is stored as three bytes that read back as three U+FFFD: such a text is
  // left without figures, and measured as it reads back when first read (createFigureStore).
  return {
    segment(id: number, text: string): void {
      if (LONE_SURROGATE.test(text)) dropSegment.run({ id });
      else segment.run({ id, ...textFigures(text, SOURCE_LANG) });
    },
    /** Only heads hold text; a continuation has no figures. */
    slot(segmentId: number, lang: string, text: string): void {
      if (LONE_SURROGATE.test(text)) dropSlot.run({ segmentId, lang });
      else slot.run({ segmentId, lang, ...textFigures(text, lang) });
    },
  };
}

export type FigureWriter = ReturnType<typeof createFigureWriter>;

/**
 * A document's figures, one row per segment in order, as flat numbers (20,000 rows of objects
 * cost more in allocation than the walk over them): the segment's length, leadSpace, trailSpace
 * and letters, then for each language read its slot's span (0 for a continuation: no head
 * starts here) and the head's length, leadSpace, trailSpace and letters.
 */
export interface FigureRows {
  rows: number;
  /** Numbers per row: 4 + 5 per language. */
  stride: number;
  numbers: Int32Array;
}

/** Offsets in a row of FigureRows: the segment's figures, then each language's at `headAt(i)`. */
export const FIGURE = { length: 0, leadSpace: 1, trailSpace: 2, letters: 3 } as const;
export const headAt = (lang: number) => 4 + lang * 5;

export interface ColumnTotals { units: number; words: number; characters: number }

/**
 * Sums and per-segment figures of a document, read from the figure tables without a text
 * (issue #12). Rows written before the figures existed, or by another tool, are measured on
 * the way: the reads count what lacks figures and measure just that.
 */
export function createFigureStore(db: Db) {
  const writer = createFigureWriter(db);
  const sourceTotals = db.prepare(`SELECT COUNT(*) AS units, total(f.words) AS words, total(f.characters) AS characters,
      COUNT(*) - COUNT(f.segment_id) AS missing
    FROM segments s LEFT JOIN segment_figures f ON f.segment_id = s.id WHERE s.document_id = @documentId`);
  // A head with text is a unit (analysis.ts), continuations carry no text.
  const slotTotals = db.prepare(`SELECT sl.lang, total(f.length > 0) AS units, total(f.words) AS words, total(f.characters) AS characters,
      COUNT(*) - COUNT(f.segment_id) AS missing
    FROM segments s JOIN slots sl ON sl.segment_id = s.id AND sl.kind = 'head'
    LEFT JOIN slot_figures f ON f.segment_id = sl.segment_id AND f.lang = sl.lang
    WHERE s.document_id = @documentId GROUP BY sl.lang`);
  const unmeasuredSegments = db.prepare(`SELECT s.id, s.text FROM segments s LEFT JOIN segment_figures f ON f.segment_id = s.id
    WHERE s.document_id = @documentId AND f.segment_id IS NULL`);
  const unmeasuredSlots = db.prepare(`SELECT sl.segment_id, sl.lang, sl.text FROM segments s
    JOIN slots sl ON sl.segment_id = s.id AND sl.kind = 'head'
    LEFT JOIN slot_figures f ON f.segment_id = sl.segment_id AND f.lang = sl.lang
    WHERE s.document_id = @documentId AND f.segment_id IS NULL`);
  // 20,000 rows cost better-sqlite3 some 4 µs each to hand over (85 ms for two languages), so
  // the figures come as one string, a row per segment joined by ';' and its numbers by ',':
  // 50 ms including the parse (bench document, load 8). A missing figure reads -1. The slots'
  // spans come from the covering index of 015_text_figures.sql, which the planner passes over
  // for the primary key (and then reads every slot row with its text): 21 against 17 ms warm.
  // INDEXED BY fails loudly if the index is ever missing.
  const figureColumns = (alias: string) => ['length', 'lead_space', 'trail_space', 'letters'].map((c) => `coalesce(${alias}.${c}, -1)`).join(', ');
  const rowStatements = new Map<number, ReturnType<Db['prepare']>>();
  /** Segments in order with the slot of each of `count` languages (@lang0, @lang1, …) and all figures. */
  function rowsStatement(count: number) {
    let found = rowStatements.get(count);
    if (!found) {
      const langs = Array.from({ length: count }, (_, i) => i);
      found = db.prepare(`SELECT group_concat(concat_ws(',', ${figureColumns('sf')}
          ${langs.map((i) => `, coalesce(l${i}.span, 0), ${figureColumns(`f${i}`)}`).join('')}), ';' ORDER BY s.position)
        FROM segments s LEFT JOIN segment_figures sf ON sf.segment_id = s.id
        ${langs.map((i) => `LEFT JOIN slots l${i} INDEXED BY slots_status ON l${i}.segment_id = s.id AND l${i}.lang = @lang${i}
          LEFT JOIN slot_figures f${i} ON f${i}.segment_id = s.id AND f${i}.lang = @lang${i}`).join('\n')}
        WHERE s.document_id = @documentId`).pluck();
      rowStatements.set(count, found);
    }
    return found;
  }

  /** Measures the segments and heads of a document that have no figures yet. */
  function measureMissing(documentId: number): void {
    const measure = () => {
      for (const s of unmeasuredSegments.all({ documentId }) as { id: number; text: string }[]) writer.segment(s.id, s.text);
      for (const s of unmeasuredSlots.all({ documentId }) as { segment_id: number; lang: string; text: string }[]) writer.slot(s.segment_id, s.lang, s.text);
    };
    // Inside a caller's transaction this is a savepoint; alone it takes the write lock at once.
    if (db.inTransaction) db.transaction(measure)();
    else db.transaction(measure).immediate();
  }

  /** Reads with `read`; if it saw texts without figures, measures them and reads again. */
  function measured<T>(documentId: number, read: () => { value: T; missing: number }): T {
    const first = read();
    if (first.missing === 0) return first.value;
    measureMissing(documentId);
    return read().value;
  }

  return {
    /** Units, words and characters of the Chinese, and of each language's heads with text. */
    documentTotals(documentId: number): { source: ColumnTotals; slots: Map<string, ColumnTotals> } {
      return measured(documentId, () => {
        const source = sourceTotals.get({ documentId }) as ColumnTotals & { missing: number };
        const langs = slotTotals.all({ documentId }) as (ColumnTotals & { lang: string; missing: number })[];
        return {
          value: {
            source: { units: source.units, words: source.words, characters: source.characters },
            slots: new Map(langs.map((l) => [l.lang, { units: l.units, words: l.words, characters: l.characters }])),
          },
          missing: source.missing + langs.reduce((sum, l) => sum + l.missing, 0),
        };
      });
    },
    /** Every segment of a document in order, with its figures and the slots of `langs` starting there. */
    listFigureRows(documentId: number, langs: readonly string[]): FigureRows {
      const params: Record<string, unknown> = { documentId };
      langs.forEach((lang, i) => { params[`lang${i}`] = lang; });
      const stride = headAt(langs.length);
      return measured(documentId, () => {
        const numbers = parseNumbers((rowsStatement(langs.length).get(params) as string | null) ?? '');
        let missing = 0;
        for (let row = 0; row < numbers.length; row += stride) {
          if (numbers[row]! < 0) missing += 1;
          for (let i = 0; i < langs.length; i++) if (numbers[row + headAt(i)]! > 0 && numbers[row + headAt(i) + 1]! < 0) missing += 1;
        }
        return { value: { rows: numbers.length / stride, stride, numbers }, missing };
      });
    },
  };
}

export type FigureStore = ReturnType<typeof createFigureStore>;

/** The integers of a string of them joined by ',' and ';' (our own SQL's output), in order. */
function parseNumbers(packed: string): Int32Array {
  let count = packed.length === 0 ? 0 : 1;
  for (let i = 0; i < packed.length; i++) {
    const c = packed.charCodeAt(i);
    if (c === 44 || c === 59) count += 1;
  }
  const out = new Int32Array(count);
  let n = 0;
  let value = 0;
  let sign = 1;
  for (let i = 0; i <= packed.length; i++) {
    const c = i < packed.length ? packed.charCodeAt(i) : 59;
    if (c === 45) sign = -1;
    else if (c === 44 || c === 59) {
      out[n++] = sign * value;
      value = 0;
      sign = 1;
    } else value = value * 10 + (c - 48);
  }
  return out;
}
