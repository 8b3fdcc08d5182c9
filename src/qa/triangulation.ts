/**
 * Triangulation QA (issue #16): the English and the Russian translation of one Chinese
 * document check each other, with the Chinese as the tie-breaker that says which side is
 * likely wrong. No single-pair check can see these problems, and no other CAT tool runs them:
 * they need all three languages in one grid.
 *
 * The unit is the *group* (DESIGN.md "TMX grouping"): consecutive Chinese segments that no slot
 * of either language crosses, so the two translations of a group cover the same Chinese.
 * Each check has a stable id and one severity, like those in checks.ts. Pure: no I/O.
 */
import type { Lexicon } from '../align/lexicon.js';
import { splitSentences } from '../text/segment.js';
import {
  capitalize, finding, sideName, segmentRange,
  type GroupSide, type GroupingDisagreement, type GroupingFix, type TriangulationFinding, type TriangulationGroup, type TriangulationSlot,
} from './triangulation-core.js';
import { nameFindings } from './triangulation-names.js';
import { lengthFinding, numberFindings, sentenceTypeFindings, triangulationLengthNorm, type TriangulationLengthNorm } from './triangulation-signals.js';

export * from './triangulation-core.js';
export { triangulationLengthNorm, type TriangulationLengthNorm } from './triangulation-signals.js';

/**
 * A document (or a window of it that no slot crosses) as triangulation reads it. Positions are
 * indices into `segments` plus `firstPosition`, which is where `segments[0]` stands in the
 * document (messages number segments from 1, as the editor does).
 */
export interface TriangulationInput {
  segments: readonly string[];
  firstPosition?: number;
  /** The two target languages compared, e.g. ['en', 'ru'], and their heads in order. */
  langs: readonly [string, string];
  slots: Readonly<Record<string, readonly TriangulationSlot[]>>;
  /** The document's English/Russian length norm; computed from these groups when absent. */
  lengthNorm?: TriangulationLengthNorm | null;
  /** CC-CEDICT readings for the Chinese side of the name check, asked for only when needed. */
  lexicon?: () => Lexicon;
  /**
   * Findings of groups already checked, by their content (see `groupKey`): a caller that checks
   * the same document again (the review, then the QA page) recomputes only the groups that
   * changed. The caller bounds it.
   */
  cache?: Map<string, TriangulationFinding[]>;
}

/**
 * Groups of consecutive segments that no slot of either language crosses (DESIGN.md "TMX
 * grouping"), each with both languages' slots. Slots are heads in order, tiling the segments.
 * @example triangulationGroups({ segments: ['甲。', '乙。'], langs: ['en', 'ru'],
 *   slots: { en: [{ start: 0, span: 2, text: 'A, B.' }], ru: [{ start: 0, span: 1, text: 'А.' }, { start: 1, span: 1, text: 'Б.' }] } })
 *   // → one group, first 0, last 1
 */
export function triangulationGroups(input: TriangulationInput): TriangulationGroup[] {
  const base = input.firstPosition ?? 0;
  const [a, b] = input.langs;
  const of = (lang: string) => [...(input.slots[lang] ?? [])].sort((x, y) => x.start - y.start);
  const heads = { [a]: of(a), [b]: of(b) };
  const groups: TriangulationGroup[] = [];
  const cursor = { [a]: 0, [b]: 0 };
  const groupStart = { [a]: 0, [b]: 0 };
  let first = 0;
  let openUntil = -1;
  for (let i = 0; i < input.segments.length; i++) {
    for (const lang of [a, b]) {
      const list = heads[lang]!;
      while (cursor[lang]! < list.length && list[cursor[lang]!]!.start - base <= i) {
        const slot = list[cursor[lang]!]!;
        openUntil = Math.max(openUntil, slot.start - base + slot.span - 1);
        cursor[lang]! += 1;
      }
    }
    if (i < openUntil) continue;
    const side = (lang: string): GroupSide => {
      const slots = heads[lang]!.slice(groupStart[lang], cursor[lang]);
      groupStart[lang] = cursor[lang]!;
      return { lang, slots, text: slots.map((s) => s.text.trim()).filter((t) => t.length > 0).join(' ') };
    };
    groups.push({ first: base + first, last: base + i, source: input.segments.slice(first, i + 1), sides: [side(a), side(b)] });
    first = i + 1;
  }
  return groups;
}

/** Whether both languages have a translation in every slot of the group: only then do they compare. */
export function bothTranslated(group: TriangulationGroup): boolean {
  return group.sides.every((side) => side.slots.length > 0 && side.slots.every((s) => s.text.trim().length > 0));
}

const bounds = (side: GroupSide): [number, number][] => side.slots.map((s) => [s.start, s.start + s.span - 1]);

/**
 * What it takes for `change` to follow `adopt`'s grouping: boundaries only `change` has are
 * merged away; boundaries only `adopt` has are split, which a one-key action can do only at a
 * sentence boundary (the slot needs one more sentence than the cuts it gets).
 */
function adoptCost(adopt: GroupSide, change: GroupSide): { merges: number; splits: number; feasible: boolean } {
  const cuts = (side: GroupSide) => new Set(side.slots.slice(1).map((s) => s.start));
  const mine = cuts(change);
  const theirs = cuts(adopt);
  const merges = [...mine].filter((c) => !theirs.has(c)).length;
  let splits = 0;
  let feasible = true;
  for (const slot of change.slots) {
    const inside = [...theirs].filter((c) => c > slot.start && c < slot.start + slot.span).length;
    if (inside === 0) continue;
    splits += inside;
    if (splitSentences(slot.text, change.lang).length < inside + 1) feasible = false;
  }
  return { merges, splits, feasible };
}

/**
 * The grouping disagreement of a group, if its two languages cut it differently (English
 * merged 8–9, Russian did not). The suggested fix prefers the finer grouping (one slot per
 * Chinese segment serves the TM best) when the other language can reach it by splitting at
 * sentence boundaries, else the coarser one, reached by merges alone.
 */
export function groupingDisagreement(group: TriangulationGroup): GroupingDisagreement | undefined {
  const [a, b] = group.sides;
  const key = (side: GroupSide) => bounds(side).map(([s, e]) => `${s}-${e}`).join(',');
  if (key(a) === key(b)) return undefined;
  const options = ([[a, b], [b, a]] as const).map(([adopt, change]) => ({ adopt, change, ...adoptCost(adopt, change) }))
    .filter((o) => o.feasible)
    // Finer grouping first (more slots), then less work.
    .sort((x, y) => y.adopt.slots.length - x.adopt.slots.length || (x.merges + x.splits) - (y.merges + y.splits));
  const best = options[0];
  const fix: GroupingFix = best
    ? { kind: 'adopt', adopt: best.adopt.lang, change: best.change.lang, merges: best.merges, splits: best.splits }
    : { kind: 'merge-group', merges: { [a.lang]: a.slots.length - 1, [b.lang]: b.slots.length - 1 } };
  return { first: group.first, last: group.last, slots: { [a.lang]: bounds(a), [b.lang]: bounds(b) }, fix };
}

function describeGrouping(side: GroupSide): string {
  const parts = bounds(side).map(([s, e]) => segmentRange(s, e));
  return side.slots.length === 1 ? `one slot (${parts[0]})` : `${side.slots.length} slots (${parts.join(', ')})`;
}

function fixAdvice(fix: GroupingFix): string {
  if (fix.kind === 'merge-group') return 'Neither can be split at a sentence boundary to follow the other; merging both into one slot aligns them.';
  if (fix.splits === 0) return `Merging ${sideName(fix.change)} slots as ${sideName(fix.adopt)} has them aligns the two.`;
  return `Splitting ${sideName(fix.change)} at its sentence boundaries${fix.merges > 0 ? ' (and merging)' : ''} as ${sideName(fix.adopt)} has it aligns the two.`;
}

function groupingFinding(group: TriangulationGroup): TriangulationFinding | undefined {
  const disagreement = groupingDisagreement(group);
  if (!disagreement) return undefined;
  const [a, b] = group.sides;
  const described = [a, b].map((side) => describeGrouping(side));
  return finding('tri-grouping', {
    message: `${capitalize(sideName(a.lang))} and ${sideName(b.lang)} group segments ${segmentRange(group.first, group.last)} differently: ${sideName(a.lang)} has ${described[0]}, ${sideName(b.lang)} ${described[1]}. ${fixAdvice(disagreement.fix)}`,
    suspect: null, first: group.first, last: group.last,
    slots: [...a.slots.map((s) => ({ lang: a.lang, start: s.start })), ...b.slots.map((s) => ({ lang: b.lang, start: s.start }))],
    grouping: disagreement,
  });
}

/** What a group's findings depend on, apart from the length norm: its place, Chinese and slots. */
export function groupKey(group: TriangulationGroup): string {
  return JSON.stringify([group.first, group.source, group.sides.map((side) => [side.lang, side.slots.map((s) => [s.start, s.span, s.text])])]);
}

/** Every triangulation finding of one group, in a fixed order (the length norm comes from the document). */
export function triangulateGroup(group: TriangulationGroup, context: { lengthNorm: TriangulationLengthNorm | null; lexicon?: () => Lexicon; cache?: Map<string, TriangulationFinding[]> }): TriangulationFinding[] {
  if (!bothTranslated(group)) return [];
  const key = context.cache ? groupKey(group) : '';
  let content = context.cache?.get(key);
  if (!content) {
    content = [...numberFindings(group), ...nameFindings(group, context.lexicon), ...sentenceTypeFindings(group)];
    const grouping = groupingFinding(group);
    if (grouping) content.push(grouping);
    context.cache?.set(key, content);
  }
  const length = context.lengthNorm ? lengthFinding(group, context.lengthNorm) : undefined;
  // The fixed order: numbers, names, sentence type, length, grouping.
  return length ? [...content.filter((f) => f.check !== 'tri-grouping'), length, ...content.filter((f) => f.check === 'tri-grouping')] : content;
}

/**
 * Every triangulation finding of a document (or of a window no slot crosses), group by group.
 * @example triangulate({ segments: ['1992年建交。'], langs: ['en', 'ru'],
 *   slots: { en: [{ start: 0, span: 1, text: 'Relations began in 1992.' }], ru: [{ start: 0, span: 1, text: 'Отношения установлены.' }] } })
 *   // → one tri-numbers finding: the Russian lacks 1992, which the Chinese and the English have
 */
export function triangulate(input: TriangulationInput): TriangulationFinding[] {
  const groups = triangulationGroups(input);
  const lengthNorm = input.lengthNorm !== undefined ? input.lengthNorm : triangulationLengthNorm(groups);
  return groups.flatMap((group) => triangulateGroup(group, { lengthNorm, ...(input.lexicon && { lexicon: input.lexicon }), ...(input.cache && { cache: input.cache }) }));
}
