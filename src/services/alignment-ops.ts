/**
 * Alignment fixes as pure functions on a region (domain.ts `RegionState`): each takes the
 * region as read and returns the region as it should be written. No SQL, no I/O.
 * Heads whose text changes become `draft` (or `empty` without text) and lose the
 * aligner's confidence, since a person has now decided them.
 *
 * Every fix is local: it changes the slot it names and at most one neighbour (a shifted or
 * split-off text joins the next slot rather than pushing every text below it down). Moving a
 * run of texts along is what the explicit empty-slot operations do, and they stop at the next
 * empty slot or the next slot a person touched; re-alignment (alignment.ts) then places the
 * untouched slots after a fix.
 */
import type { RegionHead, RegionState } from '../domain.js';
import { joinSentences } from '../text/join.js';
import { splitSentences } from '../text/segment.js';
import { ValidationError } from './errors.js';

function clone(region: RegionState): RegionState {
  return {
    startPosition: region.startPosition,
    segments: region.segments.map((s) => ({ ...s })),
    slots: Object.fromEntries(Object.entries(region.slots).map(([lang, heads]) => [lang, heads.map((h) => ({ ...h, reasons: [...h.reasons] }))])),
  };
}

function retext(head: RegionHead, text: string): void {
  if (head.text === text) return;
  head.text = text;
  head.status = text.length === 0 ? 'empty' : 'draft';
  head.confidence = null;
  head.reasons = [];
}

function touch(head: RegionHead): void {
  head.status = head.text.length === 0 ? 'empty' : 'draft';
  head.confidence = null;
  head.reasons = [];
}

function headsOf(region: RegionState, lang: string): RegionHead[] {
  const heads = region.slots[lang];
  if (!heads) throw new ValidationError(`The document has no ${lang} column.`);
  return heads;
}

function headAt(heads: RegionHead[], index: number): RegionHead {
  const head = heads[index];
  if (!head) throw new ValidationError('There is no slot there.');
  return head;
}

/** Puts a text moved along by an empty-slot operation: unconfirmed, as the aligner would leave it. */
function place(head: RegionHead, text: string): void {
  if (head.text === text) return;
  head.text = text;
  head.status = text.length === 0 ? 'empty' : 'aligned';
  head.confidence = null;
  head.reasons = [];
  head.byAligner = true;
}

/** `text` goes into the slot below, before its own text (or alone when it has none). */
function joinBelow(head: RegionHead, text: string, lang: string): void {
  retext(head, head.text.length === 0 ? text : joinSentences(lang, [text, head.text]));
}

/** Slots i and i+1 become one slot spanning both, texts joined. `[A][B] → [A B]` */
export function mergeSlots(region: RegionState, lang: string, index: number): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const a = headAt(heads, index);
  const b = heads[index + 1];
  if (!b) throw new ValidationError('This is the last slot; there is nothing below to merge with.');
  a.span += b.span;
  a.text = joinSentences(lang, [a.text, b.text]);
  touch(a);
  heads.splice(index + 1, 1);
  return next;
}

/** Where to cut a text: at `at` (a caret offset) or at the sentence boundary nearest its middle. */
export function cutText(text: string, lang: string, at?: number): [string, string] {
  if (at !== undefined) {
    const first = text.slice(0, at).trim();
    const second = text.slice(at).trim();
    if (!first || !second) throw new ValidationError('Put the caret inside the text, with text on both sides, to split there.');
    return [first, second];
  }
  const sentences = splitSentences(text, lang);
  if (sentences.length < 2) throw new ValidationError('This slot holds one sentence; put the caret where it should be split.');
  let best = 1;
  let bestDistance = Infinity;
  let length = 0;
  for (let k = 1; k < sentences.length; k++) {
    length += sentences[k - 1]!.length;
    const distance = Math.abs(length - text.length / 2);
    if (distance < bestDistance) { best = k; bestDistance = distance; }
  }
  return [joinSentences(lang, sentences.slice(0, best)), joinSentences(lang, sentences.slice(best))];
}

/**
 * Splits a slot into two. A slot spanning several segments is cut where the share of
 * Chinese text best matches the share of translation; a one-segment slot keeps the
 * first part and the second joins the slot below, before its own text.
 */
export function splitSlot(region: RegionState, lang: string, index: number, at?: number): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const head = headAt(heads, index);
  const [first, second] = cutText(head.text, lang, at);
  if (head.span >= 2) {
    const sourceLengths = next.segments.slice(head.start, head.start + head.span).map((s) => s.text.length);
    const total = sourceLengths.reduce((a, b) => a + b, 0) || 1;
    const share = first.length / (first.length + second.length);
    let k = 1;
    let bestDistance = Infinity;
    let cumulative = 0;
    for (let i = 1; i < head.span; i++) {
      cumulative += sourceLengths[i - 1]!;
      const distance = Math.abs(cumulative / total - share);
      if (distance < bestDistance) { k = i; bestDistance = distance; }
    }
    const tail: RegionHead = { start: head.start + k, span: head.span - k, text: second, status: 'draft', confidence: null, reasons: [], version: 0 };
    head.span = k;
    retext(head, first);
    touch(head);
    heads.splice(index + 1, 0, tail);
    return next;
  }
  const below = heads[index + 1];
  if (!below) {
    throw new ValidationError('There is no slot below to take the second part. Split the Chinese segment first, or merge with the slot above.');
  }
  retext(head, first);
  joinBelow(below, second, lang);
  return next;
}

/** Moves a slot's text into the slot below, before that slot's own text; this slot becomes empty. */
export function shiftDown(region: RegionState, lang: string, index: number): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const head = headAt(heads, index);
  const below = heads[index + 1];
  if (!below) throw new ValidationError('This is the last slot; there is nothing below to shift into.');
  if (head.text.length === 0) throw new ValidationError('This slot is empty; there is nothing to shift.');
  const text = head.text;
  retext(head, '');
  joinBelow(below, text, lang);
  return next;
}

/** Moves a slot's text into the slot above, after that slot's own text; this slot becomes empty. */
export function shiftUp(region: RegionState, lang: string, index: number): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const head = headAt(heads, index);
  const above = heads[index - 1];
  if (!above) throw new ValidationError('This is the first slot; there is nothing above to shift into.');
  if (head.text.length === 0) throw new ValidationError('This slot is empty; there is nothing to shift.');
  retext(above, above.text.length === 0 ? head.text : joinSentences(lang, [above.text, head.text]));
  retext(head, '');
  return next;
}

/**
 * Inserts an empty slot: this slot's text moves one slot down, and each text below it moves on
 * by one, up to the next empty slot (which takes the last of them) or the next slot a person
 * touched (`touched`, per head of the region), which keeps its text: the slot before it then
 * holds two texts. The region must reach that slot, or the end of the document, whose last slot
 * then holds two texts. The moved texts stay unconfirmed (`aligned`).
 * `[A][B][ ][C] → [ ][A][B][C]`, `[A][B][T*] → [ ][A B][T*]`
 */
export function insertEmptySlot(region: RegionState, lang: string, index: number, touched: readonly boolean[]): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const head = headAt(heads, index);
  if (head.text.length === 0) throw new ValidationError('This slot is already empty. Insert the empty slot at the text that should move down.');
  if (index === heads.length - 1) throw new ValidationError('This is the last slot; there is no slot below for its text to move into.');
  let carry = head.text;
  retext(head, '');
  for (let j = index + 1; j < heads.length; j++) {
    const slot = heads[j]!;
    // A slot a person emptied (or inserted empty) stays empty: it is their decision like any other.
    if (slot.text.length === 0 && !touched[j]) {
      place(slot, carry);
      return next;
    }
    if (touched[j]) {
      // A slot a person touched keeps its place: the carried text stops just above it (or
      // joins it, when it is the slot right below: the one neighbour every fix may change).
      if (j === index + 1) joinBelow(slot, carry, lang);
      else place(heads[j - 1]!, joinSentences(lang, [heads[j - 1]!.text, carry]));
      return next;
    }
    const old = slot.text;
    place(slot, carry);
    carry = old;
  }
  const last = heads[heads.length - 1]!;
  place(last, joinSentences(lang, [last.text, carry]));
  return next;
}

/**
 * Deletes an empty slot: the texts below it move up by one, up to the next empty slot or the next
 * slot a person touched (`touched`, per head of the region; that one keeps its text), and the
 * last slot of that run becomes empty. The moved texts stay unconfirmed (`aligned`).
 * `[ ][B][C][ ] → [B][C][ ][ ]`, `[ ][B][T*] → [B][ ][T*]`
 */
export function deleteEmptySlot(region: RegionState, lang: string, index: number, touched: readonly boolean[]): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const head = headAt(heads, index);
  if (head.text.length > 0) throw new ValidationError('This slot holds a text; only an empty slot can be deleted. Shift its text (U or D) first.');
  const below = heads[index + 1];
  if (!below || below.text.length === 0 || touched[index + 1]) {
    throw new ValidationError(!below
      ? 'This is the last slot; there is no text below to move up.'
      : below.text.length === 0
        ? 'The slot below is empty too; there is no text to move up.'
        : 'The slot below was confirmed or fixed by a person and keeps its place. Merge the empty slot with a neighbour (M) instead.');
  }
  let j = index;
  for (; j + 1 < heads.length; j++) {
    const from = heads[j + 1]!;
    if (from.text.length === 0 || touched[j + 1]) break;
    place(heads[j]!, from.text);
  }
  place(heads[j]!, '');
  return next;
}

/** Moves the first sentence of slot i to the end of the slot above. */
export function moveFirstSentenceUp(region: RegionState, lang: string, index: number): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const head = headAt(heads, index);
  const above = heads[index - 1];
  if (!above) throw new ValidationError('This is the first slot; there is nothing above.');
  const sentences = splitSentences(head.text, lang);
  if (sentences.length === 0) throw new ValidationError('This slot is empty; there is no sentence to move.');
  retext(above, joinSentences(lang, [above.text, sentences[0]!]));
  retext(head, joinSentences(lang, sentences.slice(1)));
  return next;
}

/** Moves the last sentence of slot i to the start of the slot below. */
export function moveLastSentenceDown(region: RegionState, lang: string, index: number): RegionState {
  const next = clone(region);
  const heads = headsOf(next, lang);
  const head = headAt(heads, index);
  const below = heads[index + 1];
  if (!below) throw new ValidationError('This is the last slot; there is nothing below.');
  const sentences = splitSentences(head.text, lang);
  if (sentences.length === 0) throw new ValidationError('This slot is empty; there is no sentence to move.');
  retext(below, joinSentences(lang, [sentences[sentences.length - 1]!, below.text]));
  retext(head, joinSentences(lang, sentences.slice(0, -1)));
  return next;
}

/**
 * Splits Chinese segment i at character offset `at` into two segments of the same
 * paragraph. Every language's slot that covered it now spans one segment more.
 */
export function splitSegment(region: RegionState, index: number, at: number): RegionState {
  const next = clone(region);
  const segment = next.segments[index];
  if (!segment) throw new ValidationError('There is no segment there.');
  const first = segment.text.slice(0, at).trim();
  const second = segment.text.slice(at).trim();
  if (!Number.isInteger(at) || !first || !second) throw new ValidationError('Put the caret inside the Chinese text, with text on both sides, to split there.');
  segment.text = first;
  next.segments.splice(index + 1, 0, { id: null, paragraph: segment.paragraph, text: second });
  for (const heads of Object.values(next.slots)) {
    for (const head of heads) {
      if (head.start <= index && index < head.start + head.span) head.span += 1;
      else if (head.start > index) head.start += 1;
    }
  }
  return next;
}

/**
 * Merges Chinese segments i and i+1 into one (texts joined without a space). In each
 * language, one slot covering both shrinks by one; two slots become one, texts joined.
 */
export function mergeSegments(region: RegionState, index: number): RegionState {
  const next = clone(region);
  const a = next.segments[index];
  const b = next.segments[index + 1];
  if (!a || !b) throw new ValidationError('There is no next segment to merge with.');
  a.text = `${a.text}${b.text}`;
  next.segments.splice(index + 1, 1);
  for (const [lang, heads] of Object.entries(next.slots)) {
    const i = heads.findIndex((h) => h.start <= index && index < h.start + h.span);
    const head = heads[i]!;
    if (head.start + head.span - 1 > index) {
      head.span -= 1;
    } else {
      const below = heads[i + 1]!;
      head.span += below.span - 1;
      head.text = joinSentences(lang, [head.text, below.text]);
      touch(head);
      heads.splice(i + 1, 1);
    }
    for (const later of heads.slice(i + 1)) later.start -= 1;
  }
  return next;
}
