/**
 * Review mode: one language of one document as a compact list of slots, each with the
 * Chinese, the translation (editable in place) and the differences since the last
 * approval (or the rejection, or the previous revision). Keys come from the person's
 * keymap (mode "review", rebindable under Keys ?): approve and move on, reject with a
 * comment, edit in place, undo the last decision. review-row.ts draws one row.
 */
import type { ReviewBoot, ReviewPage, SlotSaved, SlotView } from '../../web/api-types.js';
import { ApiError, api } from '../api.js';
import { element as node, required, toast } from '../dom.js';
import { openKeysDialog } from '../keys-dialog.js';
import { Keymap, keyLabel, keyName } from '../keymap.js';
import { SlotPanel } from '../slot-panel.js';
import { STATUS_LABELS, renderReviewRow } from './review-row.js';

const PAGE = 50;

export class Review {
  private readonly boot: ReviewBoot;
  private readonly keymap: Keymap;
  private page: ReviewPage | null = null;
  private filter = 'needs-review';
  private offset = 0;
  private focused = 0;
  private editing: { index: number; textarea: HTMLTextAreaElement } | null = null;
  private readonly panel = new SlotPanel();

  constructor(private readonly root: HTMLElement) {
    this.boot = JSON.parse(root.dataset.boot ?? '{}') as ReviewBoot;
    this.keymap = new Keymap(this.boot.keymap ?? {});
    this.panel.onChange = () => void this.load(this.focused);
    this.panel.onClose = () => this.ensureFocus();
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
    required(this.root, '[data-open-help]').addEventListener('click', () => this.openHelp());
    this.root.addEventListener('keydown', (event) => this.onKey(event));
    this.renderHint();
    await this.load(0);
  }

  private url(): string {
    return `/api/documents/${this.boot.documentId}/review/${encodeURIComponent(this.boot.lang)}`;
  }

  private slotUrl(segmentId: number, action = ''): string {
    return `/api/documents/${this.boot.documentId}/slots/${segmentId}/${encodeURIComponent(this.boot.lang)}${action}`;
  }

  private key(action: Parameters<Keymap['keyOf']>[0]): string {
    return keyLabel(this.keymap.keyOf(action));
  }

  private renderHint(): void {
    required(this.root, '[data-review-hint]').textContent = `${this.key('review-approve')} approves and moves on · ${this.key('review-reject')} rejects with a comment · `
      + `${this.key('review-edit')} edits the translation in place · ${this.key('review-up')}/${this.key('review-down')} move · ${this.key('review-history')} history · ${this.key('review-help')} all keys`;
  }

  private async load(focus: number): Promise<void> {
    try {
      const query = new URLSearchParams({ filter: this.filter, offset: String(this.offset), limit: String(PAGE) });
      this.page = await api<ReviewPage>('GET', `${this.url()}?${query}`);
      if (this.page.items.length === 0 && this.offset > 0) {
        this.offset = Math.max(0, this.offset - PAGE);
        return this.load(focus);
      }
      this.editing = null;
      this.render();
      this.focus(Math.min(focus, Math.max(0, this.page.items.length - 1)));
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'The review list could not be loaded.');
    }
    this.ensureFocus();
  }

  private render(): void {
    const page = this.page!;
    (required(this.root, '[data-review-progress]') as HTMLProgressElement).value = page.percentApproved;
    required(this.root, '[data-review-percent]').textContent = `${page.percentApproved}% approved`;
    const counts = required(this.root, '[data-review-counts]');
    counts.replaceChildren(...Object.entries(page.counts).filter(([, n]) => n > 0).map(([status, n]) => node('span', `badge-inline status-${status}`, `${STATUS_LABELS[status]} ${n}`)));
    // Decisions per pass, when there are two (or were): "R1 5 approved, 1 rejected".
    if (page.passes.length > 1) {
      counts.append(...page.passes.map((p) => node('span', 'pass-count', `R${p.pass}: ${p.approved} approved, ${p.rejected} rejected`)));
    }
    const list = required(this.root, '[data-review-list]');
    const keys = { approve: this.key('review-approve'), reject: this.key('review-reject') };
    list.replaceChildren(...page.items.map((item, index) => renderReviewRow(item, index, page.canReview, keys, {
      approve: (i) => void this.approve(i, false),
      reject: (i) => void this.reject(i),
      edit: (i) => this.startEdit(i),
      openPanel: (i, tab) => void this.openPanel(i, tab),
      focus: (i) => { this.focused = i; },
    })));
    if (page.items.length === 0) {
      const empty = node('li', 'empty-state', 'Nothing to show with this filter.');
      empty.tabIndex = -1;
      list.append(empty);
    }
    required(this.root, '[data-review-page]').textContent = page.total === 0 ? '' : `${page.offset + 1}–${Math.min(page.total, page.offset + PAGE)} of ${page.total}`;
    (required(this.root, '[data-review-prev]') as HTMLButtonElement).disabled = page.offset === 0;
    (required(this.root, '[data-review-next]') as HTMLButtonElement).disabled = page.offset + PAGE >= page.total;
    (required(this.root, '[data-approve-all]') as HTMLButtonElement).disabled = !page.canReview || !page.items.some((i) => i.mayApprove);
  }

  private items(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('.review-item')];
  }

  private focus(index: number): void {
    const items = this.items();
    for (const item of items) item.classList.remove('focused');
    const target = items[index];
    if (!target) return;
    this.focused = index;
    target.classList.add('focused');
    target.focus();
  }

  /** Focus never falls to <body>: the keys act on the focused row. */
  private ensureFocus(): void {
    if (document.querySelector('dialog[open]')) return;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    if (this.items()[this.focused]) this.focus(this.focused);
    else this.root.querySelector<HTMLElement>('[data-review-list] > li')?.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('dialog, select, input, .toolbar')) return;
    const action = this.keymap.actionFor(keyName(event), 'review');
    if (this.editing && target === this.editing.textarea) {
      // In the text box only two keys are ours: Esc saves and stops, Ctrl+Enter saves and approves.
      if (event.key === 'Escape') {
        event.preventDefault();
        void this.finishEdit(false);
      } else if (action === 'review-approve') {
        event.preventDefault();
        void this.finishEdit(true);
      }
      return;
    }
    if (!action || target.closest('button, a')) {
      if (!action || (action !== 'review-approve' && action !== 'review-reject')) return;
    }
    event.preventDefault();
    const done = (() => {
      switch (action) {
        case 'review-approve': return this.approve(this.focused, true);
        case 'review-reject': return this.reject(this.focused);
        case 'review-undo': return this.undo();
        case 'review-down': return this.focus(this.focused + 1);
        case 'review-up': return this.focus(this.focused - 1);
        case 'review-edit': return this.startEdit(this.focused);
        case 'review-history': return this.openPanel(this.focused, 'history');
        case 'review-comments': return this.openPanel(this.focused, 'comments');
        case 'review-help': return this.openHelp();
        default: return undefined;
      }
    })();
    void Promise.resolve(done).finally(() => this.ensureFocus());
  }

  // ---------------------------------------------------------------- editing in place

  private startEdit(index: number): void {
    const item = this.page?.items[index];
    const row = this.items()[index];
    if (!item || !row || !this.page?.canReview || this.editing) return;
    const target = row.querySelector('.review-target');
    if (!target) return;
    const textarea = node('textarea', 'review-editor');
    textarea.value = item.slot.text;
    textarea.lang = item.slot.lang;
    textarea.rows = Math.max(2, Math.ceil(item.slot.text.length / 70));
    textarea.setAttribute('aria-label', `Translation of #${item.position + 1} (${this.boot.langName}): Esc saves, ${this.key('review-approve')} saves and approves`);
    textarea.addEventListener('blur', () => {
      window.setTimeout(() => {
        if (this.editing?.textarea === textarea && document.activeElement !== textarea) void this.finishEdit(false);
      }, 0);
    });
    target.replaceWith(textarea);
    this.focused = index;
    this.editing = { index, textarea };
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  /** Saves the edited text (a reviewer's edit is ready to approve); then approves it when asked. */
  private async finishEdit(thenApprove: boolean): Promise<void> {
    const editing = this.editing;
    const item = editing ? this.page?.items[editing.index] : undefined;
    if (!editing || !item) return;
    this.editing = null;
    const text = editing.textarea.value;
    if (text.trim() !== item.slot.text.trim()) {
      try {
        const saved = await api<SlotSaved>('PUT', this.slotUrl(item.segmentId), { text, version: item.slot.version });
        if (saved.slot.kind === 'head') item.slot = saved.slot;
        this.toast(`Saved your edit of #${item.position + 1}.`, 'info');
      } catch (error) {
        // Keep the text in the box: nothing typed is lost.
        this.editing = editing;
        if (error instanceof ApiError && error.code === 'stale_version') {
          const current = error.details?.current as Extract<SlotView, { kind: 'head' }> | undefined;
          if (current) item.slot = current;
          this.toast(`Someone changed #${item.position + 1} meanwhile: their text is "${current?.text ?? ''}". Yours is still in the box; Esc saves it over theirs.`);
        } else {
          this.toast(error instanceof ApiError ? `Not saved: ${error.message}` : 'Not saved; your text is still in the box.');
        }
        editing.textarea.focus();
        return;
      }
    }
    if (thenApprove) await this.approve(editing.index, true);
    else await this.load(editing.index);
  }

  // ---------------------------------------------------------------- decisions

  private async approve(index: number, moveOn: boolean, overrideQa = false): Promise<void> {
    const item = this.page?.items[index];
    if (!item || !this.page?.canReview) return;
    try {
      const { slot } = await api<{ slot: SlotView }>('POST', this.slotUrl(item.segmentId, '/approve'), { version: item.slot.version, overrideQa });
      this.toast(slot.kind === 'head' && slot.status === 'reviewed'
        ? `Approved #${item.position + 1} in the first review; it waits for the second reviewer.`
        : `Approved #${item.position + 1}.`, 'info');
      // In the review queues the approved item leaves the list, so the next one takes its index.
      await this.load(this.filter === 'needs-review' || this.filter === 'waiting-r2' ? index : index + (moveOn ? 1 : 0));
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
    const category = form.querySelector('select[name=category]') as HTMLSelectElement;
    textarea.value = '';
    category.value = '';
    error.hidden = true;
    (required(dialog, '[data-reject-cancel]') as HTMLButtonElement).onclick = () => dialog.close();
    // Ctrl+Enter sends, as it approves on the list.
    textarea.onkeydown = (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        form.requestSubmit();
      }
    };
    form.onsubmit = async (event) => {
      event.preventDefault();
      try {
        await api('POST', this.slotUrl(item.segmentId, '/reject'), { version: item.slot.version, comment: textarea.value, category: category.value });
        dialog.close();
        this.toast(`Rejected #${item.position + 1}; the translator sees your comment.`, 'info');
        await this.load(index);
      } catch (problem) {
        error.hidden = false;
        error.textContent = problem instanceof ApiError ? problem.message : 'Not rejected.';
      }
    };
    dialog.addEventListener('close', () => this.ensureFocus(), { once: true });
    dialog.showModal();
    category.focus();
  }

  private async approveAll(): Promise<void> {
    const items = (this.page?.items ?? []).filter((i) => i.mayApprove);
    if (items.length === 0) return;
    if (!window.confirm(`Approve all ${items.length} slot(s) you may approve on this page?`)) return;
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
      label: `#${item.position + 1} ${this.boot.langName}`,
    }, tab);
  }

  private openHelp(): void {
    openKeysDialog({
      dialog: required(this.root, '[data-help-dialog]') as HTMLDialogElement,
      keymap: this.keymap,
      modes: [{ mode: 'review', caption: 'Reviewing' }],
      toast: (message) => this.toast(message),
      onClose: () => {
        this.renderHint();
        this.render();
        this.focus(this.focused);
      },
    });
  }

  private toast(message: string, kind: 'error' | 'info' = 'error'): void {
    toast(required(this.root, '[data-toast]'), message, kind);
  }
}
