import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { choosesReviewMode, requirePermission } from '../access.js';
import { SESSION_COOKIE, cookieOptions, requireUser, safeNext } from '../session.js';
import { documentHtmlPageQuery, documentParams, importInput, loginForm, parse } from '../schemas.js';
import { PAGE_SIZE, documentListItem, documentPageRange, documentPager, documentView } from '../view-models/documents.js';
import { activityChart } from '../view-models/review.js';
import { DEFAULT_TARGET_LANGS } from '../../services/documents.js';
import { AuthenticationError, TooManyRequestsError } from '../../services/errors.js';
import { ERROR_CATEGORIES, ERROR_CATEGORY_LABELS, LANGUAGE_NAMES, type ErrorCategory } from '../../domain.js';

const IMPORT_PAGE = { title: 'Import a Chinese document', languages: LANGUAGE_NAMES, defaultLangs: DEFAULT_TARGET_LANGS };

/** The HTML pages: sign-in, the document list, the import form and the document view. */
export function pagesRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.get('/login', showLogin);
  router.post('/login', login);
  router.post('/logout', requireUser, logout);
  router.get('/', requireUser, showDocuments);
  router.get('/documents/new', requireUser, requirePermission('import-document'), showImportForm);
  router.post('/documents', requireUser, requirePermission('import-document'), importDocument);
  router.get('/documents/:id', requireUser, showDocument);
  return router;

  function showLogin(req: Request, res: Response): void {
    if (res.locals.user) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    res.render('pages/login', { title: 'Sign in', next: safeNext(req.query.next), name: '', error: null });
  }

  async function login(req: Request, res: Response): Promise<void> {
    const form = parse(loginForm, req.body);
    const next = safeNext(form.next);
    try {
      const { token } = await services.accounts.login({ name: form.name, password: form.password, client: req.ip ?? 'unknown' });
      res.cookie(SESSION_COOKIE, token, { ...cookieOptions(deps.secureCookies), maxAge: 14 * 86_400_000 });
      res.redirect(303, next);
    } catch (error) {
      // The login form shows its own errors in place, keeping the typed name.
      if (!(error instanceof AuthenticationError || error instanceof TooManyRequestsError)) throw error;
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(error instanceof TooManyRequestsError ? 429 : 401)
        .render('pages/login', { title: 'Sign in', next, name: form.name, error: error.message });
    }
  }

  function logout(_req: Request, res: Response): void {
    if (res.locals.sessionToken && res.locals.user) services.accounts.logout(res.locals.sessionToken, res.locals.user.id);
    res.clearCookie(SESSION_COOKIE, cookieOptions(deps.secureCookies));
    res.redirect(303, '/login');
  }

  function showDocuments(_req: Request, res: Response): void {
    const assigned = services.review.assignedDocuments(res.locals.user!);
    const documents = services.documents.listDocuments().map(documentListItem)
      .map((doc) => ({ ...doc, assignedAs: assigned.get(doc.id) ?? [] }))
      // Stable sort: the user's assigned work first, the rest in their usual order.
      .sort((a, b) => Number(b.assignedAs.length > 0) - Number(a.assignedAs.length > 0));
    res.render('pages/documents', { title: 'Documents', documents });
  }

  function showImportForm(_req: Request, res: Response): void {
    res.render('pages/import', { ...IMPORT_PAGE, ruleSets: services.segmentation.listRuleSets(), form: { title: '', text: '', langs: [...DEFAULT_TARGET_LANGS] }, error: null });
  }

  async function importDocument(req: Request, res: Response): Promise<void> {
    const { documentId } = await services.documents.importDocument(importInput(req.body, res.locals));
    res.redirect(303, `/documents/${documentId}`);
  }

  function showDocument(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    // One page of rows is read, never the whole document (issue #12).
    const range = documentPageRange(parse(documentHtmlPageQuery, req.query), services.documents.countSegments(id), PAGE_SIZE);
    const read = services.documents.getDocumentPage(id, range);
    const whole = documentView(read.grid, read);
    const view = { ...whole, pages: documentPager(whole, range, PAGE_SIZE) };
    res.render('pages/document', {
      title: view.title, view,
      assignments: services.review.listAssignments(id),
      activity: activityChart(services.review.activity(id)),
      counts: services.analysis.count(id),
      rejections: rejectionTable(services.review.rejectionCounts(id), view.langs),
      // Someone who may both translate and approve a language is asked how a review table's edits count.
      reviewChoice: choosesReviewMode(services.access, res.locals.user!, id, view.langs.map((l) => l.lang)),
      // Only those who may assign see who can be assigned.
      assignable: res.locals.allowed?.includes('manage-assignments') ? services.review.assignableUsers() : [],
      segmentation: { settings: services.segmentation.documentSettings(id), ruleSets: services.segmentation.listRuleSets() },
    });
  }
}

/** Rejections per error category (rows) and language (columns); null when nothing was rejected. */
function rejectionTable(counts: { lang: string; category: ErrorCategory | null; count: number }[], langs: { lang: string }[]) {
  if (counts.length === 0) return null;
  const rows = [...ERROR_CATEGORIES, null].map((category) => ({
    label: category ? ERROR_CATEGORY_LABELS[category] : 'No category given',
    counts: langs.map(({ lang }) => counts.find((c) => c.lang === lang && c.category === category)?.count ?? 0),
  })).filter((row) => row.label !== 'No category given' || row.counts.some((n) => n > 0));
  return { rows, totals: langs.map(({ lang }) => counts.filter((c) => c.lang === lang).reduce((sum, c) => sum + c.count, 0)) };
}
