import { Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LARGE_IMPORT_BYTES } from '../../services/document-import.js';
import { PayloadTooLargeError, ValidationError } from '../../services/errors.js';
import type { TmImportInput } from '../../services/exchange.js';
import type { JobControl } from '../../services/jobs.js';
import type { TmxDocumentCreated } from '../api-types.js';
import type { AppDeps } from '../app.js';
import { exportQuery, parse, returnForm, returnParams, tmImportForm } from '../schemas.js';
import { choosesReviewMode, requirePermission } from '../access.js';
import { requireUser } from '../session.js';
import { returnReportView, tmImportReportView } from '../view-models/exchange.js';

/** Export downloads (any signed-in user), TMX import (translators and admins) and returned files. */
export function exchangeRouter(deps: AppDeps): Router {
  const { exchange, returns, tmImports, jobs } = deps.services;
  const router = Router();
  /** A TMX import into the TM: a large file in parts off the request thread (services/tm-import.ts). */
  const importIntoTm = async (input: TmImportInput) =>
    'bytes' in input.file && input.file.bytes.byteLength > LARGE_IMPORT_BYTES ? tmImports.importTmxInParts(input) : exchange.importTmx(input);

  router.get('/export', requireUser, async (req, res) => {
    const query = parse(exportQuery, req.query);
    // The export form always sends `langs` (an empty value first): nothing ticked is a mistake,
    // not "every language". Leaving `langs` out of a URL still means every language.
    if ('langs' in req.query && query.langs.length === 0) {
      throw new ValidationError('Tick at least one language to export.', { details: { field: 'langs' } });
    }
    const result = exchange.exportDocuments({
      documents: query.documents, langs: query.langs, statuses: query.statuses,
      includeNotes: query.notes === '1' || query.notes === 'on', format: query.format, user: res.locals.user ?? null,
      alignedAbove: query.aligned, copySourceToEmptyTargets: query.copySource,
    });
    // The first chunk before the answer begins: a body that fails at once (its snapshot or
    // worker cannot open the database) is answered with an error page, not a cut connection.
    const body = result.body[Symbol.asyncIterator]();
    const first = await body.next();
    res.setHeader('Content-Type', result.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${result.filename}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    for (const warning of result.warnings) res.append('X-Duizhao-Warning', warning);
    await pipeline(Readable.from((async function* () {
      if (first.done) return;
      yield first.value;
      yield* { [Symbol.asyncIterator]: () => body };
    })()), res);
  });

  const page = (res: Parameters<Parameters<typeof router.get>[1]>[1], status: number, extra: Record<string, unknown>) =>
    res.status(status).render('pages/tm-import', { title: 'Import a TMX file', report: null, error: null, purpose: 'tm', ...extra });

  router.get('/tm/import', requireUser, requirePermission('import-tmx'), (_req, res) => {
    page(res, 200, {});
  });

  router.post('/tm/import', requireUser, requirePermission('import-tmx'), async (req, res) => {
    const form = parse(tmImportForm, req.body);
    const file = res.locals.uploadedFile;
    try {
      if (!file || file.bytes.byteLength === 0) throw new ValidationError('Choose a TMX file to import.', { code: 'empty_file' });
      if (form.purpose === 'document') {
        const input = { file, ...(form.title && { title: form.title }), user: res.locals.user ?? null };
        const created = file.bytes.byteLength > LARGE_IMPORT_BYTES ? await exchange.createDocumentFromTmxInParts(input) : exchange.createDocumentFromTmx(input);
        res.redirect(303, `/documents/${created.documentId}`);
        return;
      }
      const report = await importIntoTm({ file, user: res.locals.user ?? null });
      page(res, 200, { report: tmImportReportView(report) });
    } catch (error) {
      // The import page shows a refused file in place, like the login form.
      if (!(error instanceof ValidationError || error instanceof PayloadTooLargeError)) throw error;
      page(res, 400, { error: error.message, purpose: form.purpose });
    }
  });

  /** A returned XLIFF or review table for one document: the report, on a page or as JSON. */
  router.post('/documents/:id/returns', requireUser, async (req, res) => {
    const { id } = parse(returnParams, req.params);
    const file = res.locals.uploadedFile;
    const document = deps.services.documents.getDocument(id);
    const render = (status: number, extra: Record<string, unknown>) =>
      res.status(status).render('pages/return-report', {
        title: `Import into ${document.title}`, document: { id, title: document.title }, report: null, error: null,
        reviewChoice: choosesReviewMode(deps.services.access, res.locals.user!, id, document.langs), ...extra,
      });
    try {
      if (!file || file.bytes.byteLength === 0) throw new ValidationError('Choose the XLIFF file or review table (.docx) to import.', { code: 'empty_file' });
      render(200, { report: returnReportView(await returns.importReturnedFile({ documentId: id, file, user: res.locals.user!, ...asReview(req.body) })) });
    } catch (error) {
      // A refused file is shown on the page, with nothing imported.
      if (!(error instanceof ValidationError || error instanceof PayloadTooLargeError)) throw error;
      render(400, { error: error.message });
    }
  });

  router.post('/api/documents/:id/returns', requireUser, async (req, res) => {
    const { id } = parse(returnParams, req.params);
    const file = res.locals.uploadedFile;
    if (!file || file.bytes.byteLength === 0) throw new ValidationError('Send the XLIFF file or review table in the "file" field.', { code: 'empty_file' });
    res.json(await returns.importReturnedFile({ documentId: id, file, user: res.locals.user!, ...asReview(req.body) }));
  });

  /**
   * With `Prefer: respond-async` (RFC 7240) it answers 202 with a job to poll (and cancel),
   * whose result is the report; without, the report when done, as before. With
   * `purpose=document` it creates a document from the file instead: the job's result (or the
   * 201 answer) names the new document and its URL.
   */
  router.post('/api/tm/import', requireUser, requirePermission('import-tmx'), async (req, res) => {
    const form = parse(tmImportForm, req.body ?? {});
    const file = res.locals.uploadedFile;
    if (!file || file.bytes.byteLength === 0) throw new ValidationError('Send a TMX file in the "file" field.', { code: 'empty_file' });
    const user = res.locals.user!;
    const async = /\brespond-async\b/i.test(req.get('prefer') ?? '');
    if (form.purpose === 'document') {
      // A new document from the file: written in parts and hidden until whole (services/tmx-document.ts).
      exchange.checkTmxDocumentImport(user);
      const input = { file, ...(form.title && { title: form.title }), user };
      const create = async (control?: JobControl): Promise<TmxDocumentCreated> => {
        const created = await exchange.createDocumentFromTmxInParts(input, control);
        return { ...created, url: `/documents/${created.documentId}` };
      };
      if (async) {
        const job = jobs.start(user.id, 'reading', create);
        res.status(202).location(`/api/jobs/${job.id}`).json({ job, url: `/api/jobs/${job.id}` });
        return;
      }
      const body = await create();
      res.status(201).location(body.url).json(body);
      return;
    }
    if (async) {
      const job = jobs.start(user.id, 'importing', (control) => tmImports.importTmxInParts({ file, user }, control));
      res.status(202).location(`/api/jobs/${job.id}`).json({ job, url: `/api/jobs/${job.id}` });
      return;
    }
    res.json(await importIntoTm({ file, user }));
  });

  return router;
}

/** The review-table choice of the return form: `editsAre=review` or `editsAre=translation` (absent: as the role says). */
function asReview(body: unknown): { asReview?: boolean } {
  const { editsAre } = parse(returnForm, body ?? {});
  return editsAre === undefined ? {} : { asReview: editsAre === 'review' };
}
