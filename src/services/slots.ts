import { LOW_CONFIDENCE } from '../align/confidence.js';
import type { SlotStatus } from '../domain.js';
import type { Store } from '../store/index.js';
import type { RegionHead, RegionState } from '../store/regions.js';
import type { HeadSlot, Slot } from '../store/slots.js';
import type { User } from '../store/users.js';
import {
  mergeSegments, mergeSlots, moveFirstSentenceUp, moveLastSentenceDown, shiftDown, shiftUp, splitSegment, splitSlot,
} from './alignment-ops.js';
import { editsAsReviewer, requireWork } from './access.js';
import type { EventHub } from './events.js';
import { InvalidTransitionError, NotFoundError, PermissionError, StaleVersionError, ValidationError } from './errors.js';

/** Below this the editor flags a slot for a person to check (the rule lives with the aligner). */
export { LOW_CONFIDENCE };
/** Keystroke saves of one slot by one person within this time are one undo step. */
const EDIT_COALESCE_MS = 10 * 60 * 1000;
const MAX_SLOT_TEXT = 100_000;

export const OPERATION_KINDS = [
  'merge', 'split', 'shift-down', 'shift-up', 'move-first-up', 'move-last-down', 'split-segment', 'merge-segments',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** One slot as the editor sees it. */
export type SlotView =
  | { kind: 'head'; segmentId: number; lang: string; text: string; status: SlotStatus; version: number; span: number; confidence: number | null; reasons: string[]; updatedAt: string }
  | { kind: 'continuation'; segmentId: number; lang: string; headSegmentId: number };

export interface RowView {
  segmentId: number; position: number; paragraph: number; source: string; slots: Record<string, SlotView>;
  /** Open and total comments per language, for heads that have any. */
  comments?: Record<string, { open: number; total: number }>;
}

export interface HistoryState { canUndo: boolean; canRedo: boolean; undoLabel: string | null; redoLabel: string | null }

/**
 * What a structural change returns: rows [startPosition, startPosition + replacedCount) are now `rows`.
 * Undo and redo also say which slot they restored (`lang` null: the Chinese), so the editor's cursor stays on it.
 */
export interface RegionChange {
  startPosition: number; replacedCount: number; rows: RowView[]; segmentCount: number; history: HistoryState;
  focus?: { segmentId: number; lang: string | null };
}

/** A slot as the client sees it: without who last changed it (that is in the history). */
export function slotView(slot: HeadSlot): Extract<SlotView, { kind: 'head' }>;
export function slotView(slot: Slot): SlotView;
export function slotView(slot: Slot): SlotView {
  if (slot.kind === 'continuation') return slot;
  const { updatedBy: _by, ...rest } = slot;
  return rest;
}

function regionRows(region: RegionState, langs: readonly string[]): RowView[] {
  return region.segments.map((segment, index) => {
    const slots: Record<string, SlotView> = {};
    for (const lang of langs) {
      for (const head of region.slots[lang] ?? []) {
        if (index < head.start || index >= head.start + head.span) continue;
        const headId = region.segments[head.start]!.id!;
        slots[lang] = index === head.start
          ? { kind: 'head', segmentId: headId, lang, text: head.text, status: head.status, version: head.version, span: head.span, confidence: head.confidence, reasons: head.reasons, updatedAt: '' }
          : { kind: 'continuation', segmentId: segment.id!, lang, headSegmentId: headId };
      }
    }
    return { segmentId: segment.id!, position: region.startPosition + index, paragraph: segment.paragraph, source: segment.text, slots };
  });
}

function sameRegion(a: RegionState, b: RegionState): boolean {
  if (a.segments.length !== b.segments.length) return false;
  if (a.segments.some((s, i) => s.id !== b.segments[i]!.id || s.text !== b.segments[i]!.text)) return false;
  // Content, not versions: undo itself bumps versions, and a region whose content is as the
  // step left it loses nobody's work when the step is replayed.
  const key = (h: RegionHead) => `${h.start}|${h.span}|${h.status}|${h.text}`;
  return Object.keys(a.slots).every((lang) => (a.slots[lang] ?? []).map(key).join('\n') === (b.slots[lang] ?? []).map(key).join('\n'));
}

export interface SlotServiceOptions { store: Store; now: () => Date; events?: EventHub }

/** Editing slots, fixing the alignment, undo and redo: the editor's verbs. */
export function createSlotService({ store, now, events }: SlotServiceOptions) {
  /** Tells other open editors once the transaction has committed. */
  function announce(documentId: number, event: Parameters<EventHub['publish']>[1]): void {
    if (events) store.afterCommit(() => events.publish(documentId, event));
  }

  function documentLangs(documentId: number): string[] {
    const document = store.documents.findDocument(documentId);
    if (!document) throw new NotFoundError(`There is no document ${documentId}.`);
    return document.langs;
  }

  function requireLang(langs: readonly string[], lang: string): void {
    if (!langs.includes(lang)) throw new NotFoundError(`This document has no ${lang} translation column.`);
  }

  function findHead(documentId: number, segmentId: number, lang: string): { head: HeadSlot; position: number } {
    const position = store.regions.positionOfSegment(documentId, segmentId);
    const slot = position === undefined ? undefined : store.slots.findSlot(segmentId, lang);
    if (position === undefined || !slot) throw new NotFoundError(`There is no ${lang} slot at segment ${segmentId} in document ${documentId}.`);
    if (slot.kind !== 'head') throw new ValidationError('That segment is covered by the slot above it; act on that slot.', { code: 'not_a_head' });
    return { head: slot, position };
  }

  function history(documentId: number, userId: number): HistoryState {
    const undo = store.operations.findLatestOperation(documentId, userId, 'done');
    const redo = store.operations.findLatestOperation(documentId, userId, 'undone');
    return { canUndo: !!undo, canRedo: !!redo, undoLabel: undo?.label ?? null, redoLabel: redo?.label ?? null };
  }

  function change(documentId: number, langs: string[], region: RegionState, replacedCount: number, userId: number): RegionChange {
    return {
      startPosition: region.startPosition, replacedCount, rows: regionRows(region, langs),
      segmentCount: store.regions.segmentCount(documentId), history: history(documentId, userId),
    };
  }

  /** Writes `next` over `current`, checks the tiling, and re-reads the region as stored. */
  function commitRegion(documentId: number, langs: string[], current: RegionState, next: RegionState, userId: number, action: 'merge' | 'split' | 'shift' | 'edit' | 'revert', at: string): RegionState {
    store.regions.writeRegion(documentId, current, next, { userId, action, now: at });
    for (const lang of Object.keys(next.slots)) {
      const problems = store.slots.checkTiling(documentId, lang);
      if (problems.length > 0) throw new Error(`Slot tiling broken in ${lang}: ${problems.join('; ')}`);
    }
    store.documents.touchDocument(documentId, at);
    const end = current.startPosition + next.segments.length - 1;
    return store.regions.readRegion(documentId, current.startPosition, end, Object.keys(next.slots).length > 0 ? Object.keys(next.slots) : langs);
  }

  function replay(input: { documentId: number; user: User }, direction: 'undo' | 'redo'): RegionChange {
    const langs = documentLangs(input.documentId);
    const iso = now().toISOString();
    const result = store.transaction((): RegionChange | { blocked: number; label: string } => {
      const op = store.operations.findLatestOperation(input.documentId, input.user.id, direction === 'undo' ? 'done' : 'undone');
      if (!op) throw new InvalidTransitionError(direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.');
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
      const written = commitRegion(input.documentId, langs, current, { ...target, startPosition: current.startPosition }, input.user.id, 'revert', iso);
      store.operations.updateOperation(op.id, direction === 'undo'
        ? { state: 'undone', before: written, after: op.after, now: iso }
        : { state: 'done', before: op.before, after: written, now: iso });
      const full = store.regions.readRegion(input.documentId, current.startPosition, current.startPosition + written.segments.length - 1, langs);
      announce(input.documentId, { type: 'region', by: { id: input.user.id, name: input.user.name }, startPosition: current.startPosition, replacedCount: current.segments.length, newCount: written.segments.length });
      const restored = { segmentId: full.segments[0]!.id!, lang: regionLangs.length === 1 ? regionLangs[0]! : null };
      return { ...change(input.documentId, langs, full, current.segments.length, input.user.id), focus: restored };
    });
    if ('blocked' in result) {
      // Someone changed these slots since; replaying would overwrite their work. The step
      // leaves the stack so the steps before it stay reachable.
      store.transaction(() => store.operations.dropOperation(result.blocked, iso));
      throw new InvalidTransitionError(`Cannot ${direction} "${result.label}": these slots were changed since by someone else. Nothing was changed.`);
    }
    return result;
  }

  /**
   * Rows [offset, offset+limit) widened so no slot is cut; or, with `lowConfidenceLang`, the groups
   * holding such slots together with the slot before and after each (so a merge or shift acts on
   * neighbours the person sees).
   */
  function pageOfRows(documentId: number, options: { offset: number; limit: number; lowConfidenceLang?: string }): { total: number; rows: RowView[]; offset: number } {
    const langs = documentLangs(documentId);
    const total = store.regions.segmentCount(documentId);
    if (options.lowConfidenceLang) {
      const lang = options.lowConfidenceLang;
      requireLang(langs, lang);
      const slots = store.slots.listSlots(documentId, lang);
      const flagged = slots.flatMap((slot, position) =>
        slot.kind === 'head' && slot.confidence !== null && slot.confidence < LOW_CONFIDENCE ? [position] : []);
      const page = flagged.slice(options.offset, options.offset + options.limit);
      const rows = page.flatMap((position) => {
        const head = slots[position];
        const span = head?.kind === 'head' ? head.span : 1;
        const extent = store.regions.expandToSlots(documentId, langs, Math.max(0, position - 1), Math.min(total - 1, position + span));
        return regionRows(store.regions.readRegion(documentId, extent.start, extent.end, langs), langs);
      });
      const unique = [...new Map(rows.map((r) => [r.segmentId, r])).values()];
      return { total: flagged.length, rows: unique, offset: options.offset };
    }
    if (total === 0) return { total, rows: [], offset: 0 };
    const start = Math.min(Math.max(0, options.offset), total - 1);
    const extent = store.regions.expandToSlots(documentId, langs, start, Math.min(total - 1, start + options.limit - 1));
    return { total, rows: regionRows(store.regions.readRegion(documentId, extent.start, extent.end, langs), langs), offset: extent.start };
  }

  const LABELS: Record<OperationKind, string> = {
    merge: 'merge slots', split: 'split slot', 'shift-down': 'shift down', 'shift-up': 'shift up',
    'move-first-up': 'move first sentence up', 'move-last-down': 'move last sentence down',
    'split-segment': 'split Chinese segment', 'merge-segments': 'merge Chinese segments',
  };

  return {
    /** A page of rows (see pageOfRows) with the comment counts of their slots. */
    listRows(documentId: number, options: { offset: number; limit: number; lowConfidenceLang?: string }): { total: number; rows: RowView[]; offset: number } {
      const page = pageOfRows(documentId, options);
      const counts = store.review.commentCounts(documentId);
      if (counts.size === 0) return page;
      for (const row of page.rows) {
        for (const lang of Object.keys(row.slots)) {
          const count = counts.get(`${row.segmentId}:${lang}`);
          if (count) (row.comments ??= {})[lang] = count;
        }
      }
      return page;
    },


    /**
     * Saves a slot's text if the client saw the current version; otherwise throws
     * StaleVersionError with the current slot, so nothing is silently overwritten.
     * Editing an approved slot returns it to draft (the review diffs against the approved revision).
     */
    editSlot(input: { documentId: number; segmentId: number; lang: string; text: string; version: number; user: User; confirm?: boolean }): { slot: SlotView; history: HistoryState } {
      if (input.text.length > MAX_SLOT_TEXT) throw new ValidationError(`A slot holds at most ${MAX_SLOT_TEXT.toLocaleString('en')} characters.`);
      const text = input.text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
      if (input.confirm && text.length === 0) throw new InvalidTransitionError('An empty slot cannot be confirmed. Type the translation first.');
      const langs = documentLangs(input.documentId);
      requireLang(langs, input.lang);
      const asReviewer = editsAsReviewer(store, input.user, input.documentId, input.lang);
      if (!asReviewer) requireWork(store, input.user, input.documentId, input.lang, 'translate', input.confirm ? 'confirm translations' : 'edit this translation');
      if (asReviewer && input.confirm) throw new PermissionError('Reviewers approve slots rather than confirm them.');
      const at = now();
      const iso = at.toISOString();
      return store.transaction(() => {
        const { head, position } = findHead(input.documentId, input.segmentId, input.lang);
        if (head.version !== input.version) {
          throw new StaleVersionError('Someone else changed this slot since you opened it. Compare the texts and choose which to keep.', head);
        }
        // Any edit of an approved slot sends it back to draft (the review diffs against the
        // approved revision); a reviewer's edit of a slot under review is ready to approve.
        const status: SlotStatus = text.length === 0 ? 'empty'
          : input.confirm ? 'translated'
          : head.text === text ? head.status
          : head.status === 'approved' ? 'draft'
          : asReviewer ? 'translated' : 'draft';
        if (text === head.text && status === head.status) return { slot: slotView(head), history: history(input.documentId, input.user.id) };
        const before = store.regions.readRegion(input.documentId, position, position + head.span - 1, [input.lang]);
        const updated = store.slots.updateHeadText({
          segmentId: input.segmentId, lang: input.lang, text, status, expectedVersion: input.version, userId: input.user.id, now: iso,
          keepConfidence: text === head.text,
        });
        if (!updated) throw new StaleVersionError('Someone else changed this slot since you opened it.', head);
        const version = head.version + 1;
        store.revisions.insertRevision({
          segmentId: input.segmentId, lang: input.lang, version, text, status, span: head.span,
          authorId: input.user.id, createdAt: iso, action: input.confirm ? 'confirm' : asReviewer ? 'review-edit' : 'edit',
        });
        store.documents.touchDocument(input.documentId, iso);
        const after = store.regions.readRegion(input.documentId, position, position + head.span - 1, [input.lang]);
        // Consecutive saves of one slot (autosave while typing) are one undo step.
        const last = store.operations.findLatestOperation(input.documentId, input.user.id, 'done');
        const lastHead = last?.after.segments[0]?.id;
        if (last && last.kind === 'edit' && last.lang === input.lang && lastHead === input.segmentId
          && at.getTime() - Date.parse(last.updatedAt) < EDIT_COALESCE_MS && sameRegion(last.after, before)) {
          store.operations.updateOperation(last.id, { state: 'done', before: last.before, after, now: iso });
        } else {
          store.operations.insertOperation({
            documentId: input.documentId, userId: input.user.id, kind: 'edit', lang: input.lang,
            label: `${input.confirm ? 'confirm' : 'edit'} ${input.lang} slot ${position + 1}`, before, after, now: iso,
          });
        }
        const fresh = store.slots.findSlot(input.segmentId, input.lang)!;
        announce(input.documentId, { type: 'slot', by: { id: input.user.id, name: input.user.name }, segmentId: input.segmentId, lang: input.lang });
        return { slot: slotView(fresh), history: history(input.documentId, input.user.id) };
      });
    },

    /**
     * Sets a head's status (and optionally its text) as one undoable step, if the client
     * saw the current version. Used by review decisions and restores; the caller checks
     * permissions and transitions and may wrap this in its own transaction.
     */
    changeHead(input: { documentId: number; segmentId: number; lang: string; version: number; status: SlotStatus; text?: string; action: 'approve' | 'reject' | 'restore'; label: string; user: User }): SlotView {
      const iso = now().toISOString();
      return store.transaction(() => {
        const { head, position } = findHead(input.documentId, input.segmentId, input.lang);
        if (head.version !== input.version) {
          throw new StaleVersionError('Someone changed this slot since you opened it; look at the current text before deciding.', head);
        }
        const end = position + head.span - 1;
        const before = store.regions.readRegion(input.documentId, position, end, [input.lang]);
        const next: RegionState = {
          ...before,
          slots: { [input.lang]: (before.slots[input.lang] ?? []).map((h) => ({ ...h, status: input.status, text: input.text ?? h.text })) },
        };
        store.regions.writeRegion(input.documentId, before, next, { userId: input.user.id, action: input.action, now: iso });
        store.documents.touchDocument(input.documentId, iso);
        const after = store.regions.readRegion(input.documentId, position, end, [input.lang]);
        store.operations.insertOperation({
          documentId: input.documentId, userId: input.user.id, kind: input.action, lang: input.lang, label: input.label, before, after, now: iso,
        });
        announce(input.documentId, { type: 'slot', by: { id: input.user.id, name: input.user.name }, segmentId: input.segmentId, lang: input.lang });
        return slotView(store.slots.findSlot(input.segmentId, input.lang)!);
      });
    },

    findHeadSlot(documentId: number, segmentId: number, lang: string): { head: HeadSlot; position: number } {
      return findHead(documentId, segmentId, lang);
    },

    /** One alignment fix or Chinese split/merge, in one transaction, recorded for undo. */
    applyOperation(input: { documentId: number; kind: OperationKind; segmentId: number; lang?: string; version?: number; at?: number; user: User }): RegionChange {
      const langs = documentLangs(input.documentId);
      if (input.kind === 'split-segment' || input.kind === 'merge-segments') {
        // Changing the Chinese touches every language's slots.
        for (const lang of langs) requireWork(store, input.user, input.documentId, lang, 'translate', 'split or merge Chinese segments');
      } else if (input.lang) {
        requireWork(store, input.user, input.documentId, input.lang, 'translate', 'change the alignment');
      }
      const iso = now().toISOString();
      return store.transaction(() => {
        const position = store.regions.positionOfSegment(input.documentId, input.segmentId);
        if (position === undefined) throw new NotFoundError(`There is no segment ${input.segmentId} in document ${input.documentId}.`);
        const total = store.regions.segmentCount(input.documentId);
        let regionLangs: string[];
        let start: number;
        let end: number;
        let transform: (region: RegionState) => RegionState;
        let action: 'merge' | 'split' | 'shift';
        if (input.kind === 'split-segment' || input.kind === 'merge-segments') {
          regionLangs = langs;
          if (input.kind === 'merge-segments' && position === total - 1) throw new ValidationError('This is the last segment; there is nothing below to merge with.');
          ({ start, end } = store.regions.expandToSlots(input.documentId, langs, position, input.kind === 'merge-segments' ? position + 1 : position));
          const index = position - start;
          if (input.kind === 'split-segment') {
            if (input.at === undefined) throw new ValidationError('Say where to split the Chinese segment (the caret position).');
            const at = input.at;
            transform = (r) => splitSegment(r, index, at);
            action = 'split';
          } else {
            transform = (r) => mergeSegments(r, index);
            action = 'merge';
          }
        } else {
          const lang = input.lang ?? '';
          requireLang(langs, lang);
          regionLangs = [lang];
          const { head } = findHead(input.documentId, input.segmentId, lang);
          if (input.version !== undefined && head.version !== input.version) {
            throw new StaleVersionError('Someone else changed this slot since you opened it; the grid has been refreshed.', head);
          }
          const own = { start: position, end: position + head.span - 1 };
          const slotAfter = (p: number) => (p < total ? store.regions.expandToSlots(input.documentId, [lang], p, p) : undefined);
          const slotBefore = (p: number) => (p > 0 ? store.regions.expandToSlots(input.documentId, [lang], p - 1, p - 1) : undefined);
          const chainEnd = (from: number, inclusive: boolean) => {
            const empty = store.regions.nextEmptyHead(input.documentId, lang, from);
            if (empty === undefined) return total - 1;
            return inclusive ? store.regions.expandToSlots(input.documentId, [lang], empty, empty).end : empty - 1;
          };
          switch (input.kind) {
            case 'merge':
              start = own.start; end = slotAfter(own.end + 1)?.end ?? own.end; action = 'merge';
              break;
            case 'split':
              start = own.start; end = head.span >= 2 ? own.end : chainEnd(own.end, true); action = 'split';
              break;
            case 'shift-down':
              start = own.start; end = chainEnd(own.end, true); action = 'shift';
              break;
            case 'shift-up':
              start = slotBefore(own.start)?.start ?? own.start; end = Math.max(own.end, chainEnd(own.end, false)); action = 'shift';
              break;
            case 'move-first-up':
              start = slotBefore(own.start)?.start ?? own.start; end = own.end; action = 'shift';
              break;
            case 'move-last-down':
              start = own.start; end = slotAfter(own.end + 1)?.end ?? own.end; action = 'shift';
              break;
          }
          const indexIn = (r: RegionState) => (r.slots[lang] ?? []).findIndex((h) => r.segments[h.start]?.id === input.segmentId);
          const at = input.at;
          const kind = input.kind;
          transform = (r) => {
            const index = indexIn(r);
            switch (kind) {
              case 'merge': return mergeSlots(r, lang, index);
              case 'split': return splitSlot(r, lang, index, at);
              case 'shift-down': return shiftDown(r, lang, index);
              case 'shift-up': return shiftUp(r, lang, index);
              case 'move-first-up': return moveFirstSentenceUp(r, lang, index);
              case 'move-last-down': return moveLastSentenceDown(r, lang, index);
            }
          };
        }
        const before = store.regions.readRegion(input.documentId, start, end, regionLangs);
        const after = commitRegion(input.documentId, langs, before, transform(before), input.user.id, action, iso);
        const lang = regionLangs.length === 1 ? regionLangs[0]! : null;
        store.operations.insertOperation({
          documentId: input.documentId, userId: input.user.id, kind: input.kind, lang,
          label: `${LABELS[input.kind]}${lang ? ` (${lang})` : ''} at ${position + 1}`, before, after, now: iso,
        });
        const full = store.regions.readRegion(input.documentId, start, start + after.segments.length - 1, langs);
        announce(input.documentId, { type: 'region', by: { id: input.user.id, name: input.user.name }, startPosition: start, replacedCount: before.segments.length, newCount: after.segments.length });
        return change(input.documentId, langs, full, before.segments.length, input.user.id);
      });
    },

    /** Undoes the user's latest action on this document if its slots are still as it left them. */
    undo(input: { documentId: number; user: User }): RegionChange {
      return replay(input, 'undo');
    },

    redo(input: { documentId: number; user: User }): RegionChange {
      return replay(input, 'redo');
    },

    history(documentId: number, user: User): HistoryState {
      documentLangs(documentId);
      return history(documentId, user.id);
    },
  };
}

export type SlotService = ReturnType<typeof createSlotService>;
