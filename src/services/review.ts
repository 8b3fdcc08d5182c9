import { ROLES, SLOT_STATUSES, type SlotStatus } from '../domain.js';
import { TRIANGULATION_CHECK_IDS } from '../qa/triangulation.js';
import type { Store } from '../store/index.js';
import type { Comment } from '../store/review.js';
import type { HeadSlot } from '../store/slots.js';
import type { AuditEntry, User } from '../store/users.js';
import { diffTexts, type DiffPart } from '../text/diff.js';
import { canWork, requireWork } from './access.js';
import type { EventHub } from './events.js';
import type { CommentSource } from './exchange.js';
import { InvalidTransitionError, NotFoundError, PermissionError, ValidationError } from './errors.js';
import { LOW_CONFIDENCE, slotView, type SlotService, type SlotView } from './slots.js';

/** A QA finding as the review needs it (issue #7 supplies the checks). */
export interface QaFinding { id: string; severity: 'error' | 'warning'; message: string }

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

export interface HistoryEntry {
  id: number; version: number; action: string; status: string; text: string; span: number;
  authorName: string | null; createdAt: string; diff: DiffPart[];
}

const MAX_COMMENT = 10_000;

export interface ReviewServiceOptions {
  store: Store;
  slots: SlotService;
  now: () => Date;
  /** QA findings of one slot, and of every slot of a language at once (keyed by head segment id). */
  qa?: {
    slot(documentId: number, segmentId: number, lang: string): QaFinding[];
    language(documentId: number, lang: string): Map<number, QaFinding[]>;
  };
  events?: EventHub;
  /** Called inside the approving transaction, e.g. to add the pair to the translation memory. */
  onApproved?: (input: { documentId: number; segmentId: number; lang: string; userId: number }) => void;
}

/** Open comments as the TMX/table export writes them, as `<note>`s. */
export function exportCommentSource(store: Store): CommentSource {
  return {
    listComments: (_documentId, segmentIds) => store.review.listCommentsOfSegments(segmentIds)
      .map((c) => ({ lang: c.lang, author: c.authorName, text: c.body })),
  };
}

/** Review decisions, comments, history and restore, assignments, audit and activity. */
export function createReviewService(options: ReviewServiceOptions) {
  const { store, slots, now } = options;
  const qa = options.qa ?? { slot: () => [], language: () => new Map<number, QaFinding[]>() };

  function requireDocument(documentId: number, lang?: string) {
    const document = store.documents.findDocument(documentId);
    if (!document) throw new NotFoundError(`There is no document ${documentId}.`);
    if (lang !== undefined && !document.langs.includes(lang)) throw new NotFoundError(`This document has no ${lang} translation.`);
    return document;
  }

  function audit(user: User, action: 'approve' | 'reject' | 'restore' | 'assign' | 'unassign' | 'comment', documentId: number, details: Record<string, unknown>): void {
    store.users.insertAuditEntry({ userId: user.id, action, documentId, details, now: now().toISOString() });
  }

  function decide(input: { documentId: number; segmentId: number; lang: string; version: number; user: User; overrideQa?: boolean }, decision: 'approved' | 'rejected', comment?: string) {
    requireDocument(input.documentId, input.lang);
    requireWork(store, input.user, input.documentId, input.lang, 'review', decision === 'approved' ? 'approve slots' : 'reject slots');
    const body = comment?.trim() ?? '';
    if (decision === 'rejected' && body.length === 0) throw new ValidationError('Say why you reject the slot: a rejection needs a comment for the translator.', { details: { field: 'comment' } });
    if (body.length > MAX_COMMENT) throw new ValidationError(`A comment has at most ${MAX_COMMENT} characters.`, { details: { field: 'comment' } });
    return store.transaction(() => {
      const { head, position } = slots.findHeadSlot(input.documentId, input.segmentId, input.lang);
      if (decision === 'approved' && head.status !== 'translated') {
        throw new InvalidTransitionError(head.status === 'approved'
          ? 'This slot is already approved.'
          : `Only a translated slot can be approved; this one is ${head.status}. The translator confirms it first (or edit it as reviewer).`);
      }
      if (decision === 'rejected' && head.status !== 'translated' && head.status !== 'approved') {
        throw new InvalidTransitionError(`Only a translated or approved slot can be rejected; this one is ${head.status}.`);
      }
      const errors = decision === 'approved' ? qa.slot(input.documentId, input.segmentId, input.lang).filter((f) => f.severity === 'error') : [];
      if (errors.length > 0 && !input.overrideQa) {
        throw new InvalidTransitionError(`Quality checks found ${errors.length} error(s): ${errors.map((e) => e.message).join(' ')} Approve anyway only with an explicit override.`, { qaErrors: errors, needsOverride: true });
      }
      const at = now().toISOString();
      const slot = slots.changeHead({
        documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, version: input.version, status: decision,
        action: decision === 'approved' ? 'approve' : 'reject', user: input.user,
        label: `${decision === 'approved' ? 'approve' : 'reject'} ${input.lang} slot ${position + 1}`,
      });
      const commentId = body ? store.review.insertComment({ segmentId: input.segmentId, lang: input.lang, authorId: input.user.id, body, now: at }) : null;
      store.review.insertApproval({
        segmentId: input.segmentId, lang: input.lang, version: slot.kind === 'head' ? slot.version : input.version, decision,
        commentId, reviewerId: input.user.id, qaOverride: errors.length > 0, now: at,
      });
      audit(input.user, decision === 'approved' ? 'approve' : 'reject', input.documentId, {
        segmentId: input.segmentId, lang: input.lang, position: position + 1, ...(body && { comment: body }), ...(errors.length > 0 && { qaOverride: errors.map((e) => e.id) }),
      });
      if (decision === 'approved') options.onApproved?.({ documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, userId: input.user.id });
      return slot;
    });
  }

  return {
    approve(input: { documentId: number; segmentId: number; lang: string; version: number; user: User; overrideQa?: boolean }): SlotView {
      return decide(input, 'approved');
    },

    reject(input: { documentId: number; segmentId: number; lang: string; version: number; user: User; comment: string }): SlotView {
      return decide(input, 'rejected', input.comment);
    },

    /**
     * Approves each listed slot that is still at the listed version and translated, in
     * one transaction; reports the rest with the reason, so nothing unseen is approved.
     */
    approveAll(input: { documentId: number; lang: string; slots: { segmentId: number; version: number }[]; user: User }): { approved: number; skipped: { segmentId: number; reason: string }[] } {
      requireDocument(input.documentId, input.lang);
      requireWork(store, input.user, input.documentId, input.lang, 'review', 'approve slots');
      if (input.slots.length > 1000) throw new ValidationError('Approve at most 1,000 slots at once.');
      return store.transaction(() => {
        let approved = 0;
        const skipped: { segmentId: number; reason: string }[] = [];
        for (const item of input.slots) {
          try {
            decide({ documentId: input.documentId, lang: input.lang, segmentId: item.segmentId, version: item.version, user: input.user }, 'approved');
            approved += 1;
          } catch (error) {
            if (!(error instanceof Error) || !('code' in error)) throw error;
            skipped.push({ segmentId: item.segmentId, reason: error.message });
          }
        }
        return { approved, skipped };
      });
    },

    /** One page of the review list for a language, filtered, with diffs against the comparison base. */
    listReview(input: { documentId: number; lang: string; filter: ReviewFilter; offset: number; limit: number; user: User }): ReviewPage {
      requireDocument(input.documentId, input.lang);
      const segments = store.segments.listSegments(input.documentId);
      const heads = store.slots.listSlots(input.documentId, input.lang);
      const comments = store.review.commentCounts(input.documentId);
      const findings = qa.language(input.documentId, input.lang);
      const counts = Object.fromEntries(SLOT_STATUSES.map((s) => [s, 0])) as Record<SlotStatus, number>;
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
        'qa-warnings': (slot) => (findings.get(slot.segmentId)?.length ?? 0) > 0,
        // The English and the Russian disagree here (issue #16): numbers, names, sentence type, length or grouping.
        triangulation: (slot) => (findings.get(slot.segmentId) ?? []).some((f) => (TRIANGULATION_CHECK_IDS as readonly string[]).includes(f.id)),
        'low-confidence': (slot) => slot.confidence !== null && slot.confidence < LOW_CONFIDENCE,
      };
      const matching: { slot: HeadSlot; position: number }[] = [];
      heads.forEach((slot, position) => {
        if (slot.kind !== 'head') return;
        counts[slot.status] += slot.span;
        if (keep[input.filter](slot)) matching.push({ slot, position });
      });
      const items = matching.slice(input.offset, input.offset + input.limit).map(({ slot, position }): ReviewItem => {
        const b = base(slot);
        return {
          segmentId: slot.segmentId, position, span: slot.span,
          source: segments.slice(position, position + slot.span).map((s) => s.text).join(''),
          slot: slotView(slot), base: b ?? null, diff: b ? diffTexts(b.text, slot.text, input.lang) : [],
          comments: comments.get(`${slot.segmentId}:${input.lang}`) ?? { total: 0, open: 0 }, qa: findings.get(slot.segmentId) ?? [],
        };
      });
      const total = segments.length;
      return {
        lang: input.lang, filter: input.filter, counts,
        percentApproved: total === 0 ? 0 : Math.round((counts.approved / total) * 100),
        total: matching.length, offset: input.offset,
        items,
        canReview: canWork(store, input.user, input.documentId, input.lang, 'review'),
      };
    },

    listComments(documentId: number, segmentId: number, lang: string): Comment[] {
      requireDocument(documentId, lang);
      return store.review.listComments(segmentId, lang);
    },

    /** Translators, reviewers and admins may comment on any slot they can see. */
    addComment(input: { documentId: number; segmentId: number; lang: string; body: string; user: User }): Comment {
      requireDocument(input.documentId, input.lang);
      const body = input.body.trim();
      if (!body) throw new ValidationError('Write the comment first.', { details: { field: 'body' } });
      if (body.length > MAX_COMMENT) throw new ValidationError(`A comment has at most ${MAX_COMMENT} characters.`, { details: { field: 'body' } });
      if (!input.user.roles.some((r) => (ROLES as readonly string[]).includes(r))) throw new PermissionError('Sign in with a role to comment.');
      const at = now().toISOString();
      return store.transaction(() => {
        slots.findHeadSlot(input.documentId, input.segmentId, input.lang);
        const id = store.review.insertComment({ segmentId: input.segmentId, lang: input.lang, authorId: input.user.id, body, now: at });
        audit(input.user, 'comment', input.documentId, { segmentId: input.segmentId, lang: input.lang, commentId: id });
        const { events } = options;
        if (events) store.afterCommit(() => events.publish(input.documentId, { type: 'comment', by: { id: input.user.id, name: input.user.name }, segmentId: input.segmentId, lang: input.lang }));
        return store.review.findComment(id)!;
      });
    },

    /** Resolving is open to the comment's author, reviewers and admins. */
    resolveComment(input: { commentId: number; resolved: boolean; user: User }): Comment {
      const comment = store.review.findComment(input.commentId);
      if (!comment) throw new NotFoundError('There is no such comment.');
      const allowed = comment.authorId === input.user.id || input.user.roles.includes('reviewer') || input.user.roles.includes('admin')
        || input.user.roles.includes('translator');
      if (!allowed) throw new PermissionError('You cannot resolve this comment.');
      store.transaction(() => store.review.updateCommentResolution(input.commentId, input.resolved ? now().toISOString() : null, input.resolved ? input.user.id : null));
      return store.review.findComment(input.commentId)!;
    },

    /** Every revision of a slot, oldest first, each with the diff from the one before it. */
    history(documentId: number, segmentId: number, lang: string): HistoryEntry[] {
      requireDocument(documentId, lang);
      const revisions = store.review.listRevisionsWithAuthors(segmentId, lang);
      return revisions.map((revision, i) => ({
        id: revision.id, version: revision.version, action: revision.action, status: revision.status, text: revision.text,
        span: revision.span, authorName: revision.authorName, createdAt: revision.createdAt,
        diff: diffTexts(revisions[i - 1]?.text ?? '', revision.text, lang),
      }));
    },

    /** Brings back an old revision's text as a new revision (history is never rewritten). */
    restore(input: { documentId: number; segmentId: number; lang: string; revisionId: number; version: number; user: User }): SlotView {
      requireDocument(input.documentId, input.lang);
      requireWork(store, input.user, input.documentId, input.lang, 'translate', 'restore revisions');
      const revision = store.review.findRevision(input.revisionId);
      if (!revision || revision.segmentId !== input.segmentId || revision.lang !== input.lang) throw new NotFoundError('That revision does not belong to this slot.');
      return store.transaction(() => {
        const slot = slots.changeHead({
          documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, version: input.version,
          status: revision.text.length === 0 ? 'empty' : 'draft', text: revision.text, action: 'restore', user: input.user,
          label: `restore revision ${revision.id} of ${input.lang} slot`,
        });
        audit(input.user, 'restore', input.documentId, { segmentId: input.segmentId, lang: input.lang, revisionId: revision.id });
        return slot;
      });
    },

    listAssignments(documentId: number) {
      requireDocument(documentId);
      return store.review.listAssignments(documentId);
    },

    assign(input: { documentId: number; lang: string; userName: string; role: 'translator' | 'reviewer'; user: User; remove?: boolean }): void {
      if (!input.user.roles.includes('admin')) throw new PermissionError('Only admins manage assignments.');
      requireDocument(input.documentId, input.lang);
      const assignee = store.users.findUserByName(input.userName);
      if (!assignee) throw new NotFoundError(`There is no user named "${input.userName}".`);
      if (!input.remove && !assignee.roles.includes(input.role)) throw new ValidationError(`${assignee.name} does not have the ${input.role} role.`);
      store.transaction(() => {
        const changed = input.remove
          ? store.review.deleteAssignment({ documentId: input.documentId, lang: input.lang, userId: assignee.id, role: input.role })
          : store.review.insertAssignment({ documentId: input.documentId, lang: input.lang, userId: assignee.id, role: input.role, assignedBy: input.user.id, now: now().toISOString() });
        if (changed) audit(input.user, input.remove ? 'unassign' : 'assign', input.documentId, { user: assignee.name, lang: input.lang, role: input.role });
      });
    },

    /** Document ids with the user's assignments, to list their work first. */
    assignedDocuments(user: User): Map<number, string[]> {
      const map = new Map<number, string[]>();
      for (const a of store.review.listAssignmentsOfUser(user.id)) map.set(a.documentId, [...(map.get(a.documentId) ?? []), `${a.lang} (${a.role})`]);
      return map;
    },

    listAudit(input: { user: User; userName?: string; documentId?: number; action?: string; from?: string; to?: string; before?: number; limit: number }): AuditEntry[] {
      if (!input.user.roles.includes('admin')) throw new PermissionError('Only admins can read the audit log.');
      const filterUser = input.userName ? store.users.findUserByName(input.userName) : undefined;
      if (input.userName && !filterUser) return [];
      return store.users.listAudit({
        limit: input.limit,
        ...(filterUser && { userId: filterUser.id }),
        ...(input.documentId !== undefined && { documentId: input.documentId }),
        ...(input.action && { action: input.action }),
        ...(input.from && { from: input.from }),
        ...(input.to && { to: input.to }),
        ...(input.before !== undefined && { before: input.before }),
      });
    },

    activity(documentId: number) {
      requireDocument(documentId);
      return store.review.activity(documentId);
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
