/**
 * Undo and redo of a user's own steps on one document. A step keeps the region before
 * and after it; replaying writes one snapshot back when the region still looks like the
 * other, so no step needs an inverse of its own and nobody else's work is overwritten.
 */
import type { User } from '../store/users.js';
import { commitRegion } from './alignment.js';
import { alignerRewrote, recutFlags, withReflagged } from './flag-cut.js';
import { announce, type ServiceDeps } from './context.js';
import { InvalidTransitionError } from './errors.js';
import { syncApprovedTm } from './tm.js';
import { documentLangs, regionChange, sameRegion, type RegionChange } from './slots.js';

export interface UndoInput { documentId: number; user: User }

/** Undoes the user's latest step on this document if its slots are still as it left them. */
export function undo(deps: ServiceDeps, input: UndoInput): RegionChange {
  return replay(deps, input, 'undo');
}

/** Redoes the user's latest undone step, if its slots are still as the undo left them. */
export function redo(deps: ServiceDeps, input: UndoInput): RegionChange {
  return replay(deps, input, 'redo');
}

function replay(deps: ServiceDeps, input: UndoInput, direction: 'undo' | 'redo'): RegionChange {
  const { store, access } = deps;
  const langs = documentLangs(store, input.documentId);
  const iso = deps.now().toISOString();
  const result = store.transaction((): RegionChange | { blocked: number; label: string } => {
    const op = store.operations.findLatestOperation(input.documentId, input.user.id, direction === 'undo' ? 'done' : 'undone');
    if (!op) throw new InvalidTransitionError(direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.');
    // Replaying a step makes its change again, so it needs that change's permission now:
    // the language may have been assigned to someone else since.
    access.authorize(input.user, 'undo', { documentId: input.documentId, kind: op.kind, langs: op.lang ? [op.lang] : langs });
    const expected = direction === 'undo' ? op.after : op.before;
    const target = direction === 'undo' ? op.before : op.after;
    const regionLangs = Object.keys(expected.slots);
    const firstId = expected.segments[0]?.id;
    const position = firstId == null ? undefined : store.regions.positionOfSegment(input.documentId, firstId);
    const current = position === undefined ? undefined
      : store.regions.readRegion(input.documentId, position, position + expected.segments.length - 1, regionLangs);
    if (!current || !sameRegion({ ...current, startPosition: 0 }, { ...expected, startPosition: 0 })) {
      return { blocked: op.id, label: op.label };
    }
    const written = commitRegion(store, input.documentId, langs, current, { ...target, startPosition: current.startPosition }, input.user.id, 'revert', iso);
    // Undoing or redoing a re-alignment changes which slots the aligner holds: cut their flag again.
    const recut = alignerRewrote(current, written).flatMap((lang) => recutFlags(store, input.documentId, lang).changedSegments);
    // An undone approval leaves the TM; a redone one comes back (issue #12).
    syncApprovedTm(store, input.documentId, current, written, input.user.id, iso);
    store.operations.updateOperation(op.id, direction === 'undo'
      ? { state: 'undone', before: written, after: op.after, now: iso }
      : { state: 'done', before: op.before, after: written, now: iso });
    const full = store.regions.readRegion(input.documentId, current.startPosition, current.startPosition + written.segments.length - 1, langs);
    announce(deps, input.documentId, { type: 'region', by: { id: input.user.id, name: input.user.name }, startPosition: current.startPosition, replacedCount: current.segments.length, newCount: written.segments.length });
    const restored = { segmentId: full.segments[0]!.id!, lang: op.lang ?? (regionLangs.length === 1 ? regionLangs[0]! : null) };
    return { ...withReflagged(regionChange(store, input.documentId, langs, full, current.segments.length, input.user.id), recut), focus: restored };
  });
  if ('blocked' in result) {
    // Someone changed these slots since; replaying would overwrite their work. The step
    // leaves the stack so the steps before it stay reachable.
    store.transaction(() => store.operations.dropOperation(result.blocked, iso));
    throw new InvalidTransitionError(`Cannot ${direction} "${result.label}": these slots were changed since by someone else. Nothing was changed.`);
  }
  return result;
}
