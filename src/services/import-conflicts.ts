/**
 * A long import (a translation being aligned for a minute) must never replace what a person
 * saved meanwhile (issue #12). The import notes every head's version when it starts; when it
 * writes, a head whose version moved on since is kept as it is, with as little of the column
 * around it as keeps the slots tiling, and reported as a conflict.
 */
import type { RegionHead, RegionSegment } from '../domain.js';

/** Versions of one language's heads when an import started, by head segment id. */
export type HeadVersions = ReadonlyMap<number, number>;

export interface ImportConflict {
  /** 1-based number of the first segment left as it was, and how many segments. */
  position: number;
  segments: number;
  segmentId: number;
  /** What the column holds there (kept), and the imported text that was not written. */
  kept: string;
  imported: string;
}

/** Each head's version by its segment id: what an import compares against when it writes. */
export function headVersions(segments: readonly RegionSegment[], heads: readonly RegionHead[]): Map<number, number> {
  const versions = new Map<number, number>();
  for (const head of heads) {
    const id = segments[head.start]?.id;
    if (id != null) versions.set(id, head.version);
  }
  return versions;
}

/**
 * The heads to write: `planned` (the import), except where a head of `current` changed since
 * `since`; there the current heads stay, over the smallest stretch both tilings start and end
 * on (a kept slot may cover segments the import spreads differently).
 * keepChanged(segs, [A v1, B v3], [A', B'], {A:1, B:2}) → heads [A', B], conflicts [B vs B']
 */
export function keepChanged(
  segments: readonly RegionSegment[], current: readonly RegionHead[], planned: readonly RegionHead[], since: HeadVersions,
): { heads: RegionHead[]; conflicts: ImportConflict[] } {
  const changed = current.filter((head) => since.get(segments[head.start]?.id ?? -1) !== head.version);
  if (changed.length === 0) return { heads: [...planned], conflicts: [] };
  const total = segments.length;
  const starts = (heads: readonly RegionHead[]) => new Set([...heads.map((h) => h.start), total]);
  const inPlanned = starts(planned);
  const cuts = [...starts(current)].filter((p) => inPlanned.has(p)).sort((a, b) => a - b);
  const ranges: { from: number; to: number }[] = [];
  for (const head of changed) {
    const from = cuts.filter((p) => p <= head.start).pop() ?? 0;
    const to = cuts.find((p) => p >= head.start + head.span) ?? total;
    const last = ranges[ranges.length - 1];
    if (last && from < last.to) last.to = Math.max(last.to, to);
    else ranges.push({ from, to });
  }
  const kept = (head: RegionHead) => ranges.some((r) => head.start >= r.from && head.start < r.to);
  const heads = [...planned.filter((h) => !kept(h)), ...current.filter(kept)].sort((a, b) => a.start - b.start);
  const texts = (list: readonly RegionHead[], r: { from: number; to: number }) =>
    list.filter((h) => h.start >= r.from && h.start < r.to && h.text.length > 0).map((h) => h.text).join('\n');
  const conflicts = ranges.map((r) => ({
    position: r.from + 1, segments: r.to - r.from, segmentId: segments[r.from]!.id!, kept: texts(current, r), imported: texts(planned, r),
  }));
  return { heads, conflicts };
}
