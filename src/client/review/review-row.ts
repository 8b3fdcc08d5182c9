/**
 * One slot of the review list as a compact row: number and status | the Chinese | the
 * translation (edited in place), the differences since the comparison base and the QA
 * findings | the decisions. Only drawing; review.ts decides what the buttons do.
 */
import type { ReviewItem } from '../../web/api-types.js';
import { GROUPING_CHANGED, regroupedSinceApproval } from '../alignment-reasons.js';
import { element as node } from '../dom.js';
import { commentCountLabel, renderParts, when } from '../slot-panel.js';

export const STATUS_LABELS: Record<string, string> = {
  empty: 'Empty', aligned: 'Aligned', draft: 'Draft', translated: 'Translated', reviewed: 'Reviewed (R1)', approved: 'Approved', rejected: 'Rejected',
};
const BASE_LABELS = { approved: 'Changes since the last approval', rejected: 'Changes since the rejection', previous: 'Changes since the previous revision' };

export interface RowActions {
  approve(index: number): void;
  reject(index: number): void;
  edit(index: number): void;
  openPanel(index: number, tab: 'comments' | 'history'): void;
  focus(index: number): void;
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = node('button', className, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}


/** Why a decision button is off, in words: the slot's state, or the four-eyes rule. */
function disabledReason(item: ReviewItem, decision: 'approve' | 'reject'): string {
  if (item.slot.status === 'reviewed' || (item.slot.status === 'approved' && decision === 'reject')) return 'The second review is another reviewer\'s: you approved this slot in the first pass, or are not its second reviewer.';
  return decision === 'approve' ? 'Only translated slots can be approved' : 'Only translated, reviewed or approved slots can be rejected';
}

export function renderReviewRow(item: ReviewItem, index: number, canReview: boolean, keys: { approve: string; reject: string }, actions: RowActions): HTMLLIElement {
  const li = node('li', `review-item status-${item.slot.status}`);
  li.tabIndex = -1;
  li.dataset.index = String(index);
  li.dataset.segmentId = String(item.segmentId);
  const span = item.span > 1 ? `–${item.position + item.span}` : '';
  li.setAttribute('aria-label', `#${item.position + 1}${span}, ${STATUS_LABELS[item.slot.status] ?? item.slot.status}`);

  const head = node('div', 'review-num');
  head.append(node('span', 'review-pos', `#${item.position + 1}${span}`), node('span', `badge-inline status-${item.slot.status}`, STATUS_LABELS[item.slot.status] ?? item.slot.status));
  if (item.slot.confidence !== null && item.slot.confidence < 0.6) head.append(node('span', 'review-low', `⚠ alignment ${item.slot.confidence.toFixed(2)}`));
  // An approval a grouping change in the other language re-opened (services/grouping-ops.ts).
  if (regroupedSinceApproval(item.slot)) head.append(node('span', 'review-low review-regrouped', `⇄ ${GROUPING_CHANGED}`));
  // The second reviewer sees who approved the slot in the first pass, and when.
  if (item.firstApproval) {
    const r1 = node('span', 'review-r1', `R1: ${item.firstApproval.reviewerName ?? 'a former user'}, `);
    r1.append(node('span', 'nowrap', when(item.firstApproval.at)));
    head.append(r1);
  }

  const source = node('div', 'review-source', item.source);
  source.lang = 'zh-CN';

  const body = node('div', 'review-body');
  const target = node('div', 'review-target', item.slot.text || '—');
  target.lang = item.slot.lang;
  if (canReview) {
    target.title = 'Click or press Enter to edit in place';
    target.addEventListener('click', () => actions.edit(index));
  }
  body.append(target);
  if (item.base) {
    const diffLine = node('div', 'review-diff');
    diffLine.append(node('span', 'diff-label', `${BASE_LABELS[item.base.kind]} (${when(item.base.at)}): `));
    const diff = node('span', 'diff');
    diff.lang = item.slot.lang;
    if (item.diff.every((p) => !p.added && !p.removed)) diff.append(node('span', 'muted', 'no change in the text.'));
    else renderParts(diff, item.diff);
    diffLine.append(diff);
    if (item.diffNotice) diffLine.append(node('span', 'muted diff-notice', ` ${item.diffNotice}`));
    body.append(diffLine);
  }
  if (item.qa.length > 0) {
    const qa = node('ul', 'qa-list');
    for (const finding of item.qa) qa.append(node('li', `qa-${finding.severity}`, `${finding.severity === 'error' ? '✖' : '⚠'} ${finding.message}`));
    body.append(qa);
  }

  const side = node('div', 'review-actions');
  if (canReview) {
    // What the buttons offer is the server's answer (the policy: pass, assignments, four eyes).
    const approve = button(item.slot.status === 'reviewed' ? 'Approve (R2)' : 'Approve', 'primary', () => actions.approve(index));
    approve.disabled = !item.mayApprove;
    approve.title = approve.disabled ? disabledReason(item, 'approve') : `Approve (${keys.approve})`;
    const reject = button('Reject…', 'danger', () => actions.reject(index));
    reject.disabled = !item.mayReject;
    reject.title = reject.disabled ? disabledReason(item, 'reject') : `Reject with a comment (${keys.reject})`;
    side.append(approve, reject);
  }
  // The visible text is the button's whole name (axe: label-content-name-mismatch).
  const comments = button(item.comments.total ? commentCountLabel(item.comments) : 'Comment', item.comments.open > 0 ? 'link-like comment-count open' : 'link-like comment-count', () => actions.openPanel(index, 'comments'));
  side.append(comments, button('History', 'link-like', () => actions.openPanel(index, 'history')));

  li.append(head, source, body, side);
  li.addEventListener('focus', () => actions.focus(index));
  return li;
}
