import type { HeadSlot, SlotStatus } from '../domain.js';
import type { Db } from './db.js';
import { toSlot, type SlotRow } from './slots.js';

/**
 * Which heads of a language the review list shows, as SQL can decide it from the slot, its
 * comments and its revisions alone. Every field narrows; an empty filter keeps every head.
 */
export interface ReviewHeadFilter {
  statuses?: readonly SlotStatus[];
  /** Heads the aligner placed with a confidence below this. */
  confidenceBelow?: number;
  /** Heads with at least one unresolved comment. */
  openComments?: boolean;
  /** Heads not approved now whose last approved text differs from their text. */
  changedSinceApproval?: boolean;
}

/**
 * The review list of a 20,000-segment language, paged in SQL (issue #12): reading every slot
 * of the language to filter and count it in JavaScript cost 40 MB and a second per view.
 */
export function createReviewListStore(db: Db) {
  const from = `FROM segments s JOIN slots sl ON sl.segment_id = s.id AND sl.lang = @lang AND sl.kind = 'head'
    WHERE s.document_id = @documentId`;
  // The conditions are fixed SQL chosen by the filter's fields; only values are bound.
  function where(filter: ReviewHeadFilter): { sql: string; params: Record<string, unknown> } {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.statuses) {
      filter.statuses.forEach((status, i) => { params[`status${i}`] = status; });
      parts.push(filter.statuses.length === 0 ? '0' : `sl.status IN (${filter.statuses.map((_, i) => `@status${i}`).join(', ')})`);
    }
    if (filter.confidenceBelow !== undefined) {
      params.confidenceBelow = filter.confidenceBelow;
      parts.push('sl.confidence < @confidenceBelow');
    }
    if (filter.openComments) {
      parts.push('EXISTS (SELECT 1 FROM comments c WHERE c.segment_id = sl.segment_id AND c.lang = sl.lang AND c.resolved_at IS NULL)');
    }
    if (filter.changedSinceApproval) {
      // The same base as findComparisonBase: the latest approved revision (revisions_slot index).
      parts.push(`sl.status <> 'approved' AND (SELECT r.text FROM revisions r WHERE r.segment_id = sl.segment_id AND r.lang = sl.lang
        AND r.status = 'approved' ORDER BY r.id DESC LIMIT 1) <> sl.text`);
    }
    return { sql: parts.map((p) => ` AND (${p})`).join(''), params };
  }
  const statements = new Map<string, { page: ReturnType<Db['prepare']>; count: ReturnType<Db['prepare']> }>();
  function prepared(sql: string) {
    let found = statements.get(sql);
    if (!found) {
      found = {
        page: db.prepare(`SELECT s.position, sl.* ${from}${sql} ORDER BY s.position LIMIT @limit OFFSET @offset`),
        count: db.prepare(`SELECT COUNT(*) AS n ${from}${sql}`),
      };
      statements.set(sql, found);
    }
    return found;
  }

  return {
    /** Heads of `lang` that pass `filter`, in segment order: `limit` of them from the `offset`-th. */
    listReviewHeads(documentId: number, lang: string, filter: ReviewHeadFilter, offset: number, limit: number): { slot: HeadSlot; position: number }[] {
      const { sql, params } = where(filter);
      const rows = prepared(sql).page.all({ ...params, documentId, lang, offset, limit }) as (SlotRow & { position: number })[];
      return rows.map((row) => ({ slot: toSlot(row) as HeadSlot, position: row.position }));
    },
    /** How many heads of `lang` pass `filter`. */
    countReviewHeads(documentId: number, lang: string, filter: ReviewHeadFilter): number {
      const { sql, params } = where(filter);
      return (prepared(sql).count.get({ ...params, documentId, lang }) as { n: number }).n;
    },
  };
}

export type ReviewListStore = ReturnType<typeof createReviewListStore>;
