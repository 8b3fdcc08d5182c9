/**
 * Review decisions and the review list: approve, reject, approve all shown, and one
 * page of a language's slots with the diff since the last approval. Comments are in
 * comments.ts, history and restore in revisions.ts, assignments in assignments.ts.
 */
import { SLOT_STATUSES, type ErrorCategory, type HeadSlot, type SlotStatus } from '../domain.js';
import { TRIANGULATION_CHECK_IDS } from '../qa/triangulation.js';
import type { User } from '../store/users.js';
import { compareTexts, type DiffPart } from '../text/diff.js';
import { MAX_COMMENT } from './comments.js';
import { recordAudit, requireDocument, type ServiceDeps } from './context.js';
import { InvalidTransitionError, ValidationError } from './errors.js';
import { LOW_CONFIDENCE, changeHead, findHeadSlot, slotView, type SlotView } from './slots.js';

/** A QA finding as the review needs it (issue #7 supplies the checks). */
export interface QaFinding { id: string; severity: 'error' | 'warning'; message: string }

/** QA findings of one slot, and of every slot of a language at once (keyed by head segment id). */
export interface QaSource {
  slot(documentId: number, segmentId: number, lang: string): QaFinding[];
  language(documentId: number, lang: string): Map<number, QaFinding[]>;
}

export interface ReviewDeps extends ServiceDeps {
  qa: QaSource;
  /** Called inside the approving transaction, e.g. to add the pair to the translation memory. */
  onApproved?: (input: { documentId: number; segmentId: number; lang: string; userId: number }) => void;
}

export const REVIEW_FILTERS = ['all', 'needs-review', 'rejected', 'approved', 'changed-since-approval', 'has-comments', 'qa-warnings', 'triangulation', 'low-confidence'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export interface ReviewItem {
  segmentId: number;
  position: number;
  span: number;
  source: string;
  slot: Extract<SlotView, { kind: 'head' }>;
  /** What the diff compares against, and the diff from it to the current text. */
  base: { kind: 'approved' | 'rejected' | 'previous'; text: string; at: string } | null;
  diff: DiffPart[];
  /** Set when the texts differed too much for a word (character) diff: says how it was made instead. */
  diffNotice: string | null;
  comments: { total: number; open: number };
  qa: QaFinding[];
}

export interface ReviewPage {
  lang: string;
  filter: ReviewFilter;
  counts: Record<SlotStatus, number>;
  /** Segments covered by approved slots / all segments, 0..100. */
  percentApproved: number;
  total: number;
  offset: number;
  items: ReviewItem[];
  canReview: boolean;
}

export interface DecisionInput { documentId: number; segmentId: number; lang: string; version: number; user: User }
export interface ApproveInput extends DecisionInput { overrideQa?: boolean }
export interface RejectInput extends DecisionInput { comment: string; category?: ErrorCategory }
export interface ApproveAllInput { documentId: number; lang: string; slots: { segmentId: number; version: number }[]; user: User }
export interface ReviewListInput { documentId: number; lang: string; filter: ReviewFilter; offset: number; limit: number; user: User }

/** Approves a translated slot, unless quality checks found errors and the reviewer did not override them. */
export function approveSlot(deps: ReviewDeps, input: ApproveInput): SlotView {
  return decide(deps, input, 'approved');
}

/** Rejects a translated or approved slot with a comment the translator sees on the slot. */
export function rejectSlot(deps: ReviewDeps, input: RejectInput): SlotView {
  return decide(deps, input, 'rejected', input.comment, input.category);
}

/** Rejections per language and error category, for the document page. */
export function rejectionCounts(deps: ReviewDeps, documentId: number): { lang: string; category: ErrorCategory | null; count: number }[] {
  requireDocument(deps.store, documentId);
  return deps.store.review.rejectionCategories(documentId);
}

function decide(deps: ReviewDeps, input: ApproveInput, decision: 'approved' | 'rejected', comment?: string, category?: ErrorCategory): SlotView {
  const { store } = deps;
  requireDocument(store, input.documentId, input.lang);
  deps.access.authorize(input.user, decision === 'approved' ? 'approve' : 'reject', { documentId: input.documentId, lang: input.lang });
  const body = comment?.trim() ?? '';
  if (decision === 'rejected' && body.length === 0) throw new ValidationError('Say why you reject the slot: a rejection needs a comment for the translator.', { details: { field: 'comment' } });
  if (body.length > MAX_COMMENT) throw new ValidationError(`A comment has at most ${MAX_COMMENT} characters.`, { details: { field: 'comment' } });
  return store.transaction(() => {
    const { head, position } = findHeadSlot(store, input.documentId, input.segmentId, input.lang);
    if (decision === 'approved' && head.status !== 'translated') {
      throw new InvalidTransitionError(head.status === 'approved'
        ? 'This slot is already approved.'
        : `Only a translated slot can be approved; this one is ${head.status}. The translator confirms it first (or edit it as reviewer).`);
    }
    if (decision === 'rejected' && head.status !== 'translated' && head.status !== 'approved') {
      throw new InvalidTransitionError(`Only a translated or approved slot can be rejected; this one is ${head.status}.`);
    }
    const errors = decision === 'approved' ? deps.qa.slot(input.documentId, input.segmentId, input.lang).filter((f) => f.severity === 'error') : [];
    if (errors.length > 0 && !input.overrideQa) {
      throw new InvalidTransitionError(`Quality checks found ${errors.length} error(s): ${errors.map((e) => e.message).join(' ')} Approve anyway only with an explicit override.`, { qaErrors: errors, needsOverride: true });
    }
    const at = deps.now().toISOString();
    const slot = changeHead(deps, {
      documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, version: input.version, status: decision,
      action: decision === 'approved' ? 'approve' : 'reject', user: input.user,
      label: `${decision === 'approved' ? 'approve' : 'reject'} ${input.lang} slot ${position + 1}`,
    });
    const commentId = body ? store.review.insertComment({ segmentId: input.segmentId, lang: input.lang, authorId: input.user.id, body, now: at }) : null;
    store.review.insertApproval({
      segmentId: input.segmentId, lang: input.lang, version: slot.kind === 'head' ? slot.version : input.version, decision,
      commentId, reviewerId: input.user.id, qaOverride: errors.length > 0, now: at, ...(category && { errorCategory: category }),
    });
    recordAudit(deps, input.user, decision === 'approved' ? 'approve' : 'reject', input.documentId, {
      segmentId: input.segmentId, lang: input.lang, position: position + 1, ...(body && { comment: body }), ...(category && { category }), ...(errors.length > 0 && { qaOverride: errors.map((e) => e.id) }),
    });
    if (decision === 'approved') deps.onApproved?.({ documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, userId: input.user.id });
    return slot;
  });
}

/**
 * Approves each listed slot that is still at the listed version and translated, in
 * one transaction; reports the rest with the reason, so nothing unseen is approved.
 */
export function approveAll(deps: ReviewDeps, input: ApproveAllInput): { approved: number; skipped: { segmentId: number; reason: string }[] } {
  requireDocument(deps.store, input.documentId, input.lang);
  deps.access.authorize(input.user, 'approve', { documentId: input.documentId, lang: input.lang });
  if (input.slots.length > 1000) throw new ValidationError('Approve at most 1,000 slots at once.');
  return deps.store.transaction(() => {
    let approved = 0;
    const skipped: { segmentId: number; reason: string }[] = [];
    for (const item of input.slots) {
      try {
        decide(deps, { documentId: input.documentId, lang: input.lang, segmentId: item.segmentId, version: item.version, user: input.user }, 'approved');
        approved += 1;
      } catch (error) {
        if (!(error instanceof Error) || !('code' in error)) throw error;
        skipped.push({ segmentId: item.segmentId, reason: error.message });
      }
    }
    return { approved, skipped };
  });
}

/** One page of the review list for a language, filtered, with diffs against the comparison base. */
export function listReview(deps: ReviewDeps, input: ReviewListInput): ReviewPage {
  const { store } = deps;
  requireDocument(store, input.documentId, input.lang);
  const heads = store.slots.listSlots(input.documentId, input.lang);
  const comments = store.review.commentCounts(input.documentId);
  // Checking every slot of a 20,000-segment language took 20 s (issue #12): only the QA
  // filters need every slot's findings; the others check the slots of the page shown.
  const byQa = input.filter === 'qa-warnings' || input.filter === 'triangulation';
  const findings = byQa ? deps.qa.language(input.documentId, input.lang) : undefined;
  const findingsOf = (slot: HeadSlot): QaFinding[] => {
    if (findings) return findings.get(slot.segmentId) ?? [];
    // The whole-language list leaves empty slots out (they are listed by status, not as QA problems).
    return slot.status === 'empty' ? [] : deps.qa.slot(input.documentId, slot.segmentId, input.lang);
  };
  const base = (slot: HeadSlot) => store.review.findComparisonBase(slot.segmentId, input.lang, slot.text);
  // Only "changed since approval" needs each slot's comparison base to decide; the other
  // filters are cheap, and the base and diff are built for the page shown, not the whole list.
  const keep: Record<ReviewFilter, (slot: HeadSlot) => boolean> = {
    all: () => true,
    'needs-review': (slot) => slot.status === 'translated',
    rejected: (slot) => slot.status === 'rejected',
    approved: (slot) => slot.status === 'approved',
    'changed-since-approval': (slot) => {
      if (slot.status === 'approved') return false;
      const b = base(slot);
      return b?.kind === 'approved' && b.text !== slot.text;
    },
    'has-comments': (slot) => (comments.get(`${slot.segmentId}:${input.lang}`)?.open ?? 0) > 0,
    'qa-warnings': (slot) => findingsOf(slot).length > 0,
    // The English and the Russian disagree here (issue #16): numbers, names, sentence type, length or grouping.
    triangulation: (slot) => findingsOf(slot).some((f) => (TRIANGULATION_CHECK_IDS as readonly string[]).includes(f.id)),
    'low-confidence': (slot) => slot.confidence !== null && slot.confidence < LOW_CONFIDENCE,
  };
  const counts = Object.fromEntries(SLOT_STATUSES.map((s) => [s, 0])) as Record<SlotStatus, number>;
  const matching: { slot: HeadSlot; position: number }[] = [];
  heads.forEach((slot, position) => {
    if (slot.kind !== 'head') return;
    counts[slot.status] += slot.span;
    if (keep[input.filter](slot)) matching.push({ slot, position });
  });
  const items = matching.slice(input.offset, input.offset + input.limit).map(({ slot, position }): ReviewItem => {
    const b = base(slot);
    const diff = b ? compareTexts(b.text, slot.text, input.lang) : null;
    return {
      segmentId: slot.segmentId, position, span: slot.span,
      // The Chinese of this slot only: the page never reads the whole document's segments.
      source: store.segments.listSegmentsInRange(input.documentId, position, position + slot.span - 1).map((s) => s.text).join(''),
      slot: slotView(slot), base: b ?? null, diff: diff?.parts ?? [], diffNotice: diff?.notice ?? null,
      comments: comments.get(`${slot.segmentId}:${input.lang}`) ?? { total: 0, open: 0 }, qa: findingsOf(slot),
    };
  });
  const total = heads.length;
  return {
    lang: input.lang, filter: input.filter, counts,
    percentApproved: total === 0 ? 0 : Math.round((counts.approved / total) * 100),
    total: matching.length, offset: input.offset,
    items,
    canReview: deps.access.can(input.user, 'approve', { documentId: input.documentId, lang: input.lang }),
  };
}
