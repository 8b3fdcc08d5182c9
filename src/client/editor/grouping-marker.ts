/**
 * The grid's grouping markers (issue #16): "⇄ grouping" on both columns where the two
 * translations group the Chinese differently (the key fixes the column the cursor is on), and
 * "grouping changed since approval" on an approval a grouping change re-opened.
 */
import type { RowView } from '../../web/api-types.js';
import { element } from '../dom.js';
import { GROUPING_CHANGED, regroupedSinceApproval } from '../alignment-reasons.js';
import { keyLabel, type Keymap } from '../keymap.js';
import type { HeadView } from './rows.js';


export function groupingMarkers(slot: HeadView, row: RowView, keymap: Keymap, langName: (lang: string) => string): HTMLElement[] {
  const out: HTMLElement[] = [];
  const mark = row.grouping?.[slot.lang];
  if (mark) {
    const chip = element('span', 'grouping-mark', '⇄ grouping');
    const range = mark.first === mark.last ? `segment ${mark.first}` : `segments ${mark.first}–${mark.last}`;
    const advice = mark.suggested === slot.lang
      ? `Press ${keyLabel(keymap.keyOf('adopt-grouping'))} here to group it as ${langName(mark.other)} does.`
      : mark.suggested === null
        ? 'Neither can be split at a sentence boundary to follow the other: merge the slots of both.'
        : `The check suggests changing ${langName(mark.suggested)}; ${keyLabel(keymap.keyOf('adopt-grouping'))} here groups this column as ${langName(mark.other)} does.`;
    chip.title = `${langName(slot.lang)} and ${langName(mark.other)} group ${range} differently. ${advice}`;
    out.push(chip);
  }
  if (regroupedSinceApproval(slot)) {
    const chip = element('span', 'grouping-mark is-approval', GROUPING_CHANGED);
    chip.title = 'Another language\'s slots around this one were merged or split after it was approved: review it again (approving clears this).';
    out.push(chip);
  }
  return out;
}
