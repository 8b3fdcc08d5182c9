/**
 * Find and replace in a language column and the editor's text and status filters (issue #13).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFind } from '../../src/services/find-runner.js';
import { compileFind } from '../../src/text/find.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let tina: Login;
let documentId: number;
let ids: number[];

const EN = ['The heads of state held talks.', 'The State Council met.', 'Both heads of state signed it.', 'Nothing here.'];

beforeEach(async () => {
  app = await startTestApp();
  tina = await app.login(['translator'], 'tina');
  ({ documentId } = await app.services.documents.importDocument({ title: 't', text: '两国元首举行会谈。国务院开会。两国元首签署。无。', langs: ['en', 'ru'], user: null }));
  ids = app.store.segments.listSegments(documentId).map((s) => s.id);
  for (const [i, text] of EN.entries()) await save(i, text);
});
afterEach(() => app.close());

function slot(i: number, lang = 'en') {
  const found = app.store.slots.findSlot(ids[i]!, lang);
  if (found?.kind !== 'head') throw new Error('expected a head');
  return found;
}

async function save(i: number, text: string, as = tina, lang = 'en') {
  const res = await app.request(`/api/documents/${documentId}/slots/${ids[i]}/${lang}`, {
    method: 'PUT', as, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, version: slot(i, lang).version }),
  });
  expect(res.status).toBe(200);
}

interface Found { slots: { segmentId: number; number: number; version: number; text: string; matches: { start: number; end: number }[]; replaced?: string; diff?: { value: string; added?: true; removed?: true }[] }[]; slotCount: number; matchCount: number; canReplace: boolean; refusal: string | null }

async function find(params: Record<string, string>, as = tina): Promise<{ status: number; body: Found & { error?: { code: string; message: string } } }> {
  const res = await app.request(`/api/documents/${documentId}/find?${new URLSearchParams({ lang: 'en', ...params })}`, { as });
  return { status: res.status, body: await res.json() as Found & { error?: { code: string; message: string } } };
}

function replace(body: Record<string, unknown>, as = tina) {
  return app.request(`/api/documents/${documentId}/replace`, {
    method: 'POST', as, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lang: 'en', ...body }),
  });
}

describe('find', () => {
  it('finds plain text in any case, and only in the case typed when asked', async () => {
    const any = await find({ query: 'state' });
    expect(any.status).toBe(200);
    expect(any.body.slots.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(any.body.matchCount).toBe(3);
    expect(any.body.slots[1]!.matches).toEqual([{ start: 4, end: 9 }]);
    const exact = await find({ query: 'state', caseSensitive: '1' });
    expect(exact.body.slots.map((s) => s.number)).toEqual([1, 3]);
  });

  it('previews every replacement with its diff, and keeps to the statuses asked for', async () => {
    const { body } = await find({ query: 'heads of state', replacement: 'leaders' });
    expect(body.slots.map((s) => s.replaced)).toEqual(['The leaders held talks.', 'Both leaders signed it.']);
    expect(body.slots[0]!.diff).toEqual(expect.arrayContaining([{ value: 'leaders', added: true }]));
    expect(body.canReplace).toBe(true);
    const confirm = await app.request(`/api/documents/${documentId}/slots/${ids[0]}/en`, {
      method: 'PUT', as: tina, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: EN[0], version: slot(0).version, confirm: true }),
    });
    expect(confirm.status).toBe(200);
    const drafts = await find({ query: 'heads of state', status: 'draft' });
    expect(drafts.body.slots.map((s) => s.number)).toEqual([3]);
  });

  it('understands regular expressions with groups', async () => {
    const { body } = await find({ query: '(\\w+) of state', regex: '1', replacement: 'state $1' });
    expect(body.slots.map((s) => s.replaced)).toEqual(['The state heads held talks.', 'Both state heads signed it.']);
  });

  it('refuses patterns that could backtrack without bound, or that are no patterns', async () => {
    for (const query of ['(a+)+$', '(x|xx)*y', '[a-', 'a*']) {
      const { status, body } = await find({ query, regex: '1' });
      expect(status).toBe(400);
      expect(body.error?.code).toBe('unsafe_pattern');
    }
    expect((await find({ query: '' })).status).toBe(400);
    expect((await find({ query: 'x', lang: 'fr' })).status).toBe(404);
  });

  it('stops a pattern that passed the checks but runs away on the document', async () => {
    // No probe text holds щ, so only running it on this text shows its cost (5 nested runs of щ).
    const slow = compileFind({ query: '[щ]*[щ]*[щ]*[щ]*[щ]*ъ', regex: true, caseSensitive: false });
    await expect(runFind(slow, ['щ'.repeat(3000)], undefined, 500)).rejects.toMatchObject({ code: 'unsafe_pattern' });
  });

  it('says in the preview why a user may not replace', async () => {
    const rita = await app.login(['translator'], 'rita');
    const admin = await app.login(['admin'], 'ada');
    await app.services.review.assign({ documentId, lang: 'en', userName: 'tina', role: 'translator', user: app.store.users.findUser(admin.userId)! });
    const { body } = await find({ query: 'state', replacement: 'x' }, rita);
    expect(body.canReplace).toBe(false);
    expect(body.refusal).toMatch(/assigned to the en translation/);
  });
});

describe('replace', () => {
  it('replaces in the slots kept, as one undo step', async () => {
    const { body } = await find({ query: 'heads of state', replacement: 'leaders' });
    const res = await replace({ query: 'heads of state', replacement: 'leaders', slots: body.slots.map((s) => ({ segmentId: s.segmentId, version: s.version })) });
    expect(res.status).toBe(200);
    const answer = await res.json() as { replaced: number; matches: number; history: { canUndo: boolean; undoLabel: string } };
    expect(answer).toMatchObject({ replaced: 2, matches: 2, history: { canUndo: true, undoLabel: 'replace in 2 en slot(s)' } });
    expect([0, 1, 2].map((i) => slot(i).text)).toEqual(['The leaders held talks.', EN[1], 'Both leaders signed it.']);
    expect(app.store.revisions.listRevisions(ids[0]!, 'en').at(-1)).toMatchObject({ action: 'replace', text: 'The leaders held talks.', status: 'draft' });
    expect(app.store.users.listAudit({ action: 'replace', limit: 1 })[0]).toBeDefined();
    const undo = await app.request(`/api/documents/${documentId}/undo`, { method: 'POST', as: tina });
    expect(undo.status).toBe(200);
    expect([0, 1, 2].map((i) => slot(i).text)).toEqual(EN.slice(0, 3));
    const redo = await app.request(`/api/documents/${documentId}/redo`, { method: 'POST', as: tina });
    expect(redo.status).toBe(200);
    expect(slot(2).text).toBe('Both leaders signed it.');
  });

  it('replaces only in the slots the person kept in the preview', async () => {
    const { body } = await find({ query: 'heads of state', replacement: 'leaders' });
    const res = await replace({ query: 'heads of state', replacement: 'leaders', slots: [{ segmentId: body.slots[1]!.segmentId, version: body.slots[1]!.version }] });
    expect((await res.json() as { replaced: number }).replaced).toBe(1);
    expect(slot(0).text).toBe(EN[0]);
    expect(slot(2).text).toBe('Both leaders signed it.');
  });

  it('sends an approved slot back to draft, as any edit does', async () => {
    const rita = await app.login(['reviewer'], 'rita');
    await app.request(`/api/documents/${documentId}/slots/${ids[0]}/en`, {
      method: 'PUT', as: tina, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: EN[0], version: slot(0).version, confirm: true }),
    });
    const approve = await app.request(`/api/documents/${documentId}/slots/${ids[0]}/en/approve`, {
      method: 'POST', as: rita, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: slot(0).version }),
    });
    expect(approve.status).toBe(200);
    await replace({ query: 'talks', replacement: 'negotiations', slots: [{ segmentId: ids[0], version: slot(0).version }] });
    expect(slot(0)).toMatchObject({ text: 'The heads of state held negotiations.', status: 'draft' });
  });

  it('refuses the whole replace when a slot changed since the preview, changing nothing', async () => {
    const { body } = await find({ query: 'heads of state', replacement: 'leaders' });
    await save(2, 'Both heads of state signed the statement.');
    const res = await replace({ query: 'heads of state', replacement: 'leaders', slots: body.slots.map((s) => ({ segmentId: s.segmentId, version: s.version })) });
    expect(res.status).toBe(409);
    expect((await res.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'stale_version', message: expect.stringMatching(/changed since the preview \(3\)/) });
    expect(slot(0).text).toBe(EN[0]);
  });

  it('refuses a user who may not edit the language, and bad requests, changing nothing', async () => {
    // A reviewer who is not among the language's assigned reviewers reads it only.
    const admin = await app.login(['admin'], 'ada');
    const reader = await app.login(['reviewer'], 'rolf');
    await app.login(['reviewer'], 'rita');
    await app.services.review.assign({ documentId, lang: 'en', userName: 'rita', role: 'reviewer', user: app.store.users.findUser(admin.userId)! });
    const target = [{ segmentId: ids[0], version: slot(0).version }];
    const refused = await replace({ query: 'state', replacement: 'x', slots: target }, reader);
    expect(refused.status).toBe(403);
    expect((await replace({ query: 'state', replacement: 'x', slots: [] })).status).toBe(400);
    expect((await replace({ query: '(a+)+', regex: true, replacement: 'x', slots: target })).status).toBe(400);
    expect((await replace({ query: 'state', replacement: 'x', slots: [{ segmentId: 999_999, version: 1 }] })).status).toBe(400);
    const forged = await app.request(`/api/documents/${documentId}/replace`, {
      method: 'POST', headers: { cookie: tina.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ lang: 'en', query: 'state', replacement: 'x', slots: target }),
    });
    expect(forged.status).toBe(403);
    expect(slot(0).text).toBe(EN[0]);
  });
});

describe('the editor\'s filters', () => {
  async function rows(params: Record<string, string>) {
    const res = await app.request(`/api/documents/${documentId}/rows?${new URLSearchParams(params)}`, { as: tina });
    return { status: res.status, body: await res.json() as { total: number; rows: { position: number; source: string }[] } };
  }

  it('keeps the segments whose Chinese or translation holds the text', async () => {
    expect((await rows({ q: 'heads OF state' })).body.rows.map((r) => r.position)).toEqual([0, 2]);
    expect((await rows({ q: '国务院' })).body.rows.map((r) => r.position)).toEqual([1]);
    expect((await rows({ q: 'nowhere' })).body).toMatchObject({ total: 0, rows: [] });
  });

  it('keeps the segments whose slot in a language has a status', async () => {
    await app.request(`/api/documents/${documentId}/slots/${ids[3]}/en`, {
      method: 'PUT', as: tina, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: EN[3], version: slot(3).version, confirm: true }),
    });
    expect((await rows({ status: 'translated', lang: 'en' })).body.rows.map((r) => r.position)).toEqual([3]);
    expect((await rows({ status: 'empty', lang: 'ru' })).body.total).toBe(4);
    expect((await rows({ status: 'draft,translated', lang: 'en', q: 'state' })).body.total).toBe(3);
    expect((await rows({ status: 'finished', lang: 'en' })).status).toBe(400);
    expect((await rows({ status: 'draft' })).status).toBe(400);
  });

  it('widens a kept segment to the whole slot that covers it', async () => {
    const merged = await app.request(`/api/documents/${documentId}/operations`, {
      method: 'POST', as: tina, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'merge', segmentId: ids[1], lang: 'en', version: slot(1).version }),
    });
    expect(merged.status).toBe(200);
    expect((await rows({ q: '两国元首签署' })).body.rows.map((r) => r.position)).toEqual([1, 2]);
  });
});
