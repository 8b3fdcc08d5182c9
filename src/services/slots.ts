/**
 * Editing slots and reading them as the editor shows them: the editor's rows, a slot
 * save (editSlot), a status change recorded for undo (changeHead), the undo state.
 * Alignment fixes are in alignment.ts, undo and redo in undo.ts.
 */
import { LOW_CONFIDENCE } from '../align/confidence.js';
import { APPROVED_STATUSES, type ReviewPass, type HeadSlot, type RegionHead, type RegionSegment, type RegionState, type Slot, type SlotStatus } from '../domain.js';
import type { Store } from '../store/index.js';
import { regionOfOneSegment } from '../store/regions.js';
import type { User } from '../store/users.js';
import { announce, type ServiceDeps } from './context.js';
import { recutFlags, withReflagged } from './flag-cut.js';
import { markGrouping, type GroupingMark } from './grouping.js';
import { GROUPING_CHANGED } from './grouping-ops.js';
import { planConfirmRealign, regionFrom, type RealignedFix } from './realignment.js';
import { InvalidTransitionError, NotFoundError, StaleVersionError, ValidationError } from './errors.js';

/** Below this the editor flags a slot for a person to check (the rule lives with the aligner). */
export { LOW_CONFIDENCE };
/** Keystroke saves of one slot by one person within this time are one undo step. */
const EDIT_COALESCE_MS = 10 * 60 * 1000;
const MAX_SLOT_TEXT = 100_000;

/** One slot as the editor sees it. */
export type SlotView =
  | { kind: 'head'; segmentId: number; lang: string; text: string; status: SlotStatus; version: number; span: number; confidence: number | null; reasons: string[]; updatedAt: string }
  | { kind: 'continuation'; segmentId: number; lang: string; headSegmentId: number };

export interface RowView {
  segmentId: number; position: number; paragraph: number; source: string; slots: Record<string, SlotView>;
  /** Open and total comments per language, for heads that have any. */
  comments?: Record<string, { open: number; total: number }>;
  /** Per language whose head is here: the other translation groups these segments differently (grouping.ts). */
  grouping?: Record<string, GroupingMark>;
}

/** The user's undo and redo stacks on one document, as the toolbar shows them. */
export interface HistoryState { canUndo: boolean; canRedo: boolean; undoLabel: string | null; redoLabel: string | null }

/**
 * What a structural change returns: rows [startPosition, startPosition + replacedCount) are now `rows`.
 * Undo and redo also say which slot they restored (`lang` null: the Chinese), so the editor's cursor stays on it.
 */
export interface RegionChange {
  startPosition: number; replacedCount: number; rows: RowView[]; segmentCount: number; history: HistoryState;
  focus?: { segmentId: number; lang: string | null };
  /** Set when the change re-aligned the untouched slots around a fix: how many slots moved. */
  realigned?: { moved: number };
  /** Approved slots of other languages whose grouping the change altered: re-opened for review. */
  reopenedApprovals?: number;
  /**
   * Slots outside `rows` whose shown confidence changed because the column's flag was cut again
   * (flag-cut.ts): the editor reloads its page to show them.
   */
  reflagged?: number;
}

export interface RowsQuery { offset: number; limit: number; lowConfidenceLang?: string }
export interface RowsPage { total: number; rows: RowView[]; offset: number }

export interface EditSlotInput {
  documentId: number; segmentId: number; lang: string; text: string; version: number; user: User; confirm?: boolean;
  /** Someone who may both translate and approve here asks that the edit count as review (a returned review table). */
  asReview?: boolean;
}
export interface SlotSaved {
  slot: SlotView; history: HistoryState;
  /** A confirm that re-aligned the untouched slots below it: how many moved, and the rows to redraw. */
  realigned?: { moved: number; change: RegionChange };
}

export interface ChangeHeadInput {
  documentId: number; segmentId: number; lang: string; version: number; status: SlotStatus; text?: string;
  action: 'approve' | 'reject' | 'restore'; label: string; user: User;
  /** The undo step's kind when it is not the action's (a second reviewer's decision: `second-approve`). */
  kind?: 'second-approve' | 'second-reject';
  /** A review decision, announced with its pass so open review pages and editors can say which. */
  review?: { decision: 'approved' | 'rejected'; pass: ReviewPass };
}

// ------------------------------------------------------------------ views and lookups

/** A slot as the client sees it: without who last changed it (that is in the history). */
export function slotView(slot: HeadSlot): Extract<SlotView, { kind: 'head' }>;
export function slotView(slot: Slot): SlotView;
export function slotView(slot: Slot): SlotView {
  if (slot.kind === 'continuation') return slot;
  const { updatedBy: _by, ...rest } = slot;
  return rest;
}

/** A region's segments as editor rows, heads and continuations per language. */
export function regionRows(region: RegionState, langs: readonly string[]): RowView[] {
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

/** Same segments and same slot contents (not versions: undo itself bumps versions). */
export function sameRegion(a: RegionState, b: RegionState): boolean {
  if (a.segments.length !== b.segments.length) return false;
  if (a.segments.some((s, i) => s.id !== b.segments[i]!.id || s.text !== b.segments[i]!.text)) return false;
  // Content, not versions: a region whose content is as the step left it loses nobody's work
  // when the step is replayed.
  const key = (h: RegionHead) => `${h.start}|${h.span}|${h.status}|${h.text}`;
  return Object.keys(a.slots).every((lang) => (a.slots[lang] ?? []).map(key).join('\n') === (b.slots[lang] ?? []).map(key).join('\n'));
}

/** The document's target languages, or NotFoundError. */
export function documentLangs(store: Store, documentId: number): string[] {
  const langs = store.documents.findDocumentLangs(documentId);
  if (!langs) throw new NotFoundError(`There is no document ${documentId}.`);
  return langs;
}

export function requireLang(langs: readonly string[], lang: string): void {
  if (!langs.includes(lang)) throw new NotFoundError(`This document has no ${lang} translation column.`);
}

/** The head slot at a segment with its position, or NotFoundError / `not_a_head` for a continuation. */
export function findHeadSlot(store: Store, documentId: number, segmentId: number, lang: string): { head: HeadSlot; position: number; segment: RegionSegment } {
  const found = store.slots.findSlotAt(documentId, segmentId, lang);
  if (!found) throw new NotFoundError(`There is no ${lang} slot at segment ${segmentId} in document ${documentId}.`);
  if (found.slot.kind !== 'head') throw new ValidationError('That segment is covered by the slot above it; act on that slot.', { code: 'not_a_head' });
  return { head: found.slot, position: found.position, segment: found.segment };
}

/** The user's undo and redo stacks on a document. */
export function undoState(store: Store, documentId: number, userId: number): HistoryState {
  const undoLabel = store.operations.findLatestLabel(documentId, userId, 'done');
  const redoLabel = store.operations.findLatestLabel(documentId, userId, 'undone');
  return { canUndo: undoLabel !== undefined, canRedo: redoLabel !== undefined, undoLabel: undoLabel ?? null, redoLabel: redoLabel ?? null };
}

/** A structural change's answer: the changed rows with every language, and the new undo state. */
export function regionChange(store: Store, documentId: number, langs: string[], region: RegionState, replacedCount: number, userId: number): RegionChange {
  return {
    startPosition: region.startPosition, replacedCount, rows: markGrouping(store, documentId, langs, regionRows(region, langs)),
    segmentCount: store.regions.segmentCount(documentId), history: undoState(store, documentId, userId),
  };
}

// ------------------------------------------------------------------ actions

/**
 * The answer to a change of rows [start, start + replaced) that are now `count` rows: those rows
 * with every language, grown so that no slot of any language crosses its edges, so the grid can
 * draw whole slots and every marker that depends on them (grouping, approvals).
 */
export function widenedChange(store: Store, documentId: number, langs: string[], start: number, replaced: number, count: number, userId: number): RegionChange {
  const wide = count > 0 ? store.regions.expandToSlots(documentId, langs, start, start + count - 1) : { start, end: start - 1 };
  const full = store.regions.readRegion(documentId, wide.start, wide.end, langs);
  const grownBefore = start - wide.start;
  const grownAfter = wide.end - (start + count - 1);
  return regionChange(store, documentId, langs, full, replaced + grownBefore + grownAfter, userId);
}

/** The undo state the editor's toolbar shows (Undo "…" / Redo "…"). */
export function undoHistory(deps: ServiceDeps, documentId: number, user: User): HistoryState {
  documentLangs(deps.store, documentId);
  return undoState(deps.store, documentId, user.id);
}

/**
 * Rows [offset, offset+limit) widened so no slot is cut; or, with `lowConfidenceLang`, the groups
 * holding such slots together with the slot before and after each (so a merge or shift acts on
 * neighbours the person sees).
 */
function pageOfRows(store: Store, documentId: number, langs: string[], options: RowsQuery): { page: RowsPage; region?: RegionState } {
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
    return { page: { total: flagged.length, rows: unique, offset: options.offset } };
  }
  if (total === 0) return { page: { total, rows: [], offset: 0 } };
  const start = Math.min(Math.max(0, options.offset), total - 1);
  const extent = store.regions.expandToSlots(documentId, langs, start, Math.min(total - 1, start + options.limit - 1));
  const region = store.regions.readRegion(documentId, extent.start, extent.end, langs);
  return { page: { total, rows: regionRows(region, langs), offset: extent.start }, region };
}

/** A page of the editor's rows (see pageOfRows) with the comment counts of their slots. */
export function listRows(deps: ServiceDeps, documentId: number, options: RowsQuery): RowsPage {
  // One snapshot for the page's dozen reads: consistent rows, and one read lock for all of them.
  return deps.store.read(() => {
    const langs = documentLangs(deps.store, documentId);
    const { page, region } = pageOfRows(deps.store, documentId, langs, options);
    markGrouping(deps.store, documentId, langs, page.rows, region);
    return withCommentCounts(deps.store, documentId, page);
  });
}

/** Adds the open and total comments of each slot shown to a page of rows. */
export function withCommentCounts(store: Store, documentId: number, page: RowsPage): RowsPage {
  const counts = store.review.commentCounts(documentId);
  if (counts.size === 0) return page;
  for (const row of page.rows) {
    for (const lang of Object.keys(row.slots)) {
      const count = counts.get(`${row.segmentId}:${lang}`);
      if (count) (row.comments ??= {})[lang] = count;
    }
  }
  return page;
}

/**
 * Saves a slot's text if the client saw the current version; otherwise throws
 * StaleVersionError with the current slot, so nothing is silently overwritten.
 * Editing an approved slot returns it to draft (the review diffs against the approved revision).
 */
export function editSlot(deps: ServiceDeps, input: EditSlotInput): SlotSaved {
  const { store, access } = deps;
  if (input.text.length > MAX_SLOT_TEXT) throw new ValidationError(`A slot holds at most ${MAX_SLOT_TEXT.toLocaleString('en')} characters.`);
  const text = input.text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (input.confirm && text.length === 0) throw new InvalidTransitionError('An empty slot cannot be confirmed. Type the translation first.');
  const subject = { documentId: input.documentId, lang: input.lang };
  // The checks before the write read one snapshot (store.read): the document, the policy's
  // assignments and the slot.
  const checked = store.read(() => {
    // First, so that it names the snapshot every read below sees.
    const dataVersion = store.dataVersion();
    requireLang(documentLangs(store, input.documentId), input.lang);
    const { reviewing } = access.authorizeSlotEdit(input.user, subject, { confirm: input.confirm === true, asReview: input.asReview === true });
    // A save that is already stale is refused from a read, without waiting for the write lock
    // (about a quarter of saves under load are). The transaction checks the version again, so a
    // save that goes stale while it waits for the lock is refused there.
    const seen = findHeadSlot(store, input.documentId, input.segmentId, input.lang);
    if (seen.head.version !== input.version) throw staleSave(seen.head);
    return { reviewing, seen, dataVersion };
  });
  const asReviewer = checked.reviewing;
  const at = deps.now();
  const iso = at.toISOString();
  return store.transaction(() => {
    // This connection commits nothing between the snapshot above and here (the code runs straight
    // through), so the slot read there is still the stored one unless another connection (another
    // process, the sqlite3 prompt) committed since: data_version says so, and then it is read again.
    const { head, position, segment } = store.dataVersion() === checked.dataVersion ? checked.seen
      : findHeadSlot(store, input.documentId, input.segmentId, input.lang);
    if (head.version !== input.version) throw staleSave(head);
    // Someone who may give this slot its final approval now (second pass, four eyes).
    const asSecondReviewer = head.status === 'reviewed' && asReviewer && store.review.hasSecondReview(input.documentId, input.lang)
      && access.can(input.user, 'second-review', { ...subject, firstReviewerId: store.review.findFirstApproval(input.segmentId, input.lang)?.reviewerId ?? null });
    const status = editedStatus(head, text, { confirm: !!input.confirm, asReviewer, asSecondReviewer });
    if (text === head.text && status === head.status) return { slot: slotView(head), history: undoState(store, input.documentId, input.user.id) };
    const before = head.span === 1 ? regionOfOneSegment(position, segment, input.lang, head) : store.regions.readRegion(input.documentId, position, position + head.span - 1, [input.lang]);
    const realign = input.confirm ? planConfirmRealign(deps, { documentId: input.documentId, lang: input.lang, segmentId: input.segmentId, userId: input.user.id, before, text, status }) : null;
    const updated = store.slots.updateHeadText({
      segmentId: input.segmentId, lang: input.lang, text, status, previousStatus: head.status, expectedVersion: input.version, userId: input.user.id, now: iso,
      keepConfidence: text === head.text,
    });
    if (!updated) throw new StaleVersionError('Someone else changed this slot since you opened it.', head);
    const version = head.version + 1;
    store.revisions.insertRevision({
      segmentId: input.segmentId, lang: input.lang, version, text, status, span: head.span,
      authorId: input.user.id, createdAt: iso, action: input.confirm ? 'confirm' : asReviewer ? 'review-edit' : 'edit',
    });
    store.documents.touchDocument(input.documentId, iso);
    if (realign) return confirmAndRealign(deps, { ...input, text }, { position, span: head.span, iso }, realign);
    // The UPDATE above changed this one head and nothing else: the slot and its region after
    // the save follow from what was read before it, without reading them again.
    const confidence = text === head.text ? head.confidence : null;
    const fresh: HeadSlot = { ...head, text, status, version, confidence, updatedBy: input.user.id, updatedAt: iso };
    const after = savedRegion(before, input.lang, { text, status, version, confidence });
    const history = recordEditStep(store, { documentId: input.documentId, lang: input.lang, segmentId: input.segmentId, position, user: input.user, confirm: !!input.confirm, before, after, at });
    announce(deps, input.documentId, { type: 'slot', by: { id: input.user.id, name: input.user.name }, segmentId: input.segmentId, lang: input.lang });
    return { slot: slotView(fresh), history };
  });
}

function staleSave(current: HeadSlot): StaleVersionError {
  return new StaleVersionError('Someone else changed this slot since you opened it. Compare the texts and choose which to keep.', current);
}

/** `region` (one head of `lang`, as read before a save) with that head as the save left it. */
function savedRegion(region: RegionState, lang: string, saved: Pick<RegionHead, 'text' | 'status' | 'version' | 'confidence'>): RegionState {
  return { ...region, slots: { ...region.slots, [lang]: (region.slots[lang] ?? []).map((h) => ({ ...h, ...saved })) } };
}

/**
 * The status a text edit leaves a slot in (a save, or find and replace). Any edit of an
 * approved slot sends it back to draft (the review diffs against the approved revision); a
 * reviewer's edit of a slot under review is ready to approve. The second reviewer's edit of a
 * slot waiting for them (`asSecondReviewer`) keeps it reviewed, for their final approval, as
 * memoQ's reviewer 2 corrects and confirms.
 */
export function editedStatus(head: { text: string; status: SlotStatus }, text: string, options: { confirm: boolean; asReviewer: boolean; asSecondReviewer?: boolean }): SlotStatus {
  return text.length === 0 ? 'empty'
    : options.confirm ? 'translated'
    : head.text === text ? head.status
    : head.status === 'reviewed' && options.asReviewer && options.asSecondReviewer ? 'reviewed'
    : APPROVED_STATUSES.includes(head.status) ? 'draft'
    : options.asReviewer ? 'translated' : 'draft';
}

/**
 * The second half of a confirm that re-aligns: writes the re-aligned slots below the confirmed
 * one and records both as one undo step.
 */
function confirmAndRealign(deps: ServiceDeps, input: EditSlotInput, at: { position: number; span: number; iso: string }, realign: RealignedFix): SlotSaved {
  const { store } = deps;
  const { documentId, lang } = input;
  const end = realign.before.startPosition + realign.before.segments.length - 1;
  const tailBefore = store.regions.readRegion(documentId, at.position + at.span, end, [lang]);
  store.regions.writeRegion(documentId, tailBefore, regionFrom(realign.next, at.span), { userId: input.user.id, action: 'align', now: at.iso });
  const problems = store.slots.checkTiling(documentId, lang);
  if (problems.length > 0) throw new Error(`Slot tiling broken in ${lang}: ${problems.join('; ')}`);
  const recut = recutFlags(store, documentId, lang);
  const after = store.regions.readRegion(documentId, at.position, end, [lang]);
  const moved = realign.moved ?? 0;
  store.operations.insertOperation({
    documentId, userId: input.user.id, kind: 'edit', lang,
    label: `confirm ${lang} slot ${at.position + 1} and re-align ${moved} slot${moved === 1 ? '' : 's'}`, before: realign.before, after, now: at.iso,
  });
  announce(deps, documentId, { type: 'region', by: { id: input.user.id, name: input.user.name }, startPosition: at.position, replacedCount: after.segments.length, newCount: after.segments.length });
  const langs = documentLangs(store, documentId);
  const fresh = store.slots.findSlot(input.segmentId, lang)!;
  const change = widenedChange(store, documentId, langs, at.position, after.segments.length, after.segments.length, input.user.id);
  return {
    slot: slotView(fresh), history: undoState(store, documentId, input.user.id),
    realigned: { moved, change: withReflagged(change, recut.changedSegments) },
  };
}

/**
 * Consecutive saves of one slot (autosave while typing) are one undo step; anything else starts a new one.
 * Returns the undo state after it: this step on top of the undo stack, and (like any change) no redo.
 */
function recordEditStep(store: Store, step: {
  documentId: number; lang: string; segmentId: number; position: number; user: User; confirm: boolean; before: RegionState; after: RegionState; at: Date;
}): HistoryState {
  const iso = step.at.toISOString();
  const { step: last, redo } = store.operations.findUndoTop(step.documentId, step.user.id);
  if (last && last.kind === 'edit' && last.lang === step.lang && last.headSegmentId === step.segmentId
    && step.at.getTime() - Date.parse(last.updatedAt) < EDIT_COALESCE_MS && sameRegion(last.after(), step.before)) {
    if (redo) store.operations.dropUndone(step.documentId, step.user.id);
    store.operations.updateOperationAfter(last.id, { after: step.after, now: iso });
    return { canUndo: true, canRedo: false, undoLabel: last.label, redoLabel: null };
  }
  const label = `${step.confirm ? 'confirm' : 'edit'} ${step.lang} slot ${step.position + 1}`;
  store.operations.insertOperation({
    documentId: step.documentId, userId: step.user.id, kind: 'edit', lang: step.lang, label, before: step.before, after: step.after, now: iso, redo,
  });
  return { canUndo: true, canRedo: false, undoLabel: label, redoLabel: null };
}

/**
 * Sets a head's status (and optionally its text) as one undoable step, if the client
 * saw the current version. Used by review decisions and restores; the caller checks
 * permissions and transitions and may wrap this in its own transaction.
 */
export function changeHead(deps: ServiceDeps, input: ChangeHeadInput): SlotView {
  const { store } = deps;
  const iso = deps.now().toISOString();
  return store.transaction(() => {
    const { head, position } = findHeadSlot(store, input.documentId, input.segmentId, input.lang);
    if (head.version !== input.version) {
      throw new StaleVersionError('Someone changed this slot since you opened it; look at the current text before deciding.', head);
    }
    const end = position + head.span - 1;
    const before = store.regions.readRegion(input.documentId, position, end, [input.lang]);
    const next: RegionState = {
      ...before,
      // An approval answers the "grouping changed since approval" question (grouping-ops.ts).
      slots: { [input.lang]: (before.slots[input.lang] ?? []).map((h) => ({
        ...h, status: input.status, text: input.text ?? h.text, reasons: input.action === 'approve' ? h.reasons.filter((r) => r !== GROUPING_CHANGED) : h.reasons,
      })) },
    };
    store.regions.writeRegion(input.documentId, before, next, { userId: input.user.id, action: input.action, now: iso });
    store.documents.touchDocument(input.documentId, iso);
    const after = store.regions.readRegion(input.documentId, position, end, [input.lang]);
    store.operations.insertOperation({
      documentId: input.documentId, userId: input.user.id, kind: input.kind ?? input.action, lang: input.lang, label: input.label, before, after, now: iso,
    });
    announce(deps, input.documentId, { type: 'slot', by: { id: input.user.id, name: input.user.name }, segmentId: input.segmentId, lang: input.lang, ...(input.review && { review: input.review }) });
    return slotView(store.slots.findSlot(input.segmentId, input.lang)!);
  });
}
