/**
 * Which slots a person touched (domain.ts `isHumanTouched`, the one rule), read from the store
 * for the heads of a region or found by walking a column.
 */
import { isHumanTouched, type RegionState, type RevisionAction, type SlotStatus } from '../domain.js';
import type { Store } from '../store/index.js';

export interface HeadState { position: number; span: number; status: SlotStatus; lastAction: RevisionAction | null; touched: boolean }

/** Rows read at a time while walking a column: a page of the editor and then some. */
const CHUNK = 256;

/** Per head of `lang` in `region` (as read from the store): whether a person touched it. */
export function touchedHeads(store: Store, documentId: number, lang: string, region: RegionState): boolean[] {
  const end = region.startPosition + region.segments.length - 1;
  const states = new Map(store.regions.listHeadStates(documentId, lang, region.startPosition, end).map((s) => [s.position, s]));
  return (region.slots[lang] ?? []).map((head) => {
    const state = states.get(region.startPosition + head.start);
    return state ? isHumanTouched(state.status, state.lastAction) : false;
  });
}

/** Every head of `lang` in [start, end] with whether a person touched it. */
export function headStates(store: Store, documentId: number, lang: string, start: number, end: number): HeadState[] {
  return store.regions.listHeadStates(documentId, lang, start, end).map((s) => ({ ...s, touched: isHumanTouched(s.status, s.lastAction) }));
}

/**
 * The first head of `lang` starting after position `after` that `stop` accepts, reading the
 * column a chunk at a time; undefined when none does before the end of the document.
 */
export function findHead(store: Store, documentId: number, lang: string, after: number, stop: (head: HeadState) => boolean): HeadState | undefined {
  const total = store.regions.segmentCount(documentId);
  for (let from = after + 1; from < total; from += CHUNK) {
    const found = headStates(store, documentId, lang, from, Math.min(total - 1, from + CHUNK - 1)).find(stop);
    if (found) return found;
  }
  return undefined;
}
