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

  /**
   * Creates a document. With `Prefer: respond-async` (RFC 7240) it answers 202 with a job to
   * poll (and cancel) at once; without, it answers 201 when done. A large import runs off the
   * request thread either way (services/document-import.ts).
   */
  async function importDocument(req: Request, res: Response): Promise<void> {
    const input = importInput(req.body, res.locals);
    if (/\brespond-async\b/i.test(req.get('prefer') ?? '')) {
      const user = res.locals.user!;
      const job = services.jobs.start(user.id, 'segmenting', async (control) => {
        const result = await services.documents.importDocument(input, control);
        return { ...result, url: `/documents/${result.documentId}` };
      });
      res.status(202).location(`/api/jobs/${job.id}`).json({ job, url: `/api/jobs/${job.id}` });
      return;
    }
    const result = await services.documents.importDocument(input);
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
