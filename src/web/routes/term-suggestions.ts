import { Router, type Response } from 'express';
import { LANGUAGE_NAMES } from '../../domain.js';
import { ValidationError } from '../../services/errors.js';
import type { TermSuggestion } from '../../services/term-suggestions.js';
import type { AppDeps } from '../app.js';
import { acceptSuggestionBody, parse, suggestionQuery, termParams } from '../schemas.js';
import { mayInWorkspace, requirePermission } from '../access.js';
import { requireUser } from '../session.js';

const PAGE = 20;
const languageLabel = (lang: string) => LANGUAGE_NAMES[lang.split('-')[0] ?? lang]?.english ?? lang;

/**
 * Cross-lingual term suggestions (issue #16): a glossary term's missing equivalent proposed from
 * the documents, and accepting one into the glossary. A page beside the glossary, and JSON.
 */
export function termSuggestionsRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();

  router.get('/api/glossary/:termId/suggestions', requireUser, (req, res) => {
    const { termId } = parse(termParams, req.params);
    const query = parse(suggestionQuery, req.query);
    res.json({ suggestion: services.termSuggestions.suggest({ termId, lang: query.lang, pivot: query.pivot }) });
  });

  router.post('/api/glossary/:termId/suggestions/accept', requireUser, (req, res) => {
    const { termId } = parse(termParams, req.params);
    const body = parse(acceptSuggestionBody, req.body);
    res.json({ term: services.termSuggestions.accept({ termId, lang: body.lang, pivot: body.pivot, text: body.text, user: res.locals.user! }) });
  });

  const page = (res: Response, status: number, input: { lang: string; pivot: string; page: number; accepted?: string | null; error?: string | null }) => {
    const list = services.termSuggestions.listOpen({ lang: input.lang, pivot: input.pivot, offset: (input.page - 1) * PAGE, limit: PAGE });
    const canManage = mayInWorkspace(res, 'edit-glossary');
    res.status(status).render('pages/term-suggestions', {
      title: 'Suggested equivalents', lang: input.lang, pivot: input.pivot, langName: languageLabel(input.lang), pivotName: languageLabel(input.pivot),
      suggestions: list.suggestions.map((s: TermSuggestion) => ({ ...s, candidates: s.candidates.map((c, i) => ({ ...c, key: i < 9 ? String(i + 1) : '' })) })),
      total: list.total, page: input.page, pages: Math.max(1, Math.ceil(list.total / PAGE)),
      canManage, accepted: input.accepted ?? null, error: input.error ?? null,
    });
  };

  router.get('/glossary/suggestions', requireUser, (req, res) => {
    const query = parse(suggestionQuery, req.query);
    const accepted = query.accepted ? services.glossary.listTerms().find((t) => t.id === query.accepted)?.source ?? null : null;
    page(res, 200, { lang: query.lang, pivot: query.pivot, page: query.page, accepted });
  });

  router.post('/glossary/:termId/suggestions/accept', requireUser, requirePermission('edit-glossary'), (req, res) => {
    const { termId } = parse(termParams, req.params);
    const body = parse(acceptSuggestionBody, req.body);
    try {
      services.termSuggestions.accept({ termId, lang: body.lang, pivot: body.pivot, text: body.text, user: res.locals.user! });
    } catch (error) {
      // Shown on the page in place; the glossary is unchanged.
      if (!(error instanceof ValidationError)) throw error;
      page(res, 400, { lang: body.lang, pivot: body.pivot, page: 1, error: error.message });
      return;
    }
    res.redirect(303, `/glossary/suggestions?${new URLSearchParams({ lang: body.lang, pivot: body.pivot, accepted: String(termId) })}`);
  });

  return router;
}
