import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBeads } from '../../src/align/beads.js';
import { addApprovedToTm } from '../../src/services/tm.js';
import type { AssistAnswer, ConcordanceAnswer, PretranslateAnswer } from '../../src/web/routes/assist.js';
import type { Term } from '../../src/store/terms.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);
const GLOSSARY_CSV = readFileSync(new URL('../../demo/glossary.csv', import.meta.url));
const ZH = readFileSync(new URL('zh.sentences', DEMO), 'utf8').split('\n').filter(Boolean);
const EN = readFileSync(new URL('en.sentences', DEMO), 'utf8').split('\n').filter(Boolean);

let app: TestApp;
let translator: Login;
let demoId: number;

async function json<T>(res: Response): Promise<T> {
  return res.json() as Promise<T>;
}

function send(path: string, body: unknown, as: Login, method = 'POST') {
  return app.request(path, { method, as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function upload(path: string, name: string, bytes: Uint8Array | string, as: Login) {
  const data = new FormData();
  data.set('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  return app.request(path, { method: 'POST', as, body: data });
}

/** The demo with its gold English placed, every slot approved into the TM (as review #5 does). */
async function demoInTm(): Promise<number> {
  const { documentId } = await app.services.documents.importDocument({ title: '联合声明', text: readFileSync(new URL('zh.txt', DEMO), 'utf8'), langs: ['en', 'ru'], user: null });
  app.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: EN, beads: parseBeads(readFileSync(new URL('en.gold', DEMO), 'utf8')), status: 'approved', action: 'import', userId: null,
  });
  app.store.transaction(() => {
    for (const slot of app.store.slots.listSlots(documentId, 'en')) {
      if (slot.kind === 'head') addApprovedToTm(app.store, { documentId, segmentId: slot.segmentId, lang: 'en', userId: null, now: '2026-01-05T10:00:00.000Z' });
    }
  });
  return documentId;
}

/** A second document repeating phrases of the demo: exact repeats, a near repeat, a new sentence. */
const SECOND = [
  ZH[3], // exact, previous segment differs from the demo's → plain 100%
  ZH[4], // exact, and follows ZH[3] as in the demo → context match
  '两国元首在互信和友好气氛中举行会谈。', // ZH[2] without 亲切、
  '双方指出，1992年两国签署中吉建交联合公报。', // shares the start of ZH[5]
  '今天天气很好。', // nothing like it
].join('');

async function secondDocument(): Promise<{ documentId: number; segmentIds: number[] }> {
  const { documentId } = await app.services.documents.importDocument({ title: '第二份声明', text: SECOND, langs: ['en', 'ru'], user: null });
  return { documentId, segmentIds: app.store.segments.listSegments(documentId).map((s) => s.id) };
}

beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
  demoId = await demoInTm();
});
afterEach(() => app.close());

describe('TM lookup', () => {
  it('orders matches best first: context, 100%, then by percent, with origin and date', async () => {
    const { documentId, segmentIds } = await secondDocument();
    expect(segmentIds).toHaveLength(5);
    const look = async (i: number) => json<AssistAnswer>(await app.request(`/api/documents/${documentId}/segments/${segmentIds[i]}/assist?lang=en`, { as: translator }));

    const exact = await look(0);
    expect(exact.matches[0]).toMatchObject({ percent: 100, exact: true, context: false, target: EN[3], origin: 'slot', originName: '联合声明', date: '2026-01-05T10:00:00.000Z' });
    const context = await look(1);
    expect(context.matches[0]).toMatchObject({ percent: 100, exact: true, context: true, target: EN[4] });

    const near = await look(2);
    expect(near.matches[0]).toMatchObject({ exact: false, context: false, source: ZH[2], target: EN[2] });
    // 20 characters, 3 deleted (亲切、): 100 × (1 − 3/20).
    expect(near.matches[0]!.percent).toBe(85);
    const percents = near.matches.map((m) => m.percent);
    expect(percents).toEqual([...percents].sort((a, b) => b - a));
    expect(percents.every((p) => p >= 50)).toBe(true);

    expect((await look(4)).matches).toEqual([]);
  });

  it('lists a TMX unit next to an approved slot, and ranks the identical one first', async () => {
    app.store.tm.insertTmUnit({
      sourceLang: 'zh-CN', sourceText: '两国元首在互信和友好气氛中举行会谈。', targetLang: 'en-US', targetText: 'The heads of state held talks in a friendly atmosphere.',
      origin: 'tmx', originName: 'old.tmx', tuid: '7', documentId: null, author: null, changedAt: '2020-03-01T00:00:00Z', createdBy: null, createdAt: '2026-01-01T00:00:00Z',
    });
    const { documentId, segmentIds } = await secondDocument();
    const answer = await json<AssistAnswer>(await app.request(`/api/documents/${documentId}/segments/${segmentIds[2]}/assist?lang=en`, { as: translator }));
    expect(answer.matches.slice(0, 2).map((m) => [m.percent, m.origin, m.originName])).toEqual([[100, 'tmx', 'old.tmx'], [85, 'slot', '联合声明']]);
  });

  it('keeps one unit per approved slot: approving again updates it', async () => {
    const before = app.store.tm.countTmUnits();
    const head = app.store.slots.listSlots(demoId, 'en')[3]!;
    app.store.db.prepare("UPDATE slots SET text = 'The two sides spoke highly of relations.' WHERE segment_id = ? AND lang = 'en'").run(head.segmentId);
    expect(addApprovedToTm(app.store, { documentId: demoId, segmentId: head.segmentId, lang: 'en', userId: null, now: '2026-02-01T00:00:00.000Z' })).toBe('updated');
    expect(app.store.tm.countTmUnits()).toBe(before);
    expect(app.store.tm.findSlotTmUnit(head.segmentId, 'en')).toMatchObject({ targetText: 'The two sides spoke highly of relations.', changedAt: '2026-02-01T00:00:00.000Z', context: ZH[2] });
  });

  it('answers 404 for another document\'s segment and 400 for a bad language', async () => {
    const { documentId } = await secondDocument();
    const demoSegment = app.store.segments.listSegments(demoId)[0]!.id;
    const wrong = await app.request(`/api/documents/${documentId}/segments/${demoSegment}/assist?lang=en`, { as: translator });
    expect(wrong.status).toBe(404);
    const bad = await app.request(`/api/documents/${documentId}/segments/${demoSegment}/assist?lang=EN!`, { as: translator });
    expect(bad.status).toBe(400);
    expect((await json<{ error: { code: string } }>(bad)).error.code).toBe('validation_failed');
  });
});

describe('pre-translate', () => {
  it('fills the repeats as draft at 100%, reports, writes revisions, and undoes in one step', async () => {
    const { documentId, segmentIds } = await secondDocument();
    const res = await send(`/api/documents/${documentId}/pretranslate`, { lang: 'en', threshold: 100 }, translator);
    expect(res.status).toBe(200);
    const { report } = await json<PretranslateAnswer>(res);
    expect(report).toMatchObject({ lang: 'en', threshold: 100, emptySlots: 5, filled: 2, belowThreshold: 3 });
    expect(report.slots.map((s) => [s.position, s.percent])).toEqual([[1, 100], [2, 100]]);
    const slots = app.store.slots.listSlots(documentId, 'en');
    expect(slots.map((s) => (s.kind === 'head' ? [s.status, s.text] : null))).toEqual([
      ['draft', EN[3]], ['draft', EN[4]], ['empty', ''], ['empty', ''], ['empty', ''],
    ]);
    expect(app.store.revisions.listRevisions(segmentIds[0]!, 'en').at(-1)).toMatchObject({ text: EN[3], status: 'draft', action: 'edit' });
    expect(app.store.slots.checkTiling(documentId, 'en')).toEqual([]);

    const undo = await send(`/api/documents/${documentId}/undo`, {}, translator);
    expect(undo.status).toBe(200);
    expect(app.store.slots.listSlots(documentId, 'en').every((s) => s.kind === 'head' && s.status === 'empty')).toBe(true);
  });

  it('fills near repeats with a lower threshold and leaves filled slots alone', async () => {
    const { documentId, segmentIds } = await secondDocument();
    app.store.db.prepare("UPDATE slots SET text = 'Mine.', status = 'draft' WHERE segment_id = ? AND lang = 'en'").run(segmentIds[0]);
    const { report } = await json<PretranslateAnswer>(await send(`/api/documents/${documentId}/pretranslate`, { lang: 'en', threshold: 80 }, translator));
    expect(report).toMatchObject({ emptySlots: 4, filled: 2 });
    expect(report.slots.map((s) => s.percent)).toEqual([100, 85]);
    const first = app.store.slots.findSlot(segmentIds[0]!, 'en');
    expect(first).toMatchObject({ text: 'Mine.', status: 'draft' });
  });

  it.each([
    [{ lang: 'en', threshold: 40 }, 400, 'validation_failed'],
    [{ lang: 'fr', threshold: 90 }, 404, 'not_found'],
  ])('refuses %j with %i and changes nothing', async (body, status, code) => {
    const { documentId } = await secondDocument();
    const res = await send(`/api/documents/${documentId}/pretranslate`, body, translator);
    expect(res.status).toBe(status);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe(code);
    expect(app.store.slots.listSlots(documentId, 'en').every((s) => s.kind === 'head' && s.status === 'empty')).toBe(true);
  });

  it('refuses a reviewer (403) and an anonymous client (401)', async () => {
    const { documentId } = await secondDocument();
    const reviewer = await app.login(['reviewer']);
    expect((await send(`/api/documents/${documentId}/pretranslate`, { lang: 'en' }, reviewer)).status).toBe(403);
    const anonymous = await app.request(`/api/documents/${documentId}/pretranslate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lang":"en"}' });
    expect([401, 403]).toContain(anonymous.status);
    expect(app.store.slots.listSlots(documentId, 'en').every((s) => s.kind === 'head' && s.status === 'empty')).toBe(true);
  });
});

describe('quality checks', () => {
  it('flag a wrong year planted in a slot: in the panel, the document list, the page and for approval', async () => {
    const { documentId, segmentIds } = await secondDocument();
    await send(`/api/documents/${documentId}/pretranslate`, { lang: 'en', threshold: 50 }, translator);
    const planted = 'The two sides noted that the Joint Communiqué on diplomatic relations was signed in 1993.';
    app.store.db.prepare("UPDATE slots SET text = ?, status = 'translated' WHERE segment_id = ? AND lang = 'en'").run(planted, segmentIds[3]);

    const answer = await json<AssistAnswer>(await app.request(`/api/documents/${documentId}/segments/${segmentIds[3]}/assist?lang=en`, { as: translator }));
    expect(answer.qa.filter((r) => r.check === 'numbers').map((r) => r.message)).toEqual([
      'The Chinese has 1992, missing from the translation.',
      'The translation has 1993, which the Chinese does not.',
    ]);
    expect(app.services.qa.qaErrors(documentId, segmentIds[3]!, 'en').map((r) => r.check)).toEqual(['numbers', 'numbers']);
    expect(app.services.qa.qaErrors(documentId, segmentIds[0]!, 'en')).toEqual([]);

    const list = await json<{ slots: { number: number; results: { check: string }[] }[] }>(await app.request(`/api/documents/${documentId}/qa?lang=en`, { as: translator }));
    expect(list.slots.find((s) => s.number === 4)?.results.map((r) => r.check)).toContain('numbers');
    const page = await (await app.request(`/documents/${documentId}/qa`, { as: translator })).text();
    expect(page).toContain('The translation has 1993, which the Chinese does not.');
  });
});

describe('glossary', () => {
  it('imports the demo CSV, finds its terms in a segment, and exports CSV and TBX that import back identically', async () => {
    const reviewer = await app.login(['reviewer']);
    const res = await upload('/api/glossary/import', 'glossary.csv', GLOSSARY_CSV, reviewer);
    expect(res.status).toBe(200);
    expect((await json<{ report: unknown }>(res)).report).toMatchObject({ format: 'csv', read: 13, added: 13, updated: 0, skipped: [] });

    const segment = app.store.segments.listSegments(demoId).find((s) => s.text.includes('一带一路'))!;
    const answer = await json<AssistAnswer>(await app.request(`/api/documents/${demoId}/segments/${segment.id}/assist?lang=ru`, { as: translator }));
    expect(answer.terms.map((t) => [t.source, t.preferred])).toEqual([['一带一路', 'Один пояс, один путь']]);
    expect(answer.terms[0]!.ranges).toEqual([[segment.text.indexOf('一带一路'), segment.text.indexOf('一带一路') + 4]]);

    const original = (await json<{ terms: Term[] }>(await app.request('/api/glossary', { as: translator }))).terms;
    const strip = (terms: Term[]) => terms.map(({ source, caseSensitive, note, equivalents }) => ({ source, caseSensitive, note, equivalents }));
    for (const format of ['csv', 'tbx'] as const) {
      const exported = await app.request(`/glossary/export?format=${format}`, { as: translator });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="glossary.${format}"`);
      const body = new Uint8Array(await exported.arrayBuffer());
      const fresh = await startTestApp();
      try {
        const admin = await fresh.login(['admin']);
        const back = await fresh.request('/api/glossary/import', { method: 'POST', as: admin, body: (() => { const d = new FormData(); d.set('file', new Blob([body]), `g.${format}`); return d; })() });
        expect(back.status).toBe(200);
        expect(strip(fresh.services.glossary.listTerms())).toEqual(strip(original));
      } finally {
        await fresh.close();
      }
    }
  });

  it('creates, updates and deletes a term over the API', async () => {
    const reviewer = await app.login(['reviewer']);
    const created = await send('/api/glossary', { source: '亚信', equivalents: [{ lang: 'en', text: 'CICA', kind: 'preferred' }] }, reviewer);
    expect(created.status).toBe(201);
    const { term } = await json<{ term: Term }>(created);
    const updated = await send(`/api/glossary/${term.id}`, { source: '亚信', caseSensitive: true, equivalents: [{ lang: 'en', text: 'CICA', kind: 'preferred' }, { lang: 'ru', text: 'СВМДА', kind: 'preferred' }] }, reviewer, 'PUT');
    expect(await json(updated)).toMatchObject({ term: { caseSensitive: true, equivalents: [{ lang: 'en', text: 'CICA' }, { lang: 'ru', text: 'СВМДА' }] } });
    expect((await app.request(`/api/glossary/${term.id}`, { method: 'DELETE', as: reviewer })).status).toBe(204);
    expect(app.store.terms.countTerms()).toBe(0);
  });

  it.each([
    ['a translator', ['translator'], { source: '亚信', equivalents: [] }, 403, 'forbidden'],
    ['two preferred equivalents', ['reviewer'], { source: '亚信', equivalents: [{ lang: 'en', text: 'CICA', kind: 'preferred' }, { lang: 'en', text: 'C.I.C.A.', kind: 'preferred' }] }, 400, 'validation_failed'],
    ['no Chinese term', ['admin'], { source: '  ', equivalents: [] }, 400, 'validation_failed'],
  ] as const)('refuses a term from %s and changes nothing', async (_name, roles, body, status, code) => {
    const user = await app.login([...roles]);
    const res = await send('/api/glossary', body, user);
    expect(res.status).toBe(status);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe(code);
    expect(app.store.terms.countTerms()).toBe(0);
  });

  it.each([
    ['a TBX with an entity-declaring DOCTYPE', 'evil.tbx', '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tbx><text><body><conceptEntry><langSec xml:lang="zh"><termSec><term>&x;</term></termSec></langSec></conceptEntry></body></text></tbx>'],
    ['malformed XML', 'broken.tbx', '<tbx><text><body><conceptEntry>'],
    ['another XML root', 'other.xml', '<tmx version="1.4"><body/></tmx>'],
    ['CSV without a zh column', 'g.csv', 'chinese,en\n亚信,CICA\n'],
    ['CSV with an unclosed quote', 'g.csv', 'zh,en\n亚信,"CICA\n'],
    ['non-UTF-8 bytes', 'g.csv', new Uint8Array([0x7a, 0x68, 0x0a, 0xff, 0xfe, 0x00])],
  ])('refuses %s with 400 and imports nothing', async (_name, name, content) => {
    const admin = await app.login(['admin']);
    const res = await upload('/api/glossary/import', name, content, admin);
    expect(res.status).toBe(400);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('invalid_file');
    expect(app.store.terms.countTerms()).toBe(0);
  });

  it('shows the glossary page to everyone and the forms only to reviewers and admins', async () => {
    const admin = await app.login(['admin']);
    await upload('/api/glossary/import', 'glossary.csv', GLOSSARY_CSV, admin);
    const forTranslator = await (await app.request('/glossary', { as: translator })).text();
    expect(forTranslator).toContain('三股势力');
    expect(forTranslator).toContain('three evil forces');
    expect(forTranslator).not.toContain('Add a term');
    expect(await (await app.request('/glossary', { as: admin })).text()).toContain('Add a term');
    const add = await app.request('/glossary', {
      method: 'POST', as: admin, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: admin.csrfToken, source: '中亚', en: 'Central Asia', ru: 'Центральная Азия', ru_allowed: 'Центральной Азии' }).toString(),
    });
    expect(add.status).toBe(303);
    expect(app.store.terms.findTermBySource('中亚')?.equivalents).toEqual([
      { lang: 'en', text: 'Central Asia', kind: 'preferred' }, { lang: 'ru', text: 'Центральная Азия', kind: 'preferred' }, { lang: 'ru', text: 'Центральной Азии', kind: 'allowed' },
    ]);
  });
});

describe('concordance', () => {
  it.each([
    ['Chinese (trigram index)', '一带一路', 3],
    ['a two-character Chinese term', '亚信', 1],
    ['English text', 'Belt and Road', 3],
  ])('finds %s', async (_name, q, count) => {
    const res = await app.request(`/api/tm/concordance?q=${encodeURIComponent(q)}`, { as: translator });
    const answer = await json<ConcordanceAnswer>(res);
    expect(answer.hits).toHaveLength(count);
    expect(answer.hits.every((h) => h.source.includes(q) || h.target.toLowerCase().includes(q.toLowerCase()))).toBe(true);
  });

  it('refuses an empty query', async () => {
    const res = await app.request('/api/tm/concordance?q=%20', { as: translator });
    expect(res.status).toBe(400);
  });
});
