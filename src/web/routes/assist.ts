import { Router, type Request, type Response } from 'express';
import { LANGUAGE_NAMES } from '../../domain.js';
import { PayloadTooLargeError, ValidationError } from '../../services/errors.js';
import type { TermHit } from '../../services/glossary.js';
import type { QaResult } from '../../services/qa.js';
import type { ConcordanceHit, PretranslateReport, TmMatch } from '../../services/tm.js';
import type { Term } from '../../store/terms.js';
import type { AppDeps } from '../app.js';
import { GLOSSARY_LANGS, assistParams, assistQuery, concordanceQuery, documentParams, glossaryExportQuery, glossaryPageQuery, parse, pretranslateBody, qaQuery, termBody, termFromForm, termParams } from '../schemas.js';
import { mayInWorkspace, requirePermission } from '../access.js';
import { requireUser } from '../session.js';

/** What the editor's assist panel receives for the focused slot. */
export interface AssistAnswer { segmentId: number; lang: string; source: string; matches: TmMatch[]; terms: TermHit[]; qa: QaResult[] }
export interface ConcordanceAnswer { q: string; hits: ConcordanceHit[] }
export interface PretranslateAnswer { report: PretranslateReport }

/** A term as the glossary page lists it. */
function termRow(term: Term) {
  const of = (lang: string, kind: string) => term.equivalents.filter((e) => e.lang === lang && e.kind === kind).map((e) => e.text);
  return {
    id: term.id, source: term.source, note: term.note, caseSensitive: term.caseSensitive,
    langs: GLOSSARY_LANGS.map((lang) => ({ lang, preferred: of(lang, 'preferred')[0] ?? '', allowed: of(lang, 'allowed'), forbidden: of(lang, 'forbidden') })),
  };
}

/**
 * Translation assistance: TM matches, terms and QA for the focused slot, pre-translation,
 * concordance; the glossary page and API; the per-document QA page.
 */
export function assistRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();

  // ------------------------------------------------------------------ editor assistance (JSON)

  router.get('/api/documents/:id/segments/:segmentId/assist', requireUser, (req, res) => {
    const params = parse(assistParams, req.params);
    const { lang } = parse(assistQuery, req.query);
    const { source, matches } = services.tm.lookup({ documentId: params.id, segmentId: params.segmentId, lang });
    const answer: AssistAnswer = {
      segmentId: params.segmentId, lang, source, matches,
      terms: services.glossary.termsIn(source, lang),
      qa: services.qa.checkSlot(params.id, params.segmentId, lang),
    };
    res.json(answer);
  });

  router.post('/api/documents/:id/pretranslate', requireUser, (req, res) => {
    const { id } = parse(documentParams, req.params);
    const body = parse(pretranslateBody, req.body);
    res.json({ report: services.tm.pretranslate({ documentId: id, lang: body.lang, threshold: body.threshold, user: res.locals.user! }) });
  });

  router.get('/api/tm/concordance', requireUser, (req, res) => {
    const query = parse(concordanceQuery, req.query);
    res.json({ q: query.q, hits: services.tm.concordance({ q: query.q, side: query.side, ...(query.lang && { lang: query.lang }) }) });
  });

  router.get('/api/documents/:id/qa', requireUser, async (req, res) => {
    const { id } = parse(documentParams, req.params);
    const { lang } = parse(qaQuery, req.query);
    res.json({ slots: await services.spelling.withSpelling(id, services.qa.listDocument(id, lang ? { lang } : {}), lang) });
  });

  router.get('/documents/:id/qa', requireUser, async (req, res) => {
    const { id } = parse(documentParams, req.params);
    const { lang } = parse(qaQuery, req.query);
    const document = services.documents.getDocument(id);
    const slots = await services.spelling.withSpelling(id, services.qa.listDocument(id, lang ? { lang } : {}), lang);
    const errors = slots.reduce((n, s) => n + s.results.filter((r) => r.severity === 'error').length, 0);
    res.render('pages/qa', {
      title: `Quality checks · ${document.title}`, document, slots, lang: lang ?? '', errors,
      warnings: slots.reduce((n, s) => n + s.results.length, 0) - errors,
      langs: document.langs.map((l) => ({ lang: l, name: LANGUAGE_NAMES[l.split('-')[0] ?? l]?.english ?? l })),
    });
  });

  // ------------------------------------------------------------------ glossary page

  const canManage = (res: Response) => mayInWorkspace(res, 'edit-glossary');
  // The glossary is paged (a 70,000-term glossary made a 54 MB page, issue #12), with a search.
  const glossaryPage = (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const query = glossaryPageQuery.safeParse(req.method === 'GET' ? req.query : {});
    const listed = services.glossary.listTermsPage(query.success ? { ...(query.data.q !== undefined && { q: query.data.q }), page: query.data.page } : {});
    res.status(status).render('pages/glossary', {
      title: 'Glossary', terms: listed.terms.map(termRow), total: listed.total, page: listed.page, pages: listed.pages, q: listed.q,
      langs: GLOSSARY_LANGS, canManage: canManage(res), error: null, report: null, form: null, ...extra,
    });
  };

  router.get('/glossary', requireUser, (req, res) => {
    parse(glossaryPageQuery, req.query);
    glossaryPage(req, res, 200);
  });

  router.post('/glossary', requireUser, requirePermission('edit-glossary'), (req, res) => {
    const input = termFromForm(req.body);
    try {
      services.glossary.createTerm(input, res.locals.user!);
    } catch (error) {
      // The form shows a refused term in place, keeping what was typed.
      if (!(error instanceof ValidationError)) throw error;
      glossaryPage(req, res, 400, { error: error.message, form: req.body as unknown });
      return;
    }
    res.redirect(303, '/glossary');
  });

  router.post('/glossary/:termId/delete', requireUser, requirePermission('edit-glossary'), (req, res) => {
    const { termId } = parse(termParams, req.params);
    services.glossary.deleteTerm(termId, res.locals.user!);
    res.redirect(303, '/glossary');
  });

  router.post('/glossary/import', requireUser, requirePermission('edit-glossary'), (req, res) => {
    const file = res.locals.uploadedFile;
    try {
      if (!file || file.bytes.byteLength === 0) throw new ValidationError('Choose a CSV or TBX file to import.', { code: 'empty_file' });
      glossaryPage(req, res, 200, { report: services.glossary.importFile(file, res.locals.user!) });
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof PayloadTooLargeError)) throw error;
      glossaryPage(req, res, 400, { error: error.message });
    }
  });

  router.get('/glossary/export', requireUser, (req, res) => {
    const { format } = parse(glossaryExportQuery, req.query);
    const file = services.glossary.exportFile(format);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.send(file.body);
  });

  // ------------------------------------------------------------------ glossary API

  router.get('/api/glossary', requireUser, (req, res) => {
    const query = parse(glossaryPageQuery, req.query);
    const listed = services.glossary.listTermsPage({ ...(query.q !== undefined && { q: query.q }), page: query.page, pageSize: query.pageSize ?? 1000 });
    res.json({ terms: listed.terms, total: listed.total, page: listed.page, pages: listed.pages });
  });

  router.post('/api/glossary', requireUser, (req, res) => {
    const body = parse(termBody, req.body);
    res.status(201).json({ term: services.glossary.createTerm(body, res.locals.user!) });
  });

  router.put('/api/glossary/:termId', requireUser, (req, res) => {
    const { termId } = parse(termParams, req.params);
    const body = parse(termBody, req.body);
    res.json({ term: services.glossary.updateTerm(termId, body, res.locals.user!) });
  });

  router.delete('/api/glossary/:termId', requireUser, (req, res) => {
    const { termId } = parse(termParams, req.params);
    services.glossary.deleteTerm(termId, res.locals.user!);
    res.status(204).end();
  });

  router.post('/api/glossary/import', requireUser, (_req, res) => {
    const file = res.locals.uploadedFile;
    if (!file || file.bytes.byteLength === 0) throw new ValidationError('Send a CSV or TBX file in the "file" field.', { code: 'empty_file' });
    res.json({ report: services.glossary.importFile(file, res.locals.user!) });
  });

  return router;
}
