/**
 * The grid's grouping marker (issue #16): where the two translations triangulation compares
 * group the Chinese segments differently (qa/triangulation.ts `groupingDisagreement`, the
 * `tri-grouping` check), each head of both languages in that group carries a mark saying so and
 * whether the one-key fix can make this language follow the other.
 */
import { groupingDisagreement, triangulationGroups } from '../qa/triangulation.js';
import type { RegionState } from '../domain.js';
import type { Store } from '../store/index.js';
import { triangulationPair } from './qa-triangulation.js';
import type { RowView } from './slots.js';

export interface GroupingMark {
  /** The other language, which groups these segments differently. */
  other: string;
  /** The group, as 1-based segment numbers. */
  first: number;
  last: number;
  /** The language the check suggests should change (the finer grouping is preferred), or null: merge both. */
  suggested: string | null;
}

/**
 * Marks the heads in `rows` whose group the two compared translations group differently. Returns `rows`.
 * `read`: the region `rows` were made from, if it was read for every one of `langs` and cut at
 * slot edges (a page of rows): then it is exactly what would be read again here.
 */
export function markGrouping(store: Store, documentId: number, langs: readonly string[], rows: RowView[], read?: RegionState): RowView[] {
  const pair = triangulationPair(langs);
  if (!pair || rows.length === 0) return rows;
  const positions = rows.map((r) => r.position);
  const range = read
    ? { start: read.startPosition, end: read.startPosition + read.segments.length - 1 }
    : store.regions.expandToSlots(documentId, pair, Math.min(...positions), Math.max(...positions));
  const region = read ?? store.regions.readRegion(documentId, range.start, range.end, pair);
  const slots = Object.fromEntries(pair.map((lang) => [lang, (region.slots[lang] ?? []).map((h) => ({ start: range.start + h.start, span: h.span, text: h.text }))]));
  const groups = triangulationGroups({ segments: region.segments.map((s) => s.text), firstPosition: range.start, langs: pair, slots });
  const marks = new Map<string, GroupingMark>();
  for (const group of groups) {
    const disagreement = groupingDisagreement(group);
    if (!disagreement) continue;
    const { fix } = disagreement;
    for (const [lang, other] of [[pair[0], pair[1]], [pair[1], pair[0]]] as const) {
      const mark: GroupingMark = {
        other, first: group.first + 1, last: group.last + 1,
        suggested: fix.kind === 'adopt' ? fix.change : null,
      };
      for (const [start] of disagreement.slots[lang] ?? []) marks.set(`${lang}:${start}`, mark);
    }
  }
  if (marks.size === 0) return rows;
  for (const row of rows) {
    for (const lang of pair) {
      const mark = marks.get(`${lang}:${row.position}`);
      if (mark && row.slots[lang]?.kind === 'head') (row.grouping ??= {})[lang] = mark;
    }
  }
  return rows;
}
