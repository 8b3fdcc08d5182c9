import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { requirePermission } from '../access.js';
import { requireUser } from '../session.js';
import { documentPageQuery, documentParams, importInput, parse } from '../schemas.js';
import { documentListItem, documentView } from '../view-models/documents.js';
import type { DocumentCreated, DocumentList, DocumentDetail } from '../api-types.js';

/** The JSON API under /api: the same data the pages show, for scripts and the browser client. */
export function apiRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.use(requireUser);
  router.get('/documents', listDocuments);
  router.post('/documents', requirePermission('import-document'), importDocument);
  router.get('/documents/:id', showDocument);
  return router;

  function listDocuments(_req: Request, res: Response): void {
    const body: DocumentList = { documents: services.documents.listDocuments().map(documentListItem) };
    res.json(body);
  }

  async function importDocument(req: Request, res: Response): Promise<void> {
    const result = await services.documents.importDocument(importInput(req.body, res.locals));
    const body: DocumentCreated = { ...result, url: `/documents/${result.documentId}` };
    res.status(201).location(body.url).json(body);
  }

  /** One page of the document (issue #12: never the whole of a big one in one reply). */
  function showDocument(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const query = parse(documentPageQuery, req.query);
    const page = services.documents.getDocumentPage(id, query);
    const end = page.offset + page.grid.segments.length;
    const body: DocumentDetail = {
      document: documentView(page.grid, page),
      page: { offset: page.offset, limit: query.limit, total: page.total, next: end < page.total ? end : null },
    };
    res.json(body);
  }
}
