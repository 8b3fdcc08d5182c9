/**
 * Fixing the alignment: merge, split and shift slots, move sentences between them, insert and
 * delete empty slots, split and merge Chinese segments. Each is one transaction recorded as one
 * undo step: read the region the operation touches, transform it (pure code in
 * alignment-ops.ts), re-align the untouched slots below it (realignment.ts, when the person has
 * it on), write it.
 */
import type { RegionState } from '../domain.js';
import type { Store } from '../store/index.js';
import type { User } from '../store/users.js';
import {
  deleteEmptySlot, insertEmptySlot, mergeSegments, mergeSlots, moveFirstSentenceUp, moveLastSentenceDown, shiftDown, shiftUp, splitSegment, splitSlot,
} from './alignment-ops.js';
import { announce, type ServiceDeps } from './context.js';
import { recutFlags, withReflagged } from './flag-cut.js';
import { NotFoundError, StaleVersionError, ValidationError } from './errors.js';
import { adoptGrouping, approvalsRegrouped, reopenApprovals } from './grouping-ops.js';
import { triangulationPair } from './qa-triangulation.js';
import { alignmentPreferences, realignAfterFix } from './realignment.js';
import { documentLangs, findHeadSlot, requireLang, widenedChange, type RegionChange } from './slots.js';
import { findHead, touchedHeads } from './touched.js';

export const OPERATION_KINDS = [
  'merge', 'split', 'shift-down', 'shift-up', 'move-first-up', 'move-last-down', 'insert-empty', 'delete-empty', 'adopt-grouping',
  'split-segment', 'merge-segments',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/**
 * The fixes of one language after which the untouched slots below are re-aligned. Not the
 * empty-slot operations: they place the texts below where the person asked, and re-aligning
 * them at once could put the texts straight back.
 */
const REALIGNING_KINDS: ReadonlySet<OperationKind> = new Set(['merge', 'split', 'shift-down', 'shift-up', 'move-first-up', 'move-last-down']);

export interface OperationInput { documentId: number; kind: OperationKind; segmentId: number; lang?: string; version?: number; at?: number; user: User }

const LABELS: Record<OperationKind, string> = {
  merge: 'merge slots', split: 'split slot', 'shift-down': 'shift down', 'shift-up': 'shift up',
  'move-first-up': 'move first sentence up', 'move-last-down': 'move last sentence down',
  'insert-empty': 'insert empty slot', 'delete-empty': 'delete empty slot', 'adopt-grouping': 'adopt the other grouping',
  'split-segment': 'split Chinese segment', 'merge-segments': 'merge Chinese segments',
};

/** Which segments an operation reads and rewrites, in which languages, and how. */
interface RegionPlan {
  langs: string[];
  start: number;
  end: number;
  /** `touched`: per head of the region's one language, whether a person touched it. */
  transform: (region: RegionState, touched: readonly boolean[]) => RegionState;
  action: 'merge' | 'split' | 'shift';
  /** The one language the fix changes, when it reads another too (adopting a grouping). */
  changes?: string;
}

/**
 * Writes `next` over `current`, checks the tiling, and re-reads the region as stored
 * (with new ids and versions). Undo and redo write their snapshots the same way.
 */
export function commitRegion(store: Store, documentId: number, langs: string[], current: RegionState, next: RegionState, userId: number, action: 'merge' | 'split' | 'shift' | 'edit' | 'revert', at: string): RegionState {
  store.regions.writeRegion(documentId, current, next, { userId, action, now: at });
  for (const lang of Object.keys(next.slots)) {
    const problems = store.slots.checkTiling(documentId, lang);
    if (problems.length > 0) throw new Error(`Slot tiling broken in ${lang}: ${problems.join('; ')}`);
  }
  store.documents.touchDocument(documentId, at);
  const end = current.startPosition + next.segments.length - 1;
  return store.regions.readRegion(documentId, current.startPosition, end, Object.keys(next.slots).length > 0 ? Object.keys(next.slots) : langs);
}

/** Splitting or merging Chinese segments: the whole slots of every language around them. */
function planSourceEdit(store: Store, input: OperationInput, langs: string[], position: number): RegionPlan {
  const total = store.regions.segmentCount(input.documentId);
  if (input.kind === 'merge-segments' && position === total - 1) throw new ValidationError('This is the last segment; there is nothing below to merge with.');
  const { start, end } = store.regions.expandToSlots(input.documentId, langs, position, input.kind === 'merge-segments' ? position + 1 : position);
  const index = position - start;
  if (input.kind === 'split-segment') {
    if (input.at === undefined) throw new ValidationError('Say where to split the Chinese segment (the caret position).');
    const at = input.at;
    return { langs, start, end, transform: (r) => splitSegment(r, index, at), action: 'split' };
  }
  return { langs, start, end, transform: (r) => mergeSegments(r, index), action: 'merge' };
}

/**
 * One language takes the other's grouping of the group of segments around a slot (the group no
 * slot of either crosses): the grouping marker's one-key fix. The other language is the one the
 * triangulation checks compare it with, or the document's only other one.
 */
function planGroupingEdit(store: Store, input: OperationInput, langs: string[], position: number): RegionPlan {
  const lang = input.lang ?? '';
  requireLang(langs, lang);
  const pair = triangulationPair(langs);
  const other = pair?.includes(lang) ? pair.find((l) => l !== lang) : langs.length === 2 ? langs.find((l) => l !== lang) : undefined;
  if (!other) throw new ValidationError('Adopting a grouping needs the one other translation to take it from; this document has no such pair.');
  const { head } = findHeadSlot(store, input.documentId, input.segmentId, lang);
  if (input.version !== undefined && head.version !== input.version) {
    throw new StaleVersionError('Someone else changed this slot since you opened it; the grid has been refreshed.', head);
  }
  const { start, end } = store.regions.expandToSlots(input.documentId, [lang, other], position, position + head.span - 1);
  return { langs: [lang, other], start, end, transform: (r) => adoptGrouping(r, lang, other), action: 'merge', changes: lang };
}

/**
 * A fix in one language: the slot itself and as many neighbours as the operation can
 * reach (the next slot, or the chain of texts up to the next empty slot for shifts).
 */
function planSlotEdit(store: Store, input: OperationInput, langs: string[], position: number): RegionPlan {
  const { documentId } = input;
  const lang = input.lang ?? '';
  requireLang(langs, lang);
  const total = store.regions.segmentCount(documentId);
  const { head } = findHeadSlot(store, documentId, input.segmentId, lang);
  if (input.version !== undefined && head.version !== input.version) {
    throw new StaleVersionError('Someone else changed this slot since you opened it; the grid has been refreshed.', head);
  }
  const own = { start: position, end: position + head.span - 1 };
  const slotAfter = (p: number) => (p < total ? store.regions.expandToSlots(documentId, [lang], p, p) : undefined);
  const slotBefore = (p: number) => (p > 0 ? store.regions.expandToSlots(documentId, [lang], p - 1, p - 1) : undefined);
  // Texts moved along by an inserted or deleted empty slot stop at the next empty slot or the
  // next slot a person touched: the region runs to the end of that slot (or of the document).
  const chainEnd = (from: number) => {
    const stop = findHead(store, documentId, lang, from, (h) => h.touched || h.status === 'empty');
    return stop ? stop.position + stop.span - 1 : total - 1;
  };
  let start: number;
  let end: number;
  let action: RegionPlan['action'];
  switch (input.kind) {
    case 'merge':
      start = own.start; end = slotAfter(own.end + 1)?.end ?? own.end; action = 'merge';
      break;
    case 'split':
      start = own.start; end = head.span >= 2 ? own.end : slotAfter(own.end + 1)?.end ?? own.end; action = 'split';
      break;
    case 'shift-down':
      start = own.start; end = slotAfter(own.end + 1)?.end ?? own.end; action = 'shift';
      break;
    case 'shift-up':
      start = slotBefore(own.start)?.start ?? own.start; end = own.end; action = 'shift';
      break;
    case 'insert-empty': case 'delete-empty':
      start = own.start; end = own.end + 1 < total ? chainEnd(own.end) : own.end; action = 'shift';
      break;
    case 'move-first-up':
      start = slotBefore(own.start)?.start ?? own.start; end = own.end; action = 'shift';
      break;
    case 'move-last-down':
      start = own.start; end = slotAfter(own.end + 1)?.end ?? own.end; action = 'shift';
      break;
    default:
      throw new ValidationError(`"${input.kind}" is not an alignment fix of one language.`);
  }
  const indexIn = (r: RegionState) => (r.slots[lang] ?? []).findIndex((h) => r.segments[h.start]?.id === input.segmentId);
  const { at, kind } = input;
  const transform = (r: RegionState, touched: readonly boolean[]): RegionState => {
    const index = indexIn(r);
    switch (kind) {
      case 'merge': return mergeSlots(r, lang, index);
      case 'split': return splitSlot(r, lang, index, at);
      case 'shift-down': return shiftDown(r, lang, index);
      case 'shift-up': return shiftUp(r, lang, index);
      case 'move-first-up': return moveFirstSentenceUp(r, lang, index);
      case 'insert-empty': return insertEmptySlot(r, lang, index, touched);
      case 'delete-empty': return deleteEmptySlot(r, lang, index, touched);
      default: return moveLastSentenceDown(r, lang, index);
    }
  };
  return { langs: [lang], start, end, transform, action };
}

/** One alignment fix or Chinese split/merge, in one transaction, recorded for undo. */
export function applyOperation(deps: ServiceDeps, input: OperationInput): RegionChange {
  const { store, access } = deps;
  const langs = documentLangs(store, input.documentId);
  const source = input.kind === 'split-segment' || input.kind === 'merge-segments';
  if (source) {
    // Changing the Chinese touches every language's slots.
    access.authorize(input.user, 'edit-source', { documentId: input.documentId, langs });
  } else if (input.lang) {
    access.authorize(input.user, 'fix-alignment', { documentId: input.documentId, lang: input.lang });
  }
  const iso = deps.now().toISOString();
  return store.transaction(() => {
    const position = store.regions.positionOfSegment(input.documentId, input.segmentId);
    if (position === undefined) throw new NotFoundError(`There is no segment ${input.segmentId} in document ${input.documentId}.`);
    const plan = source ? planSourceEdit(store, input, langs, position)
      : input.kind === 'adopt-grouping' ? planGroupingEdit(store, input, langs, position) : planSlotEdit(store, input, langs, position);
    const lang = plan.changes ?? (plan.langs.length === 1 ? plan.langs[0]! : null);
    let before = store.regions.readRegion(input.documentId, plan.start, plan.end, plan.langs);
    const touched = lang && plan.langs.length === 1 ? touchedHeads(store, input.documentId, lang, before) : [];
    let next = plan.transform(before, touched);
    let moved: number | null = null;
    if (lang && REALIGNING_KINDS.has(input.kind) && alignmentPreferences(deps, input.user.id).autoRealign) {
      ({ before, next, moved } = realignAfterFix(deps, { documentId: input.documentId, lang, before, next, beforeTouched: touched, segmentId: input.segmentId }));
    }
    let reopened = 0;
    if (lang && !source) ({ before, next, reopened } = recheckApprovals(store, input.documentId, langs, lang, before, next));
    const after = commitRegion(store, input.documentId, langs, before, next, input.user.id, plan.action, iso);
    // The aligner wrote slots: the column's flag is cut again over its unconfirmed slots.
    const recut = moved !== null && lang ? recutFlags(store, input.documentId, lang) : undefined;
    const realigned = moved === null ? '' : ` and re-align ${moved} slot${moved === 1 ? '' : 's'}`;
    store.operations.insertOperation({
      documentId: input.documentId, userId: input.user.id, kind: input.kind, lang,
      label: `${LABELS[input.kind]}${lang ? ` (${lang})` : ''} at ${position + 1}${realigned}`, before, after, now: iso,
    });
    announce(deps, input.documentId, { type: 'region', by: { id: input.user.id, name: input.user.name }, startPosition: plan.start, replacedCount: before.segments.length, newCount: after.segments.length });
    const change = widenedChange(store, input.documentId, langs, before.startPosition, before.segments.length, after.segments.length, input.user.id);
    return { ...withReflagged(change, recut?.changedSegments ?? []), ...(moved !== null && { realigned: { moved } }), ...(reopened > 0 && { reopenedApprovals: reopened }) };
  });
}

/**
 * Approval integrity across languages (issue #16): when a fix in `lang` changes the grouping
 * around an approved slot of another language, that approval is re-opened (back to translated,
 * with the reason "grouping changed since approval") in the same step, rather than silently
 * kept. The region grows to whole slots of every language when there is one to re-open.
 */
function recheckApprovals(store: Store, documentId: number, langs: string[], lang: string, before: RegionState, next: RegionState): { before: RegionState; next: RegionState; reopened: number } {
  const others = langs.filter((l) => l !== lang);
  const unchanged = { before, next, reopened: 0 };
  if (others.length === 0 || before.segments.length !== next.segments.length) return unchanged;
  const end = before.startPosition + before.segments.length - 1;
  const range = store.regions.expandToSlots(documentId, langs, before.startPosition, end);
  const wide = store.regions.readRegion(documentId, range.start, range.end, langs);
  const offset = before.startPosition - range.start;
  const own = wide.slots[lang] ?? [];
  const mine = [
    ...own.filter((h) => h.start < offset),
    ...(next.slots[lang] ?? []).map((h) => ({ ...h, start: h.start + offset })),
    ...own.filter((h) => h.start >= offset + before.segments.length),
  ];
  let wideNext: RegionState = { ...wide, slots: { ...wide.slots, [lang]: mine } };
  let reopened = 0;
  for (const other of others) {
    const indices = approvalsRegrouped(wide, wideNext, lang, other);
    reopened += indices.length;
    wideNext = reopenApprovals(wideNext, other, indices);
  }
  return reopened === 0 ? unchanged : { before: wide, next: wideNext, reopened };
}
