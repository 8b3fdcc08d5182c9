/**
 * Browser enhancements for the server-rendered pages. Everything works without it;
 * with it, the import form shows upload progress and errors in place.
 */
import type { DocumentCreated, ErrorBody } from '../web/api-types.js';
import { showFormAlert } from './dom.js';

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value;
}

function enhanceImportForm(form: HTMLFormElement): void {
  const progress = form.querySelector<HTMLProgressElement>('[data-import-progress]');
  const status = form.querySelector<HTMLElement>('[data-import-status]');
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const csrfInput = form.querySelector<HTMLInputElement>('input[name="_csrf"]');
  if (!progress || !status || !submit || !csrfInput) return;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', '/api/documents');
    request.setRequestHeader('X-CSRF-Token', csrfInput.value);
    request.setRequestHeader('Accept', 'application/json');
    request.responseType = 'json';
    submit.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = 'Uploading…';
    request.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      progress.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = e.loaded < e.total ? `Uploading… ${progress.value}%` : 'Segmenting and saving…';
    });
    const fail = (message: string) => {
      submit.disabled = false;
      progress.hidden = true;
      status.textContent = '';
      showFormAlert(form, message);
    };
    request.addEventListener('load', () => {
      const body: unknown = request.response;
      if (request.status === 201 && typeof body === 'object' && body !== null && 'url' in body) {
        status.textContent = 'Imported. Opening the document…';
        window.location.assign((body as DocumentCreated).url);
        return;
      }
      fail(isErrorBody(body) ? body.error.message : `The import failed (HTTP ${request.status}). Try again.`);
    });
    request.addEventListener('error', () => fail('The server could not be reached. Check the connection and try again; nothing was imported.'));
    request.send(new FormData(form));
  });
}

/** Export with no language ticked would export nothing useful: say so in the form (the server refuses it too). */
function guardExportForm(form: HTMLFormElement): void {
  const error = form.querySelector<HTMLElement>('[data-export-error]');
  form.addEventListener('submit', (event) => {
    if (form.querySelector('input[type="checkbox"][name="langs"]:checked')) {
      if (error) error.hidden = true;
      return;
    }
    event.preventDefault();
    if (error) {
      error.textContent = 'Tick at least one language to export.';
      error.hidden = false;
    }
    form.querySelector<HTMLInputElement>('input[type="checkbox"][name="langs"]')?.focus();
  });
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-export-form]')) guardExportForm(form);

// Actions that cannot be taken back without another admin step (a reset password, a deactivation) ask first.
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm ?? 'Are you sure?')) event.preventDefault();
  });
}

const importForm = document.querySelector<HTMLFormElement>('form[data-import-form]');
if (importForm) enhanceImportForm(importForm);

const tmxForm = document.querySelector<HTMLFormElement>('form[data-tmx-import-form]');
if (tmxForm) {
  void import('./tmx-document-form.js').then(({ enhanceTmxDocumentForm }) => enhanceTmxDocumentForm(tmxForm));
}

const editorRoot = document.querySelector<HTMLElement>('#editor[data-boot]');
if (editorRoot) {
  void import('./editor/editor.js').then(({ Editor }) => new Editor(editorRoot).start());
}

const reviewRoot = document.querySelector<HTMLElement>('#review[data-boot]');
if (reviewRoot) {
  void import('./review/review.js').then(({ Review }) => new Review(reviewRoot).start());
}

const termSuggestions = document.querySelector<HTMLElement>('[data-term-suggestions]');
if (termSuggestions) {
  void import('./term-suggestions.js').then(({ enhanceTermSuggestions }) => enhanceTermSuggestions(termSuggestions));
}
