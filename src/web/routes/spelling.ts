import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { requireUser } from '../session.js';
import { parse, spellingBody, suggestionsQuery } from '../schemas.js';

/** Spelling for the editor: the misspelt words of some texts, and suggestions for a word. */
export function spellingRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.post('/api/spelling', requireUser, check);
  router.get('/api/spelling/suggestions', requireUser, suggest);
  return router;

  async function check(req: Request, res: Response): Promise<void> {
    const body = parse(spellingBody, req.body);
    const misspelt = await services.spelling.check(body.lang, body.texts);
    res.json({ supported: misspelt !== null, misspelt: misspelt ?? [] });
  }

  async function suggest(req: Request, res: Response): Promise<void> {
    const query = parse(suggestionsQuery, req.query);
    const suggestions = await services.spelling.suggest(query.lang, query.word);
    res.json({ supported: suggestions !== null, suggestions: suggestions ?? [] });
  }
}
