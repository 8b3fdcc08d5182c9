/** Segmentation rules over HTTP: the SRX page, the import form's choice and the document's settings. */
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

function upload(as: Login, bytes: Uint8Array, fields: Record<string, string> = {}): RequestInit & { as: Login } {
  const data = new FormData();
  data.set('_csrf', as.csrfToken);
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  data.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/xml' }), 'rules.srx');
  return { method: 'POST', as, body: data };
}
const omegat = new Uint8Array(readFileSync(new URL('../fixtures/srx/omegat-defaultRules-zh.srx', import.meta.url)));

describe('segmentation rules', () => {
  it('links the rules page from the main navigation for those who may change rules', async () => {
    const nav = (html: string) => /<nav aria-label="Main">[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    expect(nav(await (await app.request('/', { as: translator })).text())).toContain('<a href="/segmentation">Segmentation</a>');
    const reviewer = await app.login(['reviewer']);
    expect(nav(await (await app.request('/', { as: reviewer })).text())).not.toContain('/segmentation');
  });

  it('imports an SRX file on its page, offers it on the import form, and the new document is split with it', async () => {
    const page = await app.request('/segmentation', upload(translator, omegat, { name: 'OmegaT zh' }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Imported the rule set “OmegaT zh”.');
    expect(html).toContain('ZH.*, .*');
    const form = await (await app.request('/documents/new', { as: translator })).text();
    const id = /<option value="(\d+)">OmegaT zh<\/option>/.exec(form)?.[1];
    expect(id).toBeDefined();
    const data = new FormData();
    data.set('_csrf', translator.csrfToken);
    data.set('title', '书名');
    data.set('text', '读《书。名》吧。');
    data.set('segmentation', id!);
    const created = await app.request('/documents', { method: 'POST', as: translator, body: data });
    expect(created.status).toBe(303);
    const documentId = Number(/\/documents\/(\d+)/.exec(created.headers.get('location') ?? '')?.[1]);
    expect(app.store.segments.listSegments(documentId).map((s) => s.text)).toEqual(['读《书。', '名》吧。']);
  });

  it('refuses an unsafe or hostile SRX file on the page with the reason, storing nothing', async () => {
    const unsafe = new TextEncoder().encode('<srx version="2.0"><header/><body><languagerules><languagerule languagerulename="X"><rule><beforebreak>(a|aa)*$</beforebreak><afterbreak/></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>');
    const res = await app.request('/segmentation', upload(translator, unsafe));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/exponential time.*Nothing was imported/s);
    const api = await app.request('/api/segmentation', upload(translator, new TextEncoder().encode('<!DOCTYPE srx [<!ENTITY x "y">]><srx/>')));
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('forbidden_doctype');
    expect(app.services.segmentation.listRuleSets()).toEqual([]);
    const reviewer = await app.login(['reviewer']);
    expect((await app.request('/api/segmentation', upload(reviewer, omegat))).status).toBe(403);
  });

  it('saves a document\'s abbreviations from its page', async () => {
    const { documentId } = await app.services.documents.importDocument({ title: 'T', text: '甲。', langs: ['en'], user: null });
    const page = await (await app.request(`/documents/${documentId}`, { as: translator })).text();
    expect(page).toContain('Segmentation rules…');
    const res = await app.request(`/documents/${documentId}/segmentation`, {
      method: 'POST', as: translator, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: translator.csrfToken, rules: '', abbreviations: 'incl.\nт.н.' }),
    });
    expect(res.status).toBe(303);
    expect(app.services.segmentation.documentSettings(documentId)).toMatchObject({ rulesId: null, abbreviations: ['incl', 'т.н'] });
    const json = await app.request(`/api/documents/${documentId}/segmentation`, { method: 'PUT', as: translator, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: null, abbreviations: 'two words' }) });
    expect(json.status).toBe(400);
    const empty = await app.request(`/api/documents/${documentId}/segmentation`, { method: 'PUT', as: translator, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(empty.status).toBe(400);
    expect(app.services.segmentation.documentSettings(documentId).abbreviations).toEqual(['incl', 'т.н']);
  });
});
