import { Router } from 'express';
import { PayloadTooLargeError, ValidationError } from '../../services/errors.js';
import type { AppDeps } from '../app.js';
import { documentParams, parse, segmentationForm, srxImportForm } from '../schemas.js';
import { requirePermission } from '../access.js';
import { requireUser } from '../session.js';

/** SRX rule sets (list, import) and each document's segmentation settings (issue #14 §5). */
export function segmentationRouter(deps: AppDeps): Router {
  const { segmentation } = deps.services;
  const router = Router();
  const page = (res: Parameters<Parameters<typeof router.get>[1]>[1], status: number, extra: Record<string, unknown> = {}) =>
    res.status(status).render('pages/segmentation', { title: 'Segmentation rules', ruleSets: segmentation.listRuleSets(), imported: null, error: null, ...extra });

  router.get('/segmentation', requireUser, (_req, res) => {
    page(res, 200);
  });

  router.post('/segmentation', requireUser, requirePermission('edit-segmentation'), (req, res) => {
    const form = parse(srxImportForm, req.body);
    const file = res.locals.uploadedFile;
    try {
      if (!file || file.bytes.byteLength === 0) throw new ValidationError('Choose an SRX 2.0 file to import.', { code: 'empty_file' });
      const imported = segmentation.importRuleSet({ name: form.name, file, user: res.locals.user ?? null });
      page(res, 200, { imported: imported.name });
    } catch (error) {
      // A refused file (unreadable, hostile, an unsafe pattern) is shown in place, nothing stored.
      if (!(error instanceof ValidationError || error instanceof PayloadTooLargeError)) throw error;
      page(res, 400, { error: error.message });
    }
  });

  router.post('/api/segmentation', requireUser, requirePermission('edit-segmentation'), (req, res) => {
    const form = parse(srxImportForm, req.body);
    const file = res.locals.uploadedFile;
    if (!file || file.bytes.byteLength === 0) throw new ValidationError('Send the SRX file in the "file" field.', { code: 'empty_file' });
    const set = segmentation.importRuleSet({ name: form.name, file, user: res.locals.user ?? null });
    res.status(201).json({ id: set.id, name: set.name, createdAt: set.createdAt });
  });

  router.post('/documents/:id/segmentation', requireUser, requirePermission('edit-segmentation'), (req, res) => {
    const { id } = parse(documentParams, req.params);
    const form = parse(segmentationForm, req.body);
    segmentation.setDocumentSegmentation({ documentId: id, rulesId: form.rules, abbreviations: form.abbreviations.split('\n'), user: res.locals.user ?? null });
    res.redirect(303, `/documents/${id}#segmentation`);
  });

  router.put('/api/documents/:id/segmentation', requireUser, requirePermission('edit-segmentation'), (req, res) => {
    const { id } = parse(documentParams, req.params);
    const form = parse(segmentationForm, req.body);
    res.json(segmentation.setDocumentSegmentation({ documentId: id, rulesId: form.rules, abbreviations: form.abbreviations.split('\n'), user: res.locals.user ?? null }));
  });

  return router;
}
