import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let translator: Login;
beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
});
afterEach(() => app.close());

function counts() {
  const n = (table: string) => (app.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { documents: n('documents'), segments: n('segments'), slots: n('slots') };
}

function multipart(fields: Record<string, string | string[]>, file?: { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }): FormData {
  const data = new FormData();
  data.set('_csrf', translator.csrfToken);
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
  if (file) data.set('file', new Blob([file.bytes], { type: file.type ?? 'text/plain' }), file.name);
  return data;
}

describe('import through the page form', () => {
  it('imports pasted text and redirects to the document, which shows every segment', async () => {
    const res = await app.request('/documents', { method: 'POST', as: translator, body: multipart({ title: '会谈', text: '两国元首举行会谈。双方交换意见！', langs: ['en', 'ru'] }) });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/documents\/\d+$/);
    const page = await app.request(location, { as: translator });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('两国元首举行会谈。');
    expect(html).toContain('双方交换意见！');
    expect(html).toContain('>English</th>');
    expect(html).toContain('>Русский</th>');
    expect(html).toContain('2 segments in 1 paragraphs');
  });

  it('imports an uploaded UTF-8 file with BOM named in Chinese', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('第一句。\n第二句。')]);
    const res = await app.request('/documents', { method: 'POST', as: translator, body: multipart({ langs: 'en' }, { name: '声明.txt', bytes }) });
    expect(res.status).toBe(303);
    const doc = app.services.documents.listDocuments()[0];
    expect(doc).toMatchObject({ title: '声明', langs: ['en'], segmentCount: 2 });
  });

  it('shows the import form to translators', async () => {
    const res = await app.request('/documents/new', { as: translator });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain(`name="_csrf" value="${translator.csrfToken}"`);
  });
});

describe('import through the API', () => {
  it('creates a document from JSON and lists it with progress', async () => {
    const res = await app.request('/api/documents', {
      method: 'POST', as: translator, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'T', text: '一。二。\n三。', langs: ['en'] }),
    });
    expect(res.status).toBe(201);
    const created = await res.json() as { documentId: number; url: string };
    expect(created).toEqual({ documentId: expect.any(Number), segmentCount: 3, paragraphCount: 2, url: `/documents/${created.documentId}` });
    const list = await (await app.request('/api/documents', { as: translator })).json() as { documents: unknown[] };
    expect(list.documents).toEqual([{
      id: created.documentId, title: 'T', segmentCount: 3, updatedAt: expect.any(String), updatedAtLabel: expect.stringMatching(/UTC$/),
      progress: [{ lang: 'en', name: 'English', done: 0, total: 3, percent: 0, label: '0 of 3 segments translated or approved' }],
    }]);
    const detail = await (await app.request(`/api/documents/${created.documentId}`, { as: translator })).json() as { document: { rows: { source: string; paragraph: number }[] } };
    expect(detail.document.rows.map((r) => [r.source, r.paragraph])).toEqual([['一。', 0], ['二。', 0], ['三。', 1]]);
  });

  it('imports a .docx upload', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/sample.docx', import.meta.url)));
    const res = await app.request('/api/documents', { method: 'POST', as: translator, body: multipart({ title: 'Word' }, { name: 'sample.docx', bytes }) });
    expect(res.status).toBe(201);
    expect((await res.json() as { segmentCount: number }).segmentCount).toBe(3);
  });

  const bad: [string, () => FormData | string, number, string][] = [
    ['empty text', () => multipart({ title: 't', text: '' }), 400, 'empty_text'],
    ['whitespace only', () => multipart({ title: 't', text: '  \u3000\n ' }), 400, 'empty_text'],
    ['a binary file', () => multipart({ title: 't' }, { name: 'x.txt', bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }), 400, 'invalid_file'],
    ['a PNG renamed .txt', () => multipart({ title: 't' }, { name: 'x.txt', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]) }), 400, 'invalid_file'],
    ['a corrupt .docx', () => multipart({ title: 't' }, { name: 'x.docx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]) }), 400, 'invalid_file'],
    ['a file over 20 MB', () => multipart({ title: 't' }, { name: 'big.txt', bytes: new Uint8Array(20 * 1024 * 1024 + 10).fill(0x61) }), 413, 'payload_too_large'],
    ['an unknown language', () => multipart({ title: 't', text: '中文。', langs: 'klingon!' }), 400, 'validation_failed'],
    ['malformed JSON', () => '{"title": ', 400, 'malformed_request'],
  ];
  it.each(bad)('refuses %s and stores nothing', async (_name, body, status, code) => {
    const before = counts();
    const payload = body();
    const res = await app.request('/api/documents', {
      method: 'POST', as: translator, body: payload,
      ...(typeof payload === 'string' && { headers: { 'content-type': 'application/json' } }),
    });
    expect(res.status).toBe(status);
    const json = await res.json() as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(10);
    expect(counts()).toEqual(before);
    expect(app.errors).toEqual([]);
  });

  it('shows a refused page import as a page with the message', async () => {
    const res = await app.request('/documents', { method: 'POST', as: translator, headers: { accept: 'text/html' }, body: multipart({ title: 't', text: ' ' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Paste the Chinese text or choose a file to import.');
  });
});

describe('the document view', () => {
  it('escapes hostile titles and text', async () => {
    const { documentId } = await app.services.documents.importDocument({
      title: '<img src=x onerror=alert(1)>', text: '<script>alert("x")</script>。', user: null,
    });
    const html = await (await app.request(`/documents/${documentId}`, { as: translator })).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;。');
  });

  it('draws a slot that spans segments as one merged cell', async () => {
    const { documentId } = await app.services.documents.importDocument({ title: 't', text: '一。二。三。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['One and two.', 'Three.'],
      beads: [{ source: [0, 1], target: [0] }, { source: [2], target: [1] }], status: 'translated', action: 'import', userId: null,
    });
    const html = await (await app.request(`/documents/${documentId}`, { as: translator })).text();
    expect(html).toMatch(/<td class="tgt status-translated" lang="en"\s+rowspan="2"/);
    expect(html).toContain('Translated · 2 segments');
    const list = await (await app.request('/api/documents', { as: translator })).json() as { documents: { progress: { done: number }[] }[] };
    expect(list.documents[0]?.progress[0]?.done).toBe(3);
  });

  it.each([['/documents/999', 404], ['/documents/abc', 400], ['/api/documents/999', 404], ['/api/documents/-1', 400]])('answers %s with %i', async (path, status) => {
    const res = await app.request(path, { as: translator });
    expect(res.status).toBe(status);
  });
});
