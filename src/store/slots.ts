import type { RegionSegment, RevisionAction, Slot, SlotStatus } from '../domain.js';
import type { Db } from './db.js';
import { createFigureWriter } from './figures.js';

// The slot types are product vocabulary (domain.ts); re-exported for the store's callers.
export type { ContinuationSlot, HeadSlot, Slot } from '../domain.js';

export interface SlotRow {
  segment_id: number;
  lang: string;
  kind: 'head' | 'continuation';
  head_segment_id: number | null;
  text: string | null;
  status: SlotStatus | null;
  version: number | null;
  span: number | null;
  confidence: number | null;
  reasons: string | null;
  updated_by: number | null;
  updated_at: string | null;
  /** Migration 018; absent on rows read by a SELECT that does not name them. */
  probability?: number | null;
  ceiling?: number | null;
}

function parseReasons(json: string | null): string[] {
  if (!json) return [];
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
}

export function toSlot(row: SlotRow): Slot {
  if (row.kind === 'continuation') {
    // The CHECK constraint in 001_initial.sql guarantees head_segment_id here.
    return { kind: 'continuation', segmentId: row.segment_id, lang: row.lang, headSegmentId: row.head_segment_id ?? 0 };
  }
  return {
    kind: 'head',
    segmentId: row.segment_id,
    lang: row.lang,
    text: row.text ?? '',
    status: row.status ?? 'empty',
    version: row.version ?? 1,
    span: row.span ?? 1,
    confidence: row.confidence,
    reasons: parseReasons(row.reasons),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at ?? '',
    ...(row.probability != null && { calibration: { probability: row.probability, ceiling: row.ceiling ?? 1 } }),
  };
}

export interface NewHead {
  segmentId: number;
  lang: string;
  text: string;
  status: SlotStatus;
  span: number;
  confidence?: number | null;
  reasons?: readonly string[];
  updatedBy: number | null;
  now: string;
}

export function createSlotStore(db: Db) {
  const figures = createFigureWriter(db);
  const insertHeadStmt = db.prepare(`INSERT INTO slots
    (segment_id, lang, kind, text, status, version, span, confidence, reasons, updated_by, updated_at)
    VALUES (@segmentId, @lang, 'head', @text, @status, 1, @span, @confidence, @reasons, @updatedBy, @now)`);
  const insertContinuationStmt = db.prepare(`INSERT INTO slots (segment_id, lang, kind, head_segment_id)
    VALUES (@segmentId, @lang, 'continuation', @headSegmentId)`);
  const listStmt = db.prepare(`SELECT sl.* FROM slots sl JOIN segments s ON s.id = sl.segment_id
    WHERE s.document_id = @documentId AND sl.lang = @lang ORDER BY s.position`);
  const rangeStmt = db.prepare(`SELECT sl.* FROM slots sl JOIN segments s ON s.id = sl.segment_id
    WHERE s.document_id = @documentId AND sl.lang = @lang AND s.position BETWEEN @from AND @to ORDER BY s.position`);
  const listAllStmt = db.prepare(`SELECT sl.* FROM slots sl JOIN segments s ON s.id = sl.segment_id
    WHERE s.document_id = @documentId ORDER BY s.position, sl.lang`);
  const deleteStmt = db.prepare(`DELETE FROM slots WHERE lang = @lang
    AND segment_id IN (SELECT id FROM segments WHERE document_id = @documentId)`);
  // The version guard lives in SQL: a write that lost a race changes nothing.
  const updateTextStmt = db.prepare(`UPDATE slots SET text = @text, status = @status, version = version + 1,
      confidence = CASE WHEN @keepConfidence THEN confidence ELSE NULL END, updated_by = @userId, updated_at = @now
    WHERE segment_id = @segmentId AND lang = @lang AND kind = 'head' AND version = @expectedVersion`);
  // The same without status: SQLite rewrites an index entry when its UPDATE names one of the
  // index's columns, even to the same value, so a save that keeps the status (most keystroke
  // saves of a draft) leaves slots_status alone: one page fewer written per commit.
  const updateTextOnlyStmt = db.prepare(`UPDATE slots SET text = @text, version = version + 1,
      confidence = CASE WHEN @keepConfidence THEN confidence ELSE NULL END, updated_by = @userId, updated_at = @now
    WHERE segment_id = @segmentId AND lang = @lang AND kind = 'head' AND version = @expectedVersion`);
  const findStmt = db.prepare('SELECT * FROM slots WHERE segment_id = @segmentId AND lang = @lang');
  const findAtStmt = db.prepare(`SELECT sl.*, s.position, s.paragraph, s.text AS segment_text FROM segments s JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang
    WHERE s.id = @segmentId AND s.document_id = @documentId`);
  const tilingStmt = db.prepare(`SELECT s.id AS segment_id, s.position, sl.kind, sl.head_segment_id, sl.span
    FROM segments s LEFT JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang
    WHERE s.document_id = @documentId ORDER BY s.position`);

  // The heads of a column the aligner placed (with a stored probability), with what
  // isHumanTouched decides by: the population of the column's flag cut (services/flag-cut.ts).
  const calibratedStmt = db.prepare(`SELECT sl.segment_id, sl.status, sl.confidence, sl.probability, sl.ceiling,
      CASE WHEN sl.status = 'empty' THEN (SELECT r.action FROM revisions r WHERE r.segment_id = sl.segment_id AND r.lang = @lang ORDER BY r.id DESC LIMIT 1) END AS action
    FROM segments s JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang AND sl.kind = 'head'
    WHERE s.document_id = @documentId AND sl.probability IS NOT NULL ORDER BY s.position`);
  const setConfidenceStmt = db.prepare(`UPDATE slots SET confidence = @confidence WHERE segment_id = @segmentId AND lang = @lang AND kind = 'head'`);

  return {
    /**
     * The heads of `lang` that hold a probability from the aligner, in order, each with its status
     * and, for an empty head, the action of its last revision (what isHumanTouched decides by).
     */
    listCalibratedHeads(documentId: number, lang: string): { segmentId: number; status: SlotStatus; lastAction: RevisionAction | null; confidence: number | null; probability: number; ceiling: number }[] {
      return (calibratedStmt.all({ documentId, lang }) as { segment_id: number; status: SlotStatus; action: RevisionAction | null; confidence: number | null; probability: number; ceiling: number | null }[])
        .map((r) => ({ segmentId: r.segment_id, status: r.status, lastAction: r.action, confidence: r.confidence, probability: r.probability, ceiling: r.ceiling ?? 1 }));
    },
    /**
     * Sets the confidence a head shows, nothing else: no version, no revision. Only the column's
     * flag cut calls it, on heads nobody touched, whose shown confidence follows from the cut.
     */
    setConfidence(segmentId: number, lang: string, confidence: number): void {
      setConfidenceStmt.run({ segmentId, lang, confidence });
    },
    findSlot(segmentId: number, lang: string): Slot | undefined {
      const row = findStmt.get({ segmentId, lang }) as SlotRow | undefined;
      return row ? toSlot(row) : undefined;
    },
    /**
     * The slot of `lang` at a segment of the document, with the segment's position and text
     * (one query: a save reads it twice, and builds its undo step's region from it).
     */
    findSlotAt(documentId: number, segmentId: number, lang: string): { slot: Slot; position: number; segment: RegionSegment } | undefined {
      const row = findAtStmt.get({ documentId, segmentId, lang }) as (SlotRow & { position: number; paragraph: number; segment_text: string }) | undefined;
      return row ? { slot: toSlot(row), position: row.position, segment: { id: segmentId, paragraph: row.paragraph, text: row.segment_text } } : undefined;
    },
    /** The slots of one language in segment order (heads and continuations). */
    listSlots(documentId: number, lang: string): Slot[] {
      return (listStmt.all({ documentId, lang }) as SlotRow[]).map(toSlot);
    },
    /** The slots of one language on segment positions [from, to], in order. */
    listSlotsInRange(documentId: number, lang: string, from: number, to: number): Slot[] {
      return (rangeStmt.all({ documentId, lang, from, to }) as SlotRow[]).map(toSlot);
    },
    listAllSlots(documentId: number): Slot[] {
      return (listAllStmt.all({ documentId }) as SlotRow[]).map(toSlot);
    },
    insertHead(head: NewHead): void {
      insertHeadStmt.run({
        segmentId: head.segmentId,
        lang: head.lang,
        text: head.text,
        status: head.status,
        span: head.span,
        confidence: head.confidence ?? null,
        reasons: head.reasons && head.reasons.length > 0 ? JSON.stringify(head.reasons) : null,
        updatedBy: head.updatedBy,
        now: head.now,
      });
      figures.slot(head.segmentId, head.lang, head.text);
    },
    /** Removes every slot of one language of a document; the caller rewrites them in the same transaction. */
    deleteSlots(documentId: number, lang: string): void {
      deleteStmt.run({ documentId, lang });
    },
    /**
     * Sets a head's text and status if its version is still `expectedVersion`; bumps the
     * version. Returns false when someone else changed it first (the caller answers 409).
     * `previousStatus` is the status the caller read at `expectedVersion` (the version guard
     * makes it the stored one whenever the write happens); when it equals `status` the status
     * column is not written.
     */
    updateHeadText(input: { segmentId: number; lang: string; text: string; status: SlotStatus; previousStatus?: SlotStatus; expectedVersion: number; userId: number | null; now: string; keepConfidence: boolean }): boolean {
      const { segmentId, lang, text, status, expectedVersion, userId, now } = input;
      const params = { segmentId, lang, text, expectedVersion, userId, now, keepConfidence: input.keepConfidence ? 1 : 0 };
      const updated = (input.previousStatus === status ? updateTextOnlyStmt.run(params) : updateTextStmt.run({ ...params, status })).changes === 1;
      if (updated) figures.slot(input.segmentId, input.lang, input.text);
      return updated;
    },
    insertContinuation(segmentId: number, lang: string, headSegmentId: number): void {
      insertContinuationStmt.run({ segmentId, lang, headSegmentId });
    },
    /**
     * The tiling invariant (DESIGN.md): walking the segments of a document in order,
     * every segment is covered by exactly one head — either it is a head, or it is a
     * continuation of the head whose span reaches it. Returns the problems found;
     * an empty list means the slots tile the document.
     */
    checkTiling(documentId: number, lang: string): string[] {
      const rows = tilingStmt.all({ documentId, lang }) as {
        segment_id: number; position: number; kind: 'head' | 'continuation' | null; head_segment_id: number | null; span: number | null;
      }[];
      const problems: string[] = [];
      let currentHead: number | null = null;
      let remaining = 0;
      for (const row of rows) {
        const where = `segment ${row.position} (id ${row.segment_id}), ${lang}`;
        if (row.kind === null) {
          problems.push(`${where}: no slot`);
          remaining = 0;
          continue;
        }
        if (row.kind === 'head') {
          if (remaining > 0) problems.push(`${where}: a head where the span of segment id ${currentHead} still needs ${remaining} continuation(s)`);
          currentHead = row.segment_id;
          remaining = (row.span ?? 1) - 1;
          continue;
        }
        if (remaining === 0) problems.push(`${where}: a continuation outside any head's span`);
        else if (row.head_segment_id !== currentHead) problems.push(`${where}: a continuation of segment id ${row.head_segment_id}, but it lies in the span of segment id ${currentHead}`);
        remaining = Math.max(0, remaining - 1);
      }
      if (remaining > 0) problems.push(`${lang}: the span of segment id ${currentHead} runs ${remaining} segment(s) past the end of the document`);
      return problems;
    },
  };
}

export type SlotStore = ReturnType<typeof createSlotStore>;
