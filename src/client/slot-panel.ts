/**
 * The comments thread and the revision history of one slot, in one dialog, shared by
 * the editor and the review page. Restoring a revision writes a new revision.
 */
import type { Comment, CommentList, DiffPart, HistoryList, SlotView } from '../web/api-types.js';
import { ApiError, api } from './api.js';
import { element as node } from './dom.js';
import { formatWhen } from './format.js';

export const ACTION_LABELS: Record<string, string> = {
  import: 'imported', align: 'aligned', edit: 'edited', merge: 'merged', split: 'split', shift: 'shifted',
  confirm: 'confirmed', approve: 'approved', reject: 'rejected', revert: 'undone/redone', restore: 'restored', 'review-edit': 'edited by the reviewer',
};

/**
 * What a revision's author did, as the history lists it. A first reviewer's approval in a
 * language with two review passes leaves the slot "reviewed": it reads "approved in R1"
 * there, not "approved", so nobody takes it for the final approval.
 */
export function revisionActionLabel(revision: { action: string; status: string }): string {
  if (revision.action === 'approve' && revision.status === 'reviewed') return 'approved in R1';
  return ACTION_LABELS[revision.action] ?? revision.action;
}


/** Diff parts from the server as <ins>/<del>, marked for screen readers too. */
export function renderParts(container: HTMLElement, parts: DiffPart[]): void {
  container.replaceChildren();
  for (const part of parts) {
    if (!part.added && !part.removed) {
      container.append(document.createTextNode(part.value));
      continue;
    }
    const element = node(part.added ? 'ins' : 'del');
    element.append(node('span', 'visually-hidden', part.added ? ' [inserted: ' : ' [deleted: '), document.createTextNode(part.value), node('span', 'visually-hidden', '] '));
    container.append(element);
  }
}

/** "2 comments, 1 open" — words, since an emoji needs a font headless machines lack. */
export function commentCountLabel(count: { open: number; total: number }): string {
  return `${count.total} comment${count.total === 1 ? '' : 's'}${count.open > 0 ? `, ${count.open} open` : ''}`;
}

/** The one date format of the app (format.ts), under the name the review page knows. */
export const when = formatWhen;

export interface SlotRef { documentId: number; segmentId: number; lang: string; version: number; label: string }

export class SlotPanel {
  private readonly dialog: HTMLDialogElement;
  private ref: SlotRef | null = null;
  onChange: ((slot: SlotView | null) => void) | null = null;
  /** After the dialog closes: the page puts the keyboard back on its cursor. */
  onClose: (() => void) | null = null;

  constructor() {
    this.dialog = node('dialog', 'dialog wide slot-panel');
    this.dialog.setAttribute('aria-labelledby', 'slot-panel-title');
    this.dialog.addEventListener('close', () => this.onClose?.());
    document.body.append(this.dialog);
  }

  private base(): string {
    const ref = this.ref!;
    return `/api/documents/${ref.documentId}/slots/${ref.segmentId}/${encodeURIComponent(ref.lang)}`;
  }

  async open(ref: SlotRef, tab: 'comments' | 'history'): Promise<void> {
    this.ref = ref;
    this.dialog.replaceChildren();
    const title = node('h2', undefined, ref.label);
    title.id = 'slot-panel-title';
    const tabs = node('div', 'tabs');
    tabs.setAttribute('role', 'tablist');
    const body = node('div', 'tab-body');
    const close = node('button', 'primary', 'Close');
    close.type = 'button';
    close.addEventListener('click', () => this.dialog.close());
    const show = async (which: 'comments' | 'history') => {
      for (const button of tabs.querySelectorAll('button')) button.setAttribute('aria-selected', String(button.dataset.tab === which));
      body.replaceChildren(node('p', 'muted', 'Loading…'));
      try {
        if (which === 'comments') await this.renderComments(body);
        else await this.renderHistory(body);
      } catch (error) {
        body.replaceChildren(node('p', 'alert', error instanceof ApiError ? error.message : 'Could not load.'));
      }
    };
    for (const which of ['comments', 'history'] as const) {
      const button = node('button', 'tab', which === 'comments' ? 'Comments' : 'History');
      button.type = 'button';
      button.dataset.tab = which;
      button.setAttribute('role', 'tab');
      button.addEventListener('click', () => void show(which));
      tabs.append(button);
    }
    const actions = node('div', 'actions');
    actions.append(close);
    this.dialog.append(title, tabs, body, actions);
    if (!this.dialog.open) this.dialog.showModal();
    await show(tab);
  }

  private async renderComments(body: HTMLElement): Promise<void> {
    const { comments } = await api<CommentList>('GET', `${this.base()}/comments`);
    const list = node('ol', 'comment-list');
    const draw = (items: Comment[]) => {
      list.replaceChildren();
      if (items.length === 0) list.append(node('li', 'muted', 'No comments yet.'));
      for (const comment of items) {
        const item = node('li', comment.resolvedAt ? 'comment resolved' : 'comment');
        const head = node('div', 'comment-head');
        head.append(node('strong', undefined, comment.authorName ?? 'someone'), node('span', 'muted', ` · ${when(comment.createdAt)}`));
        if (comment.resolvedAt) head.append(node('span', 'badge-inline', 'resolved'));
        const toggle = node('button', 'link-like', comment.resolvedAt ? 'Reopen' : 'Resolve');
        toggle.type = 'button';
        toggle.addEventListener('click', async () => {
          const { comment: updated } = await api<{ comment: Comment }>('POST', `/api/comments/${comment.id}`, { resolved: !comment.resolvedAt });
          draw(items.map((c) => (c.id === updated.id ? updated : c)));
          this.onChange?.(null);
        });
        // The server says whether this user may resolve it (services/access.ts).
        if (comment.canResolve) head.append(toggle);
        item.append(head, node('p', 'comment-body', comment.body));
        list.append(item);
      }
    };
    draw(comments);
    const form = node('form', 'stack');
    const label = node('label', undefined, 'Add a comment');
    const textarea = node('textarea');
    textarea.rows = 3;
    textarea.required = true;
    label.append(textarea);
    const submit = node('button', 'primary', 'Comment');
    submit.type = 'submit';
    const error = node('p', 'alert');
    error.hidden = true;
    form.append(label, error, submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const { comment } = await api<{ comment: Comment }>('POST', `${this.base()}/comments`, { body: textarea.value });
        comments.push(comment);
        draw(comments);
        textarea.value = '';
        error.hidden = true;
        this.onChange?.(null);
      } catch (problem) {
        error.hidden = false;
        error.textContent = problem instanceof ApiError ? problem.message : 'The comment was not saved.';
      }
    });
    body.replaceChildren(list, form);
    textarea.focus();
  }

  private async renderHistory(body: HTMLElement): Promise<void> {
    const { revisions, canRestore } = await api<HistoryList>('GET', `${this.base()}/history`);
    const list = node('ol', 'history-list');
    for (const revision of [...revisions].reverse()) {
      const item = node('li', 'revision');
      const head = node('div', 'comment-head');
      head.append(
        node('strong', undefined, revisionActionLabel(revision)),
        node('span', 'muted', ` by ${revision.authorName ?? 'the command line'} · ${when(revision.createdAt)} · version ${revision.version} · ${revision.status}${revision.span > 1 ? ` · spans ${revision.span}` : ''}`),
      );
      // Offered only when the server says this user may restore (services/access.ts).
      if (canRestore && revision.version !== this.ref?.version) {
        const restore = node('button', 'link-like', 'Restore this text');
        restore.type = 'button';
        restore.addEventListener('click', async () => {
          const ref = this.ref!;
          try {
            const { slot } = await api<{ slot: SlotView }>('POST', `${this.base()}/restore`, { revisionId: revision.id, version: ref.version });
            if (slot.kind === 'head') ref.version = slot.version;
            this.onChange?.(slot);
            await this.renderHistory(body);
          } catch (error) {
            body.prepend(node('p', 'alert', error instanceof ApiError ? error.message : 'Not restored.'));
          }
        });
        head.append(restore);
      }
      const diff = node('div', 'conflict-text diff');
      diff.lang = this.ref?.lang ?? '';
      renderParts(diff, revision.diff);
      item.append(head, diff);
      if (revision.diffNotice) item.append(node('p', 'muted diff-notice', revision.diffNotice));
      list.append(item);
    }
    body.replaceChildren(list);
  }
}
