/**
 * Issue #12 "A save during an import is silently replaced": a translation import aligns for a
 * while in the background; whatever a person saves in that language meanwhile is kept and
 * reported as a conflict, and the importer must still be allowed to import when it writes.
 * The save lands between the import's start (the 202) and its write: the test wraps the
 * job's work so the save is made, over HTTP, before the aligned beads are written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeadSlot } from '../../src/store/slots.js';
import type { JobAnswer } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: Login;
let tina: Login;
let otto: Login;
let documentId: number;
let segmentIds: number[];

const ZH = '两国元首举行会谈。双方交换意见。双方达成共识。';
const EN = ['The heads of state held talks.', 'The sides exchanged views.', 'The sides reached consensus.'];
const IMPORTED = ['The two heads of state held talks today.', 'The two sides exchanged their views.', 'The two sides reached a broad consensus.'];

beforeEach(async () => {
  app = await startTestApp();
  admin = await app.login(['admin'], 'adam');
  tina = await app.login(['translator'], 'tina');
  otto = await app.login(['translator'], 'otto');
  ({ documentId } = await app.services.documents.importDocument({ title: '声明', text: ZH, langs: ['en'], user: null }));
  segmentIds = app.store.segments.listSegments(documentId).map((s) => s.id);
  app.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: EN, beads: [0, 1, 2].map((i) => ({ source: [i], target: [i] })), status: 'aligned', action: 'align', userId: null,
  });
});
afterEach(() => app.close());

function send(path: string, body: unknown, as: Login, method = 'POST') {
  return app.request(path, { method, as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function head(i: number): HeadSlot {
  const slot = app.store.slots.findSlot(segmentIds[i]!, 'en');
  if (slot?.kind !== 'head') throw new Error(`segment ${i} is not a head`);
  return slot;
}

/** Runs `meanwhile` after the import has started (answered 202) and before it writes. */
function duringImport(meanwhile: () => Promise<void>): void {
  const run = app.services.translations.run;
  app.services.translations.run = async (prepared, control) => {
    await meanwhile();
    return run(prepared, control);
  };
}

async function importTranslation(as: Login): Promise<JobAnswer['job']> {
  const res = await send(`/api/documents/${documentId}/translations`, { lang: 'en', text: IMPORTED.join(' '), replace: true }, as);
  expect(res.status).toBe(202);
  const { url } = (await res.json()) as { url: string };
  for (let i = 0; i < 400; i++) {
    const { job } = (await (await app.request(url, { as })).json()) as JobAnswer;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}

describe('a save during a translation import is never replaced', () => {
  it('keeps a slot saved and confirmed while the import aligned, and reports it as a conflict', async () => {
    duringImport(async () => {
      const saved = await send(`/api/documents/${documentId}/slots/${segmentIds[1]}/en`, { text: 'My own careful wording.', version: head(1).version, confirm: true }, otto, 'PUT');
      expect(saved.status).toBe(200);
    });
    const job = await importTranslation(tina);
    expect(job.state).toBe('done');
    expect(head(1)).toMatchObject({ text: 'My own careful wording.', status: 'translated' });
    expect(job.result?.conflicts).toEqual([expect.objectContaining({ position: 2, segmentId: segmentIds[1], kept: 'My own careful wording.' })]);
    expect(job.result?.conflicts[0]?.imported).toMatch(/exchanged their views/);
    // Everything else is the import's.
    expect(head(0).text).toMatch(/held talks today/);
    expect(head(2).text).toMatch(/broad consensus/);
    expect(app.store.slots.checkTiling(documentId, 'en')).toEqual([]);
    const audit = app.store.db.prepare("SELECT details FROM audit_log WHERE action = 'translation_import'").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ conflicts: 1 });
  });

  it('keeps two slots merged while the import aligned, as merged', async () => {
    duringImport(async () => {
      const merged = await send(`/api/documents/${documentId}/operations`, { kind: 'merge', segmentId: segmentIds[0], lang: 'en', version: head(0).version }, otto);
      expect(merged.status).toBe(200);
    });
    const job = await importTranslation(tina);
    expect(job.state).toBe('done');
    expect(head(0).span).toBe(2);
    expect(head(0).text).toBe(`${EN[0]} ${EN[1]}`);
    expect(job.result?.conflicts).toHaveLength(1);
    expect(job.result?.conflicts[0]).toMatchObject({ position: 1, segments: 2 });
    expect(head(2).text).toMatch(/broad consensus/);
    expect(app.store.slots.checkTiling(documentId, 'en')).toEqual([]);
  });

  it('reports no conflict when nobody touched the column', async () => {
    const job = await importTranslation(tina);
    expect(job.state).toBe('done');
    expect(job.result?.conflicts).toEqual([]);
    expect(head(1).text).toMatch(/exchanged their views/);
  });
});

describe('an import checks the importer may still import when it writes', () => {
  it('fails with forbidden, writing nothing, when the language was given to someone else meanwhile', async () => {
    const assign = async (user: string, remove = false) =>
      expect((await send(`/api/documents/${documentId}/assignments`, { lang: 'en', user, role: 'translator', ...(remove && { remove: true }) }, admin)).status).toBe(200);
    await assign('tina');
    duringImport(async () => {
      await assign('otto');
      await assign('tina', true);
    });
    const before = app.store.slots.listSlots(documentId, 'en');
    const job = await importTranslation(tina);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('forbidden');
    expect(app.store.slots.listSlots(documentId, 'en')).toEqual(before);
    expect(app.store.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'translation_import'").get()).toEqual({ n: 0 });
  });
});
