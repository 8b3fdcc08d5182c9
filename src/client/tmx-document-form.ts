/**
 * The TMX import form, when it creates a document: the file is uploaded with progress, then
 * the server's job (POST /api/tm/import, purpose=document, Prefer: respond-async) is polled
 * so the form shows how far reading and saving have come, and can be cancelled. The new
 * document opens when it is whole. Adding units to the TM submits the form as before.
 */
import type { ErrorBody, TmxDocumentJobAnswer } from '../web/api-types.js';
import { api, ApiError } from './api.js';
import { showFormAlert } from './dom.js';

const POLL_MS = 300;

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value;
}

function isJobAnswer(value: unknown): value is TmxDocumentJobAnswer {
  return typeof value === 'object' && value !== null && 'job' in value;
}

function phaseText(job: TmxDocumentJobAnswer['job']): string {
  if (job.phase === 'saving') return `Saving the document… ${job.percent ?? 0}%`;
  if (job.phase === 'reading') return 'Reading the file…';
  return 'Importing…';
}

export function enhanceTmxDocumentForm(form: HTMLFormElement): void {
  const progress = form.querySelector<HTMLProgressElement>('[data-import-progress]');
  const status = form.querySelector<HTMLElement>('[data-import-status]');
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const cancel = form.querySelector<HTMLButtonElement>('[data-import-cancel]');
  const csrfInput = form.querySelector<HTMLInputElement>('input[name="_csrf"]');
  if (!progress || !status || !submit || !cancel || !csrfInput) return;
  let jobId: string | null = null;
  let cancelled = false;

  const stop = (message: string, isError: boolean) => {
    submit.disabled = false;
    cancel.hidden = true;
    progress.hidden = true;
    jobId = null;
    status.textContent = isError ? '' : message;
    if (isError) showFormAlert(form, message);
  };

  const follow = async (url: string): Promise<void> => {
    for (;;) {
      const { job } = await api<TmxDocumentJobAnswer>('GET', url);
      if (job.state === 'done' && job.result) {
        progress.value = 100;
        status.textContent = 'Imported. Opening the document…';
        window.location.assign(job.result.url);
        return;
      }
      if (job.state === 'failed') {
        if (job.error?.code === 'cancelled' || cancelled) stop('Cancelled. Nothing was imported.', false);
        else stop(job.error?.message ?? 'The import failed; nothing was imported.', true);
        return;
      }
      if (job.percent === null) progress.removeAttribute('value');
      else progress.value = job.percent;
      status.textContent = phaseText(job);
      await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
    }
  };

  cancel.addEventListener('click', () => {
    if (!jobId) return;
    cancelled = true;
    cancel.disabled = true;
    status.textContent = 'Cancelling…';
    api('DELETE', `/api/jobs/${jobId}`).catch(() => undefined);
  });

  form.addEventListener('submit', (event) => {
    const purpose = form.querySelector<HTMLInputElement>('input[name="purpose"]:checked')?.value;
    if (purpose !== 'document') return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', '/api/tm/import');
    request.setRequestHeader('X-CSRF-Token', csrfInput.value);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Prefer', 'respond-async');
    request.responseType = 'json';
    submit.disabled = true;
    cancelled = false;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = 'Uploading…';
    request.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      progress.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = e.loaded < e.total ? `Uploading… ${progress.value}%` : 'Reading the file…';
    });
    request.addEventListener('load', () => {
      const body: unknown = request.response;
      if (request.status === 202 && isJobAnswer(body)) {
        jobId = body.job.id;
        cancel.hidden = false;
        cancel.disabled = false;
        follow(`/api/jobs/${body.job.id}`).catch((error: unknown) => {
          stop(error instanceof ApiError ? error.message : 'The import could not be followed; reload the document list to see whether it finished.', true);
        });
        return;
      }
      stop(isErrorBody(body) ? body.error.message : `The import failed (HTTP ${request.status}). Try again.`, true);
    });
    request.addEventListener('error', () => stop('The server could not be reached. Check the connection and try again; nothing was imported.', true));
    request.send(new FormData(form));
  });
}
