import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { requireUser } from '../session.js';
import { documentParams, parse } from '../schemas.js';

/** A document's counts and TM match analysis (HTML page and CSV download). */
export function analysisRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.get('/documents/:id/analysis', requireUser, showAnalysis);
  router.get('/documents/:id/analysis.csv', requireUser, downloadAnalysis);
  return router;

  function showAnalysis(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const result = services.analysis.analyse(id);
    res.render('pages/analysis', { title: `Analysis: ${result.title}`, result });
  }

  function downloadAnalysis(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const result = services.analysis.analyse(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="analysis-${id}.csv"`);
    res.send(services.analysis.csv(result));
  }
}
