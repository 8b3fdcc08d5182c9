/**
 * Review decisions and the review list: approve, reject, approve all shown, and one
 * page of a language's slots with the diff since the last approval. Comments are in
 * comments.ts, history and restore in revisions.ts, assignments in assignments.ts.
 */
import { SLOT_STATUSES, type ErrorCategory, type HeadSlot, type ReviewPass, type SlotStatus } from '../domain.js';
import { TRIANGULATION_CHECK_IDS } from '../qa/triangulation.js';
import type { ReviewHeadFilter } from '../store/review-list.js';
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

export const REVIEW_FILTERS = ['all', 'needs-review', 'waiting-r2', 'rejected', 'approved', 'changed-since-approval', 'has-comments', 'qa-warnings', 'triangulation', 'low-confidence'] as const;
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
  /** Who approved the slot in the first pass, shown to the second reviewer; null: not reviewed. */
  firstApproval: { reviewerName: string | null; at: string } | null;
  /** What this user may decide on this slot now (the policy, four eyes included). */
  mayApprove: boolean;
  mayReject: boolean;
}

/** Decisions per review pass of one language: approvals and rejections by category. */
export interface PassCounts { pass: ReviewPass; approved: number; rejected: number; categories: Partial<Record<ErrorCategory | 'none', number>> }

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
  /** The language has a second review pass (reviewer 1 then reviewer 2). */
  secondReview: boolean;
  /** Decisions made so far per pass (one entry without a second pass, unless it was on once). */
  passes: PassCounts[];
}

export interface DecisionInput { documentId: number; segmentId: number; lang: string; version: number; user: User }
export interface ApproveInput extends DecisionInput { overrideQa?: boolean }
export interface RejectInput extends DecisionInput { comment: string; category?: ErrorCategory }
export interface ApproveAllInput { documentId: number; lang: string; slots: { segmentId: number; version: number }[]; user: User }
export interface ReviewListInput { documentId: number; lang: string; filter: ReviewFilter; offset: number; limit: number; user: User }

/**
 * Approves a slot, unless quality checks found errors and the reviewer did not override them.
 * With one review pass a translated slot becomes approved; with two, the first reviewer's
 * approval makes it reviewed and the second reviewer's (someone else's) approved.
 */
export function approveSlot(deps: ReviewDeps, input: ApproveInput): SlotView {
  return decide(deps, input, 'approved');
}

/**
 * Rejects a slot with a comment the translator sees on the slot: a translated one (first
 * pass), or one a reviewer approved (with two passes, that is the second reviewer's).
 */
export function rejectSlot(deps: ReviewDeps, input: RejectInput): SlotView {
  return decide(deps, input, 'rejected', input.comment, input.category);
}

/** Rejections per language, review pass and error category, for the document page. */
export function rejectionCounts(deps: ReviewDeps, documentId: number): { lang: string; pass: ReviewPass; category: ErrorCategory | null; count: number }[] {
  requireDocument(deps.store, documentId);
  return deps.store.review.rejectionCategories(documentId);
}

/** What a decision on a slot of this status does: which pass decides it, and the status it leaves. */
interface DecisionStep { pass: ReviewPass; status: SlotStatus }

/**
 * The review workflow in one place. One pass: translated → approved | rejected, and an
 * approved slot may be rejected. Two passes: translated → reviewed (R1) | rejected, then
 * reviewed → approved | rejected (R2), and an approved slot is rejected by R2 only. A
 * reviewed slot left when the second pass was turned off is approved in the one pass.
 */
function decisionStep(status: SlotStatus, decision: 'approved' | 'rejected', twoPasses: boolean): DecisionStep | string {
  if (decision === 'approved') {
    if (status === 'translated') return { pass: 1, status: twoPasses ? 'reviewed' : 'approved' };
    if (status === 'reviewed') return { pass: twoPasses ? 2 : 1, status: 'approved' };
    return status === 'approved'
      ? 'This slot is already approved.'
      : `Only a translated slot can be approved; this one is ${status}. The translator confirms it first (or edit it as reviewer).`;
  }
  if (status === 'translated') return { pass: 1, status: 'rejected' };
  if (status === 'reviewed' || status === 'approved') return { pass: twoPasses ? 2 : 1, status: 'rejected' };
  return `Only a translated, reviewed or approved slot can be rejected; this one is ${status}.`;
}

/** Throws PermissionError unless the user may make this decision in this pass (four eyes in the second). */
function authorizeDecision(deps: ReviewDeps, user: User, subject: { documentId: number; lang: string }, segmentId: number, decision: 'approved' | 'rejected', pass: ReviewPass): void {
  if (pass === 1) {
    deps.access.authorize(user, decision === 'approved' ? 'approve' : 'reject', subject);
    return;
  }
  const first = deps.store.review.findFirstApproval(segmentId, subject.lang);
  deps.access.authorize(user, 'second-review', { ...subject, firstReviewerId: first?.reviewerId ?? null });
}

function decide(deps: ReviewDeps, input: ApproveInput, decision: 'approved' | 'rejected', comment?: string, category?: ErrorCategory): SlotView {
  const { store } = deps;
  requireDocument(store, input.documentId, input.lang);
  const subject = { documentId: input.documentId, lang: input.lang };
  const twoPasses = store.review.hasSecondReview(input.documentId, input.lang);
  const body = comment?.trim() ?? '';
  return store.transaction(() => {
    const { head, position } = findHeadSlot(store, input.documentId, input.segmentId, input.lang);
    const step = decisionStep(head.status, decision, twoPasses);
    // The pass the slot is in says who may decide: a refusal names that pass's reviewers.
    authorizeDecision(deps, input.user, subject, input.segmentId, decision, typeof step === 'string' ? 1 : step.pass);
    if (typeof step === 'string') throw new InvalidTransitionError(step);
    if (decision === 'rejected' && body.length === 0) throw new ValidationError('Say why you reject the slot: a rejection needs a comment for the translator.', { details: { field: 'comment' } });
    if (body.length > MAX_COMMENT) throw new ValidationError(`A comment has at most ${MAX_COMMENT} characters.`, { details: { field: 'comment' } });
    const errors = decision === 'approved' ? deps.qa.slot(input.documentId, input.segmentId, input.lang).filter((f) => f.severity === 'error') : [];
    if (errors.length > 0 && !input.overrideQa) {
      throw new InvalidTransitionError(`Quality checks found ${errors.length} error(s): ${errors.map((e) => e.message).join(' ')} Approve anyway only with an explicit override.`, { qaErrors: errors, needsOverride: true });
    }
    const at = deps.now().toISOString();
    const verb = decision === 'approved' ? 'approve' : 'reject';
    const slot = changeHead(deps, {
      documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, version: input.version, status: step.status,
      action: verb, user: input.user,
      // A second reviewer's decision is undone as one: the policy asks for the second reviewer's right.
      ...(step.pass === 2 && { kind: decision === 'approved' ? 'second-approve' : 'second-reject' }),
      label: `${verb} ${input.lang} slot ${position + 1}${twoPasses ? ` (R${step.pass})` : ''}`,
      review: { decision, pass: step.pass },
    });
    const commentId = body ? store.review.insertComment({ segmentId: input.segmentId, lang: input.lang, authorId: input.user.id, body, now: at }) : null;
    store.review.insertApproval({
      segmentId: input.segmentId, lang: input.lang, version: slot.kind === 'head' ? slot.version : input.version, decision,
      commentId, reviewerId: input.user.id, qaOverride: errors.length > 0, now: at, pass: step.pass, ...(category && { errorCategory: category }),
    });
    recordAudit(deps, input.user, verb, input.documentId, {
      segmentId: input.segmentId, lang: input.lang, position: position + 1, ...(twoPasses && { pass: step.pass }), ...(body && { comment: body }), ...(category && { category }), ...(errors.length > 0 && { qaOverride: errors.map((e) => e.id) }),
    });
    // Only the final approval goes into the translation memory.
    if (step.status === 'approved') deps.onApproved?.({ documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, userId: input.user.id });
    return slot;
  });
}

/**
 * Approves each listed slot that is still at the listed version and translated, in
 * one transaction; reports the rest with the reason, so nothing unseen is approved.
 */
export function approveAll(deps: ReviewDeps, input: ApproveAllInput): { approved: number; skipped: { segmentId: number; reason: string }[] } {
  requireDocument(deps.store, input.documentId, input.lang);
  const subject = { documentId: input.documentId, lang: input.lang };
  // A second reviewer approves the reviewed slots shown; each slot's own pass is checked below.
  if (!(deps.store.review.hasSecondReview(input.documentId, input.lang) && deps.access.can(input.user, 'second-review', { ...subject, firstReviewerId: null }))) {
    deps.access.authorize(input.user, 'approve', subject);
  }
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

/**
 * The review filters SQL decides from the slot, its comments and revisions (store/review-list.ts):
 * these are paged and counted in SQL. The QA filters need every slot's findings.
 */
const SQL_FILTERS: Partial<Record<ReviewFilter, ReviewHeadFilter>> = {
  all: {},
  'needs-review': { statuses: ['translated'] },
  // Approved by the first reviewer, waiting for the second (a language with two passes).
  'waiting-r2': { statuses: ['reviewed'] },
  rejected: { statuses: ['rejected'] },
  approved: { statuses: ['approved'] },
  'changed-since-approval': { changedSinceApproval: true },
  'has-comments': { openComments: true },
  'low-confidence': { confidenceBelow: LOW_CONFIDENCE },
};

/** One page of the review list for a language, filtered, with diffs against the comparison base. */
export function listReview(deps: ReviewDeps, input: ReviewListInput): ReviewPage {
  const { store } = deps;
  requireDocument(store, input.documentId, input.lang);
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
  const statuses = store.documents.statusCounts(input.documentId)[input.lang] ?? {};
  const counts = Object.fromEntries(SLOT_STATUSES.map((s) => [s, statuses[s] ?? 0])) as Record<SlotStatus, number>;
  const sqlFilter = SQL_FILTERS[input.filter];
  let page: { slot: HeadSlot; position: number }[];
  let matched: number;
  if (sqlFilter) {
    page = store.reviewList.listReviewHeads(input.documentId, input.lang, sqlFilter, input.offset, input.limit);
    matched = store.reviewList.countReviewHeads(input.documentId, input.lang, sqlFilter);
  } else {
    // The QA filters have every slot's findings already: the slots are read to match them.
    const qaFilter = input.filter === 'triangulation'
      ? (slot: HeadSlot) => findingsOf(slot).some((f) => (TRIANGULATION_CHECK_IDS as readonly string[]).includes(f.id))
      : (slot: HeadSlot) => findingsOf(slot).length > 0;
    const matching: { slot: HeadSlot; position: number }[] = [];
    store.slots.listSlots(input.documentId, input.lang).forEach((slot, position) => {
      if (slot.kind === 'head' && qaFilter(slot)) matching.push({ slot, position });
    });
    page = matching.slice(input.offset, input.offset + input.limit);
    matched = matching.length;
  }
  const twoPasses = store.review.hasSecondReview(input.documentId, input.lang);
  const firstApprovals = store.review.firstApprovals(input.documentId, input.lang);
  const subject = { documentId: input.documentId, lang: input.lang };
  /** Whether the policy lets this user make the decision on this slot now (its pass, four eyes). */
  const may = (slot: HeadSlot, decision: 'approved' | 'rejected'): boolean => {
    const step = decisionStep(slot.status, decision, twoPasses);
    if (typeof step === 'string') return false;
    if (step.pass === 1) return deps.access.can(input.user, decision === 'approved' ? 'approve' : 'reject', subject);
    return deps.access.can(input.user, 'second-review', { ...subject, firstReviewerId: firstApprovals.get(slot.segmentId)?.reviewerId ?? null });
  };
  const items = page.map(({ slot, position }): ReviewItem => {
    const b = base(slot);
    const diff = b ? compareTexts(b.text, slot.text, input.lang) : null;
    const first = slot.status === 'reviewed' ? firstApprovals.get(slot.segmentId) : undefined;
    return {
      segmentId: slot.segmentId, position, span: slot.span,
      // The Chinese of this slot only: the page never reads the whole document's segments.
      source: store.segments.listSegmentsInRange(input.documentId, position, position + slot.span - 1).map((s) => s.text).join(''),
      slot: slotView(slot), base: b ?? null, diff: diff?.parts ?? [], diffNotice: diff?.notice ?? null,
      comments: comments.get(`${slot.segmentId}:${input.lang}`) ?? { total: 0, open: 0 }, qa: findingsOf(slot),
      firstApproval: first ? { reviewerName: first.reviewerName, at: first.at } : null,
      mayApprove: may(slot, 'approved'), mayReject: may(slot, 'rejected'),
    };
  });
  // Every segment is covered by one head, and a head counts the segments it spans.
  const segments = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return {
    lang: input.lang, filter: input.filter, counts,
    percentApproved: segments === 0 ? 0 : Math.round((counts.approved / segments) * 100),
    total: matched, offset: input.offset,
    items,
    canReview: deps.access.can(input.user, 'approve', subject) || (twoPasses && deps.access.can(input.user, 'second-review', { ...subject, firstReviewerId: null })),
    secondReview: twoPasses,
    passes: passCounts(deps, input.documentId, twoPasses).get(input.lang) ?? [],
  };
}

/**
 * Decisions per language and review pass (issue #13 "counted per pass"): approvals and
 * rejections by error category. A language lists pass 2 when it has a second pass or had one.
 */
export function passCounts(deps: ServiceDeps, documentId: number, twoPassesOf: boolean | ((lang: string) => boolean)): Map<string, PassCounts[]> {
  const byLang = new Map<string, PassCounts[]>();
  const entry = (lang: string, pass: ReviewPass): PassCounts => {
    const list = byLang.get(lang) ?? [];
    byLang.set(lang, list);
    let found = list.find((p) => p.pass === pass);
    if (!found) {
      found = { pass, approved: 0, rejected: 0, categories: {} };
      list.push(found);
      list.sort((a, b) => a.pass - b.pass);
    }
    return found;
  };
  for (const row of deps.store.review.decisionCounts(documentId)) entry(row.lang, row.pass)[row.decision] += row.count;
  for (const row of deps.store.review.rejectionCategories(documentId)) {
    const counts = entry(row.lang, row.pass).categories;
    counts[row.category ?? 'none'] = (counts[row.category ?? 'none'] ?? 0) + row.count;
  }
  for (const lang of deps.store.documents.findDocument(documentId)?.langs ?? []) {
    entry(lang, 1);
    if (typeof twoPassesOf === 'function' ? twoPassesOf(lang) : twoPassesOf) entry(lang, 2);
  }
  return byLang;
}

/** Per language of a document: whether it has a second review pass, and its decisions per pass (document page). */
export function reviewPasses(deps: ServiceDeps, documentId: number): { lang: string; secondReview: boolean; waitingForSecond: number; passes: PassCounts[] }[] {
  const document = requireDocument(deps.store, documentId);
  const on = new Set(deps.store.review.listSecondReviews(documentId));
  const counts = passCounts(deps, documentId, (lang) => on.has(lang));
  // Counted by SQL, not by reading every slot: the editor and review pages call this at boot (issue #12).
  const statuses = deps.store.documents.statusCounts(documentId);
  return document.langs.map((lang) => ({
    lang, secondReview: on.has(lang), passes: counts.get(lang) ?? [],
    // Segments covered by slots the first reviewer approved, waiting for the second.
    waitingForSecond: statuses[lang]?.['reviewed'] ?? 0,
  }));
}

export interface SecondReviewInput { documentId: number; lang: string; enabled: boolean; user: User }

/**
 * Turns a language's second review pass on or off (admins). Turning it off leaves reviewed
 * slots reviewed: the one pass then approves them (decisionStep), so nothing is lost.
 */
export function setSecondReview(deps: ServiceDeps, input: SecondReviewInput): void {
  deps.access.authorize(input.user, 'manage-review-passes');
  requireDocument(deps.store, input.documentId, input.lang);
  deps.store.transaction(() => {
    const changed = deps.store.review.updateSecondReview({ documentId: input.documentId, lang: input.lang, enabled: input.enabled, userId: input.user.id, now: deps.now().toISOString() });
    if (changed) recordAudit(deps, input.user, input.enabled ? 'second_review_on' : 'second_review_off', input.documentId, { lang: input.lang });
  });
}
