import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegionChange, RowsPage } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

// Issue #16: the grid's grouping marker and its one-key fix, and approvals that a grouping
// change in another language re-opens.

let app: TestApp;
let translator: Login;
let reviewer: Login;
let documentId: number;

const ZH = ['两国元首举行会谈。', '双方交换了意见。', '会谈在友好气氛中进行。', '双方签署了协议。'];

beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
  reviewer = await app.login(['reviewer']);
  ({ documentId } = await app.services.documents.importDocument({ title: 't', text: ZH.join(''), langs: ['en', 'ru'], user: null }));
  // English groups segments 1–2 as one slot; Russian has one slot per segment.
  app.services.documents.placeTranslation({
    documentId, lang: 'en', status: 'aligned', action: 'align', userId: null,
    sentences: ['The two heads of state held talks.', 'The two sides exchanged views.', 'The talks were friendly.', 'The two sides signed an agreement.'],
    beads: [{ source: [0, 1], target: [0, 1] }, { source: [2], target: [2] }, { source: [3], target: [3] }],
  });
  app.services.documents.placeTranslation({
    documentId, lang: 'ru', status: 'aligned', action: 'align', userId: null,
    sentences: ['Главы двух государств провели переговоры.', 'Стороны обменялись мнениями.', 'Переговоры прошли в дружеской атмосфере.', 'Стороны подписали соглашение.'],
    beads: ZH.map((_, i) => ({ source: [i], target: [i] })),
  });
  app.services.slots.saveAlignmentPreferences(translator.userId, { autoRealign: false });
});
afterEach(() => app.close());

function send(path: string, body: unknown, as: Login = translator) {
  return app.request(path, { method: 'POST', as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function rows(): Promise<RowsPage['rows']> {
  return ((await (await app.request(`/api/documents/${documentId}/rows?offset=0&limit=10`, { as: translator })).json()) as RowsPage).rows;
}

function column(lang: string): string {
  return app.store.slots.listSlots(documentId, lang).flatMap((s, p) => (s.kind === 'head' ? [`${p}${s.span > 1 ? `+${s.span}` : ''}:${s.status}`] : [])).join('|');
}

function head(lang: string, position: number) {
  const segmentId = app.store.segments.listSegments(documentId)[position]!.id;
  const slot = app.store.slots.findSlot(segmentId, lang);
  if (slot?.kind !== 'head') throw new Error(`no ${lang} head at ${position}`);
  return { ...slot, segmentId };
}

function operate(kind: string, lang: string, position: number) {
  const h = head(lang, position);
  return send(`/api/documents/${documentId}/operations`, { kind, segmentId: h.segmentId, lang, version: h.version });
}

describe('the grouping marker', () => {
  it('marks both columns where English and Russian group the segments differently, and nowhere else', async () => {
    const page = await rows();
    expect(page[0]!.grouping).toEqual({
      en: { other: 'ru', first: 1, last: 2, suggested: 'en' },
      ru: { other: 'en', first: 1, last: 2, suggested: 'en' },
    });
    expect(page[1]!.grouping).toEqual({ ru: { other: 'en', first: 1, last: 2, suggested: 'en' } });
    expect(page[2]!.grouping).toBeUndefined();
    expect(page[3]!.grouping).toBeUndefined();
  });

  it('marks a short page that starts inside a slot as the whole page marks those rows', async () => {
    const whole = await rows();
    for (const [offset, limit] of [[1, 1], [0, 1], [2, 2], [3, 1]] as const) {
      const page = ((await (await app.request(`/api/documents/${documentId}/rows?offset=${offset}&limit=${limit}`, { as: translator })).json()) as RowsPage).rows;
      expect(page.length).toBeGreaterThan(0);
      for (const row of page) expect(row.grouping).toEqual(whole.find((r) => r.segmentId === row.segmentId)!.grouping);
    }
  });

  it('adopts the other grouping in one step (Russian merges as English), and one undo takes it back', async () => {
    const res = await operate('adopt-grouping', 'ru', 0);
    expect(res.status).toBe(200);
    const change = (await res.json()) as RegionChange;
    expect(column('ru')).toBe('0+2:draft|2:aligned|3:aligned');
    expect(head('ru', 0).text).toBe('Главы двух государств провели переговоры. Стороны обменялись мнениями.');
    expect(change.rows.every((r) => r.grouping === undefined)).toBe(true);
    expect(change.history.undoLabel).toBe('adopt the other grouping (ru) at 1');
    expect((await rows())[0]!.grouping).toBeUndefined();
    expect((await send(`/api/documents/${documentId}/undo`, {})).status).toBe(200);
    expect(column('ru')).toBe('0:aligned|1:aligned|2:aligned|3:aligned');
  });

  it('adopts the finer grouping too (English splits at its sentence boundary)', async () => {
    expect((await operate('adopt-grouping', 'en', 0)).status).toBe(200);
    expect(column('en')).toBe('0:draft|1:draft|2:aligned|3:aligned');
    expect(head('en', 1).text).toBe('The two sides exchanged views.');
  });

  it('refuses where the groupings agree, and reviewers, changing nothing', async () => {
    const before = [column('en'), column('ru')];
    const agreed = await operate('adopt-grouping', 'ru', 2);
    expect(agreed.status).toBe(400);
    expect(((await agreed.json()) as { error: { message: string } }).error.message).toMatch(/already grouped/);
    expect((await send(`/api/documents/${documentId}/operations`, { kind: 'adopt-grouping', segmentId: head('ru', 0).segmentId, lang: 'ru' }, reviewer)).status).toBe(403);
    expect([column('en'), column('ru')]).toEqual(before);
  });
});

describe('approvals across languages', () => {
  async function approveRussian(position: number): Promise<void> {
    const h = head('ru', position);
    const confirmed = await app.request(`/api/documents/${documentId}/slots/${h.segmentId}/ru`, {
      method: 'PUT', as: translator, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: h.text, version: h.version, confirm: true }),
    });
    expect(confirmed.status).toBe(200);
    const again = head('ru', position);
    expect((await send(`/api/documents/${documentId}/slots/${again.segmentId}/ru/approve`, { version: again.version, overrideQa: true }, reviewer)).status).toBe(200);
  }

  it('re-opens a Russian approval when an English merge changes the grouping around it, restores it on undo, and approving clears it', async () => {
    await approveRussian(2);
    await approveRussian(3);
    const res = await operate('merge', 'en', 2);
    expect(res.status).toBe(200);
    const change = (await res.json()) as RegionChange;
    expect(change.reopenedApprovals).toBe(2);
    expect(column('ru')).toBe('0:aligned|1:aligned|2:translated|3:translated');
    expect(head('ru', 2).reasons).toContain('grouping changed since approval');
    const shown = change.rows.find((r) => r.position === 2)!.slots.ru;
    expect(shown).toMatchObject({ kind: 'head', status: 'translated', reasons: expect.arrayContaining(['grouping changed since approval']) });

    expect((await send(`/api/documents/${documentId}/undo`, {})).status).toBe(200);
    expect(column('ru')).toBe('0:aligned|1:aligned|2:approved|3:approved');
    expect(head('ru', 2).reasons).not.toContain('grouping changed since approval');

    expect((await send(`/api/documents/${documentId}/redo`, {})).status).toBe(200);
    expect(column('ru')).toBe('0:aligned|1:aligned|2:translated|3:translated');
    const reopened = head('ru', 2);
    expect((await send(`/api/documents/${documentId}/slots/${reopened.segmentId}/ru/approve`, { version: reopened.version, overrideQa: true }, reviewer)).status).toBe(200);
    expect(head('ru', 2)).toMatchObject({ status: 'approved' });
    expect(head('ru', 2).reasons).not.toContain('grouping changed since approval');
  });

  it('keeps an approval when the English change moves text but not the grouping', async () => {
    await approveRussian(2);
    const res = await operate('shift-down', 'en', 2);
    expect(res.status).toBe(200);
    expect(((await res.json()) as RegionChange).reopenedApprovals).toBeUndefined();
    expect(head('ru', 2).status).toBe('approved');
  });
});
