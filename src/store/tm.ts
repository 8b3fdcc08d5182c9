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

/** One language's slot at a segment, as an export reads it. */
export type ExportSlot =
  | { kind: 'head'; text: string; status: SlotStatus; span: number; updatedAt: string; updatedBy: string | null }
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
  text: string | null; status: SlotStatus | null; span: number | null; updated_at: string | null; updated_by_name: string | null;
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
      sl.lang, sl.kind, sl.head_segment_id, sl.text, sl.status, sl.span, sl.updated_at, u.name AS updated_by_name
    FROM segments s
    LEFT JOIN slots sl ON sl.segment_id = s.id
    LEFT JOIN users u ON u.id = sl.updated_by
    WHERE s.document_id = @documentId AND s.position >= @from AND s.position < @to
    ORDER BY s.position, sl.lang`);

  return {
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
            updatedAt: row.updated_at ?? '', updatedBy: row.updated_by_name,
          };
      }
      return segments;
    },
  };
}

export type TmStore = ReturnType<typeof createTmStore>;
