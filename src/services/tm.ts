import type { Store } from '../store/index.js';
import type { RegionHead, RegionState } from '../store/regions.js';
import type { TmCandidate } from '../store/tm.js';
import type { User } from '../store/users.js';
import { createAccessPolicy } from './access.js';
import { createEditDistance, editDistance } from '../text/edit-distance.js';
import { normalizeForMatch } from '../text/grams.js';
import { NotFoundError, ValidationError } from './errors.js';

/** What the editor shows for one TM match. */
export interface TmMatch {
  unitId: number;
  /** 0–100: edit similarity of the normalised Chinese texts; 100 only for identical text. */
  percent: number;
  /** The unit's Chinese is exactly the segment's. */
  exact: boolean;
  /** Exact, and the unit came after the same Chinese segment as this one (a "context" or 101% match). */
  context: boolean;
  source: string;
  target: string;
  targetLang: string;
  origin: 'tmx' | 'slot';
  /** The TMX file name, or the title of the document whose approved slot made the unit. */
  originName: string;
  /** When the unit was last changed (TMX changedate, or the approval), ISO 8601. */
  date: string | null;
}

export interface PretranslateReport {
  lang: string;
  threshold: number;
  emptySlots: number;
  filled: number;
  /** Filled slots: 1-based segment number and match. */
  slots: { position: number; segmentId: number; percent: number; origin: string }[];
  belowThreshold: number;
}

export interface ConcordanceHit { unitId: number; source: string; target: string; targetLang: string; origin: 'tmx' | 'slot'; originName: string; date: string | null }

export { normalizeForMatch };

/** Levenshtein distance over code points (bit-parallel: src/text/edit-distance.ts). */
export { editDistance };

/**
 * The match percentage of a TM source against a segment: 100 × (1 − distance / longer
 * length) on normalised text. Only identical raw text scores 100; texts that differ only
 * in normalisation (spaces, full-width forms) score 99.
 * matchPercent('两国元首举行会谈。', '两国元首举行了会谈。') → 90
 */
export function matchPercent(unitSource: string, segmentSource: string): number {
  return createMatchScorer(segmentSource)(unitSource);
}

/**
 * matchPercent with the segment prepared once, for scoring many TM sources against it.
 * `minPercent` lets it skip a source whose length alone keeps it below (returning 0):
 * the distance is at least the difference of the lengths.
 */
export function createMatchScorer(segmentSource: string, minPercent = 0): (unitSource: string) => number {
  const b = normalizeForMatch(segmentSource);
  const bLength = [...b].length;
  const distance = createEditDistance(b);
  return (unitSource: string): number => {
    if (unitSource === segmentSource) return 100;
    const a = normalizeForMatch(unitSource);
    if (a === b) return 99;
    const aLength = [...a].length;
    const longer = Math.max(aLength, bLength);
    if (longer === 0) return 0;
    if (100 * (1 - Math.abs(aLength - bLength) / longer) < minPercent) return 0;
    return Math.min(99, Math.floor(100 * (1 - distance(a) / longer)));
  };
}

/**
 * Adds (or, on re-approval, updates) the TM unit of an approved slot. Call it inside the
 * approve transaction: it opens none of its own beyond a savepoint, reads the head as
 * stored, and does nothing for an empty or non-head slot. The unit's Chinese is the text of
 * every segment the slot spans; its context is the Chinese segment before.
 */
export function addApprovedToTm(store: Store, input: { documentId: number; segmentId: number; lang: string; userId: number | null; now: string }): 'inserted' | 'updated' | 'duplicate' | 'skipped' {
  const slot = store.slots.findSlot(input.segmentId, input.lang);
  if (!slot || slot.kind !== 'head' || slot.text.trim().length === 0) return 'skipped';
  const position = store.regions.positionOfSegment(input.documentId, input.segmentId);
  if (position === undefined) return 'skipped';
  const from = Math.max(0, position - 1);
  const region = store.regions.readRegion(input.documentId, from, position + slot.span - 1, []);
  const own = region.segments.slice(position - from);
  return store.tm.upsertSlotTmUnit({
    segmentId: input.segmentId, documentId: input.documentId, sourceText: own.map((s) => s.text).join(''),
    targetLang: input.lang, targetText: slot.text, context: position > 0 ? region.segments[0]?.text ?? null : null,
    createdBy: input.userId, now: input.now,
  });
}

/**
 * Keeps the TM in step when undo or redo rewrites a region (`before` → `after`, both read in
 * the caller's transaction): a slot that stops being approved takes its unit out (an undone
 * approval), a slot that becomes approved, or changes while approved, adds or updates it.
 */
export function syncApprovedTm(store: Store, documentId: number, before: RegionState, after: RegionState, userId: number, now: string): void {
  for (const [lang, heads] of Object.entries(after.slots)) {
    const was = new Map((before.slots[lang] ?? []).map((h) => [before.segments[h.start]?.id, h]));
    const approvedNow = new Set<number>();
    for (const head of heads) {
      const segmentId = after.segments[head.start]?.id;
      if (segmentId == null || head.status !== 'approved') continue;
      approvedNow.add(segmentId);
      const old = was.get(segmentId);
      if (old?.status === 'approved' && old.text === head.text && old.span === head.span) continue;
      addApprovedToTm(store, { documentId, segmentId, lang, userId, now });
    }
    for (const [segmentId, old] of was) {
      if (segmentId != null && old.status === 'approved' && !approvedNow.has(segmentId)) store.tm.deleteSlotTmUnit(segmentId, lang);
    }
  }
}

export interface TmServiceOptions { store: Store; now: () => Date }

/** Fuzzy matches for a slot, pre-translation of empty slots, and concordance search. */
export function createTmService({ store, now }: TmServiceOptions) {
  const access = createAccessPolicy(store.review);
  const titles = new Map<number, string>();
  function originName(unit: TmCandidate): string {
    if (unit.origin === 'tmx') return unit.originName ?? 'TMX file';
    if (unit.documentId === null) return 'an approved slot';
    let title = titles.get(unit.documentId);
    if (title === undefined) {
      title = store.documents.findDocument(unit.documentId)?.title ?? 'a deleted document';
      titles.set(unit.documentId, title);
    }
    return title;
  }

  function requireDocument(documentId: number): string[] {
    const document = store.documents.findDocument(documentId);
    if (!document) throw new NotFoundError(`There is no document ${documentId}.`);
    return document.langs;
  }

  /** The Chinese of a head slot (all segments it spans) and of the segment before it. */
  function slotSource(documentId: number, segmentId: number, lang: string): { source: string; previous: string | null; span: number; position: number } {
    const position = store.regions.positionOfSegment(documentId, segmentId);
    if (position === undefined) throw new NotFoundError(`There is no segment ${segmentId} in document ${documentId}.`);
    const slot = store.slots.findSlot(segmentId, lang);
    const span = slot?.kind === 'head' ? slot.span : 1;
    const from = Math.max(0, position - 1);
    const region = store.regions.readRegion(documentId, from, position + span - 1, []);
    return {
      source: region.segments.slice(position - from).map((s) => s.text).join(''),
      previous: position > 0 ? region.segments[0]?.text ?? null : null,
      span, position,
    };
  }

  /**
   * Scores the store's candidates (a bounded number, whatever the TM's size) and keeps the
   * best `limit` at or above `minPercent`; only those are read in full.
   */
  function rank(source: string, previous: string | null, lang: string, options: { limit: number; minPercent: number; excludeSegmentId?: number }): TmMatch[] {
    const score = createMatchScorer(source, options.minPercent);
    const scored = store.tm.listFuzzyCandidates(source, lang)
      .map((c) => ({ id: c.id, percent: score(c.sourceText) }))
      .filter((c) => c.percent >= options.minPercent)
      .sort((a, b) => b.percent - a.percent || b.id - a.id)
      // Room for the excluded slot, repeats of one pair and context ties at 100 %.
      .slice(0, options.limit * 4 + 50);
    const percents = new Map(scored.map((c) => [c.id, c.percent]));
    const seen = new Set<string>();
    return store.tm.listTmCandidates(scored.map((c) => c.id))
      .filter((u) => !(options.excludeSegmentId !== undefined && u.segmentId === options.excludeSegmentId && u.targetLang === lang))
      .map((u) => {
        const percent = percents.get(u.id)!;
        return {
          unitId: u.id, percent, exact: percent === 100, context: percent === 100 && previous !== null && u.context === previous,
          source: u.sourceText, target: u.targetText, targetLang: u.targetLang, origin: u.origin, originName: originName(u),
          date: u.changedAt ?? u.createdAt,
        };
      })
      // Best first: context before plain 100%, then percent, then the newest unit.
      .sort((a, b) => Number(b.context) - Number(a.context) || b.percent - a.percent || (b.date ?? '').localeCompare(a.date ?? '') || b.unitId - a.unitId)
      // The same translation from two files is shown once.
      .filter((m) => {
        const key = `${m.source}\u0000${m.target}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, options.limit);
  }

  return {
    /** The best TM matches for the slot of `lang` at `segmentId` (the head's whole span). */
    lookup(input: { documentId: number; segmentId: number; lang: string; limit?: number; minPercent?: number }): { source: string; matches: TmMatch[] } {
      const langs = requireDocument(input.documentId);
      if (!langs.includes(input.lang)) throw new NotFoundError(`This document has no ${input.lang} translation column.`);
      const { source, previous } = slotSource(input.documentId, input.segmentId, input.lang);
      return { source, matches: rank(source, previous, input.lang, { limit: input.limit ?? 5, minPercent: input.minPercent ?? 50, excludeSegmentId: input.segmentId }) };
    },

    /** Best matches for a free Chinese text (the benchmark and the CLI use it). */
    lookupText(source: string, lang: string, options: { limit?: number; minPercent?: number } = {}): TmMatch[] {
      return rank(source, null, lang, { limit: options.limit ?? 5, minPercent: options.minPercent ?? 50 });
    },

    /**
     * Fills every empty slot of `lang` whose best match reaches `threshold` with that match,
     * as `draft`, in one transaction through the region writer (so each filled head gets a
     * new version and a revision). Recorded as one undo step for the user.
     */
    pretranslate(input: { documentId: number; lang: string; threshold: number; user: User }): PretranslateReport {
      if (!Number.isInteger(input.threshold) || input.threshold < 50 || input.threshold > 100) {
        throw new ValidationError('Choose a threshold from 50 to 100 percent.', { details: { field: 'threshold' } });
      }
      const langs = requireDocument(input.documentId);
      if (!langs.includes(input.lang)) throw new NotFoundError(`This document has no ${input.lang} translation column.`);
      // The same assignment rule as editing: filling a language is working on it.
      access.authorize(input.user, 'pretranslate', { documentId: input.documentId, lang: input.lang });
      const total = store.regions.segmentCount(input.documentId);
      const report: PretranslateReport = { lang: input.lang, threshold: input.threshold, emptySlots: 0, filled: 0, slots: [], belowThreshold: 0 };
      if (total === 0) return report;
      const iso = now().toISOString();
      return store.transaction(() => {
        const before = store.regions.readRegion(input.documentId, 0, total - 1, [input.lang]);
        const heads = before.slots[input.lang] ?? [];
        const next: RegionHead[] = heads.map((head) => {
          if (head.status !== 'empty' || head.text.length > 0) return head;
          report.emptySlots += 1;
          const segments = before.segments.slice(head.start, head.start + head.span);
          const source = segments.map((s) => s.text).join('');
          const previous = head.start > 0 ? before.segments[head.start - 1]?.text ?? null : null;
          const best = rank(source, previous, input.lang, { limit: 1, minPercent: input.threshold })[0];
          if (!best) {
            report.belowThreshold += 1;
            return head;
          }
          report.filled += 1;
          report.slots.push({ position: head.start + 1, segmentId: segments[0]!.id!, percent: best.percent, origin: best.originName });
          return { ...head, text: best.target, status: 'draft', confidence: null, reasons: [`pre-translated from the TM (${best.percent}%, ${best.originName})`] };
        });
        if (report.filled === 0) return report;
        const after = { ...before, slots: { [input.lang]: next } };
        store.regions.writeRegion(input.documentId, before, after, { userId: input.user.id, action: 'edit', now: iso });
        const problems = store.slots.checkTiling(input.documentId, input.lang);
        if (problems.length > 0) throw new Error(`Slot tiling broken after pre-translating ${input.lang}: ${problems.join('; ')}`);
        store.documents.touchDocument(input.documentId, iso);
        const written = store.regions.readRegion(input.documentId, 0, total - 1, [input.lang]);
        store.operations.insertOperation({
          documentId: input.documentId, userId: input.user.id, kind: 'pretranslate', lang: input.lang,
          label: `pre-translate ${report.filled} ${input.lang} slot(s)`, before, after: written, now: iso,
        });
        store.users.insertAuditEntry({
          userId: input.user.id, action: 'pretranslate', documentId: input.documentId,
          details: { lang: input.lang, threshold: input.threshold, filled: report.filled }, now: iso,
        });
        return report;
      });
    },

    /** TM units whose Chinese or target text contains `q` (at least one character). */
    concordance(input: { q: string; lang?: string; side?: 'source' | 'target' | 'both'; limit?: number }): ConcordanceHit[] {
      const q = input.q.normalize('NFC').trim();
      if (q.length === 0) throw new ValidationError('Type a word or phrase to search for.', { details: { field: 'q' } });
      if (q.length > 200) throw new ValidationError('Search for at most 200 characters.', { details: { field: 'q' } });
      return store.tm.searchConcordance(q, { side: input.side ?? 'both', limit: input.limit ?? 50, ...(input.lang && { lang: input.lang }) }).map((u) => ({
        unitId: u.id, source: u.sourceText, target: u.targetText, targetLang: u.targetLang, origin: u.origin, originName: originName(u), date: u.changedAt ?? u.createdAt,
      }));
    },
  };
}

export type TmService = ReturnType<typeof createTmService>;
