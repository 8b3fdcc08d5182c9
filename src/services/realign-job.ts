/**
 * "Re-align unconfirmed" for a whole language column (issue #11): every run of slots nobody
 * touched is aligned again around the slots a person touched, as one undo step. Long columns
 * run as a background job: the runs are aligned a batch at a time (the event loop serves other
 * requests between batches, and the job's progress says how far it is), then written in one
 * transaction, and only if nobody changed the column meanwhile.
 */
import type { RegionHead, RegionState } from '../domain.js';
import type { User } from '../store/users.js';
import { commitRegion } from './alignment.js';
import { announce, type ServiceDeps } from './context.js';
import { InvalidTransitionError, ValidationError } from './errors.js';
import type { JobControl } from './jobs.js';
import { canRealign, realignColumn, untouchedRuns, type HeadRun } from './realign-column.js';
import { MAX_REALIGN_SEGMENTS, sentencesOf } from './realignment.js';
import { documentLangs, requireLang, sameRegion, undoState, type HistoryState } from './slots.js';
import { headStates } from './touched.js';
import { recutFlags } from './flag-cut.js';

export interface RealignColumnInput { documentId: number; lang: string; user: User }

export interface ColumnRealigned {
  /** Slots that are not as they were. */
  moved: number;
  /** Runs of unconfirmed slots that were aligned again. */
  runs: number;
  /** The undo state after it (the grid reloads its page). */
  history?: HistoryState;
  /** Nothing moved, but cutting the flag again changed what this many slots show (the grid reloads its page). */
  reflagged?: number;
}

/** Refusals that must come at once, before a job starts. */
export function checkRealignColumn(deps: ServiceDeps, input: RealignColumnInput): void {
  const langs = documentLangs(deps.store, input.documentId);
  requireLang(langs, input.lang);
  deps.access.authorize(input.user, 'fix-alignment', { documentId: input.documentId, lang: input.lang });
  if (!canRealign(input.lang)) throw new ValidationError(`The aligner does not know ${input.lang}; its slots cannot be re-aligned.`);
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Groups runs into batches of about MAX_REALIGN_SEGMENTS segments each: the size one automatic
 * re-alignment is allowed inside a request (realignment.ts), so no batch blocks longer than that.
 */
function batches(runs: readonly HeadRun[], spanOf: (run: HeadRun) => number): HeadRun[][] {
  const out: HeadRun[][] = [];
  let current: HeadRun[] = [];
  let size = 0;
  for (const run of runs) {
    const span = spanOf(run);
    if (current.length > 0 && size + span > MAX_REALIGN_SEGMENTS) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(run);
    size += span;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export async function realignUnconfirmed(deps: ServiceDeps, input: RealignColumnInput, control?: JobControl): Promise<ColumnRealigned> {
  checkRealignColumn(deps, input);
  const { store } = deps;
  const { documentId, lang } = input;
  const total = store.regions.segmentCount(documentId);
  if (total === 0) return { moved: 0, runs: 0 };
  const column = store.regions.readRegion(documentId, 0, total - 1, [lang]);
  const heads = column.slots[lang] ?? [];
  const touchedAt = new Map(headStates(store, documentId, lang, 0, total - 1).map((s) => [s.position, s.touched]));
  const touched = heads.map((h) => touchedAt.get(h.start) ?? false);
  const split = sentencesOf(deps, documentId, lang);
  const sentences = heads.map((h) => split(h.text));
  const runs = untouchedRuns(touched, sentences);
  const spanOf = (run: HeadRun) => heads[run.last]!.start + heads[run.last]!.span - heads[run.first]!.start;
  const groups = batches(runs, spanOf);

  // Each batch re-aligns its own runs (the others keep their heads); a re-aligned run's heads tile
  // exactly the run's segments, so the batches' answers fit together by segment range.
  const fresh: RegionHead[] = [];
  const inRuns = (start: number) => runs.some((run) => start >= heads[run.first]!.start && start < heads[run.first]!.start + spanOf(run));
  let moved = 0;
  for (const [g, group] of groups.entries()) {
    control?.phase('re-aligning', (100 * g) / groups.length);
    await yieldToRequests();
    const done = realignColumn({ lang, segments: column.segments, heads, touched, sentences }, group);
    const mine = (start: number) => group.some((run) => start >= heads[run.first]!.start && start < heads[run.first]!.start + spanOf(run));
    fresh.push(...done.heads.filter((h) => mine(h.start)));
    moved += done.moved;
  }
  const result = [...heads.filter((h) => !inRuns(h.start)), ...fresh].sort((a, b) => a.start - b.start);
  control?.phase('saving', 100);
  await yieldToRequests();
  if (moved === 0) {
    // Nothing moved, but slots a person confirmed since the last cut have left the column's flag
    // population: cut it again (what a slot shows only; no undo step, no slot changes).
    const { changed } = store.transaction(() => {
      const recut = recutFlags(store, documentId, lang);
      if (recut.changed > 0) {
        announce(deps, documentId, { type: 'reload', by: { id: input.user.id, name: input.user.name }, reason: `${input.user.name} re-aligned the unconfirmed ${lang} slots: none moved, the low-confidence flags were cut again.` });
      }
      return recut;
    });
    return { moved: 0, runs: runs.length, ...(changed > 0 && { reflagged: changed }) };
  }

  // Only the rows between the first and the last slot that moved are written (and kept for undo).
  const key = (h: RegionHead) => `${h.start}:${h.span}:${h.status}:${h.text}`;
  const oldKeys = new Set(heads.map(key));
  const newKeys = new Set(result.map(key));
  const changed = [...heads.filter((h) => !newKeys.has(key(h))), ...result.filter((h) => !oldKeys.has(key(h)))];
  const lo = Math.min(...changed.map((h) => h.start));
  const hi = Math.max(...changed.map((h) => h.start + h.span - 1));
  const iso = deps.now().toISOString();
  return store.transaction(() => {
    const current = store.regions.readRegion(documentId, lo, hi, [lang]);
    const expected: RegionState = { startPosition: lo, segments: column.segments.slice(lo, hi + 1), slots: { [lang]: heads.filter((h) => h.start >= lo && h.start <= hi).map((h) => ({ ...h, start: h.start - lo })) } };
    if (store.regions.segmentCount(documentId) !== total || !sameRegion(current, expected)) {
      throw new InvalidTransitionError('Someone changed this column while it was being re-aligned; nothing was changed. Run "Re-align unconfirmed" again.');
    }
    const next: RegionState = { ...current, slots: { [lang]: result.filter((h) => h.start >= lo && h.start <= hi).map((h) => ({ ...h, start: h.start - lo })) } };
    const after = commitRegion(store, documentId, [lang], current, next, input.user.id, 'shift', iso);
    recutFlags(store, documentId, lang);
    store.operations.insertOperation({
      documentId, userId: input.user.id, kind: 'realign-column', lang,
      label: `re-align unconfirmed ${lang} slots (${moved} moved)`, before: current, after, now: iso,
    });
    announce(deps, documentId, { type: 'region', by: { id: input.user.id, name: input.user.name }, startPosition: lo, replacedCount: hi - lo + 1, newCount: hi - lo + 1 });
    return { moved, runs: runs.length, history: undoState(store, documentId, input.user.id) };
  });
}
