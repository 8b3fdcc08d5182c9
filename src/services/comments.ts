/** Comment threads on slots: list, add, resolve or reopen. */
import type { Comment } from '../store/review.js';
import type { User } from '../store/users.js';
import { announce, recordAudit, requireDocument, type ServiceDeps } from './context.js';
import { NotFoundError, ValidationError } from './errors.js';
import { findHeadSlot } from './slots.js';

export const MAX_COMMENT = 10_000;

/** A comment as one user sees it: with whether they may resolve (or reopen) it. */
export type CommentView = Comment & { canResolve: boolean };

export interface SlotRef { documentId: number; segmentId: number; lang: string; user: User }

/** A slot's comments, oldest first, each saying whether this user may resolve it. */
export function listComments(deps: ServiceDeps, input: SlotRef): CommentView[] {
  requireDocument(deps.store, input.documentId, input.lang);
  return deps.store.review.listComments(input.segmentId, input.lang).map((comment) => ({
    ...comment, canResolve: deps.access.can(input.user, 'resolve-comment', { documentId: input.documentId, lang: input.lang, authorId: comment.authorId }),
  }));
}

/** Translators, reviewers and admins may comment on any slot they can see. */
export function addComment(deps: ServiceDeps, input: SlotRef & { body: string }): CommentView {
  const { store } = deps;
  requireDocument(store, input.documentId, input.lang);
  const body = input.body.trim();
  if (!body) throw new ValidationError('Write the comment first.', { details: { field: 'body' } });
  if (body.length > MAX_COMMENT) throw new ValidationError(`A comment has at most ${MAX_COMMENT} characters.`, { details: { field: 'body' } });
  deps.access.authorize(input.user, 'comment', { documentId: input.documentId, lang: input.lang });
  const at = deps.now().toISOString();
  return store.transaction(() => {
    findHeadSlot(store, input.documentId, input.segmentId, input.lang);
    const id = store.review.insertComment({ segmentId: input.segmentId, lang: input.lang, authorId: input.user.id, body, now: at });
    recordAudit(deps, input.user, 'comment', input.documentId, { segmentId: input.segmentId, lang: input.lang, commentId: id });
    announce(deps, input.documentId, { type: 'comment', by: { id: input.user.id, name: input.user.name }, segmentId: input.segmentId, lang: input.lang });
    // The author may always resolve their own comment.
    return { ...store.review.findComment(id)!, canResolve: true };
  });
}

/** Resolving (or reopening) is open to the comment's author, the language's reviewers and admins. */
export function resolveComment(deps: ServiceDeps, input: { commentId: number; resolved: boolean; user: User }): CommentView {
  const { store } = deps;
  const comment = store.review.findComment(input.commentId);
  if (!comment) throw new NotFoundError('There is no such comment.');
  deps.access.authorize(input.user, 'resolve-comment', { documentId: comment.documentId, lang: comment.lang, authorId: comment.authorId });
  store.transaction(() => store.review.updateCommentResolution(input.commentId, input.resolved ? deps.now().toISOString() : null, input.resolved ? input.user.id : null));
  return { ...store.review.findComment(input.commentId)!, canResolve: true };
}
