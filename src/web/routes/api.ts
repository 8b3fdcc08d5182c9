import { Router } from 'express';
import type { AppDeps } from '../app.js';
import { requirePermission } from '../access.js';
import { requireUser } from '../session.js';
import { documentParams, importInput, parse } from '../schemas.js';
import { documentListItem, documentView } from '../view-models/documents.js';
import type { DocumentCreated, DocumentList, DocumentDetail } from '../api-types.js';

/** The JSON API under /api: the same data the pages show, for scripts and the browser client. */
export function apiRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.use(requireUser);

  router.get('/documents', (_req, res) => {
    const body: DocumentList = { documents: services.documents.listDocuments().map(documentListItem) };
    res.json(body);
  });

  router.post('/documents', requirePermission('import-document'), async (req, res) => {
    const result = await services.documents.importDocument(importInput(req.body, res.locals));
    const body: DocumentCreated = { ...result, url: `/documents/${result.documentId}` };
    res.status(201).location(body.url).json(body);
  });

  router.get('/documents/:id', (req, res) => {
    const { id } = parse(documentParams, req.params);
    const body: DocumentDetail = { document: documentView(services.documents.getDocumentGrid(id)) };
    res.json(body);
  });

  return router;
}
