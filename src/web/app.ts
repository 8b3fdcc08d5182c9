import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';
import type { Services } from '../services/index.js';
import type { Store } from '../store/index.js';
import { createHealthProbe, type HealthProbe } from '../store/health.js';
import type { Health } from './api-types.js';
import { errorHandler, notFound } from './errors.js';
import { analysisRouter } from './routes/analysis.js';
import { apiRouter } from './routes/api.js';
import { assistRouter } from './routes/assist.js';
import { exchangeRouter } from './routes/exchange.js';
import { editorApiRouter, editorRouter } from './routes/editor.js';
import { liveRouter } from './routes/live.js';
import { reviewRouter } from './routes/review.js';
import { segmentationRouter } from './routes/segmentation.js';
import { spellingRouter } from './routes/spelling.js';
import { pagesRouter } from './routes/pages.js';
import { offerAllowedActions } from './access.js';
import { termSuggestionsRouter } from './routes/term-suggestions.js';
import { usersRouter } from './routes/users.js';
import { securityHeaders } from './security.js';
import { readRateLimit, writeRateLimits, type WriteLimit } from './limits.js';
import { csrf, multipart, sessions } from './session.js';
import { chain } from './chain.js';
import { formBody } from './form-body.js';
import { jsonBody } from './json-body.js';

const ROOT = new URL('../../', import.meta.url);

export interface AppDeps {
  store: Store;
  services: Services;
  version: string;
  /** Set Secure on cookies (behind HTTPS). Off for plain http://127.0.0.1. */
  secureCookies: boolean;
  viewsDir?: string;
  publicDir?: string;
  log?: (message: string, error?: unknown) => void;
  /** Per-user write rate (limits.ts); defaults to 20/s with bursts of 60. */
  writeLimit?: WriteLimit;
  /** Per-user read rate (limits.ts); defaults to 50/s with bursts of 300. */
  readLimit?: WriteLimit;
  /** The database health probe behind /healthz (store/health.ts); one per app by default. */
  health?: HealthProbe;
}

const noStore: express.RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** Builds the Express app; only the CLI and the test helpers call listen(). */
export function createApp(deps: AppDeps): Express {
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(message, error));
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', deps.viewsDir ?? fileURLToPath(new URL('views/', ROOT)));
  app.set('x-powered-by', false);
  // Answers are Cache-Control: no-store (below), so an ETag (a SHA-1 of every JSON answer and
  // page) could never be used to revalidate; static files keep theirs (express.static's own).
  app.set('etag', false);
  app.locals.appVersion = deps.version;
  offerAllowedActions(app, deps.services.access);

  app.use(securityHeaders);
  app.use('/static', express.static(deps.publicDir ?? fileURLToPath(new URL('public/', ROOT)), { index: false, maxAge: '1h' }));
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  // A read and a committed write, cached for a few seconds, plus the storage errors requests met.
  const health = deps.health ?? createHealthProbe(deps.store.db);
  app.get('/healthz', (_req, res) => {
    const database = health.check();
    const body: Health = { status: database.ok ? 'ok' : 'degraded', version: deps.version, database };
    res.status(database.ok ? 200 : 503).json(body);
  });

  // Every request after these passes all of them: one layer, in this order (chain.ts says why).
  app.use(chain(
    // 1 MB each, as express.urlencoded's and express.json's '1mb' (limits.ts).
    formBody(1024 * 1024),
    jsonBody(1024 * 1024),
    sessions(deps.services.accounts, { secureCookies: deps.secureCookies }),
    writeRateLimits(deps.writeLimit),
    readRateLimit(deps.readLimit),
    multipart,
    csrf,
    noStore,
  ));
  // First: the editor's saves and page reads are most of all requests; one router level, not two (issue #15).
  app.use('/api', editorApiRouter(deps));
  app.use(editorRouter(deps));
  app.use(reviewRouter(deps));
  app.use(usersRouter(deps));
  app.use('/api', liveRouter(deps));
  app.use(exchangeRouter(deps));
  app.use(segmentationRouter(deps));
  app.use(termSuggestionsRouter(deps));
  app.use(assistRouter(deps));
  app.use(analysisRouter(deps));
  app.use(spellingRouter(deps));
  app.use('/api', apiRouter(deps));
  app.use(pagesRouter(deps));
  app.use(notFound);
  app.use(errorHandler(log, (error) => health.noteError(error)));
  return app;
}
