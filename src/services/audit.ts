/** Reading what happened: the audit log (admins) and a document's activity per day and person. */
import type { AuditEntry, User } from '../store/users.js';
import { requireDocument, type ServiceDeps } from './context.js';

export interface AuditQuery { user: User; userName?: string; documentId?: number; action?: string; from?: string; to?: string; before?: number; limit: number }

export function listAudit(deps: ServiceDeps, input: AuditQuery): AuditEntry[] {
  const { store } = deps;
  deps.access.authorize(input.user, 'read-audit');
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
}

/** Revisions per day, person and action of one document (the chart on its page). */
export function documentActivity(deps: ServiceDeps, documentId: number) {
  requireDocument(deps.store, documentId);
  return deps.store.review.activity(documentId);
}
