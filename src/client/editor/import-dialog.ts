/**
 * "Import translation…": paste or upload a translation of one language, which the server
 * splits into sentences and aligns in the background; the dialog shows the job's
 * progress and a summary, and asks before replacing a column that holds text.
 */
import type { JobAnswer, TranslationImportSummary } from '../../web/api-types.js';
import { ApiError, api } from '../api.js';
import { element, required } from '../dom.js';

export function openImportDialog(root: HTMLElement, documentId: number, onImported: () => Promise<void>, onClose: () => void): void {
  const dialog = required(root, '[data-import-dialog]') as HTMLDialogElement;
  const form = dialog.querySelector('form') as HTMLFormElement;
  const error = required(dialog, '[data-import-error]');
  const progressWrap = required(dialog, '[data-import-progress-wrap]');
  const progress = required(dialog, '[data-import-progress]') as HTMLProgressElement;
  const phase = required(dialog, '[data-import-phase]');
  const summary = required(dialog, '[data-import-summary]');
  const submit = required(dialog, '[data-import-submit]') as HTMLButtonElement;
  const notice = required(dialog, '[data-import-notice]');
  error.hidden = true;
  notice.hidden = true;
  summary.hidden = true;
  progressWrap.hidden = true;
  submit.disabled = false;
  (required(dialog, '[data-import-close]') as HTMLButtonElement).onclick = () => dialog.close();
  const run = async (replace: boolean) => {
    const data = new FormData(form);
    if (replace) data.set('replace', 'true');
    const file = data.get('file');
    if (file instanceof File && file.size === 0) data.delete('file');
    error.hidden = true;
    notice.hidden = true;
    submit.disabled = true;
    progressWrap.hidden = false;
    progress.removeAttribute('value');
    phase.textContent = 'Uploading and segmenting…';
    try {
      const started = await api<JobAnswer & { url: string }>('POST', `/api/documents/${documentId}/translations`, data);
      let job = started.job;
      while (job.state === 'running') {
        phase.textContent = job.phase === 'aligning' ? `Aligning… ${job.percent ?? 0}%` : job.phase === 'saving' ? 'Saving the slots…' : job.phase;
        if (job.percent !== null) progress.value = job.percent;
        await new Promise((resolve) => window.setTimeout(resolve, 400));
        job = (await api<JobAnswer>('GET', started.url)).job;
      }
      if (job.state === 'failed') throw new ApiError(500, job.error?.code ?? 'failed', job.error?.message ?? 'The import failed.');
      progress.value = 100;
      phase.textContent = 'Done.';
      showSummary(summary, job.result);
      await onImported();
    } catch (problem) {
      progressWrap.hidden = true;
      if (problem instanceof ApiError && problem.details?.needsConfirmation) {
        if (window.confirm(`${problem.message}\n\nReplace the current translation?`)) {
          await run(true);
          return;
        }
        // The person chose to keep what is there: a notice, not an error.
        notice.hidden = false;
        notice.textContent = 'Nothing was imported: the current translation is kept as it was.';
        return;
      }
      error.hidden = false;
      error.textContent = problem instanceof ApiError ? problem.message : 'The import failed; nothing was changed.';
    } finally {
      submit.disabled = false;
    }
  };
  form.onsubmit = (event) => {
    event.preventDefault();
    void run(false);
  };
  dialog.addEventListener('close', onClose, { once: true });
  if (!dialog.open) dialog.showModal();
}

function showSummary(box: HTMLElement, result: TranslationImportSummary | undefined): void {
  if (!result) return;
  box.hidden = false;
  const types = Object.entries(result.beadTypes).sort((a, b) => b[1] - a[1]).map(([shape, n]) => `${shape}: ${n}`).join(', ');
  box.replaceChildren(
    element('p', undefined, `${result.sentences} sentences aligned into ${result.beads} beads (${types}).`),
    element('p', result.lowConfidence > 0 ? 'warn' : undefined,
      result.lowConfidence > 0 ? `${result.lowConfidence} slot(s) have low confidence — choose "low-confidence" under Show to check just those.` : 'Every slot was placed with good confidence.'),
    element('p', 'import-pivot', pivotLine(result.pivot)),
  );
  if (result.conflicts.length === 0) return;
  // Someone saved these slots while the import ran: their work stays, the imported text is shown to compare.
  box.append(element('p', 'warn', `${result.conflicts.length} place(s) were changed by someone while the import ran and were kept as they are:`));
  const list = element('ul');
  for (const conflict of result.conflicts) {
    const where = conflict.segments > 1 ? `Segments ${conflict.position}–${conflict.position + conflict.segments - 1}` : `Segment ${conflict.position}`;
    list.append(element('li', undefined, `${where}: kept “${conflict.kept}”; not imported: “${conflict.imported}”`));
  }
  box.append(list);
}

/** Which column the alignment leaned on as pivot, in one sentence. */
function pivotLine(pivot: TranslationImportSummary['pivot']): string {
  if (!pivot) return 'No other language was aligned yet, so nothing served as pivot.';
  const confirmed = pivot.confirmed > 0 ? `${pivot.confirmed} of them confirmed by a person` : 'none confirmed by a person yet';
  return `The ${pivot.name} column served as pivot: its ${pivot.slots} slots, ${confirmed}, were weighed as evidence.`;
}
