/**
 * Issue #12 "Assignments bypassed": every route that changes a language's slots follows the
 * same assignment rule as editing, checked when the change is made (undo and redo included),
 * and the big changes are in the audit log. Each refusal changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addApprovedToTm } from '../../src/services/tm.js';
import type { HeadSlot } from '../../src/store/slots.js';
import type { CommentList, HistoryList, JobAnswer, RegionChange } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: Login;
let assigned: Login;
let outsider: Login;
let reviewer: Login;
let documentId: number;
let segmentIds: number[];

const ZH = '两国元首举行会谈。双方交换意见。双方达成共识。';
const EN = ['The heads of state held talks.', 'The sides exchanged views.', 'The sides reached consensus.'];

beforeEach(async () => {
  app = await startTestApp();
  admin = await app.login(['admin'], 'adam');
  assigned = await app.login(['translator'], 'tina');
  outsider = await app.login(['translator'], 'otto');
  reviewer = await app.login(['reviewer'], 'rita');
  ({ documentId } = await app.services.documents.importDocument({ title: '声明', text: ZH, langs: ['en', 'ru'], user: null }));
  segmentIds = app.store.segments.listSegments(documentId).map((s) => s.id);
});
afterEach(() => app.close());

async function json<T>(res: Response): Promise<T> {
  return res.json() as Promise<T>;
}

function send(path: string, body: unknown, as: Login, method = 'POST') {
  return app.request(path, { method, as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function head(i: number, lang = 'en'): HeadSlot {
  const slot = app.store.slots.findSlot(segmentIds[i]!, lang);
  if (slot?.kind !== 'head') throw new Error('expected a head');
  return slot;
}

const slotPath = (i: number, lang = 'en') => `/api/documents/${documentId}/slots/${segmentIds[i]}/${lang}`;

async function assign(name: string, role: 'translator' | 'reviewer', lang = 'en') {
  const res = await send(`/api/documents/${documentId}/assignments`, { lang, user: name, role }, admin);
  expect(res.status).toBe(200);
}

/** Slot 0 approved by the reviewer, slot 1 translated, slot 2 aligned: work an import must not wipe. */
async function workInProgress() {
  app.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: EN, beads: [0, 1, 2].map((i) => ({ source: [i], target: [i] })), status: 'aligned', action: 'align', userId: null,
  });
  for (const i of [0, 1]) expect((await send(slotPath(i), { text: head(i).text, version: head(i).version, confirm: true }, assigned, 'PUT')).status).toBe(200);
  expect((await send(`${slotPath(0)}/approve`, { version: head(0).version }, reviewer)).status).toBe(200);
}

function snapshot() {
  return {
    slots: ['en', 'ru'].map((lang) => app.store.slots.listSlots(documentId, lang)),
    operations: app.store.db.prepare('SELECT COUNT(*) AS n FROM operations').get(),
    revisions: app.store.db.prepare('SELECT COUNT(*) AS n FROM revisions').get(),
  };
}

function auditActions(): string[] {
  return (app.store.db.prepare('SELECT action FROM audit_log WHERE document_id = ? ORDER BY id').all(documentId) as { action: string }[]).map((r) => r.action);
}

async function waitForJob(url: string, as: Login): Promise<JobAnswer['job']> {
  for (let i = 0; i < 300; i++) {
    const { job } = await json<JobAnswer>(await app.request(url, { as }));
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('job did not finish');
}

describe('translation import follows the assignment rule', () => {
  it('refuses a translator not assigned to the language (403), leaving an approved slot approved', async () => {
    await assign('tina', 'translator');
    await workInProgress();
    const before = snapshot();
    const res = await send(`/api/documents/${documentId}/translations`, { lang: 'en', text: EN.join(' '), replace: true }, outsider);
    expect(res.status).toBe(403);
    expect((await json<{ error: { code: string; message: string } }>(res)).error).toEqual({
      code: 'forbidden',
      message: 'Only the translators assigned to the en translation of this document can import translations. Ask an admin to assign you.',
    });
    expect(snapshot()).toEqual(before);
    expect(head(0).status).toBe('approved');
  });

  it('lets the assigned translator import, and writes it to the audit log', async () => {
    await assign('tina', 'translator');
    const res = await send(`/api/documents/${documentId}/translations`, { lang: 'en', text: EN.join(' ') }, assigned);
    expect(res.status).toBe(202);
    expect((await waitForJob((await json<{ url: string }>(res)).url, assigned)).state).toBe('done');
    const entry = app.store.db.prepare("SELECT user_id, details FROM audit_log WHERE action = 'translation_import' AND document_id = ?").get(documentId) as { user_id: number; details: string };
    expect(entry.user_id).toBe(assigned.userId);
    expect(JSON.parse(entry.details)).toMatchObject({ lang: 'en', sentences: 3, beads: 3 });
  });
});

describe('pre-translation follows the assignment rule', () => {
  beforeEach(async () => {
    // Another document's approved first sentence is in the TM, so pre-translation has something to fill.
    const { documentId: earlier } = await app.services.documents.importDocument({ title: '旧声明', text: ZH, langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId: earlier, lang: 'en', sentences: EN, beads: [0, 1, 2].map((i) => ({ source: [i], target: [i] })), status: 'approved', action: 'import', userId: null,
    });
    const first = app.store.segments.listSegments(earlier)[0]!.id;
    app.store.transaction(() => addApprovedToTm(app.store, { documentId: earlier, segmentId: first, lang: 'en', userId: null, now: '2026-01-05T10:00:00.000Z' }));
  });

  it('refuses a translator not assigned to the language (403) and fills nothing', async () => {
    await assign('tina', 'translator');
    const before = snapshot();
    const res = await send(`/api/documents/${documentId}/pretranslate`, { lang: 'en', threshold: 100 }, outsider);
    expect(res.status).toBe(403);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('forbidden');
    expect(snapshot()).toEqual(before);
    expect(auditActions()).not.toContain('pretranslate');
  });

  it('lets the assigned translator pre-translate, and writes it to the audit log', async () => {
    await assign('tina', 'translator');
    const res = await send(`/api/documents/${documentId}/pretranslate`, { lang: 'en', threshold: 100 }, assigned);
    expect(res.status).toBe(200);
    expect(head(0)).toMatchObject({ text: 'The heads of state held talks.', status: 'draft' });
    const entry = app.store.db.prepare("SELECT user_id, details FROM audit_log WHERE action = 'pretranslate' AND document_id = ?").get(documentId) as { user_id: number; details: string };
    expect(entry.user_id).toBe(assigned.userId);
    expect(JSON.parse(entry.details)).toMatchObject({ lang: 'en', threshold: 100, filled: 1 });
  });
});

describe('undo and redo check assignments when they replay', () => {
  it('refuses to undo an edit once the language is assigned to someone else (403), changing nothing', async () => {
    const saved = await send(slotPath(0), { text: 'Talks.', version: head(0).version }, outsider, 'PUT');
    expect(saved.status).toBe(200);
    await assign('tina', 'translator');
    const before = snapshot();
    const undo = await send(`/api/documents/${documentId}/undo`, {}, outsider);
    expect(undo.status).toBe(403);
    expect((await json<{ error: { code: string } }>(undo)).error.code).toBe('forbidden');
    expect(snapshot()).toEqual(before);
    expect(head(0).text).toBe('Talks.');
  });

  it('refuses to redo once the language is assigned to someone else (403), changing nothing', async () => {
    await send(slotPath(0), { text: 'Talks.', version: head(0).version }, outsider, 'PUT');
    expect((await send(`/api/documents/${documentId}/undo`, {}, outsider)).status).toBe(200);
    await assign('tina', 'translator');
    const before = snapshot();
    expect((await send(`/api/documents/${documentId}/redo`, {}, outsider)).status).toBe(403);
    expect(snapshot()).toEqual(before);
    expect(head(0).text).toBe('');
  });

  it('refuses to undo a Chinese split when one language is assigned to someone else', async () => {
    const split = await send(`/api/documents/${documentId}/operations`, { kind: 'split-segment', segmentId: segmentIds[0], at: 4 }, outsider);
    expect(split.status).toBe(200);
    await assign('tina', 'translator', 'ru');
    const segmentsBefore = app.store.segments.listSegments(documentId);
    expect((await send(`/api/documents/${documentId}/undo`, {}, outsider)).status).toBe(403);
    expect(app.store.segments.listSegments(documentId)).toEqual(segmentsBefore);
  });

  it('still lets the assigned translator undo and redo their own work', async () => {
    await assign('tina', 'translator');
    await send(slotPath(0), { text: 'Talks.', version: head(0).version }, assigned, 'PUT');
    const undo = await send(`/api/documents/${documentId}/undo`, {}, assigned);
    expect(undo.status).toBe(200);
    expect((await json<RegionChange>(undo)).history.canRedo).toBe(true);
    expect((await send(`/api/documents/${documentId}/redo`, {}, assigned)).status).toBe(200);
    expect(head(0).text).toBe('Talks.');
  });
});

describe('resolving comments', () => {
  async function comment(as: Login): Promise<number> {
    const res = await send(`${slotPath(0)}/comments`, { body: 'Check the title.' }, as);
    expect(res.status).toBe(201);
    return (await json<{ comment: { id: number } }>(res)).comment.id;
  }

  it('refuses a translator who did not write the comment (403) and leaves it open', async () => {
    const id = await comment(assigned);
    const res = await send(`/api/comments/${id}`, { resolved: true }, outsider);
    expect(res.status).toBe(403);
    expect(app.store.review.findComment(id)?.resolvedAt).toBeNull();
  });

  it.each([['its author', () => assigned], ['a reviewer', () => reviewer], ['an admin', () => admin]])('lets %s resolve it', async (_who, as) => {
    const id = await comment(assigned);
    expect((await send(`/api/comments/${id}`, { resolved: true }, as())).status).toBe(200);
    expect(app.store.review.findComment(id)?.resolvedAt).not.toBeNull();
  });

  it('says in the list which comments this user may resolve', async () => {
    await comment(assigned);
    const mine = await json<CommentList>(await app.request(`${slotPath(0)}/comments`, { as: assigned }));
    const theirs = await json<CommentList>(await app.request(`${slotPath(0)}/comments`, { as: outsider }));
    expect(mine.comments.map((c) => c.canResolve)).toEqual([true]);
    expect(theirs.comments.map((c) => c.canResolve)).toEqual([false]);
  });
});

describe('history offers restoring only to those who may restore', () => {
  it('answers canRestore per user, and a reviewer\'s restore is refused', async () => {
    await send(slotPath(0), { text: 'Talks.', version: head(0).version }, assigned, 'PUT');
    await send(slotPath(0), { text: 'Talks held.', version: head(0).version }, assigned, 'PUT');
    const asTranslator = await json<HistoryList>(await app.request(`${slotPath(0)}/history`, { as: assigned }));
    const asReviewer = await json<HistoryList>(await app.request(`${slotPath(0)}/history`, { as: reviewer }));
    expect(asTranslator.canRestore).toBe(true);
    expect(asReviewer.canRestore).toBe(false);
    const revisionId = asReviewer.revisions[0]!.id;
    expect((await send(`${slotPath(0)}/restore`, { revisionId, version: head(0).version }, reviewer)).status).toBe(403);
    await assign('tina', 'translator');
    expect((await json<HistoryList>(await app.request(`${slotPath(0)}/history`, { as: outsider }))).canRestore).toBe(false);
  });
});

describe('the editor page tells the client what it may do', () => {
  it('boots with the allowed actions per language, from the same policy', async () => {
    await assign('tina', 'translator', 'en');
    const page = await (await app.request(`/documents/${documentId}/edit`, { as: outsider })).text();
    const boot = JSON.parse(/data-boot="([^"]*)"/.exec(page)![1]!.replace(/&#34;/g, '"').replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { allowed: Record<string, string[]> };
    expect(boot.allowed.en).not.toContain('edit-slot');
    expect(boot.allowed.ru).toEqual(expect.arrayContaining(['edit-slot', 'confirm-slot', 'fix-alignment', 'import-translation', 'pretranslate', 'restore']));
  });
});
