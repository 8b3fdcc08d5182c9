import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { requireUser } from '../session.js';
import { alignmentSettingsBody, documentParams, findQuery, jobParams, keymapBody, realignColumnBody, operationRequest, parse, replaceBody, rowsQuery, translationForm } from '../schemas.js';
import { parseSlotParams, parseSlotSaveBody } from '../slot-save-input.js';
import { sendJson } from '../json.js';
import { answeringDomainErrors } from '../errors.js';
import { editorView } from '../view-models/editor.js';

/** The editor page. */
export function editorRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.get('/documents/:id/edit', requireUser, showEditor);
  return router;

  function showEditor(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const user = res.locals.user!;
    // The boot names the document and its size; the rows come a page at a time (issue #12).
    const grid = { document: services.documents.getDocument(id), segmentCount: services.documents.countSegments(id) };
    res.render('pages/editor', { title: `Edit · ${grid.document.title}`, view: editorView(grid, user, services.accounts.keymap(user.id), services.access, services.slots.alignmentPreferences(user.id),
      services.review.reviewPasses(grid.document.id).filter((p) => p.secondReview).map((p) => p.lang)) });
  }
}

/**
 * The editor's JSON API, mounted at /api by app.ts straight under the app (not inside the
 * page router): rows, slot saves, alignment operations, undo/redo, translation import.
 */
export function editorApiRouter(deps: AppDeps): Router {
  const { services } = deps;
  const api = Router();
  api.use(requireUser);
  // The editor's hot paths: a page of rows per scroll, a save per pause in typing.
  api.get('/documents/:id/rows', answeringDomainErrors(listRows));
  api.put('/documents/:id/slots/:segmentId/:lang', answeringDomainErrors(saveSlot));
  api.post('/documents/:id/operations', applyOperation);
  api.get('/documents/:id/find', find);
  api.post('/documents/:id/replace', replace);
  api.post('/documents/:id/undo', undo);
  api.post('/documents/:id/redo', redo);
  api.get('/documents/:id/history', undoHistory);
  api.post('/documents/:id/realign', startColumnRealign);
  api.post('/documents/:id/translations', startTranslationImport);
  api.get('/jobs/:jobId', showJob);
  api.delete('/jobs/:jobId', cancelJob);
  api.get('/settings/keymap', showKeymap);
  api.put('/settings/keymap', saveKeymap);
  api.get('/settings/alignment', showAlignmentSettings);
  api.put('/settings/alignment', saveAlignmentSettings);
  return api;

  function listRows(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const query = parse(rowsQuery, req.query);
    if (query.q !== undefined || query.status.length > 0) {
      sendJson(res, services.slots.listFilteredRows(id, {
        offset: query.offset, limit: query.limit,
        filter: { ...(query.q !== undefined && { text: query.q }), ...(query.lang && { lang: query.lang }), statuses: query.status },
      }));
      return;
    }
    sendJson(res, services.slots.listRows(id, { offset: query.offset, limit: query.limit, ...(query.low && { lowConfidenceLang: query.low }) }));
  }

  function saveSlot(req: Request, res: Response): void {
    const params = parseSlotParams(req.params);
    const body = parseSlotSaveBody(req.body);
    sendJson(res, services.slots.editSlot({
      documentId: params.id, segmentId: params.segmentId, lang: params.lang, text: body.text, version: body.version,
      user: res.locals.user!, ...(body.confirm && { confirm: true }),
    }));
  }

  function applyOperation(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const body = parse(operationRequest, req.body);
    res.json(services.slots.applyOperation({
      documentId: id, kind: body.kind, segmentId: body.segmentId, user: res.locals.user!,
      ...(body.lang !== undefined && { lang: body.lang }),
      ...(body.version !== undefined && { version: body.version }),
      ...(body.at !== undefined && { at: body.at }),
    }));
  }

  /** A preview of find (and replace) in one language column. */
  async function find(req: Request, res: Response): Promise<void> {
    const { id } = parse(documentParams, req.params);
    const q = parse(findQuery, req.query);
    res.json(await services.slots.find({
      documentId: id, lang: q.lang, query: q.query, regex: q.regex, caseSensitive: q.caseSensitive, statuses: q.status, user: res.locals.user!,
      ...(q.replacement !== undefined && { replacement: q.replacement }),
    }));
  }

  async function replace(req: Request, res: Response): Promise<void> {
    const { id } = parse(documentParams, req.params);
    const body = parse(replaceBody, req.body);
    res.json(await services.slots.replace({ documentId: id, ...body, user: res.locals.user! }));
  }

  function undo(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    res.json(services.slots.undo({ documentId: id, user: res.locals.user! }));
  }

  function redo(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    res.json(services.slots.redo({ documentId: id, user: res.locals.user! }));
  }

  function undoHistory(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    res.json(services.slots.history(id, res.locals.user!));
  }

  /** Starts an import-and-align job; answers 202 with the job to poll. Refusals come at once. */
  async function startTranslationImport(req: Request, res: Response): Promise<void> {
    const { id } = parse(documentParams, req.params);
    const form = parse(translationForm, req.body);
    const user = res.locals.user!;
    const prepared = await services.translations.prepare({
      documentId: id, lang: form.lang, replace: form.replace, user,
      ...(form.text !== undefined && { text: form.text }),
      ...(res.locals.uploadedFile && { file: res.locals.uploadedFile }),
    });
    const job = services.jobs.start(user.id, 'aligning', (control) => services.translations.run(prepared, control));
    res.status(202).location(`/api/jobs/${job.id}`).json({ job, url: `/api/jobs/${job.id}` });
  }

  /** "Re-align unconfirmed" for one language column: a job to poll (refusals come at once). */
  function startColumnRealign(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const { lang } = parse(realignColumnBody, req.body);
    const user = res.locals.user!;
    const input = { documentId: id, lang, user };
    services.slots.checkRealignColumn(input);
    const job = services.jobs.start(user.id, 're-aligning', (control) => services.slots.realignUnconfirmed(input, control));
    res.status(202).location(`/api/jobs/${job.id}`).json({ job, url: `/api/jobs/${job.id}` });
  }

  function showJob(req: Request, res: Response): void {
    const { jobId } = parse(jobParams, req.params);
    res.json({ job: services.jobs.get(jobId, res.locals.user!.id) });
  }

  /** Cancels the user's running job; it stops before it writes, and keeps nothing. */
  function cancelJob(req: Request, res: Response): void {
    const { jobId } = parse(jobParams, req.params);
    res.json({ job: services.jobs.cancel(jobId, res.locals.user!.id) });
  }

  function showKeymap(_req: Request, res: Response): void {
    res.json({ keymap: services.accounts.keymap(res.locals.user!.id) });
  }

  function saveKeymap(req: Request, res: Response): void {
    const { keymap } = parse(keymapBody, req.body);
    services.accounts.saveKeymap(res.locals.user!.id, keymap);
    res.json({ keymap });
  }

  function showAlignmentSettings(_req: Request, res: Response): void {
    res.json(services.slots.alignmentPreferences(res.locals.user!.id));
  }

  function saveAlignmentSettings(req: Request, res: Response): void {
    const body = parse(alignmentSettingsBody, req.body);
    res.json(services.slots.saveAlignmentPreferences(res.locals.user!.id, body));
  }
}
