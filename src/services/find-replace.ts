/**
 * Find and replace in one language column of a document (issue #13): a preview of every
 * slot that would change, then the replacement of the slots the person kept, as one step on
 * their undo stack (one row in the operations table: Ctrl+Z undoes the whole replace).
 */
import { SLOT_STATUSES, type HeadSlot, type SlotStatus } from '../domain.js';
import { RegexRefusal } from '../text/java-regex.js';
import { diffTexts, type DiffPart } from '../text/diff.js';
import { compileFind, type CompiledFind, type FindMatch } from '../text/find.js';
import type { User } from '../store/users.js';
import { announce, recordAudit, requireDocument, type ServiceDeps } from './context.js';
import { StaleVersionError, ValidationError } from './errors.js';
import { runFind } from './find-runner.js';
import { editedStatus, undoState, type HistoryState } from './slots.js';

/**
 * At most this many slots are previewed and replaced at once: the one undo step keeps the
 * region before and after (a few MB for 5,000 slots of ordinary sentences), and nobody
 * checks a longer preview. A larger replace is refused with a hint to narrow it.
 */
export const MAX_REPLACE_SLOTS = 5000;
const MAX_SLOT_TEXT = 100_000;

export interface FindInput {
  documentId: number; lang: string; query: string; regex: boolean; caseSensitive: boolean;
  /** With a replacement, each slot also says what it would become. */
  replacement?: string;
  /** Only slots of these statuses (none: every status). */
  statuses?: readonly SlotStatus[];
  user: User;
}

export interface FoundSlot {
  segmentId: number;
  /** 1-based segment number of the slot's first segment. */
  number: number;
  version: number;
  status: SlotStatus;
  text: string;
  matches: FindMatch[];
  /** The text after the replacement, and the change as a diff (only with a replacement). */
  replaced?: string;
  diff?: DiffPart[];
}

export interface FindAnswer {
  lang: string;
  slots: FoundSlot[];
  /** Slots with a match and matches in all (also when more slots matched than are listed). */
  slotCount: number;
  matchCount: number;
  truncated: boolean;
  /** Whether this user may replace here, and the policy's reason when not. */
  canReplace: boolean;
  refusal: string | null;
}

export interface ReplaceInput {
  documentId: number; lang: string; query: string; regex: boolean; caseSensitive: boolean; replacement: string;
  /** The slots to replace, at the versions the preview showed. */
  slots: readonly { segmentId: number; version: number }[];
  user: User;
}

export interface ReplaceAnswer { replaced: number; matches: number; history: HistoryState; firstNumber: number | null }

function compile(input: { query: string; regex: boolean; caseSensitive: boolean }): CompiledFind {
  try {
    return compileFind(input);
  } catch (error) {
    if (!(error instanceof RegexRefusal)) throw error;
    throw new ValidationError(error.message, { code: input.regex ? 'unsafe_pattern' : 'validation_failed', details: { field: 'query' } });
  }
}

/** What a slot's text becomes, as a save would store it (NFC, one kind of line break, trimmed). */
function cleaned(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** Every slot of the column that the search finds (within the statuses asked for), with what it would become. */
export async function findInDocument(deps: ServiceDeps, input: FindInput): Promise<FindAnswer> {
  const { store, access } = deps;
  requireDocument(store, input.documentId, input.lang);
  if (input.replacement !== undefined && input.replacement.length > MAX_SLOT_TEXT) throw new ValidationError('The replacement is too long.', { details: { field: 'replacement' } });
  const find = compile(input);
  const statuses = new Set(input.statuses && input.statuses.length > 0 ? input.statuses : SLOT_STATUSES);
  const heads = store.slots.listSlots(input.documentId, input.lang)
    .map((slot, position) => ({ slot, position }))
    .filter((h): h is { slot: HeadSlot; position: number } => h.slot.kind === 'head' && h.slot.text.length > 0 && statuses.has(h.slot.status));
  const results = await runFind(find, heads.map((h) => h.slot.text), input.replacement);
  const subject = { documentId: input.documentId, lang: input.lang };
  const canReplace = access.can(input.user, 'edit-slot', subject);
  const found: FoundSlot[] = [];
  let slotCount = 0;
  let matchCount = 0;
  results.forEach((result, i) => {
    if (!result) return;
    const { slot, position } = heads[i]!;
    const replaced = result.replaced === undefined ? undefined : cleaned(result.replaced);
    // A replacement that changes nothing (the same text, or only spaces trimmed away) is no change.
    if (input.replacement !== undefined && replaced === slot.text) return;
    slotCount += 1;
    matchCount += result.matches.length;
    if (found.length >= MAX_REPLACE_SLOTS) return;
    found.push({
      segmentId: slot.segmentId, number: position + 1, version: slot.version, status: slot.status, text: slot.text, matches: result.matches,
      ...(replaced !== undefined && { replaced, diff: diffTexts(slot.text, replaced, input.lang) }),
    });
  });
  return {
    lang: input.lang, slots: found, slotCount, matchCount, truncated: slotCount > found.length,
    canReplace, refusal: canReplace ? null : `You cannot replace here: ${refusalOf(deps, input.user, subject)}`,
  };
}

function refusalOf(deps: ServiceDeps, user: User, subject: { documentId: number; lang: string }): string {
  try {
    deps.access.authorize(user, 'edit-slot', subject);
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Replaces the search's matches in the listed slots, if each is still at the version the
 * preview showed; otherwise nothing is replaced (409 with the first slot that changed).
 * One transaction, one revision per changed slot (`replace`), one undo step for the user.
 */
export async function replaceInDocument(deps: ServiceDeps, input: ReplaceInput): Promise<ReplaceAnswer> {
  const { store, access } = deps;
  requireDocument(store, input.documentId, input.lang);
  const subject = { documentId: input.documentId, lang: input.lang };
  access.authorize(input.user, 'edit-slot', subject);
  if (input.slots.length === 0) throw new ValidationError('Choose at least one slot to replace in.', { details: { field: 'slots' } });
  if (input.slots.length > MAX_REPLACE_SLOTS) throw new ValidationError(`Replace in at most ${MAX_REPLACE_SLOTS.toLocaleString('en')} slots at once; narrow the search.`, { details: { field: 'slots' } });
  if (input.replacement.length > MAX_SLOT_TEXT) throw new ValidationError('The replacement is too long.', { details: { field: 'replacement' } });
  const find = compile(input);
  const wanted = new Map(input.slots.map((s) => [s.segmentId, s.version]));
  const heads = readHeads(deps, input.documentId, input.lang, wanted);
  const results = await runFind(find, heads.map((h) => h.head.text), input.replacement);
  const changes = heads.flatMap(({ head, position }, i) => {
    const replaced = results[i]?.replaced;
    const text = replaced === undefined ? head.text : cleaned(replaced);
    return text === head.text ? [] : [{ head, position, text, matches: results[i]!.matches.length }];
  });
  const tooLong = changes.find((c) => c.text.length > MAX_SLOT_TEXT);
  if (tooLong) throw new ValidationError(`Slot ${tooLong.position + 1} would hold more than ${MAX_SLOT_TEXT.toLocaleString('en')} characters; nothing was replaced.`);
  const asReviewer = access.editsAsReviewer(input.user, subject);
  const iso = deps.now().toISOString();
  const answer = store.transaction((): ReplaceAnswer => {
    // The search ran outside the transaction: whatever changed meanwhile refuses the whole replace.
    readHeads(deps, input.documentId, input.lang, wanted);
    if (changes.length === 0) return { replaced: 0, matches: 0, history: undoState(store, input.documentId, input.user.id), firstNumber: null };
    const first = changes[0]!.position;
    const lastChange = changes[changes.length - 1]!;
    const last = lastChange.position + lastChange.head.span - 1;
    const before = store.regions.readRegion(input.documentId, first, last, [input.lang]);
    for (const change of changes) {
      const status = editedStatus(change.head, change.text, { confirm: false, asReviewer });
      const updated = store.slots.updateHeadText({
        segmentId: change.head.segmentId, lang: input.lang, text: change.text, status, expectedVersion: change.head.version,
        userId: input.user.id, now: iso, keepConfidence: false,
      });
      if (!updated) throw new StaleVersionError('A slot changed while the replacement ran; nothing was replaced. Look at the preview again.', change.head);
      store.revisions.insertRevision({
        segmentId: change.head.segmentId, lang: input.lang, version: change.head.version + 1, text: change.text, status, span: change.head.span,
        authorId: input.user.id, createdAt: iso, action: 'replace',
      });
    }
    store.documents.touchDocument(input.documentId, iso);
    const after = store.regions.readRegion(input.documentId, first, last, [input.lang]);
    const matches = changes.reduce((sum, c) => sum + c.matches, 0);
    store.operations.insertOperation({
      documentId: input.documentId, userId: input.user.id, kind: 'replace', lang: input.lang,
      label: `replace in ${changes.length} ${input.lang} slot(s)`, before, after, now: iso,
    });
    recordAudit(deps, input.user, 'replace', input.documentId, {
      lang: input.lang, query: input.query, replacement: input.replacement, regex: input.regex, caseSensitive: input.caseSensitive, slots: changes.length, matches,
    });
    announce(deps, input.documentId, { type: 'region', by: { id: input.user.id, name: input.user.name }, startPosition: first, replacedCount: last - first + 1, newCount: last - first + 1 });
    return { replaced: changes.length, matches, history: undoState(store, input.documentId, input.user.id), firstNumber: first + 1 };
  });
  return answer;
}

/** The listed heads in document order, each at the version the preview showed (else 409). */
function readHeads(deps: ServiceDeps, documentId: number, lang: string, wanted: ReadonlyMap<number, number>): { head: HeadSlot; position: number }[] {
  const out: { head: HeadSlot; position: number }[] = [];
  const stale: { head: HeadSlot; position: number }[] = [];
  const missing: number[] = [];
  const slots = deps.store.slots.listSlots(documentId, lang);
  const seen = new Set<number>();
  slots.forEach((slot, position) => {
    if (slot.kind !== 'head' || !wanted.has(slot.segmentId)) return;
    seen.add(slot.segmentId);
    (slot.version === wanted.get(slot.segmentId) ? out : stale).push({ head: slot, position });
  });
  for (const segmentId of wanted.keys()) if (!seen.has(segmentId)) missing.push(segmentId);
  if (stale.length > 0 || missing.length > 0) {
    const numbers = stale.map((s) => s.position + 1).slice(0, 10).join(', ');
    const message = stale.length > 0
      ? `${stale.length} slot(s) changed since the preview (${numbers}${stale.length > 10 ? ', …' : ''}); nothing was replaced. Look at the preview again.`
      : 'Some slots of the preview are no longer there (the alignment changed); nothing was replaced. Look at the preview again.';
    if (stale[0]) throw new StaleVersionError(message, stale[0].head);
    throw new ValidationError(message, { code: 'not_a_head', details: { segmentIds: missing.slice(0, 20) } });
  }
  return out;
}
