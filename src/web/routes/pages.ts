import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { choosesReviewMode, mayInWorkspace, requirePermission } from '../access.js';
import { SESSION_COOKIE, cookieOptions, requireUser, safeNext } from '../session.js';
import { documentHtmlPageQuery, documentParams, importInput, loginForm, parse } from '../schemas.js';
import { PAGE_SIZE, documentListItem, documentPageRange, documentPager, documentView } from '../view-models/documents.js';
import { activityChart } from '../view-models/review.js';
import { DEFAULT_TARGET_LANGS } from '../../services/documents.js';
import { AuthenticationError, TooManyRequestsError } from '../../services/errors.js';
import { ERROR_CATEGORIES, ERROR_CATEGORY_LABELS, LANGUAGE_NAMES, REVIEW_PASSES, type ErrorCategory, type ReviewPass } from '../../domain.js';
import type { PassCounts } from '../../services/review.js';

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
      reviewPasses: reviewPassesView(services.review.reviewPasses(id), view.langs),
      // Someone who may both translate and approve a language is asked how a review table's edits count.
      reviewChoice: choosesReviewMode(services.access, res.locals.user!, id, view.langs.map((l) => l.lang)),
      // Only those who may assign see who can be assigned.
      assignable: mayInWorkspace(res, 'manage-assignments') ? services.review.assignableUsers() : [],
      segmentation: { settings: services.segmentation.documentSettings(id), ruleSets: services.segmentation.listRuleSets() },
    });
  }
}

/**
 * Rejections per error category (rows) and language (columns); null when nothing was
 * rejected. A language with second-pass rejections gets a column per pass (R1, R2).
 */
function rejectionTable(counts: { lang: string; pass: ReviewPass; category: ErrorCategory | null; count: number }[], langs: { lang: string; name: string }[]) {
  if (counts.length === 0) return null;
  const columns = langs.flatMap(({ lang, name }) => (counts.some((c) => c.lang === lang && c.pass === 2)
    ? REVIEW_PASSES.map((pass) => ({ lang, pass: pass as ReviewPass | null, label: `${name} R${pass}` }))
    : [{ lang, pass: null as ReviewPass | null, label: name }]));
  const of = (column: { lang: string; pass: ReviewPass | null }) => counts.filter((c) => c.lang === column.lang && (column.pass === null || c.pass === column.pass));
  const rows = [...ERROR_CATEGORIES, null].map((category) => ({
    label: category ? ERROR_CATEGORY_LABELS[category] : 'No category given',
    counts: columns.map((column) => of(column).filter((c) => c.category === category).reduce((sum, c) => sum + c.count, 0)),
  })).filter((row) => row.label !== 'No category given' || row.counts.some((n) => n > 0));
  return { columns: columns.map((c) => c.label), rows, totals: columns.map((column) => of(column).reduce((sum, c) => sum + c.count, 0)) };
}

/** The review passes card: per language, one or two passes and the decisions of each. */
function reviewPassesView(passes: { lang: string; secondReview: boolean; waitingForSecond: number; passes: PassCounts[] }[], langs: { lang: string; name: string }[]) {
  return passes.map((p) => ({
    lang: p.lang, name: langs.find((l) => l.lang === p.lang)?.name ?? p.lang, secondReview: p.secondReview, waitingForSecond: p.waitingForSecond,
    passes: p.passes.map((c) => ({
      label: p.passes.length > 1 ? `R${c.pass}` : 'Review', approved: c.approved, rejected: c.rejected,
    })),
  }));
}
