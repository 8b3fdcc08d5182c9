import { Router } from 'express';
import type { AppDeps } from '../app.js';
import { requireUser } from '../session.js';
import { documentParams, jobParams, keymapBody, operationRequest, parse, rowsQuery, slotParams, slotSave, translationForm } from '../schemas.js';
import { editorView } from '../view-models/editor.js';

/** The editor page and its JSON API: rows, slot saves, alignment operations, undo/redo, translation import. */
export function editorRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();

  router.get('/documents/:id/edit', requireUser, (req, res) => {
    const { id } = parse(documentParams, req.params);
    const user = res.locals.user!;
    const grid = services.documents.getDocumentGrid(id);
    res.render('pages/editor', { title: `Edit · ${grid.document.title}`, view: editorView(grid, user, services.accounts.keymap(user.id), services.access) });
  });

  const api = Router();
  api.use(requireUser);

  api.get('/documents/:id/rows', (req, res) => {
    const { id } = parse(documentParams, req.params);
    const query = parse(rowsQuery, req.query);
    res.json(services.slots.listRows(id, { offset: query.offset, limit: query.limit, ...(query.low && { lowConfidenceLang: query.low }) }));
  });

  api.put('/documents/:id/slots/:segmentId/:lang', (req, res) => {
    const params = parse(slotParams, req.params);
    const body = parse(slotSave, req.body);
    res.json(services.slots.editSlot({
      documentId: params.id, segmentId: params.segmentId, lang: params.lang, text: body.text, version: body.version,
      user: res.locals.user!, ...(body.confirm && { confirm: true }),
    }));
  });

  api.post('/documents/:id/operations', (req, res) => {
    const { id } = parse(documentParams, req.params);
    const body = parse(operationRequest, req.body);
    res.json(services.slots.applyOperation({
      documentId: id, kind: body.kind, segmentId: body.segmentId, user: res.locals.user!,
      ...(body.lang !== undefined && { lang: body.lang }),
      ...(body.version !== undefined && { version: body.version }),
      ...(body.at !== undefined && { at: body.at }),
    }));
  });

  api.post('/documents/:id/undo', (req, res) => {
    const { id } = parse(documentParams, req.params);
    res.json(services.slots.undo({ documentId: id, user: res.locals.user! }));
  });

  api.post('/documents/:id/redo', (req, res) => {
    const { id } = parse(documentParams, req.params);
    res.json(services.slots.redo({ documentId: id, user: res.locals.user! }));
  });

  api.get('/documents/:id/history', (req, res) => {
    const { id } = parse(documentParams, req.params);
    res.json(services.slots.history(id, res.locals.user!));
  });

  /** Starts an import-and-align job; answers 202 with the job to poll. Refusals come at once. */
  api.post('/documents/:id/translations', async (req, res) => {
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
  });

  api.get('/jobs/:jobId', (req, res) => {
    const { jobId } = parse(jobParams, req.params);
    res.json({ job: services.jobs.get(jobId, res.locals.user!.id) });
  });

  api.get('/settings/keymap', (_req, res) => {
    res.json({ keymap: services.accounts.keymap(res.locals.user!.id) });
  });

  api.put('/settings/keymap', (req, res) => {
    const { keymap } = parse(keymapBody, req.body);
    services.accounts.saveKeymap(res.locals.user!.id, keymap);
    res.json({ keymap });
  });

  router.use('/api', api);
  return router;
}
