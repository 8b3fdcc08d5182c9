import type { Store } from '../store/index.js';
import type { User } from '../store/users.js';
import { PermissionError } from './errors.js';

/**
 * Who may work on one language of one document. Admins may do anything. A translator
 * (or reviewer) may work on a language when nobody holds that role for it, or when
 * they are assigned; once a language has assignees, everyone else of that role opens
 * it read-only. Small teams need no assignments at all.
 */
export type Work = 'translate' | 'review';

export function canWork(store: Store, user: User, documentId: number, lang: string, work: Work): boolean {
  if (user.roles.includes('admin')) return true;
  const role = work === 'translate' ? 'translator' : 'reviewer';
  if (!user.roles.includes(role)) return false;
  return !store.review.hasAssignees(documentId, lang, role) || store.review.isAssigned(documentId, lang, role, user.id);
}

export function requireWork(store: Store, user: User, documentId: number, lang: string, work: Work, what: string): void {
  if (canWork(store, user, documentId, lang, work)) return;
  const role = work === 'translate' ? 'translator' : 'reviewer';
  throw new PermissionError(user.roles.includes(role)
    ? `Only the ${role}s assigned to the ${lang} translation of this document can ${what}. Ask an admin to assign you.`
    : `Only ${role}s can ${what}.`);
}

/** An edit by someone working as reviewer (not also a translator) is recorded as a reviewer's edit. */
export function editsAsReviewer(store: Store, user: User, documentId: number, lang: string): boolean {
  return !canWork(store, user, documentId, lang, 'translate') && canWork(store, user, documentId, lang, 'review');
}
