/**
 * The toolbar's Alignment menu: every alignment fix of the keyboard as a button (acting on the
 * slot at the cursor), "Re-align unconfirmed" for the cursor's language column (a job with
 * progress, one undo step), and the person's setting to re-align after each fix and confirm.
 */
import type { HistoryState, RealignJobAnswer } from '../../web/api-types.js';
import { ApiError, api } from '../api.js';
import { keyLabel, type Action, type Keymap } from '../keymap.js';
import { OPERATIONS, type Operation } from './operations.js';

export interface AlignmentMenuHost {
  readonly keymap: Keymap;
  readonly boot: { documentId: number; autoRealign: boolean; langs: { lang: string; name: string }[] };
  readonly active: { column: string; segmentId: number } | null;
  operate(kind: Operation): Promise<void>;
  adoptGrouping(): Promise<void>;
  setHistory(history: HistoryState): void;
  reloadPage(): Promise<void>;
  toast(message: string, kind?: 'error' | 'info', ms?: number): void;
  focusGrid(): void;
}

/** How often a running re-alignment is asked how far it is. */
const POLL_MS = 400;

export function wireAlignmentMenu(root: HTMLElement, host: AlignmentMenuHost): void {
  const menu = root.querySelector<HTMLDetailsElement>('[data-align-menu]');
  if (!menu) return;
  const close = () => {
    menu.open = false;
    host.focusGrid();
  };
  for (const button of menu.querySelectorAll<HTMLButtonElement>('[data-align-op]')) {
    const kind = button.dataset.alignOp ?? '';
    const action = (kind === 'adopt-grouping' ? 'adopt-grouping' : kind) as Action;
    button.title = `${button.textContent ?? ''} (${keyLabel(host.keymap.keyOf(action))})`;
    button.addEventListener('click', () => {
      close();
      if (kind === 'adopt-grouping') void host.adoptGrouping();
      else if ((OPERATIONS as readonly string[]).includes(kind)) void host.operate(kind as Operation);
    });
  }
  const realign = menu.querySelector<HTMLButtonElement>('[data-realign-column]');
  if (realign) realign.title = `Re-align every unconfirmed slot of the cursor's language (${keyLabel(host.keymap.keyOf('realign-column'))})`;
  realign?.addEventListener('click', () => {
    close();
    void realignColumn(host);
  });
  const auto = menu.querySelector<HTMLInputElement>('[data-auto-realign]');
  if (auto) {
    auto.checked = host.boot.autoRealign;
    auto.addEventListener('change', () => void saveAutoRealign(host, auto));
  }
}

async function saveAutoRealign(host: AlignmentMenuHost, box: HTMLInputElement): Promise<void> {
  const wanted = box.checked;
  try {
    const saved = await api<{ autoRealign: boolean }>('PUT', '/api/settings/alignment', { autoRealign: wanted });
    box.checked = saved.autoRealign;
    host.boot.autoRealign = saved.autoRealign;
    host.toast(saved.autoRealign ? 'Fixes and confirms now re-align the unconfirmed slots below.' : 'Fixes and confirms no longer re-align the slots below.', 'info');
  } catch (error) {
    box.checked = !wanted;
    host.toast(error instanceof ApiError ? error.message : 'The setting could not be saved.');
  }
}

let running = false;

/** Re-aligns the unconfirmed slots of the cursor's language column, showing the job's progress. */
export async function realignColumn(host: AlignmentMenuHost): Promise<void> {
  const lang = host.active?.column;
  if (!lang || lang === 'source') {
    host.toast('Put the cursor on a translation column first: "Re-align unconfirmed" works on that language.');
    return;
  }
  if (running) return;
  running = true;
  const name = host.boot.langs.find((l) => l.lang === lang)?.name ?? lang;
  try {
    let { job } = await api<RealignJobAnswer>('POST', `/api/documents/${host.boot.documentId}/realign`, { lang });
    while (job.state === 'running') {
      host.toast(`Re-aligning the unconfirmed ${name} slots… ${job.percent === null ? '' : `${job.percent} %`}`, 'info');
      await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
      ({ job } = await api<RealignJobAnswer>('GET', `/api/jobs/${job.id}`));
    }
    if (job.state === 'failed' || !job.result) {
      host.toast(job.error?.message ?? 'The re-alignment failed; nothing was changed.');
      return;
    }
    const { moved, runs, history, reflagged } = job.result;
    if (history) host.setHistory(history);
    if (moved > 0 || reflagged) await host.reloadPage();
    host.toast(moved === 0
      ? `Re-aligned the unconfirmed ${name} slots: none had to move.${reflagged ? ` The low-confidence flag was cut again: ${reflagged} slot${reflagged === 1 ? '' : 's'} show${reflagged === 1 ? 's' : ''} another confidence.` : ''}`
      : `Re-aligned the unconfirmed ${name} slots: ${moved} slot${moved === 1 ? '' : 's'} moved in ${runs} stretch${runs === 1 ? '' : 'es'}. Ctrl+Z undoes it.`, 'info', 6000);
  } catch (error) {
    host.toast(error instanceof ApiError ? error.message : 'The re-alignment failed; nothing was changed.');
  } finally {
    running = false;
    host.focusGrid();
  }
}
