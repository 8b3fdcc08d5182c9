import { ERROR_CATEGORIES, ERROR_CATEGORY_LABELS } from '../../domain.js';
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { requirePermission } from '../access.js';
import { requireUser } from '../session.js';
import {
  approveAllBody, assignmentBody, auditQuery, commentBody, commentParams, decisionBody, documentParams, parse,
  resolveBody, restoreBody, reviewParams, reviewQuery, secondReviewBody, slotParams,
} from '../schemas.js';
import { auditView, reviewView } from '../view-models/review.js';
import { ValidationError } from '../../services/errors.js';

/** Day bounds from the form become ISO instants ("to" includes its whole day). */
function auditFilter(query: unknown) {
  const q = parse(auditQuery, query);
  const to = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return { q, filter: { ...(q.user && { userName: q.user }), ...(q.document && { documentId: q.document }), ...(q.action && { action: q.action }), ...(q.from && { from: `${q.from}T00:00:00.000Z` }), ...(to && { to }), ...(q.before && { before: q.before }) } };
}

/** Review mode, comments, history and restore, assignments, and the audit log. */
export function reviewRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.get('/documents/:id/review/:lang', requireUser, showReviewPage);
  router.get('/admin/audit', requireUser, requirePermission('read-audit'), showAuditPage);
  router.post('/documents/:id/assignments', requireUser, assignFromForm);
  router.post('/documents/:id/second-review', requireUser, secondReviewFromForm);

  const api = Router();
  api.use(requireUser);
  api.get('/documents/:id/review/:lang', listReview);
  api.post('/documents/:id/review/:lang/approve-all', approveAll);
  api.post('/documents/:id/slots/:segmentId/:lang/approve', approve);
  api.post('/documents/:id/slots/:segmentId/:lang/reject', reject);
  api.get('/documents/:id/slots/:segmentId/:lang/comments', listComments);
  api.post('/documents/:id/slots/:segmentId/:lang/comments', addComment);
  api.post('/comments/:commentId', resolveComment);
  api.get('/documents/:id/slots/:segmentId/:lang/history', slotHistory);
  api.post('/documents/:id/slots/:segmentId/:lang/restore', restore);
  api.get('/documents/:id/assignments', listAssignments);
  api.post('/documents/:id/assignments', assign);
  api.get('/documents/:id/review-passes', listReviewPasses);
  api.post('/documents/:id/second-review', setSecondReview);
  api.get('/documents/:id/activity', activity);
  api.get('/audit', listAudit);
  router.use('/api', api);
  return router;

  // ------------------------------------------------------------------ pages

  function showReviewPage(req: Request, res: Response): void {
    const { id, lang } = parse(reviewParams, req.params);
    const document = services.documents.getDocument(id);
    if (!document.langs.includes(lang)) throw new ValidationError(`This document has no ${lang} translation.`);
    res.render('pages/review', {
      title: `Review · ${document.title}`,
      view: reviewView(document, lang, services.accounts.keymap(res.locals.user!.id), services.review.reviewPasses(id).some((p) => p.lang === lang && p.secondReview)),
      errorCategories: ERROR_CATEGORIES.map((category) => ({ category, label: ERROR_CATEGORY_LABELS[category] })),
    });
  }

  function showAuditPage(req: Request, res: Response): void {
    const { q, filter } = auditFilter(req.query);
    const entries = services.review.listAudit({ user: res.locals.user!, limit: 200, ...filter });
    res.render('pages/audit', { title: 'Audit log', view: auditView(entries, q, services.documents.listDocuments(), services.accounts.listUsers()) });
  }

  function assignFromForm(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const body = parse(assignmentBody, req.body);
    services.review.assign({ documentId: id, lang: body.lang, userName: body.user, role: body.role, remove: body.remove, user: res.locals.user! });
    res.redirect(303, `/documents/${id}#assignments`);
  }

  function secondReviewFromForm(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const body = parse(secondReviewBody, req.body);
    services.review.setSecondReview({ documentId: id, lang: body.lang, enabled: body.enabled, user: res.locals.user! });
    res.redirect(303, `/documents/${id}#review-passes`);
  }

  // ------------------------------------------------------------------ JSON API

  function listReviewPasses(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    res.json({ reviewPasses: services.review.reviewPasses(id) });
  }

  function setSecondReview(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const body = parse(secondReviewBody, req.body);
    services.review.setSecondReview({ documentId: id, lang: body.lang, enabled: body.enabled, user: res.locals.user! });
    res.json({ reviewPasses: services.review.reviewPasses(id) });
  }

  function listReview(req: Request, res: Response): void {
    const { id, lang } = parse(reviewParams, req.params);
    const query = parse(reviewQuery, req.query);
    res.json(services.review.listReview({ documentId: id, lang, ...query, user: res.locals.user! }));
  }

  function approveAll(req: Request, res: Response): void {
    const { id, lang } = parse(reviewParams, req.params);
    const body = parse(approveAllBody, req.body);
    res.json(services.review.approveAll({ documentId: id, lang, slots: body.slots, user: res.locals.user! }));
  }

  function approve(req: Request, res: Response): void {
    const p = parse(slotParams, req.params);
    const body = parse(decisionBody, req.body);
    res.json({ slot: services.review.approve({ documentId: p.id, segmentId: p.segmentId, lang: p.lang, version: body.version, overrideQa: body.overrideQa ?? false, user: res.locals.user! }) });
  }

  function reject(req: Request, res: Response): void {
    const p = parse(slotParams, req.params);
    const body = parse(decisionBody, req.body);
    res.json({ slot: services.review.reject({ documentId: p.id, segmentId: p.segmentId, lang: p.lang, version: body.version, comment: body.comment ?? '', ...(body.category && { category: body.category }), user: res.locals.user! }) });
  }

  function listComments(req: Request, res: Response): void {
    const p = parse(slotParams, req.params);
    res.json({ comments: services.review.listComments({ documentId: p.id, segmentId: p.segmentId, lang: p.lang, user: res.locals.user! }) });
  }

  function addComment(req: Request, res: Response): void {
    const p = parse(slotParams, req.params);
    const body = parse(commentBody, req.body);
    res.status(201).json({ comment: services.review.addComment({ documentId: p.id, segmentId: p.segmentId, lang: p.lang, body: body.body, user: res.locals.user! }) });
  }

  function resolveComment(req: Request, res: Response): void {
    const { commentId } = parse(commentParams, req.params);
    const body = parse(resolveBody, req.body);
    res.json({ comment: services.review.resolveComment({ commentId, resolved: body.resolved, user: res.locals.user! }) });
  }

  function slotHistory(req: Request, res: Response): void {
    const p = parse(slotParams, req.params);
    res.json(services.review.history({ documentId: p.id, segmentId: p.segmentId, lang: p.lang, user: res.locals.user! }));
  }

  function restore(req: Request, res: Response): void {
    const p = parse(slotParams, req.params);
    const body = parse(restoreBody, req.body);
    res.json({ slot: services.review.restore({ documentId: p.id, segmentId: p.segmentId, lang: p.lang, revisionId: body.revisionId, version: body.version, user: res.locals.user! }) });
  }

  function listAssignments(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    res.json({ assignments: services.review.listAssignments(id) });
  }

  function assign(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const body = parse(assignmentBody, req.body);
    services.review.assign({ documentId: id, lang: body.lang, userName: body.user, role: body.role, remove: body.remove, user: res.locals.user! });
    res.json({ assignments: services.review.listAssignments(id) });
  }

  function activity(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    res.json({ activity: services.review.activity(id) });
  }

  function listAudit(req: Request, res: Response): void {
    const { filter } = auditFilter(req.query);
    res.json({ entries: services.review.listAudit({ user: res.locals.user!, limit: 200, ...filter }) });
  }
}
