/**
 * Issue #12: `GET /api/documents/:id` of a big document built one 510 MB reply. It answers
 * one page of rows (500 by default, widened so no slot is cut, and shorter when the texts
 * are long), with `page.next` to go on; the counts are the whole document's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let translator: Login;

beforeAll(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
});
afterAll(() => app.close());

async function read(documentId: number, query = ''): Promise<{ body: DocumentDetail; bytes: number }> {
  const res = await app.request(`/api/documents/${documentId}${query}`, { as: translator });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { body: JSON.parse(text) as DocumentDetail, bytes: Buffer.byteLength(text) };
}

/** Every page from the start, following `next`. */
async function readAll(documentId: number, limit?: number): Promise<DocumentDetail[]> {
  const pages: DocumentDetail[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const { body } = await read(documentId, `?offset=${offset}${limit ? `&limit=${limit}` : ''}`);
    pages.push(body);
    offset = body.page.next;
  }
  return pages;
}

describe('GET /api/documents/:id answers a page at a time', () => {
  let documentId: number;
  beforeAll(async () => {
    const text = Array.from({ length: 1200 }, (_, i) => `第${i + 1}句。${i % 10 === 9 ? '\n' : ''}`).join('');
    ({ documentId } = await app.services.documents.importDocument({ title: '长文', text, langs: ['en'], user: null }));
  });

  it('gives the first 500 rows, the whole document\'s counts, and where to go on', async () => {
    const { body } = await read(documentId);
    expect(body.document.rows).toHaveLength(500);
    expect(body.document.segmentCount).toBe(1200);
    expect(body.document.paragraphCount).toBe(120);
    expect(body.document.statusCounts).toEqual([{ lang: 'en', counts: [{ status: 'empty', label: expect.any(String), count: 1200 }] }]);
    expect(body.page).toEqual({ offset: 0, limit: 500, total: 1200, next: 500 });
  });

  it('covers every row exactly once over its pages, paragraph starts included', async () => {
    const pages = await readAll(documentId, 333);
    const rows = pages.flatMap((p) => p.document.rows);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.startsParagraph)).toHaveLength(120);
    expect(pages.at(-1)!.page.next).toBeNull();
  });

  it('never cuts a merged slot: the page grows to its end', async () => {
    const ids = app.store.segments.listSegments(documentId).map((s) => s.id);
    const head = app.store.slots.findSlot(ids[499]!, 'en');
    const merged = app.services.slots.applyOperation({ documentId, kind: 'merge', segmentId: ids[499]!, lang: 'en', version: head?.kind === 'head' ? head.version : 0, user: app.store.users.findUser(translator.userId)! });
    expect(merged).toBeTruthy();
    const { body } = await read(documentId);
    expect(body.document.rows).toHaveLength(501);
    expect(body.page.next).toBe(501);
  });

  it('refuses a limit above 2,000 with 400', async () => {
    const res = await app.request(`/api/documents/${documentId}?limit=100000`, { as: translator });
    expect(res.status).toBe(400);
  });
});

describe('a page of long texts stops early', () => {
  it('answers 60 slots of 100,000 characters in pages of a few MB', async () => {
    const text = Array.from({ length: 60 }, (_, i) => `第${i + 1}句。`).join('');
    const { documentId } = await app.services.documents.importDocument({ title: '长译文', text, langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: Array.from({ length: 60 }, (_, i) => `${'x'.repeat(99_990)} ${i}.`),
      beads: Array.from({ length: 60 }, (_, i) => ({ source: [i], target: [i] })), status: 'aligned', action: 'align', userId: null,
    });
    const first = await read(documentId);
    expect(first.body.document.rows.length).toBeLessThan(60);
    expect(first.bytes).toBeLessThan(13_000_000);
    const rows = (await readAll(documentId)).flatMap((p) => p.document.rows);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });
});
