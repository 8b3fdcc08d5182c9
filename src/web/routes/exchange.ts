import { Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { isSlotStatus, type SlotStatus } from '../../domain.js';
import { createExchangeService, EXPORT_FORMATS, NON_EMPTY_STATUSES } from '../../services/exchange.js';
import { exportCommentSource } from '../../services/review.js';
import { PayloadTooLargeError, ValidationError } from '../../services/errors.js';
import type { AppDeps } from '../app.js';
import { parse } from '../schemas.js';
import { requireRole, requireUser } from '../session.js';
import { tmImportReportView } from '../view-models/exchange.js';

// These schemas belong in schemas.ts with the others; they live here until that file is free to edit (issue #6).
const list = z.union([z.string(), z.array(z.string())]).optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x.length > 0)));

/** The export form's query: documents=1,2 (none or "all" = every document), langs, statuses, notes, format. */
export const exportQuery = z.object({
  documents: list.transform((ids, ctx) => {
    if (ids.length === 0 || ids.includes('all')) return 'all' as const;
    const numbers = ids.map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
      ctx.addIssue({ code: 'custom', message: 'document ids are positive numbers' });
      return z.NEVER;
    }
    return numbers;
  }),
  langs: list,
  // "approved" (default), "all" (every non-empty status) or a list of statuses.
  statuses: list.transform((values, ctx): SlotStatus[] => {
    if (values.length === 0) return ['approved'];
    if (values.includes('all')) return [...NON_EMPTY_STATUSES];
    if (!values.every(isSlotStatus)) {
      ctx.addIssue({ code: 'custom', message: 'statuses are approved, translated, … or all' });
      return z.NEVER;
    }
    return values;
  }),
  notes: z.enum(['0', '1', 'on']).optional(),
  format: z.enum(EXPORT_FORMATS).default('tmx'),
});

export const tmImportForm = z.object({
  purpose: z.enum(['tm', 'document']).default('tm'),
  title: z.string().max(10_000).optional(),
});

/** Export downloads (any signed-in user) and TMX import (translators and admins). */
export function exchangeRouter(deps: AppDeps): Router {
  // Built here because services/index.ts is shared; moves there when the comments source (issue #5) is wired.
  const exchange = createExchangeService({ store: deps.store, now: () => new Date(), version: deps.version, comments: exportCommentSource(deps.store) });
  const router = Router();

  router.get('/export', requireUser, async (req, res) => {
    const query = parse(exportQuery, req.query);
    const result = exchange.exportDocuments({
      documents: query.documents, langs: query.langs, statuses: query.statuses,
      includeNotes: query.notes === '1' || query.notes === 'on', format: query.format, user: res.locals.user ?? null,
    });
    res.setHeader('Content-Type', result.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${result.filename}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    for (const warning of result.warnings) res.append('X-Duizhao-Warning', warning);
    await pipeline(Readable.from(result.body), res);
  });

  const page = (res: Parameters<Parameters<typeof router.get>[1]>[1], status: number, extra: Record<string, unknown>) =>
    res.status(status).render('pages/tm-import', { title: 'Import a TMX file', report: null, error: null, purpose: 'tm', ...extra });

  router.get('/tm/import', requireUser, requireRole('admin', 'translator'), (_req, res) => {
    page(res, 200, {});
  });

  router.post('/tm/import', requireUser, requireRole('admin', 'translator'), (req, res) => {
    const form = parse(tmImportForm, req.body);
    const file = res.locals.uploadedFile;
    try {
      if (!file || file.bytes.byteLength === 0) throw new ValidationError('Choose a TMX file to import.', { code: 'empty_file' });
      if (form.purpose === 'document') {
        const created = exchange.createDocumentFromTmx({ file, ...(form.title && { title: form.title }), user: res.locals.user ?? null });
        res.redirect(303, `/documents/${created.documentId}`);
        return;
      }
      const report = exchange.importTmx({ file, user: res.locals.user ?? null });
      page(res, 200, { report: tmImportReportView(report) });
    } catch (error) {
      // The import page shows a refused file in place, like the login form.
      if (!(error instanceof ValidationError || error instanceof PayloadTooLargeError)) throw error;
      page(res, 400, { error: error.message, purpose: form.purpose });
    }
  });

  router.post('/api/tm/import', requireUser, requireRole('admin', 'translator'), (_req, res) => {
    const file = res.locals.uploadedFile;
    if (!file || file.bytes.byteLength === 0) throw new ValidationError('Send a TMX file in the "file" field.', { code: 'empty_file' });
    res.json(exchange.importTmx({ file, user: res.locals.user ?? null }));
  });

  return router;
}
