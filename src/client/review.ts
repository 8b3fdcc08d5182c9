/**
 * Review mode: one language of one document as a list of slots, each with the Chinese,
 * the current translation and a diff against the last approved text (or the rejected
 * text, or the previous revision). Approve with Ctrl+Enter, reject with a comment with
 * Ctrl+Shift+Enter, approve everything shown after a confirmation, undo the last decision.
 */
import type { ReviewBoot, ReviewItem, ReviewPage, SlotView } from '../web/api-types.js';
import { ApiError, api } from './api.js';
import { element as node, required, toast } from './dom.js';
import { SlotPanel, commentCountLabel, renderParts, when } from './slot-panel.js';

const PAGE = 50;
const STATUS_LABELS: Record<string, string> = {
  empty: 'Empty', aligned: 'Aligned', draft: 'Draft', translated: 'Translated', approved: 'Approved', rejected: 'Rejected',
};
const BASE_LABELS = { approved: 'Changes since the last approval', rejected: 'Changes since the rejection', previous: 'Changes since the previous revision' };



export class Review {
  private readonly boot: ReviewBoot;
  private page: ReviewPage | null = null;
  private filter = 'needs-review';
  private offset = 0;
  private focused = 0;
  private readonly panel = new SlotPanel();

  constructor(private readonly root: HTMLElement) {
    this.boot = JSON.parse(root.dataset.boot ?? '{}') as ReviewBoot;
    this.panel.onChange = () => void this.load(this.focused);
  }

  async start(): Promise<void> {
    const filter = required(this.root, '[data-review-filter]') as HTMLSelectElement;
    const initial = new URLSearchParams(window.location.search).get('filter');
    if (initial && [...filter.options].some((o) => o.value === initial)) filter.value = initial;
    this.filter = filter.value;
    filter.addEventListener('change', () => {
      this.filter = filter.value;
      this.offset = 0;
      void this.load(0);
    });
    required(this.root, '[data-approve-all]').addEventListener('click', () => void this.approveAll());
    required(this.root, '[data-undo-decision]').addEventListener('click', () => void this.undo());
    required(this.root, '[data-review-prev]').addEventListener('click', () => { this.offset = Math.max(0, this.offset - PAGE); void this.load(0); });
    required(this.root, '[data-review-next]').addEventListener('click', () => { this.offset += PAGE; void this.load(0); });
    this.root.addEventListener('keydown', (event) => this.onKey(event));
    await this.load(0);
  }

  private url(): string {
    return `/api/documents/${this.boot.documentId}/review/${encodeURIComponent(this.boot.lang)}`;
  }

  private async load(focus: number): Promise<void> {
    try {
      const query = new URLSearchParams({ filter: this.filter, offset: String(this.offset), limit: String(PAGE) });
      this.page = await api<ReviewPage>('GET', `${this.url()}?${query}`);
      if (this.page.items.length === 0 && this.offset > 0) {
        this.offset = Math.max(0, this.offset - PAGE);
        return this.load(focus);
      }
      this.render();
      this.focus(Math.min(focus, Math.max(0, this.page.items.length - 1)));
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'The review list could not be loaded.');
    }
  }

  private render(): void {
    const page = this.page!;
    (required(this.root, '[data-review-progress]') as HTMLProgressElement).value = page.percentApproved;
    required(this.root, '[data-review-percent]').textContent = `${page.percentApproved}% approved`;
    const counts = required(this.root, '[data-review-counts]');
    counts.replaceChildren(...Object.entries(page.counts).filter(([, n]) => n > 0).map(([status, n]) => node('span', `badge-inline status-${status}`, `${STATUS_LABELS[status]} ${n}`)));
    const list = required(this.root, '[data-review-list]');
    list.replaceChildren(...page.items.map((item, index) => this.renderItem(item, index, page.canReview)));
    if (page.items.length === 0) list.append(node('li', 'empty-state', 'Nothing to show with this filter.'));
    required(this.root, '[data-review-page]').textContent = page.total === 0 ? '' : `${page.offset + 1}–${Math.min(page.total, page.offset + PAGE)} of ${page.total}`;
    (required(this.root, '[data-review-prev]') as HTMLButtonElement).disabled = page.offset === 0;
    (required(this.root, '[data-review-next]') as HTMLButtonElement).disabled = page.offset + PAGE >= page.total;
    (required(this.root, '[data-approve-all]') as HTMLButtonElement).disabled = !page.canReview || !page.items.some((i) => i.slot.status === 'translated');
  }

  private renderItem(item: ReviewItem, index: number, canReview: boolean): HTMLLIElement {
    const li = node('li', `review-item status-${item.slot.status}`);
    li.tabIndex = -1;
    li.dataset.index = String(index);
    li.dataset.segmentId = String(item.segmentId);
    const head = node('div', 'review-item-head');
    const span = item.span > 1 ? `–${item.position + item.span}` : '';
    head.append(node('span', 'review-num', `#${item.position + 1}${span}`), node('span', `badge-inline status-${item.slot.status}`, STATUS_LABELS[item.slot.status] ?? item.slot.status));
    if (item.slot.confidence !== null) head.append(node('span', 'muted', `alignment ${item.slot.confidence.toFixed(2)}`));
    const comments = node('button', item.comments.open > 0 ? 'comment-count open' : 'comment-count', item.comments.total ? commentCountLabel(item.comments) : 'Comment');
    comments.type = 'button';
    comments.setAttribute('aria-label', `${item.comments.open} open of ${item.comments.total} comments`);
    comments.addEventListener('click', () => void this.openPanel(index, 'comments'));
    const history = node('button', 'link-like', 'History');
    history.type = 'button';
    history.addEventListener('click', () => void this.openPanel(index, 'history'));
    head.append(comments, history);
    const columns = node('div', 'review-columns');
    const source = node('div', 'review-source', item.source);
    source.lang = 'zh-CN';
    const target = node('div', 'review-target', item.slot.text || '—');
    target.lang = item.slot.lang;
    columns.append(source, target);
    li.append(head, columns);
    if (item.base) {
      const diffBox = node('div', 'review-diff');
      diffBox.append(node('div', 'diff-label', `${BASE_LABELS[item.base.kind]} (${when(item.base.at)})`));
      const diff = node('div', 'conflict-text diff');
      diff.lang = item.slot.lang;
      if (item.diff.every((p) => !p.added && !p.removed)) diff.append(node('span', 'muted', 'No change in the text.'));
      else renderParts(diff, item.diff);
      diffBox.append(diff);
      li.append(diffBox);
    }
    if (item.qa.length > 0) {
      const qa = node('ul', 'qa-list');
      for (const finding of item.qa) qa.append(node('li', `qa-${finding.severity}`, `${finding.severity === 'error' ? '✖' : '⚠'} ${finding.message}`));
      li.append(qa);
    }
    if (canReview) {
      const actions = node('div', 'actions');
      const approve = node('button', 'primary', 'Approve');
      approve.type = 'button';
      approve.disabled = item.slot.status !== 'translated';
      approve.title = approve.disabled ? 'Only translated slots can be approved' : 'Approve (Ctrl+Enter)';
      approve.addEventListener('click', () => void this.approve(index, false));
      const reject = node('button', 'danger', 'Reject…');
      reject.type = 'button';
      reject.disabled = item.slot.status !== 'translated' && item.slot.status !== 'approved';
      reject.title = 'Reject with a comment (Ctrl+Shift+Enter)';
      reject.addEventListener('click', () => void this.reject(index));
      actions.append(approve, reject);
      li.append(actions);
    }
    li.addEventListener('focus', () => { this.focused = index; });
    return li;
  }

  private focus(index: number): void {
    const items = this.root.querySelectorAll<HTMLElement>('.review-item');
    for (const item of items) item.classList.remove('focused');
    const target = items[index];
    if (!target) return;
    this.focused = index;
    target.classList.add('focused');
    target.focus();
  }

  private onKey(event: KeyboardEvent): void {
    if ((event.target as HTMLElement).closest('dialog, select, textarea, input')) return;
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && event.key === 'Enter') {
      event.preventDefault();
      if (event.shiftKey) void this.reject(this.focused);
      else void this.approve(this.focused, true);
    } else if (ctrl && event.key.toLowerCase() === 'z' && !event.shiftKey) {
      event.preventDefault();
      void this.undo();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.focus(this.focused + (event.key === 'ArrowDown' ? 1 : -1));
    } else if (!ctrl && (event.key === 'h' || event.key === 'c')) {
      event.preventDefault();
      void this.openPanel(this.focused, event.key === 'h' ? 'history' : 'comments');
    }
  }

  private async approve(index: number, moveOn: boolean, overrideQa = false): Promise<void> {
    const item = this.page?.items[index];
    if (!item || !this.page?.canReview) return;
    try {
      await api<{ slot: SlotView }>('POST', `/api/documents/${this.boot.documentId}/slots/${item.segmentId}/${encodeURIComponent(this.boot.lang)}/approve`, { version: item.slot.version, overrideQa });
      this.toast(`Approved #${item.position + 1}.`, 'info');
      // In "needs review" the approved item leaves the list, so the next one takes its index.
      await this.load(this.filter === 'needs-review' ? index : index + (moveOn ? 1 : 0));
    } catch (error) {
      if (error instanceof ApiError && error.details?.needsOverride && window.confirm(`${error.message}\n\nApprove anyway? The override is recorded.`)) {
        await this.approve(index, moveOn, true);
        return;
      }
      this.toast(error instanceof ApiError ? error.message : 'Not approved.');
      if (error instanceof ApiError && error.code === 'stale_version') await this.load(index);
    }
  }

  private async reject(index: number): Promise<void> {
    const item = this.page?.items[index];
    if (!item || !this.page?.canReview) return;
    const dialog = required(this.root, '[data-reject-dialog]') as HTMLDialogElement;
    const form = required(dialog, '[data-reject-form]') as HTMLFormElement;
    const error = required(dialog, '[data-reject-error]');
    const textarea = form.querySelector('textarea')!;
    textarea.value = '';
    error.hidden = true;
    (required(dialog, '[data-reject-cancel]') as HTMLButtonElement).onclick = () => dialog.close();
    form.onsubmit = async (event) => {
      event.preventDefault();
      try {
        await api('POST', `/api/documents/${this.boot.documentId}/slots/${item.segmentId}/${encodeURIComponent(this.boot.lang)}/reject`, { version: item.slot.version, comment: textarea.value });
        dialog.close();
        this.toast(`Rejected #${item.position + 1}; the translator sees your comment.`, 'info');
        await this.load(index);
      } catch (problem) {
        error.hidden = false;
        error.textContent = problem instanceof ApiError ? problem.message : 'Not rejected.';
      }
    };
    dialog.showModal();
    textarea.focus();
  }

  private async approveAll(): Promise<void> {
    const items = (this.page?.items ?? []).filter((i) => i.slot.status === 'translated');
    if (items.length === 0) return;
    if (!window.confirm(`Approve all ${items.length} translated slot(s) shown on this page?`)) return;
    try {
      const result = await api<{ approved: number; skipped: { segmentId: number; reason: string }[] }>('POST', `${this.url()}/approve-all`, {
        slots: items.map((i) => ({ segmentId: i.segmentId, version: i.slot.version })),
      });
      this.toast(`Approved ${result.approved}.${result.skipped.length ? ` Skipped ${result.skipped.length}: ${result.skipped[0]?.reason ?? ''}` : ''}`, result.skipped.length ? 'error' : 'info');
      await this.load(0);
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'Nothing was approved.');
    }
  }

  private async undo(): Promise<void> {
    try {
      await api('POST', `/api/documents/${this.boot.documentId}/undo`);
      this.toast('Your last decision was undone.', 'info');
      await this.load(this.focused);
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'Could not undo.');
    }
  }

  private async openPanel(index: number, tab: 'comments' | 'history'): Promise<void> {
    const item = this.page?.items[index];
    if (!item) return;
    await this.panel.open({
      documentId: this.boot.documentId, segmentId: item.segmentId, lang: this.boot.lang, version: item.slot.version,
      label: `#${item.position + 1} ${this.boot.langName}`, canRestore: this.page?.canReview ?? false,
    }, tab);
  }

  private toast(message: string, kind: 'error' | 'info' = 'error'): void {
    toast(required(this.root, '[data-toast]'), message, kind);
  }
}
