/**
 * A slot's history: every revision with the diff from the one before, and bringing an
 * old text back as a new revision (history is never rewritten).
 */
import type { User } from '../store/users.js';
import { compareTexts, type DiffPart } from '../text/diff.js';
import { recordAudit, requireDocument, type ServiceDeps } from './context.js';
import { NotFoundError } from './errors.js';
import { changeHead, type SlotView } from './slots.js';

export interface HistoryEntry {
  id: number; version: number; action: string; status: string; text: string; span: number;
  authorName: string | null; createdAt: string; diff: DiffPart[];
  /** Set when the texts differed too much for a word (character) diff: says how it was made instead. */
  diffNotice: string | null;
}

/** A slot's revisions, and whether this user may restore one of them. */
export interface SlotHistory { revisions: HistoryEntry[]; canRestore: boolean }

export interface SlotHistoryInput { documentId: number; segmentId: number; lang: string; user: User }
export interface RestoreInput extends SlotHistoryInput { revisionId: number; version: number }

/** Every revision of a slot, oldest first, each with the diff from the one before it. */
export function slotHistory(deps: ServiceDeps, input: SlotHistoryInput): SlotHistory {
  requireDocument(deps.store, input.documentId, input.lang);
  const revisions = deps.store.review.listRevisionsWithAuthors(input.segmentId, input.lang);
  return {
    revisions: revisions.map((revision, i) => {
      // Bounded: texts too far apart are compared by sentence, and the notice says so.
      const diff = compareTexts(revisions[i - 1]?.text ?? '', revision.text, input.lang);
      return {
        id: revision.id, version: revision.version, action: revision.action, status: revision.status, text: revision.text,
        span: revision.span, authorName: revision.authorName, createdAt: revision.createdAt, diff: diff.parts, diffNotice: diff.notice,
      };
    }),
    canRestore: deps.access.can(input.user, 'restore', { documentId: input.documentId, lang: input.lang }),
  };
}

/** Brings back an old revision's text as a new draft revision, one undo step, audited. */
export function restoreRevision(deps: ServiceDeps, input: RestoreInput): SlotView {
  const { store } = deps;
  requireDocument(store, input.documentId, input.lang);
  deps.access.authorize(input.user, 'restore', { documentId: input.documentId, lang: input.lang });
  const revision = store.review.findRevision(input.revisionId);
  if (!revision || revision.segmentId !== input.segmentId || revision.lang !== input.lang) throw new NotFoundError('That revision does not belong to this slot.');
  return store.transaction(() => {
    const slot = changeHead(deps, {
      documentId: input.documentId, segmentId: input.segmentId, lang: input.lang, version: input.version,
      status: revision.text.length === 0 ? 'empty' : 'draft', text: revision.text, action: 'restore', user: input.user,
      label: `restore revision ${revision.id} of ${input.lang} slot`,
    });
    recordAudit(deps, input.user, 'restore', input.documentId, { segmentId: input.segmentId, lang: input.lang, revisionId: revision.id });
    return slot;
  });
}
