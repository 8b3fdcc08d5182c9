import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobAnswer, RegionChange, RowsPage, SlotSaved } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);
let app: TestApp;
let translator: Login;
let documentId: number;

beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
  ({ documentId } = await app.services.documents.importDocument({ title: '声明', text: readFileSync(new URL('zh.txt', DEMO), 'utf8'), user: null }));
});
afterEach(() => app.close());

async function json<T>(res: Response): Promise<T> {
  return res.json() as Promise<T>;
}

function send(path: string, body: unknown, as: Login = translator, method = 'POST') {
  return app.request(path, { method, as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function waitForJob(url: string, as: Login = translator): Promise<JobAnswer['job']> {
  for (let i = 0; i < 300; i++) {
    const { job } = await json<JobAnswer>(await app.request(url, { as }));
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('job did not finish');
}

async function importEnglish(replace = false) {
  const res = await send(`/api/documents/${documentId}/translations`, { lang: 'en', text: readFileSync(new URL('en.txt', DEMO), 'utf8'), replace });
  return res;
}

describe('translation import', () => {
  it('aligns the English fixture in the background and fills the column as aligned', async () => {
    const res = await importEnglish();
    expect(res.status).toBe(202);
    const { url } = await json<{ url: string }>(res);
    const job = await waitForJob(url);
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ documentId, lang: 'en', sentences: 59, beads: 53 });
    expect(job.result?.beadTypes).toEqual({ '1-1': 44, '1-2': 6, '2-1': 3 });
    const page = await json<RowsPage>(await app.request(`/api/documents/${documentId}/rows?offset=0&limit=20`, { as: translator }));
    const eight = page.rows[8]!.slots.en!;
    expect(eight).toMatchObject({ kind: 'head', span: 2, status: 'aligned' });
    expect(page.rows[9]!.slots.en).toMatchObject({ kind: 'continuation', headSegmentId: page.rows[8]!.segmentId });
    expect(app.store.slots.checkTiling(documentId, 'en')).toEqual([]);
  });

  it('asks for confirmation before replacing work, then keeps the old text in revisions', async () => {
    await waitForJob((await json<{ url: string }>(await importEnglish())).url);
    const again = await importEnglish();
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: { code: 'invalid_transition', details: { needsConfirmation: true, filledSlots: 53 } } });
    const firstSegment = app.store.segments.listSegments(documentId)[0]!.id;
    const slot = app.store.slots.findSlot(firstSegment, 'en');
    if (slot?.kind !== 'head') throw new Error('expected a head');
    await send(`/api/documents/${documentId}/slots/${firstSegment}/en`, { text: 'Edited title', version: slot.version }, translator, 'PUT');
    const confirmed = await importEnglish(true);
    expect(confirmed.status).toBe(202);
    await waitForJob((await json<{ url: string }>(confirmed)).url);
    expect(app.store.revisions.listRevisions(firstSegment, 'en').map((r) => [r.action, r.text.slice(0, 12)])).toEqual([
      ['align', 'Joint Statem'], ['edit', 'Edited title'], ['align', 'Joint Statem'],
    ]);
  });

  it.each([
    [{ lang: 'fr', text: 'Bonjour.' }, 400, 'validation_failed'],
    [{ lang: 'en', text: '   ' }, 400, 'empty_text'],
    [{ text: 'Hello.' }, 400, 'validation_failed'],
  ])('refuses %j with %i', async (body, status, code) => {
    const res = await send(`/api/documents/${documentId}/translations`, body);
    expect(res.status).toBe(status);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe(code);
  });

  it('refuses reviewers', async () => {
    const reviewer = await app.login(['reviewer']);
    const res = await send(`/api/documents/${documentId}/translations`, { lang: 'en', text: 'Hi.' }, reviewer);
    expect(res.status).toBe(403);
  });
});

describe('slots and operations over HTTP', () => {
  beforeEach(async () => {
    await waitForJob((await json<{ url: string }>(await importEnglish())).url);
  });

  async function rows(offset = 0, limit = 100) {
    return json<RowsPage>(await app.request(`/api/documents/${documentId}/rows?offset=${offset}&limit=${limit}`, { as: translator }));
  }

  it('pages rows without cutting a slot', async () => {
    const page = await rows(9, 1);
    // Segment 9 is the continuation of 8's slot, so the page widens to start at 8.
    expect(page).toMatchObject({ total: 56, offset: 8 });
    expect(page.rows.map((r) => r.position)).toEqual([8, 9]);
  });

  it('saves with the version, answers 409 with the current slot when stale', async () => {
    const { rows: [first] } = await rows(0, 1);
    const slot = first!.slots.en!;
    if (slot.kind !== 'head') throw new Error('expected a head');
    const path = `/api/documents/${documentId}/slots/${slot.segmentId}/en`;
    const ok = await send(path, { text: 'Mine', version: slot.version }, translator, 'PUT');
    expect(ok.status).toBe(200);
    expect((await json<SlotSaved>(ok)).slot).toMatchObject({ text: 'Mine', status: 'draft', version: slot.version + 1 });
    const stale = await send(path, { text: 'Stale', version: slot.version }, translator, 'PUT');
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ error: { code: 'stale_version', details: { current: { text: 'Mine', version: slot.version + 1 } } } });
    const confirmed = await send(path, { text: 'Mine', version: slot.version + 1, confirm: true }, translator, 'PUT');
    expect((await json<SlotSaved>(confirmed)).slot).toMatchObject({ status: 'translated' });
  });

  it('merges, undoes and redoes over HTTP, returning the changed rows', async () => {
    // The merge alone: re-alignment after it is tested in realign.test.ts.
    await send('/api/settings/alignment', { autoRealign: false }, translator, 'PUT');
    const before = await rows(0, 5);
    const third = before.rows[2]!;
    const merged = await send(`/api/documents/${documentId}/operations`, { kind: 'merge', segmentId: third.segmentId, lang: 'en' });
    expect(merged.status).toBe(200);
    const change = await json<RegionChange>(merged);
    expect(change).toMatchObject({ startPosition: 2, replacedCount: 2, segmentCount: 56, history: { canUndo: true, undoLabel: 'merge slots (en) at 3' } });
    expect(change.rows[0]!.slots.en).toMatchObject({ kind: 'head', span: 2 });
    const undone = await json<RegionChange>(await send(`/api/documents/${documentId}/undo`, {}));
    expect(undone.rows.map((r) => r.slots.en?.kind)).toEqual(['head', 'head']);
    expect(undone.history).toMatchObject({ canRedo: true });
    const redone = await json<RegionChange>(await send(`/api/documents/${documentId}/redo`, {}));
    expect(redone.rows[0]!.slots.en).toMatchObject({ span: 2 });
  });

  it.each([
    [{ kind: 'explode', segmentId: 1, lang: 'en' }, 400],
    [{ kind: 'merge', segmentId: 999_999, lang: 'en' }, 404],
    [{ kind: 'merge', lang: 'en' }, 400],
    [{ kind: 'split-segment', segmentId: 1 }, 400],
  ])('refuses %j with %i and changes nothing', async (body, status) => {
    const before = JSON.stringify(await rows());
    const res = await send(`/api/documents/${documentId}/operations`, body);
    expect(res.status).toBe(status);
    expect(JSON.stringify(await rows())).toBe(before);
  });

  it('refuses a structural change against a stale version', async () => {
    const { rows: [first] } = await rows(0, 1);
    const slot = first!.slots.en!;
    if (slot.kind !== 'head') throw new Error('expected a head');
    await send(`/api/documents/${documentId}/slots/${slot.segmentId}/en`, { text: 'Changed', version: slot.version }, translator, 'PUT');
    const res = await send(`/api/documents/${documentId}/operations`, { kind: 'merge', segmentId: slot.segmentId, lang: 'en', version: slot.version });
    expect(res.status).toBe(409);
  });

  it('stores key bindings per user and refuses junk', async () => {
    const put = await send('/api/settings/keymap', { keymap: { merge: 'j' } }, translator, 'PUT');
    expect(put.status).toBe(200);
    expect(await json(await app.request('/api/settings/keymap', { as: translator }))).toEqual({ keymap: { merge: 'j' } });
    const other = await app.login(['translator']);
    expect(await json(await app.request('/api/settings/keymap', { as: other }))).toEqual({ keymap: {} });
    expect((await send('/api/settings/keymap', { keymap: { 'Bad Name': 'x' } }, translator, 'PUT')).status).toBe(400);
  });

  it('serves the editor page with its boot data and no inline script', async () => {
    const res = await app.request(`/documents/${documentId}/edit`, { as: translator });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('data-boot="{&#34;documentId&#34;:');
    expect(html).not.toMatch(/<script>(?!<)/);
  });

  it('only lets the job owner read a job', async () => {
    const res = await importEnglish(true);
    const { url } = await json<{ url: string }>(res);
    const other = await app.login(['translator']);
    expect((await app.request(url, { as: other })).status).toBe(404);
    await waitForJob(url);
  });
});
