/**
 * How the browser shows what the aligner said about a slot: its confidence and its
 * reasons. Every place that shows them (the grid's chip and tooltip, the status bar, the
 * assist panel's Alignment section) goes through these functions, so a change in what a
 * reason is (signed reasons, say) is made here only.
 */
import type { SlotView } from '../web/api-types.js';
import { element } from './dom.js';

type HeadView = Extract<SlotView, { kind: 'head' }>;

/**
 * The reason the server gives an approval that a grouping change in the other language
 * re-opened (services/grouping-ops.ts GROUPING_CHANGED; a unit test keeps the two equal).
 */
export const GROUPING_CHANGED = 'grouping changed since approval';

/** Whether this slot is an approval a grouping change re-opened (grid and review list mark it). */
export function regroupedSinceApproval(head: HeadView): boolean {
  return head.reasons.includes(GROUPING_CHANGED);
}
export type ConfidenceLevel = 'high' | 'mid' | 'low';

/** high ≥ 0.90; low below the document's threshold (the editor flags those); mid between. */
export function confidenceLevel(confidence: number, lowConfidence: number): ConfidenceLevel {
  return confidence >= 0.9 ? 'high' : confidence >= lowConfidence ? 'mid' : 'low';
}

/** One line for a tooltip or the status bar: "Confidence 0.42 — length ratio 2.1; numbers differ". */
export function alignmentSummary(head: HeadView): string {
  if (head.confidence === null) return '';
  return `Confidence ${head.confidence.toFixed(2)}${head.reasons.length ? ` — ${head.reasons.join('; ')}` : ''}`;
}

/** The reasons, one per line, for the cell's tooltip. */
export function reasonsTooltip(head: HeadView): string {
  return head.reasons.join('\n');
}

/** The assist panel's Alignment section: the confidence (marked when it needs a look) and each reason. */
export function renderAlignment(container: HTMLElement, head: HeadView | null, lowConfidence: number): void {
  container.replaceChildren();
  if (!head) {
    container.append(element('p', 'muted', 'The Chinese column: Enter places a caret to split a segment.'));
    return;
  }
  if (head.confidence === null) {
    container.append(element('p', 'muted', head.status === 'empty' ? 'Empty: nothing was aligned here.'
      : head.status === 'aligned' ? 'Placed without an aligner confidence (a known alignment).' : 'Changed by a person since it was aligned.'));
    return;
  }
  const level = confidenceLevel(head.confidence, lowConfidence);
  const line = element('p', `alignment-line confidence-text-${level}`);
  line.append(element('strong', undefined, `${level === 'low' ? '⚠ ' : ''}Confidence ${head.confidence.toFixed(2)}`),
    document.createTextNode(level === 'low' ? ' — low: check this slot' : level === 'mid' ? ' — worth a look' : ' — high'));
  container.append(line);
  if (head.reasons.length > 0) {
    const list = element('ul', 'alignment-reasons');
    for (const reason of head.reasons) list.append(element('li', undefined, reason));
    container.append(list);
  }
}
