import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryList, ReviewPage, SlotSaved } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let translator: Login;
let reviewer: Login;
let admin: Login;
let documentId: number;
let segmentIds: number[];

beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator'], 'tina');
  reviewer = await app.login(['reviewer'], 'rita');
  admin = await app.login(['admin'], 'adam');
  ({ documentId } = await app.services.documents.importDocument({ title: '声明', text: '两国元首举行会谈。双方交换意见。双方达成共识。', langs: ['en', 'ru'], user: null }));
  segmentIds = app.store.segments.listSegments(documentId).map((s) => s.id);
  app.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: ['The heads of state held talks.', 'The sides exchanged views.', 'The sides reached consensus.'],
    beads: [0, 1, 2].map((i) => ({ source: [i], target: [i] })), status: 'aligned', action: 'align', userId: null,
  });
});
afterEach(() => app.close());

async function json<T>(res: Response): Promise<T> {
  return res.json() as Promise<T>;
}

function post(path: string, body: unknown, as: Login) {
  return app.request(path, { method: 'POST', as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function put(path: string, body: unknown, as: Login) {
  return app.request(path, { method: 'PUT', as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function slot(i: number, lang = 'en') {
  const s = app.store.slots.findSlot(segmentIds[i]!, lang);
  if (s?.kind !== 'head') throw new Error('expected a head');
  return s;
}

const slotPath = (i: number, lang = 'en') => `/api/documents/${documentId}/slots/${segmentIds[i]}/${lang}`;

async function confirm(i: number, as = translator, text = slot(i).text) {
  return put(slotPath(i), { text, version: slot(i).version, confirm: true }, as);
}

describe('status transitions per role', () => {
  it('a translator confirms; a reviewer approves only translated slots', async () => {
    expect((await post(`${slotPath(0)}/approve`, { version: slot(0).version }, reviewer)).status).toBe(409);
    expect((await confirm(0)).status).toBe(200);
    expect(slot(0).status).toBe('translated');
    const approved = await post(`${slotPath(0)}/approve`, { version: slot(0).version }, reviewer);
    expect(approved.status).toBe(200);
    expect(slot(0).status).toBe('approved');
    const again = await post(`${slotPath(0)}/approve`, { version: slot(0).version }, reviewer);
    expect(again.status).toBe(409);
    expect((await json<{ error: { message: string } }>(again)).error.message).toBe('This slot is already approved.');
  });

  it('a translator may not approve or reject, and nothing changes', async () => {
    await confirm(0);
    const before = slot(0);
    const approve = await post(`${slotPath(0)}/approve`, { version: before.version }, translator);
    expect(approve.status).toBe(403);
    expect((await json<{ error: { message: string } }>(approve)).error.message).toBe('Only reviewers can approve slots.');
    expect((await post(`${slotPath(0)}/reject`, { version: before.version, comment: 'no' }, translator)).status).toBe(403);
    expect(slot(0)).toEqual(before);
  });

  it('an admin may act as reviewer (admins can do everything)', async () => {
    await confirm(0);
    expect((await post(`${slotPath(0)}/approve`, { version: slot(0).version }, admin)).status).toBe(200);
  });


  it('rejecting needs a comment; the comment reaches the translator', async () => {
    await confirm(0);
    const noComment = await post(`${slotPath(0)}/reject`, { version: slot(0).version, comment: '  ' }, reviewer);
    expect(noComment.status).toBe(400);
    expect(slot(0).status).toBe('translated');
    const rejected = await post(`${slotPath(0)}/reject`, { version: slot(0).version, comment: 'Say "cordial".' }, reviewer);
    expect(rejected.status).toBe(200);
    expect(slot(0).status).toBe('rejected');
    const { comments } = await json<{ comments: { body: string; authorName: string }[] }>(await app.request(`${slotPath(0)}/comments`, { as: translator }));
    expect(comments).toMatchObject([{ body: 'Say "cordial".', authorName: 'rita' }]);
  });

  it('counts rejections per error category on the document page, and refuses an unknown category', async () => {
    await confirm(0);
    await confirm(1);
    const unknown = await post(`${slotPath(0)}/reject`, { version: slot(0).version, comment: 'No.', category: 'vibes' }, reviewer);
    expect(unknown.status).toBe(400);
    expect(slot(0).status).toBe('translated');
    expect((await post(`${slotPath(0)}/reject`, { version: slot(0).version, comment: 'Wrong term.', category: 'terminology' }, reviewer)).status).toBe(200);
    expect((await post(`${slotPath(1)}/reject`, { version: slot(1).version, comment: 'Old client.' }, reviewer)).status).toBe(200);
    expect(app.services.review.rejectionCounts(documentId)).toEqual(expect.arrayContaining([
      { lang: 'en', pass: 1, category: 'terminology', count: 1 }, { lang: 'en', pass: 1, category: null, count: 1 },
    ]));
    const page = await (await app.request(`/documents/${documentId}`, { as: translator })).text();
    const table = /<section class="card" aria-labelledby="rejections-title">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(table).toMatch(/Terminology<\/th><td class="num">1<\/td>/);
    expect(table).toMatch(/No category given<\/th><td class="num">1<\/td>/);
    expect(table).toMatch(/All rejections<\/th><td class="num">2<\/td>/);
  });

  it('a translator cannot confirm on behalf of a reviewer, and a reviewer cannot confirm', async () => {
    const res = await put(slotPath(0), { text: slot(0).text, version: slot(0).version, confirm: true }, reviewer);
    expect(res.status).toBe(403);
  });

  it('editing an approved slot returns it to draft and the review diffs against the approved text', async () => {
    await confirm(0);
    await post(`${slotPath(0)}/approve`, { version: slot(0).version }, reviewer);
    const edited = await put(slotPath(0), { text: 'The heads of state held cordial talks.', version: slot(0).version }, translator);
    expect((await json<SlotSaved>(edited)).slot).toMatchObject({ status: 'draft' });
    const page = await json<ReviewPage>(await app.request(`/api/documents/${documentId}/review/en?filter=changed-since-approval`, { as: reviewer }));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ base: { kind: 'approved', text: 'The heads of state held talks.' } });
    expect(page.items[0]!.diff).toEqual([{ value: 'The heads of state held ' }, { value: 'cordial ', added: true }, { value: 'talks.' }]);
  });

  it('a reviewer\'s edit is recorded as such and can be approved', async () => {
    await confirm(0);
    const edited = await put(slotPath(0), { text: 'The two heads of state held talks.', version: slot(0).version }, reviewer);
    expect((await json<SlotSaved>(edited)).slot).toMatchObject({ status: 'translated' });
    const { revisions } = await json<HistoryList>(await app.request(`${slotPath(0)}/history`, { as: reviewer }));
    expect(revisions.at(-1)).toMatchObject({ action: 'review-edit', authorName: 'rita' });
    expect((await post(`${slotPath(0)}/approve`, { version: slot(0).version }, reviewer)).status).toBe(200);
  });

  it('a stale decision is refused with 409', async () => {
    await confirm(0);
    const version = slot(0).version;
    await put(slotPath(0), { text: 'Changed meanwhile.', version, confirm: true }, translator);
    expect((await post(`${slotPath(0)}/approve`, { version }, reviewer)).status).toBe(409);
  });

  it('approves everything shown, skipping what is not translated, and undoes the last decision', async () => {
    await confirm(0);
    await confirm(1);
    const res = await post(`/api/documents/${documentId}/review/en/approve-all`, {
      slots: [0, 1, 2].map((i) => ({ segmentId: segmentIds[i], version: slot(i).version })),
    }, reviewer);
    const result = await json<{ approved: number; skipped: { reason: string }[] }>(res);
    expect(result.approved).toBe(2);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]!.reason).toContain('Only a translated slot can be approved');
    expect((await post(`/api/documents/${documentId}/undo`, {}, reviewer)).status).toBe(200);
    expect([slot(0).status, slot(1).status]).toEqual(['approved', 'translated']);
  });
});

describe('assignments', () => {
  it('only assigned people may work once a language has assignees; others read; assigned work comes first', async () => {
    const other = await app.login(['translator'], 'otto');
    const assign = await post(`/api/documents/${documentId}/assignments`, { lang: 'en', user: 'tina', role: 'translator' }, admin);
    expect(assign.status).toBe(200);
    expect((await confirm(0, other)).status).toBe(403);
    expect((await confirm(0, translator)).status).toBe(200);
    expect((await app.request(`/api/documents/${documentId}/rows`, { as: other })).status).toBe(200);
    // Russian has no assignees, so anyone with the role may work there.
    const ru = app.store.slots.findSlot(segmentIds[0]!, 'ru');
    if (ru?.kind !== 'head') throw new Error('expected a head');
    expect((await put(slotPath(0, 'ru'), { text: 'Главы государств провели переговоры.', version: ru.version }, other)).status).toBe(200);
    const { documentId: second } = await app.services.documents.importDocument({ title: '第二', text: '一。', user: null });
    const list = await (await app.request('/', { as: translator })).text();
    expect(list.indexOf('声明')).toBeLessThan(list.indexOf('第二'));
    expect(list).toContain('Assigned to you: en (translator)');
    expect(second).toBeGreaterThan(documentId);
  });

  it('only admins assign, and only people with the role', async () => {
    expect((await post(`/api/documents/${documentId}/assignments`, { lang: 'en', user: 'tina', role: 'translator' }, reviewer)).status).toBe(403);
    expect((await post(`/api/documents/${documentId}/assignments`, { lang: 'en', user: 'rita', role: 'translator' }, admin)).status).toBe(400);
    expect((await post(`/api/documents/${documentId}/assignments`, { lang: 'en', user: 'nobody', role: 'translator' }, admin)).status).toBe(404);
    expect(app.services.review.listAssignments(documentId)).toEqual([]);
  });
});

describe('history, restore and audit', () => {
  it('lists every revision with diffs and restores an old text as a new revision', async () => {
    await put(slotPath(0), { text: 'Second text.', version: slot(0).version }, translator);
    const { revisions } = await json<HistoryList>(await app.request(`${slotPath(0)}/history`, { as: translator }));
    expect(revisions.map((r) => [r.action, r.text])).toEqual([['align', 'The heads of state held talks.'], ['edit', 'Second text.']]);
    expect(revisions[1]!.diff).toEqual([{ value: 'The heads of state held talks', removed: true }, { value: 'Second text', added: true }, { value: '.' }]);
    const restored = await post(`${slotPath(0)}/restore`, { revisionId: revisions[0]!.id, version: slot(0).version }, translator);
    expect(restored.status).toBe(200);
    expect(slot(0)).toMatchObject({ text: 'The heads of state held talks.', status: 'draft' });
    const after = await json<HistoryList>(await app.request(`${slotPath(0)}/history`, { as: translator }));
    expect(after.revisions.map((r) => r.action)).toEqual(['align', 'edit', 'restore']);
    expect((await post(`${slotPath(1)}/restore`, { revisionId: revisions[0]!.id, version: slot(1).version }, translator)).status).toBe(404);
  });

  it('writes audit entries that only admins can read, filtered by user and action', async () => {
    await confirm(0);
    await post(`${slotPath(0)}/reject`, { version: slot(0).version, comment: 'Fix it.' }, reviewer);
    expect((await app.request('/api/audit', { as: reviewer })).status).toBe(403);
    const { entries } = await json<{ entries: { action: string; userName: string; details: string }[] }>(await app.request('/api/audit?user=rita&action=reject', { as: admin }));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'reject', userName: 'rita' });
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ lang: 'en', position: 1, comment: 'Fix it.' });
    const page = await app.request('/admin/audit?action=reject', { as: admin });
    expect(await page.text()).toContain('comment: Fix it.');
    expect((await app.request('/admin/audit', { as: translator })).status).toBe(403);
  });

  it('summarises activity per day and person', async () => {
    await confirm(0);
    const { activity } = await json<{ activity: { userName: string; action: string; count: number }[] }>(await app.request(`/api/documents/${documentId}/activity`, { as: translator }));
    expect(activity).toEqual(expect.arrayContaining([
      expect.objectContaining({ userName: 'command line', action: 'align', count: 3 }),
      expect.objectContaining({ userName: 'tina', action: 'confirm', count: 1 }),
    ]));
    const html = await (await app.request(`/documents/${documentId}`, { as: translator })).text();
    expect(html).toContain('tina 1');
  });

  it('lets admins create users and shows the password once', async () => {
    const res = await app.request('/admin/users', {
      method: 'POST', as: admin, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', admin.csrfToken], ['name', 'newbie'], ['roles', 'translator'], ['roles', 'reviewer']]),
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toMatch(/Their password is <code class="password">[a-z2-9-]{19}<\/code>/);
    expect(app.store.users.findUserByName('newbie')?.roles.sort()).toEqual(['reviewer', 'translator']);
    expect((await app.request('/admin/users', { as: translator })).status).toBe(403);
  });

  it('shows a taken user name as an error in the form, keeping what was typed', async () => {
    const create = () => app.request('/admin/users', {
      method: 'POST', as: admin, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', admin.csrfToken], ['name', 'twice'], ['roles', 'reviewer']]),
    });
    expect((await create()).status).toBe(201);
    const again = await create();
    expect(again.status).toBe(409);
    // The users page with its form, not the error page (the list above has role forms of its own).
    const html = (await again.text()).split('<h2>Add a user</h2>')[1] ?? '';
    expect(html).toMatch(/<p class="alert" role="alert" id="new-user-error">A user named &#34;twice&#34; already exists\.<\/p>/);
    expect(html).toMatch(/<input name="name"[^>]*value="twice"/);
    expect(html).toMatch(/value="reviewer" checked/);
    expect(html).not.toMatch(/value="translator" checked/);
    expect(app.store.users.listUsers().filter((u) => u.name === 'twice')).toHaveLength(1);
  });
});

describe('comments in exports', () => {
  it('writes open comments as TMX notes', async () => {
    await confirm(0);
    await post(`${slotPath(0)}/comments`, { body: 'Check "heads of state" & <terms>.' }, reviewer);
    const res = await app.request(`/export?documents=${documentId}&langs=en&statuses=all&format=tmx&notes=1`, { as: translator });
    expect(res.status).toBe(200);
    const tmx = await res.text();
    expect(tmx).toContain('<note>rita (en-US): Check "heads of state" &amp; &lt;terms&gt;.</note>');
  });
});

describe('approval with quality checks and the translation memory', () => {
  it('needs an explicit, recorded override to approve a slot with a QA error, and adds approved pairs to the TM', async () => {
    const { documentId: doc } = await app.services.documents.importDocument({ title: '年份', text: '两国于1992年建交。', langs: ['en'], user: null });
    const id = app.store.segments.listSegments(doc)[0]!.id;
    app.services.documents.placeTranslation({
      documentId: doc, lang: 'en', sentences: ['The two countries established relations in 1993.'],
      beads: [{ source: [0], target: [0] }], status: 'translated', action: 'import', userId: null,
    });
    const head = () => {
      const s = app.store.slots.findSlot(id, 'en');
      if (s?.kind !== 'head') throw new Error('expected a head');
      return s;
    };
    const path = `/api/documents/${doc}/slots/${id}/en/approve`;
    const refused = await post(path, { version: head().version }, reviewer);
    expect(refused.status).toBe(409);
    const body = await json<{ error: { message: string; details: { needsOverride: boolean; qaErrors: { id: string }[] } } }>(refused);
    expect(body.error.details.needsOverride).toBe(true);
    expect(body.error.message).toContain('1992');
    expect(head().status).toBe('translated');
    expect((await post(path, { version: head().version, overrideQa: true }, reviewer)).status).toBe(200);
    expect(app.store.db.prepare('SELECT qa_override FROM approvals WHERE segment_id = ?').get(id)).toEqual({ qa_override: 1 });
    const matches = app.services.tm.lookupText('两国于1992年建交。', 'en');
    expect(matches[0]).toMatchObject({ percent: 100, target: 'The two countries established relations in 1993.' });
  });
});
