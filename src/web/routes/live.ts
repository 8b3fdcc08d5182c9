import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { requireUser } from '../session.js';
import { documentParams, parse, presenceBody } from '../schemas.js';

const HEARTBEAT_MS = 15_000;

/** Server-sent events per document (live updates and presence) and presence reports. */
export function liveRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  router.use(requireUser);
  router.get('/documents/:id/events', streamEvents);
  router.post('/documents/:id/presence', reportPresence);
  return router;

  /** Server-sent events of one document until the client leaves (or the server stops). */
  function streamEvents(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    services.documents.getDocument(id);
    const user = res.locals.user!;
    const release = services.events.openStream(user.id);
    // EventSource sends the last id it saw when it reconnects; the hub knows whether it is this run's.
    const last = req.get('last-event-id');
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const unsubscribe = services.events.subscribe(id, last, ({ id: eventId, event }) => {
      res.write(`id: ${eventId}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }, () => res.end(), user.id);
    services.events.updatePresence(id, user, { segmentId: null, lang: null }, 'open');
    const heartbeat = setInterval(() => {
      res.write(': ping\n\n');
      services.events.sweep();
    }, HEARTBEAT_MS);
    heartbeat.unref();
    req.on('close', () => {
      release();
      clearInterval(heartbeat);
      unsubscribe();
      services.events.updatePresence(id, user, { segmentId: null, lang: null }, 'close');
    });
  }

  function reportPresence(req: Request, res: Response): void {
    const { id } = parse(documentParams, req.params);
    const body = parse(presenceBody, req.body);
    services.documents.getDocument(id);
    services.events.updatePresence(id, res.locals.user!, body);
    res.status(204).end();
  }
}
