/**
 * Who works on which language of which document, and as what (README "Assignments").
 * The policy (access.ts) reads them; admins change them here.
 */
import { ASSIGNMENT_ROLE_LABELS, type AssignmentRole } from '../domain.js';
import type { Assignment } from '../store/review.js';
import type { User } from '../store/users.js';
import { recordAudit, requireDocument, type ServiceDeps } from './context.js';
import { NotFoundError, ValidationError } from './errors.js';

export interface AssignInput { documentId: number; lang: string; userName: string; role: AssignmentRole; user: User; remove?: boolean }

export function listAssignments(deps: ServiceDeps, documentId: number): Assignment[] {
  requireDocument(deps.store, documentId);
  return deps.store.review.listAssignments(documentId);
}

/** Assigns a user to (or, with `remove`, takes them off) a language of a document in a role. */
export function assign(deps: ServiceDeps, input: AssignInput): void {
  const { store } = deps;
  deps.access.authorize(input.user, 'manage-assignments');
  requireDocument(store, input.documentId, input.lang);
  const assignee = store.users.findUserByName(input.userName);
  if (!assignee) throw new NotFoundError(`There is no user named "${input.userName}".`);
  // A second reviewer is a reviewer assigned to the second pass.
  const needed = input.role === 'reviewer2' ? 'reviewer' : input.role;
  if (!input.remove && !assignee.roles.includes(needed)) {
    throw new ValidationError(`${assignee.name} does not have the ${needed} role${input.role === 'reviewer2' ? ', which a second reviewer needs' : ''}.`);
  }
  store.transaction(() => {
    const changed = input.remove
      ? store.review.deleteAssignment({ documentId: input.documentId, lang: input.lang, userId: assignee.id, role: input.role })
      : store.review.insertAssignment({ documentId: input.documentId, lang: input.lang, userId: assignee.id, role: input.role, assignedBy: input.user.id, now: deps.now().toISOString() });
    if (changed) recordAudit(deps, input.user, input.remove ? 'unassign' : 'assign', input.documentId, { user: assignee.name, lang: input.lang, role: input.role });
  });
}

/** The names of users who can be assigned (active, holding the translator or reviewer role). */
export function assignableUsers(deps: ServiceDeps): string[] {
  return deps.store.users.listUsers().filter((u) => !u.disabled && (u.roles.includes('translator') || u.roles.includes('reviewer'))).map((u) => u.name);
}

/** Document ids with the user's assignments ("en (translator)"), to list their work first. */
export function assignedDocuments(deps: ServiceDeps, user: User): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const a of deps.store.review.listAssignmentsOfUser(user.id)) {
    map.set(a.documentId, [...(map.get(a.documentId) ?? []), `${a.lang} (${ASSIGNMENT_ROLE_LABELS[a.role as AssignmentRole] ?? a.role})`]);
  }
  return map;
}
