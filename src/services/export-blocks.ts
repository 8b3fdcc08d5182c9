/**
 * An export cut into blocks of whole groups, so several producers (worker threads, each
 * with its own snapshot of the same state) can write blocks in turn and the file is their
 * blocks in order: the same bytes as one producer writing everything. Pure.
 */
import type { GroupRange } from './export-groups.js';

/** One block: the groups of the document at `document` (an index into the run's documents) beginning in `range`. */
export interface ExportBlock { document: number; range: GroupRange }

/** A document as a block plan needs it: its segment count and the positions a slot from above covers. */
export interface BlockedDocument { segments: number; continued: readonly number[] }

/**
 * Blocks of about `size` segments, in file order: each begins at the first segment from
 * its nominal start that no slot of an exported language starting above covers (a group
 * begins there), and ends where the next begins (the last of a document: at its end).
 * @example planBlocks([{ segments: 10, continued: [4, 5] }], 4)
 *   → [{ document: 0, range: { from: 0, to: 6 } }, { document: 0, range: { from: 6, to: Infinity } }]
 */
export function planBlocks(documents: readonly BlockedDocument[], size: number): ExportBlock[] {
  if (!(size >= 1)) throw new RangeError(`A block holds at least one segment, not ${size}.`);
  const blocks: ExportBlock[] = [];
  documents.forEach((doc, document) => {
    const covered = new Set(doc.continued);
    let from = 0;
    for (let nominal = size; nominal < doc.segments; nominal += size) {
      let start = nominal;
      while (covered.has(start)) start += 1;
      if (start >= doc.segments) break;
      blocks.push({ document, range: { from, to: start } });
      from = start;
      nominal = start;
    }
    blocks.push({ document, range: { from, to: Infinity } });
  });
  return blocks;
}
