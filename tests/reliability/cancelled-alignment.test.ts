/**
 * Issue #12: a cancelled translation import went on aligning in its worker thread until the
 * dynamic programme was done (minutes for a large text), and only then noticed the cancel.
 * Cancel now ends the worker at once. Every Worker the app starts is recorded here, so the
 * test asserts on the worker itself: it exited, and it never sent finished beads.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobAnswer } from '../../src/web/api-types.js';
import { makeDocument } from '../helpers/factories.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

const workers = vi.hoisted(() => [] as { exited: boolean; sentBeads: boolean; progress: number }[]);

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class RecordedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      const record = { exited: false, sentBeads: false, progress: 0 };
      workers.push(record);
      this.on('exit', () => { record.exited = true; });
      this.on('message', (reply: { type?: string }) => {
        if (reply.type === 'done') record.sentBeads = true;
        if (reply.type === 'progress') record.progress += 1;
      });
    }
  }
  return { ...real, Worker: RecordedWorker, default: { ...real, Worker: RecordedWorker } };
});

let app: TestApp;
let admin: Login;

beforeAll(async () => {
  app = await startTestApp({ writeLimit: { perSecond: 1000, burst: 1000 }, readLimit: { perSecond: 1000, burst: 1000 } });
  admin = await app.login(['admin']);
});
afterAll(() => app.close());

const job = async (url: string) => ((await (await app.request(url, { as: admin })).json()) as JobAnswer).job;

describe('a cancelled translation import', () => {
  it('ends its alignment worker midway and writes nothing', async () => {
    // 3,000 sentences a side: the aligner reports progress a hundred times before it is done.
    const count = 3000;
    const zh = Array.from({ length: count }, (_, i) => `第${i + 1}条，双方同意进一步深化在${i % 7 === 0 ? '经济' : '人文'}领域的合作。`).join('\n');
    const en = Array.from({ length: count }, (_, i) => `Article ${i + 1}. The two sides agreed to deepen cooperation in the ${i % 7 === 0 ? 'economic' : 'cultural'} field.`).join('\n');
    const { documentId } = await makeDocument(app.services, { text: zh, langs: ['en'] });
    const before = app.store.db.prepare("SELECT COUNT(*) AS n FROM slots WHERE lang = 'en' AND status != 'empty'").get();
    const revisions = app.store.db.prepare('SELECT COUNT(*) AS n FROM revisions').get();
    const form = new FormData();
    form.append('lang', 'en');
    form.append('text', en);
    const res = await app.request(`/api/documents/${documentId}/translations`, { method: 'POST', as: admin, body: form });
    expect(res.status).toBe(202);
    const { url, job: started } = (await res.json()) as { url: string; job: JobAnswer['job'] };
    let state = await job(url);
    // Cancel once the worker is aligning (it has reported progress), not before it started.
    while (state.state === 'running' && !(state.phase === 'aligning' && (state.percent ?? 0) > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = await job(url);
    }
    expect(state.state).toBe('running');
    const cancel = await app.request(`/api/jobs/${started.id}`, { method: 'DELETE', as: admin });
    expect(cancel.status).toBe(200);
    while (state.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = await job(url);
    }
    expect(state).toMatchObject({ state: 'failed', error: { code: 'cancelled' } });
    const aligners = workers.filter((w) => w.progress > 0);
    expect(aligners).toHaveLength(1);
    expect(aligners[0]).toMatchObject({ exited: true, sentBeads: false });
    expect(app.store.db.prepare("SELECT COUNT(*) AS n FROM slots WHERE lang = 'en' AND status != 'empty'").get()).toEqual(before);
    expect(app.store.db.prepare('SELECT COUNT(*) AS n FROM revisions').get()).toEqual(revisions);
    expect(app.errors).toEqual([]);
  }, 120_000);
});
