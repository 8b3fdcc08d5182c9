/**
 * Issue #15: a TMX download large enough for worker threads gives the bytes the server's
 * thread writes, and a worker that cannot work answers with an error and its message.
 */
import { renameSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExchangeService } from '../../src/services/exchange.js';
import { TMX_WORKER_DEFAULTS } from '../../src/services/export-tmx-workers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const NOW = () => new Date('2026-11-23T12:00:00.000Z');
let app: TestApp;
beforeEach(async () => {
  app = await startTestApp({ now: NOW });
});
afterEach(() => app.close());

/** A document just large enough for the workers, with approved English slots. */
function seedDocument(): number {
  const { store } = app;
  const n = TMX_WORKER_DEFAULTS.minSegments;
  const at = NOW().toISOString();
  return store.transaction(() => {
    const id = store.documents.insertDocument({ title: 'Workers & <co>', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now: at });
    const ids = store.segments.insertSegments(id, Array.from({ length: n }, (_, i) => ({ paragraph: Math.floor(i / 5), text: `第${i}句 & <${i}>。` })));
    ids.forEach((segmentId, i) => store.slots.insertHead({ segmentId, lang: 'en', text: `Sentence ${i} "q".`, status: 'approved', span: 1, updatedBy: null, now: at }));
    return id;
  });
}

describe('GET /export as TMX written by workers', () => {
  it('downloads the bytes the server thread would write', async () => {
    const documentId = seedDocument();
    const user = await app.login(['reviewer']);
    const response = await app.request(`/export?documents=${documentId}&format=tmx`, { as: user });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const inThread = createExchangeService({ store: app.store, now: NOW, version: 'test', tmxWorkers: { producers: 0 } })
      .exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    const parts: Uint8Array[] = [];
    for await (const chunk of inThread.body) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
  });

  it('answers with an error page saying why when a worker cannot open the database', async () => {
    const documentId = seedDocument();
    const user = await app.login(['reviewer']);
    const path = app.store.db.name;
    renameSync(path, `${path}.moved`);
    try {
      const response = await app.request(`/export?documents=${documentId}&format=tmx`, { as: user, headers: { accept: 'application/json' } });
      // A storage failure, as the server's own connection failing to open the file would be.
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'storage_unavailable', message: expect.stringMatching(/cannot be opened/) } });
    } finally {
      renameSync(`${path}.moved`, path);
    }
    expect(app.errors.map((e) => String(e))).toEqual([expect.stringMatching(/unable to open database file/)]);
  });
});
