import type { SlotStatus } from '../domain.js';
import type { Db } from './db.js';

/** A stored source/target pair (DESIGN.md "TM unit"). */
export interface TmUnit {
  id: number;
  sourceLang: string;
  sourceText: string;
  targetLang: string;
  targetText: string;
  origin: 'tmx' | 'slot';
  originName: string | null;
  tuid: string | null;
  documentId: number | null;
  author: string | null;
  changedAt: string | null;
  createdBy: number | null;
  createdAt: string;
}

export type NewTmUnit = Omit<TmUnit, 'id'>;

interface TmUnitRow {
  id: number; source_lang: string; source_text: string; target_lang: string; target_text: string;
  origin: 'tmx' | 'slot'; origin_name: string | null; tuid: string | null; document_id: number | null;
  author: string | null; changed_at: string | null; created_by: number | null; created_at: string;
}

function toTmUnit(row: TmUnitRow): TmUnit {
  return {
    id: row.id, sourceLang: row.source_lang, sourceText: row.source_text, targetLang: row.target_lang,
    targetText: row.target_text, origin: row.origin, originName: row.origin_name, tuid: row.tuid,
    documentId: row.document_id, author: row.author, changedAt: row.changed_at, createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** A TM unit with the slot key and context that fuzzy lookup needs (migration 005). */
export interface TmCandidate extends TmUnit {
  segmentId: number | null;
  context: string | null;
}

function toTmCandidate(row: TmUnitRow & { segment_id: number | null; context: string | null }): TmCandidate {
  return { ...toTmUnit(row), segmentId: row.segment_id, context: row.context };
}

/** A unit made from an approved slot: keyed by (segmentId, targetLang). */
export interface SlotTmUnit {
  segmentId: number;
  documentId: number;
  sourceText: string;
  targetLang: string;
  targetText: string;
  context: string | null;
  createdBy: number | null;
  now: string;
}

/**
 * Probe phrases for fuzzy candidates: up to `max` windows of `width` characters spread
 * evenly over the text (all of it when shorter). A unit similar enough to matter shares
 * most of them, and a four-character phrase is far more selective than one trigram.
 * Each is a quoted FTS5 phrase.
 * probeWindows('两国元首举行会谈。', 4, 3) → ['"两国元首"', '"首举行会"', '"行会谈。"']
 */
export function probeWindows(text: string, width = 4, max = 16): string[] {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length < 3) return [];
  if (chars.length <= width) return [`"${chars.join('').replace(/"/g, '""')}"`];
  const count = Math.min(max, chars.length - width + 1);
  const starts = Array.from({ length: count }, (_, i) => (count === 1 ? 0 : Math.round((i * (chars.length - width)) / (count - 1))));
  return [...new Set(starts.map((st) => chars.slice(st, st + width).join('')))].map((w) => `"${w.replace(/"/g, '""')}"`);
}

/** One language's slot at a segment, as an export reads it. */
export type ExportSlot =
  | { kind: 'head'; text: string; status: SlotStatus; span: number; version: number; confidence: number | null; updatedAt: string; updatedBy: string | null }
  | { kind: 'continuation'; headSegmentId: number };

/** A segment with the slots of every language, in position order. */
export interface ExportSegment {
  id: number;
  position: number;
  paragraph: number;
  text: string;
  slots: Record<string, ExportSlot>;
}

interface ExportRow {
  segment_id: number; position: number; paragraph: number; source_text: string;
  lang: string | null; kind: 'head' | 'continuation' | null; head_segment_id: number | null;
  text: string | null; status: SlotStatus | null; span: number | null; version: number | null; confidence: number | null;
  updated_at: string | null; updated_by_name: string | null;
}

/**
 * The translation memory, and the reads that turn documents into TM units for export.
 * Export reads come in bounded batches of positions, each read completely: an open
 * better-sqlite3 iterator would keep the shared connection busy (no writes by other
 * requests) for as long as a slow download lasts.
 */
export function createTmStore(db: Db) {
  const insert = db.prepare(`INSERT OR IGNORE INTO tm_units
    (source_lang, source_text, target_lang, target_text, origin, origin_name, tuid, document_id, author, changed_at, created_by, created_at)
    VALUES (@sourceLang, @sourceText, @targetLang, @targetText, @origin, @originName, @tuid, @documentId, @author, @changedAt, @createdBy, @createdAt)`);
  const count = db.prepare('SELECT COUNT(*) AS n FROM tm_units');
  const list = db.prepare('SELECT * FROM tm_units ORDER BY id LIMIT @limit OFFSET @offset');
  const exportBatch = db.prepare(`SELECT s.id AS segment_id, s.position, s.paragraph, s.text AS source_text,
      sl.lang, sl.kind, sl.head_segment_id, sl.text, sl.status, sl.span, sl.version, sl.confidence, sl.updated_at, u.name AS updated_by_name
    FROM segments s
    LEFT JOIN slots sl ON sl.segment_id = s.id
    LEFT JOIN users u ON u.id = sl.updated_by
    WHERE s.document_id = @documentId AND s.position >= @from AND s.position < @to
    ORDER BY s.position, sl.lang`);

  // A target language matches its primary tag either way: a unit in en-US serves an en slot.
  const langMatch = `(lower(u.target_lang) = lower(@lang) OR lower(u.target_lang) LIKE lower(@primary) || '-%' OR lower(u.target_lang) = lower(@primary))`;
  // FTS5 streams a query's matches in rowid order, so ORDER BY rowid with LIMIT stops early:
  // every probe below reads a bounded number of rows however large the TM is.
  const probe = db.prepare('SELECT rowid AS id FROM tm_units_fts WHERE tm_units_fts MATCH @match ORDER BY rowid DESC LIMIT @limit');
  const unitById = db.prepare(`SELECT u.* FROM tm_units u WHERE u.id = @id AND ${langMatch}`);
  // No index leads with source_text (tm_units_pair starts with the languages), so the exact
  // look-up goes through the trigram index as a phrase of the whole text, then compares.
  const exactSource = db.prepare(`SELECT u.* FROM tm_units_fts f JOIN tm_units u ON u.id = f.rowid
    WHERE tm_units_fts MATCH @phrase AND u.source_text = @text AND ${langMatch} LIMIT @limit`);
  const concordSource = db.prepare(`SELECT u.* FROM tm_units_fts f JOIN tm_units u ON u.id = f.rowid
    WHERE tm_units_fts MATCH @match AND (@lang IS NULL OR ${langMatch}) ORDER BY f.rowid DESC LIMIT @limit`);
  const concordTarget = db.prepare(`SELECT u.* FROM tm_units_target_fts f JOIN tm_units u ON u.id = f.rowid
    WHERE tm_units_target_fts MATCH @match AND (@lang IS NULL OR ${langMatch}) ORDER BY f.rowid DESC LIMIT @limit`);
  // Trigram FTS needs three characters; shorter queries (亚信, ШОС) scan with instr, bounded by LIMIT.
  const concordShort = db.prepare(`SELECT u.* FROM tm_units u
    WHERE (instr(u.source_text, @q) > 0 OR instr(u.target_text, @q) > 0) AND (@lang IS NULL OR ${langMatch}) ORDER BY u.id DESC LIMIT @limit`);
  const findBySlot = db.prepare('SELECT * FROM tm_units WHERE segment_id = @segmentId AND target_lang = @targetLang');
  const updateSlotUnit = db.prepare(`UPDATE tm_units SET source_text = @sourceText, target_text = @targetText, context = @context,
      document_id = @documentId, changed_at = @now, created_by = @createdBy WHERE id = @id`);
  const insertSlotUnit = db.prepare(`INSERT OR IGNORE INTO tm_units
    (source_lang, source_text, target_lang, target_text, origin, origin_name, tuid, document_id, author, changed_at, created_by, created_at, segment_id, context)
    VALUES ('zh-CN', @sourceText, @targetLang, @targetText, 'slot', NULL, NULL, @documentId, NULL, @now, @createdBy, @now, @segmentId, @context)`);
  const deleteUnit = db.prepare('DELETE FROM tm_units WHERE id = @id');
  const langParams = (lang: string) => ({ lang, primary: lang.split('-')[0] ?? lang });

  return {
    /**
     * About `limit` units of `lang` whose source shares the most probe windows with `text`
     * (see probeWindows), plus units whose source is exactly `text`. Reads a bounded number
     * of index rows whatever the TM's size; scoring is the service's job.
     */
    listFuzzyCandidates(text: string, lang: string, limit = 30): TmCandidate[] {
      const out = new Map<number, TmCandidate>();
      const exact = [...text].length >= 3 ? exactSource.all({ phrase: `"${text.replace(/"/g, '""')}"`, text, ...langParams(lang), limit: 10 }) : [];
      for (const row of exact as (TmUnitRow & { segment_id: number | null; context: string | null })[]) {
        out.set(row.id, toTmCandidate(row));
      }
      // Votes per unit: one per rare window it contains (a window found in fewer than
      // PROBE_CAP units is read completely), and a group's size for each third of the
      // windows it contains all of (common windows, ANDed, still narrow the set; an edit
      // in one part of the sentence leaves the other thirds matching).
      const PROBE_CAP = 1000;
      const votes = new Map<number, number>();
      const vote = (id: number, n: number) => votes.set(id, (votes.get(id) ?? 0) + n);
      const windows = probeWindows(text);
      for (const match of windows) {
        const rows = probe.all({ match, limit: PROBE_CAP }) as { id: number }[];
        if (rows.length < PROBE_CAP) for (const { id } of rows) vote(id, 1);
      }
      if (windows.length >= 3) {
        const size = Math.ceil(windows.length / 3);
        for (let at = 0; at < windows.length; at += size) {
          const group = windows.slice(at, at + size);
          for (const { id } of probe.all({ match: group.join(' AND '), limit: 300 }) as { id: number }[]) vote(id, group.length);
        }
      }
      const ranked = [...votes].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
      for (const [id] of ranked.slice(0, limit * 4)) {
        if (out.size >= limit + 10) break;
        if (out.has(id)) continue;
        const row = unitById.get({ id, ...langParams(lang) }) as (TmUnitRow & { segment_id: number | null; context: string | null }) | undefined;
        if (row) out.set(row.id, toTmCandidate(row));
      }
      return [...out.values()];
    },
    /** Units whose Chinese or target text contains `q`, newest first. */
    searchConcordance(q: string, options: { side: 'source' | 'target' | 'both'; lang?: string; limit: number }): TmCandidate[] {
      const lang = options.lang ? langParams(options.lang) : { lang: null, primary: null };
      const rows: (TmUnitRow & { segment_id: number | null; context: string | null })[] = [];
      if ([...q].length < 3) {
        rows.push(...concordShort.all({ q, ...lang, limit: options.limit }) as typeof rows);
      } else {
        const match = `"${q.replace(/"/g, '""')}"`;
        if (options.side !== 'target') rows.push(...concordSource.all({ match, ...lang, limit: options.limit }) as typeof rows);
        if (options.side !== 'source') rows.push(...concordTarget.all({ match, ...lang, limit: options.limit }) as typeof rows);
      }
      const unique = new Map(rows.map((r) => [r.id, toTmCandidate(r)]));
      return [...unique.values()].sort((a, b) => b.id - a.id).slice(0, options.limit);
    },
    findSlotTmUnit(segmentId: number, targetLang: string): TmCandidate | undefined {
      const row = findBySlot.get({ segmentId, targetLang }) as (TmUnitRow & { segment_id: number | null; context: string | null }) | undefined;
      return row ? toTmCandidate(row) : undefined;
    },
    /**
     * Adds or updates the unit of an approved slot. Re-approval updates the same unit; when
     * another unit (a TMX import) already holds exactly this pair, the slot's own unit is
     * dropped instead of duplicating it. Returns what happened.
     */
    upsertSlotTmUnit(unit: SlotTmUnit): 'inserted' | 'updated' | 'duplicate' {
      const existing = findBySlot.get({ segmentId: unit.segmentId, targetLang: unit.targetLang }) as { id: number } | undefined;
      if (existing) {
        try {
          updateSlotUnit.run({ ...unit, id: existing.id });
          return 'updated';
        } catch (error) {
          if (!(error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE')) throw error;
          deleteUnit.run({ id: existing.id });
          return 'duplicate';
        }
      }
      return insertSlotUnit.run(unit).changes > 0 ? 'inserted' : 'duplicate';
    },
    /** Adds a unit unless the same pair is already stored; returns whether it was added. */
    insertTmUnit(unit: NewTmUnit): boolean {
      return insert.run(unit).changes > 0;
    },
    countTmUnits(): number {
      return (count.get() as { n: number }).n;
    },
    listTmUnits(options: { limit?: number; offset?: number } = {}): TmUnit[] {
      return (list.all({ limit: options.limit ?? 1000, offset: options.offset ?? 0 }) as TmUnitRow[]).map(toTmUnit);
    },
    /** Segments at positions [from, from + limit) of a document, each with its slots by language. */
    listExportSegments(documentId: number, from: number, limit: number): ExportSegment[] {
      const segments: ExportSegment[] = [];
      for (const row of exportBatch.all({ documentId, from, to: from + limit }) as ExportRow[]) {
        let current = segments[segments.length - 1];
        if (!current || current.id !== row.segment_id) {
          current = { id: row.segment_id, position: row.position, paragraph: row.paragraph, text: row.source_text, slots: {} };
          segments.push(current);
        }
        if (row.lang === null || row.kind === null) continue;
        current.slots[row.lang] = row.kind === 'continuation'
          ? { kind: 'continuation', headSegmentId: row.head_segment_id ?? 0 }
          : {
            kind: 'head', text: row.text ?? '', status: row.status ?? 'empty', span: row.span ?? 1,
            version: row.version ?? 1, confidence: row.confidence, updatedAt: row.updated_at ?? '', updatedBy: row.updated_by_name,
          };
      }
      return segments;
    },
  };
}

export type TmStore = ReturnType<typeof createTmStore>;
