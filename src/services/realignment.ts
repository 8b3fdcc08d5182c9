/**
 * Automatic re-alignment around a person's fix (issue #11): after an alignment fix or a confirm,
 * the slots nobody touched between the fixed slot and the next slot a person touched are
 * aligned again, with the touched slots of the language within ANCHOR_REACH segments as anchors
 * (and a bounded sample of confirmed slots beyond them as known pairs). The fix and the
 * re-alignment are written together, as one undo step (alignment.ts, slots.ts). Each person can
 * turn it off (a setting stored with their account).
 */
import type { RegionHead, RegionState } from '../domain.js';
import { segment } from '../text/segment.js';
import type { ServiceDeps } from './context.js';
import { canRealign, realignColumn, type ColumnInput } from './realign-column.js';
import { findHead, headStates, touchedHeads } from './touched.js';

const AUTO_REALIGN_SETTING = 'editor.autoRealign';

/**
 * The most segments one automatic re-alignment reaches below a fix. It runs inside the fix's
 * request: `npm run bench:realign` (the demo repeated to 918 segments, load 16–18 on 2 shared
 * cores) measured a confirm at 127 ms of CPU with a 25-segment run below it, 231 ms at 100 and
 * 260 ms at 200, against 5 ms with re-alignment off (before the anchors came from a window
 * rather than the whole column; see ANCHOR_REACH); 200 (two editor pages) keeps a fix under
 * about 0.3 s on a loaded machine. The slots beyond keep their alignment, and the next fix there,
 * or "Re-align unconfirmed", re-aligns them.
 */
export const MAX_REALIGN_SEGMENTS = 200;

export interface AlignmentPreferences {
  /** Re-align the untouched slots below after each fix and confirm (default on). */
  autoRealign: boolean;
}

/** The person's alignment preferences; re-alignment is on unless they turned it off. */
export function alignmentPreferences(deps: Pick<ServiceDeps, 'store'>, userId: number): AlignmentPreferences {
  return { autoRealign: deps.store.operations.findSetting(userId, AUTO_REALIGN_SETTING) !== 'off' };
}

export function saveAlignmentPreferences(deps: Pick<ServiceDeps, 'store'>, userId: number, preferences: AlignmentPreferences): AlignmentPreferences {
  deps.store.operations.updateSetting(userId, AUTO_REALIGN_SETTING, preferences.autoRealign ? 'on' : 'off');
  return alignmentPreferences(deps, userId);
}

/** A slot's text as the aligner's sentences, split with the document's own rules. */
export function sentencesOf(deps: Pick<ServiceDeps, 'segmentation'>, documentId: number, lang: string): (text: string) => string[] {
  const rules = deps.segmentation?.rulesForDocument(documentId);
  return (text) => (text.length === 0 ? [] : segment(text, lang, rules).map((s) => s.text));
}

export interface FixToRealign {
  documentId: number;
  lang: string;
  /** The region the fix read (one language) and the region it would write. Same segments. */
  before: RegionState;
  next: RegionState;
  /** Per head of `before`: touched by a person (touched.ts). */
  beforeTouched: readonly boolean[];
  /** The segment of the slot the person acted on. */
  segmentId: number;
}

export interface RealignedFix {
  /** The region to write over: the fix's own, grown to the end of the re-aligned slots. */
  before: RegionState;
  next: RegionState;
  /** How many slots the re-alignment changed; null when nothing was re-aligned. */
  moved: number | null;
}

const sameHead = (a: RegionHead, b: RegionHead) => a.start === b.start && a.span === b.span && a.text === b.text && a.status === b.status;

/**
 * Grows a fix by the re-alignment of the untouched slots right below it: from the first slot
 * after the ones the fix changed and a person now holds, up to the next slot a person touched
 * (at most MAX_REALIGN_SEGMENTS segments). Touched slots are never changed.
 */
export function realignAfterFix(deps: ServiceDeps, fix: FixToRealign): RealignedFix {
  const { store } = deps;
  const { documentId, lang, before, next } = fix;
  const nothing: RealignedFix = { before, next, moved: null };
  if (!canRealign(lang)) return nothing;
  const heads = next.slots[lang] ?? [];
  const old = before.slots[lang] ?? [];
  const oldAt = new Map(old.map((h, k) => [h.start, k]));
  const unchangedFrom = heads.map((h) => {
    const k = oldAt.get(h.start);
    return k !== undefined && sameHead(old[k]!, h) ? k : -1;
  });
  // A head the fix changed is a person's decision unless the fix only moved the aligner's text along.
  const touched = heads.map((h, k) => (unchangedFrom[k]! >= 0 ? fix.beforeTouched[unchangedFrom[k]!]! : !h.byAligner && h.status !== 'aligned'));
  const named = next.segments.findIndex((s) => s.id === fix.segmentId);
  let first = heads.findIndex((h) => h.start <= named && named < h.start + h.span);
  if (first < 0) return nothing;
  while (first < heads.length && touched[first] && unchangedFrom[first]! < 0) first++;
  if (first < heads.length && touched[first]) return nothing;

  // The run: untouched heads of the region from `first`, then of the column below it.
  const regionEnd = before.startPosition + before.segments.length - 1;
  const runStart = first < heads.length ? before.startPosition + heads[first]!.start : regionEnd + 1;
  const limit = runStart + MAX_REALIGN_SEGMENTS - 1;
  let last = first;
  while (last < heads.length && !touched[last] && before.startPosition + heads[last]!.start + heads[last]!.span - 1 <= limit) last++;
  let end = last > first ? before.startPosition + heads[last - 1]!.start + heads[last - 1]!.span - 1 : runStart - 1;
  if (last === heads.length) {
    const stop = findHead(store, documentId, lang, regionEnd, (h) => h.touched || h.position + h.span - 1 > limit);
    end = stop ? stop.position - 1 : store.regions.segmentCount(documentId) - 1;
  }
  if (end < runStart) return nothing;

  // The region grown to the run's end, the fix's heads in it.
  const grownEnd = Math.max(regionEnd, end);
  const grown = grownEnd > regionEnd ? store.regions.readRegion(documentId, before.startPosition, grownEnd, [lang]) : before;
  const tail = (grown.slots[lang] ?? []).filter((h) => h.start > regionEnd - before.startPosition);
  const grownNext: RegionState = { ...grown, slots: { [lang]: [...heads, ...tail] } };
  const grownTouched = [...touched, ...tail.map(() => false)];
  const runFirst = first;
  const runLast = (grownNext.slots[lang] ?? []).findIndex((h) => before.startPosition + h.start + h.span - 1 === end);

  const realigned = realignInColumn(deps, { documentId, lang, region: grownNext, touched: grownTouched, run: { first: runFirst, last: runLast } });
  return { before: grown, next: { ...grownNext, slots: { [lang]: realigned.heads } }, moved: realigned.moved };
}

/**
 * How far, in segments, a re-alignment reads the column on each side of the region it writes,
 * for touched slots to use as anchors (kept exactly, learned from). The run itself is inside the
 * region (realignAfterFix grows it to the run's end), so this bounds only the anchors: a fix
 * costs the same in a document of 200 segments as in one of 10,000 (`npm run bench:realign`).
 * 100 segments is half an editor page above and below and, in a column a person has confirmed
 * throughout, up to 200 anchors for the learned associations; the demo (56 segments) and the
 * HTTP tests' documents fit in it whole, so there the result is the whole column's. Measured
 * (bench:realign, a 12-segment run, every fourth slot outside it confirmed, load 5–7): 32, 51,
 * 82 and 90 ms of CPU at 25, 100, 200 and 1,000 segments, against 32, 49, 71 and 218 ms when
 * the whole column was read; flat once the document is longer than the window. One part is not
 * windowed: the column's flag is cut again over all its unconfirmed slots (flag-cut.ts), one
 * read of the column: 0.2, 0.3, 1.1 and 6.5 ms of CPU at 25, 100, 200 and 1,000 segments
 * (bench:realign, load 2.8 on 2 shared cores, median of 5).
 */
export const ANCHOR_REACH = 100;

/**
 * At most this many slots a person confirmed outside the window go to the learned associations
 * as known pairs (not anchors: they are not part of the text aligned), the nearest first, read by
 * one LIMIT-bound query. The window gives up to about 200 anchors; a few hundred more confirmed
 * pairs from the rest of the column let a fix deep in a long document learn the names and terms
 * a translator confirmed elsewhere, for a bounded cost: IBM-1 training grows with the pairs'
 * words, never with the document's length. Measured (bench:realign, 1,000 segments, every fourth
 * slot confirmed: about 200 known pairs, load 12–14 on 2 cores, two runs one after the other):
 * a confirm re-aligning 12 segments took 88 ms of CPU, against 53 ms with no known pairs.
 */
export const KNOWN_PAIR_SAMPLE = 300;

/** One side of the window around a region: its segments and heads, and which heads are touched. */
interface WindowPart { segments: RegionState['segments']; heads: RegionHead[]; touched: boolean[] }

function readPart(deps: ServiceDeps, documentId: number, lang: string, start: number, end: number): WindowPart {
  if (end < start) return { segments: [], heads: [], touched: [] };
  const part = deps.store.regions.readRegion(documentId, start, end, [lang]);
  const states = new Map(headStates(deps.store, documentId, lang, start, end).map((s) => [s.position, s.touched]));
  const heads = part.slots[lang] ?? [];
  return { segments: part.segments, heads, touched: heads.map((h) => states.get(start + h.start) ?? false) };
}

/**
 * Re-aligns one run of a region's heads with the touched slots around it as anchors: the
 * region's own and those of the column within ANCHOR_REACH segments of it, read in a window cut
 * at slot edges (a slot is never read in part); and up to KNOWN_PAIR_SAMPLE confirmed slots
 * beyond the window as known pairs for the learned associations.
 */
function realignInColumn(deps: ServiceDeps, input: { documentId: number; lang: string; region: RegionState; touched: boolean[]; run: { first: number; last: number } }): { heads: RegionHead[]; moved: number } {
  const { store } = deps;
  const { documentId, lang, region } = input;
  const regionStart = region.startPosition;
  const regionEnd = regionStart + region.segments.length - 1;
  const last = store.regions.segmentCount(documentId) - 1;
  // The region starts and ends at slot edges; only the window's outer edges need growing to them.
  const window = store.regions.expandToSlots(documentId, [lang], Math.max(0, regionStart - ANCHOR_REACH), Math.min(last, regionEnd + ANCHOR_REACH));
  const above = readPart(deps, documentId, lang, window.start, regionStart - 1);
  const below = readPart(deps, documentId, lang, regionEnd + 1, window.end);
  const regionAt = regionStart - window.start;
  const belowAt = regionEnd + 1 - window.start;
  const heads = [
    ...above.heads,
    ...(region.slots[lang] ?? []).map((h) => ({ ...h, start: h.start + regionAt })),
    ...below.heads.map((h) => ({ ...h, start: h.start + belowAt })),
  ];
  const touched = [...above.touched, ...input.touched, ...below.touched];
  const split = sentencesOf(deps, documentId, lang);
  const offset = above.heads.length;
  const run = { first: offset + input.run.first, last: offset + input.run.last };
  const sentences = heads.map((h, k) => (touched[k] || (k >= run.first && k <= run.last) ? split(h.text) : []));
  const columnInput: ColumnInput = { lang, segments: [...above.segments, ...region.segments, ...below.segments], heads, touched, sentences };
  const knownPairs = store.regions.listConfirmedPairs(documentId, lang, window.start, window.end, KNOWN_PAIR_SAMPLE)
    .map((pair) => ({ source: pair.source, target: pair.target }));
  // Settled: the run changes only as far as the fix reaches (settle.ts), never pages below it.
  const result = realignColumn(columnInput, [run], { knownPairs, settle: true });
  const mine = result.heads.filter((h) => h.start >= regionAt && h.start < belowAt).map((h) => ({ ...h, start: h.start - regionAt }));
  return { heads: mine, moved: result.moved };
}

/**
 * The re-alignment a confirm brings along, planned before the confirm is written: `before` is the
 * confirmed slot's region as read, `status` and `text` what the confirm makes of its head. Null
 * when nothing below is re-aligned (re-alignment off, a language the aligner does not know, or
 * a touched slot right below).
 */
export function planConfirmRealign(deps: ServiceDeps, input: { documentId: number; lang: string; segmentId: number; userId: number; before: RegionState; text: string; status: RegionHead['status'] }): RealignedFix | null {
  if (!alignmentPreferences(deps, input.userId).autoRealign || !canRealign(input.lang)) return null;
  const { before, lang } = input;
  const next: RegionState = { ...before, slots: { [lang]: (before.slots[lang] ?? []).map((h) => ({ ...h, text: input.text, status: input.status })) } };
  const beforeTouched = touchedHeads(deps.store, input.documentId, lang, before);
  const planned = realignAfterFix(deps, { documentId: input.documentId, lang, before, next, beforeTouched, segmentId: input.segmentId });
  return planned.moved === null ? null : planned;
}

/** The rows of `region` from row `from` on, as a region of their own. */
export function regionFrom(region: RegionState, from: number): RegionState {
  return {
    startPosition: region.startPosition + from,
    segments: region.segments.slice(from),
    slots: Object.fromEntries(Object.entries(region.slots).map(([lang, heads]) => [lang, heads.filter((h) => h.start >= from).map((h) => ({ ...h, start: h.start - from }))])),
  };
}
