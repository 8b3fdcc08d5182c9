import type { Db } from './db.js';
import { createFigureWriter } from './figures.js';

export interface Segment {
  id: number;
  documentId: number;
  position: number;
  paragraph: number;
  text: string;
}

interface SegmentRow { id: number; document_id: number; position: number; paragraph: number; text: string }

function toSegment(row: SegmentRow): Segment {
  return { id: row.id, documentId: row.document_id, position: row.position, paragraph: row.paragraph, text: row.text };
}

/**
 * A document's segment count. Positions are dense from 0 (DESIGN.md; every writer renumbers
 * inside its transaction), so the count is the last position + 1: one seek of
 * segments_document_position instead of a walk of all its entries (2 µs against 334 µs for
 * 10,000 segments, bench/save.ts, issue #15). Every store that counts a document's segments
 * prepares this one statement.
 */
export const SEGMENT_COUNT_SQL = 'SELECT COALESCE(MAX(position) + 1, 0) AS n FROM segments WHERE document_id = @documentId';

export function createSegmentStore(db: Db) {
  const figures = createFigureWriter(db);
  const insert = db.prepare(`INSERT INTO segments (document_id, position, paragraph, text)
    VALUES (@documentId, @position, @paragraph, @text)`);
  const list = db.prepare('SELECT * FROM segments WHERE document_id = @documentId ORDER BY position');
  const count = db.prepare(SEGMENT_COUNT_SQL);
  const range = db.prepare('SELECT * FROM segments WHERE document_id = @documentId AND position BETWEEN @from AND @to ORDER BY position');
  const paragraphs = db.prepare('SELECT COUNT(DISTINCT paragraph) AS n FROM segments WHERE document_id = @documentId');
  const withText = db.prepare('SELECT DISTINCT document_id AS id FROM segments WHERE instr(text, @text) > 0 ORDER BY document_id');

  return {
    /** Appends segments in order; returns their ids. Call inside a transaction. */
    insertSegments(documentId: number, segments: readonly { paragraph: number; text: string }[], firstPosition = 0): number[] {
      return segments.map((segment, i) => {
        const id = Number(insert.run({ documentId, position: firstPosition + i, paragraph: segment.paragraph, text: segment.text }).lastInsertRowid);
        figures.segment(id, segment.text);
        return id;
      });
    },
    listSegments(documentId: number): Segment[] {
      return (list.all({ documentId }) as SegmentRow[]).map(toSegment);
    },
    /** Segments on positions [from, to], in order. */
    listSegmentsInRange(documentId: number, from: number, to: number): Segment[] {
      return (range.all({ documentId, from, to }) as SegmentRow[]).map(toSegment);
    },
    countParagraphs(documentId: number): number {
      return (paragraphs.get({ documentId }) as { n: number }).n;
    },
    countSegments(documentId: number): number {
      return (count.get({ documentId }) as { n: number }).n;
    },
    /** Ids of the documents with a segment containing `text` (for a glossary term's evidence). */
    listDocumentIdsWithText(text: string): number[] {
      return (withText.all({ text }) as { id: number }[]).map((r) => r.id);
    },
  };
}

export type SegmentStore = ReturnType<typeof createSegmentStore>;
