import type { HeadSlot, RegionHead, RegionSegment, RegionState, RevisionAction, SlotStatus } from '../domain.js';
import type { Db } from './db.js';
import { createFigureWriter } from './figures.js';
import { SEGMENT_COUNT_SQL } from './segments.js';

// The region types are product vocabulary (domain.ts); re-exported for the store's callers.
export type { RegionHead, RegionSegment, RegionState } from '../domain.js';

/**
 * A row of readRegion's query as an array (better-sqlite3's raw mode), in its SELECT order:
 * a page of 20 rows × 2 languages took 207 µs as objects with 12 keys each, 126 µs as arrays
 * (bench/save.ts's metered rows read, issue #15).
 */
type RegionRow = [
  segmentId: number, position: number, paragraph: number, segmentText: string, lang: string | null, kind: 'head' | 'continuation' | null,
  text: string | null, status: SlotStatus | null, version: number | null, span: number | null, confidence: number | null, reasons: string | null,
  probability: number | null, ceiling: number | null,
];

/**
 * What readRegion(documentId, position, position, [lang]) reads when one head of `lang` covers
 * just that segment, built from the segment and head already read: a slot save of such a head
 * (nearly every save) spares the query.
 */
export function regionOfOneSegment(position: number, segment: RegionSegment, lang: string, head: HeadSlot): RegionState {
  return {
    startPosition: position,
    segments: [{ id: segment.id, paragraph: segment.paragraph, text: segment.text }],
    slots: { [lang]: [{ start: 0, span: 1, text: head.text, status: head.status, confidence: head.confidence, reasons: [...head.reasons], version: head.version, ...(head.calibration && { calibration: head.calibration }) }] },
  };
}

export function createRegionStore(db: Db) {
  const figures = createFigureWriter(db);
  const headAt = db.prepare(`SELECT s.position, sl.kind, sl.span, h.position AS head_position, hs.span AS head_span
    FROM segments s JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang
    LEFT JOIN segments h ON h.id = sl.head_segment_id
    LEFT JOIN slots hs ON hs.segment_id = sl.head_segment_id AND hs.lang = @lang
    WHERE s.document_id = @documentId AND s.position = @position`);
  // Asked by every page of rows (segments.ts SEGMENT_COUNT_SQL: one index seek).
  const countSegments = db.prepare(SEGMENT_COUNT_SQL);
  const readRows = db.prepare(`SELECT s.id AS segment_id, s.position, s.paragraph, s.text AS seg_text,
      sl.lang, sl.kind, sl.text, sl.status, sl.version, sl.span, sl.confidence, sl.reasons, sl.probability, sl.ceiling
    FROM segments s LEFT JOIN slots sl ON sl.segment_id = s.id
    WHERE s.document_id = @documentId AND s.position BETWEEN @start AND @end
    ORDER BY s.position, sl.lang`).raw(true);
  const positionOf = db.prepare('SELECT position FROM segments WHERE id = @id AND document_id = @documentId');
  const nextEmpty = db.prepare(`SELECT s.position FROM segments s JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang
    WHERE s.document_id = @documentId AND s.position > @after AND sl.kind = 'head' AND sl.text = '' ORDER BY s.position LIMIT 1`);
  const langsOf = db.prepare('SELECT lang FROM document_languages WHERE document_id = @documentId ORDER BY rowid');
  // The last revision's action of each head in a range; only empty heads need it (isHumanTouched).
  const headStates = db.prepare(`SELECT s.position, sl.span, sl.status,
      CASE WHEN sl.status = 'empty' THEN (SELECT r.action FROM revisions r WHERE r.segment_id = s.id AND r.lang = @lang ORDER BY r.id DESC LIMIT 1) END AS action
    FROM segments s JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang AND sl.kind = 'head'
    WHERE s.document_id = @documentId AND s.position BETWEEN @start AND @end ORDER BY s.position`);

  // Confirmed heads outside [start, end], nearest to the window first, each with its Chinese
  // segments joined: one statement, LIMIT bound, for the learned associations of a re-alignment.
  const confirmedPairs = db.prepare(`WITH picked AS (
      SELECT s.position, sl.span, sl.text FROM segments s
        JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang AND sl.kind = 'head'
      WHERE s.document_id = @documentId AND sl.status IN ('translated', 'approved') AND sl.text <> ''
        AND (s.position + sl.span - 1 < @start OR s.position > @end)
      ORDER BY CASE WHEN s.position < @start THEN @start - s.position ELSE s.position - @end END, s.position
      LIMIT @limit)
    SELECT p.position, p.text AS target,
      (SELECT group_concat(c.text, '' ORDER BY c.position) FROM segments c
        WHERE c.document_id = @documentId AND c.position BETWEEN p.position AND p.position + p.span - 1) AS source
    FROM picked p ORDER BY p.position`);

  // Renumbering must never put two segments on one position (a unique index), so rows
  // move through negative parking positions: the region far below PARK, the tail above it.
  const PARK = -2_000_000_000;
  const parkRegion = db.prepare(`UPDATE segments SET position = ${PARK} - position WHERE document_id = @documentId AND position BETWEEN @start AND @end`);
  const parkTail = db.prepare(`UPDATE segments SET position = -1 - (position + @delta) WHERE document_id = @documentId AND position > @end`);
  const unparkTail = db.prepare(`UPDATE segments SET position = -1 - position WHERE document_id = @documentId AND position < 0 AND position > ${PARK}`);
  const setSegment = db.prepare('UPDATE segments SET position = @position, paragraph = @paragraph, text = @text WHERE id = @id');
  const insertSegment = db.prepare(`INSERT INTO segments (id, document_id, position, paragraph, text) VALUES (@id, @documentId, @position, @paragraph, @text)`);
  const deleteSegment = db.prepare('DELETE FROM segments WHERE id = @id');
  const movedRevisions = db.prepare('UPDATE revisions SET segment_id = @to WHERE segment_id = @from');
  const deleteSlot = db.prepare('DELETE FROM slots WHERE segment_id = @segmentId AND lang = @lang');
  const insertHead = db.prepare(`INSERT INTO slots (segment_id, lang, kind, text, status, version, span, confidence, reasons, updated_by, updated_at, probability, ceiling)
    VALUES (@segmentId, @lang, 'head', @text, @status, @version, @span, @confidence, @reasons, @userId, @now, @probability, @ceiling)`);
  const insertContinuation = db.prepare(`INSERT INTO slots (segment_id, lang, kind, head_segment_id) VALUES (@segmentId, @lang, 'continuation', @headSegmentId)`);
  const maxRevision = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM revisions WHERE segment_id = @segmentId AND lang = @lang');
  const insertRevision = db.prepare(`INSERT INTO revisions (segment_id, lang, version, text, status, span, author_id, created_at, action)
    VALUES (@segmentId, @lang, @version, @text, @status, @span, @userId, @now, @action)`);

  /** The positions [start, end] of the slot of `lang` that covers `position`. */
  function slotExtent(documentId: number, lang: string, position: number): { start: number; end: number } | undefined {
    const row = headAt.get({ documentId, lang, position }) as
      { position: number; kind: 'head' | 'continuation'; span: number | null; head_position: number | null; head_span: number | null } | undefined;
    if (!row) return undefined;
    if (row.kind === 'head') return { start: row.position, end: row.position + (row.span ?? 1) - 1 };
    const start = row.head_position ?? row.position;
    return { start, end: start + (row.head_span ?? 1) - 1 };
  }

  return {
    documentLangs(documentId: number): string[] {
      return (langsOf.all({ documentId }) as { lang: string }[]).map((r) => r.lang);
    },
    segmentCount(documentId: number): number {
      return (countSegments.get({ documentId }) as { n: number }).n;
    },
    positionOfSegment(documentId: number, segmentId: number): number | undefined {
      return (positionOf.get({ id: segmentId, documentId }) as { position: number } | undefined)?.position;
    },
    /** The position of the first empty head of `lang` after `after`, if any. */
    nextEmptyHead(documentId: number, lang: string, after: number): number | undefined {
      return (nextEmpty.get({ documentId, lang, after }) as { position: number } | undefined)?.position;
    },
    /**
     * The heads of `lang` starting in [start, end]: position, span, status and, for an empty head,
     * the action of its last revision (null when it has none) — what isHumanTouched decides by.
     */
    listHeadStates(documentId: number, lang: string, start: number, end: number): { position: number; span: number; status: SlotStatus; lastAction: RevisionAction | null }[] {
      return (headStates.all({ documentId, lang, start, end }) as { position: number; span: number; status: SlotStatus; action: RevisionAction | null }[])
        .map((r) => ({ position: r.position, span: r.span, status: r.status, lastAction: r.action }));
    },
    /**
     * Up to `limit` heads of `lang` a person confirmed (translated or approved, with text) that lie
     * wholly outside [start, end], the nearest to it first: each as its Chinese text (the segments
     * it spans, joined) and its translation, in document order.
     */
    listConfirmedPairs(documentId: number, lang: string, start: number, end: number, limit: number): { position: number; source: string; target: string }[] {
      return confirmedPairs.all({ documentId, lang, start, end, limit }) as { position: number; source: string; target: string }[];
    },
    /** Grows [start, end] until no slot of any of `langs` crosses its edges. */
    expandToSlots(documentId: number, langs: readonly string[], start: number, end: number): { start: number; end: number } {
      let lo = start;
      let hi = end;
      for (let changed = true; changed;) {
        changed = false;
        for (const lang of langs) {
          const first = slotExtent(documentId, lang, lo);
          const last = slotExtent(documentId, lang, hi);
          if (first && first.start < lo) { lo = first.start; changed = true; }
          if (last && last.end > hi) { hi = last.end; changed = true; }
        }
      }
      return { start: lo, end: hi };
    },

    /** Reads segments [start, end] and their slots in `langs`. The caller has expanded the range to whole slots. */
    readRegion(documentId: number, start: number, end: number, langs: readonly string[]): RegionState {
      const rows = readRows.all({ documentId, start, end }) as RegionRow[];
      const segments: RegionSegment[] = [];
      const slots: Record<string, RegionHead[]> = Object.fromEntries(langs.map((l) => [l, []]));
      let index = -1;
      let lastPosition = -1;
      for (const [segmentId, position, paragraph, segmentText, lang, kind, text, status, version, span, confidence, reasons, probability, ceiling] of rows) {
        if (position !== lastPosition) {
          segments.push({ id: segmentId, paragraph, text: segmentText });
          index += 1;
          lastPosition = position;
        }
        if (lang === null || kind !== 'head' || !(lang in slots)) continue;
        slots[lang]!.push({
          start: index,
          span: span ?? 1,
          text: text ?? '',
          status: status ?? 'empty',
          confidence,
          reasons: reasons ? (JSON.parse(reasons) as string[]) : [],
          version: version ?? 1,
          ...(probability !== null && { calibration: { probability, ceiling: ceiling ?? 1 } }),
        });
      }
      return { startPosition: start, segments, slots };
    },

    /**
     * Replaces region `current` (read in this transaction) with `next`. Segments missing
     * from `next` are deleted (their revisions move to the segment before them), new ones
     * inserted, later segments renumbered. Heads whose text, status or span change get a
     * new version and a revision with `action`; unchanged heads keep their version.
     * Returns nothing: callers re-read the region to learn new ids and versions.
     */
    writeRegion(documentId: number, current: RegionState, next: RegionState, meta: { userId: number | null; action: RevisionAction; now: string }): void {
      const start = current.startPosition;
      const end = start + current.segments.length - 1;
      const delta = next.segments.length - current.segments.length;
      const nextIds = new Set(next.segments.map((s) => s.id).filter((id): id is number => id !== null));
      const langs = Object.keys(next.slots);

      // Heads as they were, to keep versions of unchanged ones and to number changed ones.
      const before = new Map<string, RegionHead & { segmentId: number }>();
      for (const [lang, heads] of Object.entries(current.slots)) {
        for (const head of heads) {
          const segmentId = current.segments[head.start]?.id;
          if (segmentId != null) before.set(`${segmentId}:${lang}`, { ...head, segmentId });
        }
      }
      for (const segment of current.segments) {
        if (segment.id === null) continue;
        for (const lang of langs) deleteSlot.run({ segmentId: segment.id, lang });
      }

      if (current.segments.length > 0) parkRegion.run({ documentId, start, end });
      if (delta !== 0) {
        parkTail.run({ documentId, end, delta });
        unparkTail.run({ documentId });
      }
      let keptBefore: number | null = null;
      for (const segment of current.segments) {
        if (segment.id === null) continue;
        if (nextIds.has(segment.id)) {
          keptBefore = segment.id;
          continue;
        }
        const heir = keptBefore ?? next.segments.find((s) => s.id !== null)?.id ?? null;
        if (heir !== null) movedRevisions.run({ from: segment.id, to: heir });
        deleteSegment.run({ id: segment.id });
      }
      const currentIds = new Set(current.segments.map((s) => s.id));
      const ids = next.segments.map((segment, i) => {
        const position = start + i;
        if (segment.id !== null && currentIds.has(segment.id)) {
          setSegment.run({ id: segment.id, position, paragraph: segment.paragraph, text: segment.text });
          // The trigger of 015_text_figures.sql dropped the figures if the text changed.
          figures.segment(segment.id, segment.text);
          return segment.id;
        }
        const id = Number(insertSegment.run({ id: segment.id, documentId, position, paragraph: segment.paragraph, text: segment.text }).lastInsertRowid);
        figures.segment(id, segment.text);
        return id;
      });

      for (const lang of langs) {
        for (const head of next.slots[lang] ?? []) {
          const segmentId = ids[head.start]!;
          const old = before.get(`${segmentId}:${lang}`);
          const unchanged = old && old.text === head.text && old.status === head.status && old.span === head.span;
          const version = unchanged
            ? old.version
            : Math.max(old?.version ?? 0, (maxRevision.get({ segmentId, lang }) as { v: number }).v) + 1;
          insertHead.run({
            segmentId, lang, text: head.text, status: head.status, version, span: head.span,
            confidence: head.confidence, reasons: head.reasons.length > 0 ? JSON.stringify(head.reasons) : null,
            userId: meta.userId, now: meta.now, probability: head.calibration?.probability ?? null, ceiling: head.calibration?.ceiling ?? null,
          });
          figures.slot(segmentId, lang, head.text);
          for (let i = 1; i < head.span; i++) insertContinuation.run({ segmentId: ids[head.start + i]!, lang, headSegmentId: segmentId });
          if (!unchanged) {
            // A head a transform filled mechanically is the aligner's placement, not the person's decision.
            const action = head.byAligner ? 'align' : meta.action;
            insertRevision.run({ segmentId, lang, version, text: head.text, status: head.status, span: head.span, userId: meta.userId, now: meta.now, action });
          }
        }
      }
    },
  };
}

export type RegionStore = ReturnType<typeof createRegionStore>;
