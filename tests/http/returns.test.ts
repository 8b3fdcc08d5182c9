/** XLIFF export and the import of returned files (XLIFF, review table) over HTTP. */
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';
import { WordEdits } from '../helpers/word-edits.js';

let app: TestApp;
let translator: Login;
beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
});
afterEach(() => app.close());

async function translatedDocument(): Promise<number> {
  const { documentId } = await app.services.documents.importDocument({ title: '会谈', text: '两国元首举行会谈。双方交换意见！', langs: ['en', 'ru'], user: null });
  app.services.documents.placeTranslation({ documentId, lang: 'en', sentences: ['Talks.', 'Views exchanged.'], beads: [{ source: [0], target: [0], confidence: 0.93 }, { source: [1], target: [1], confidence: 0.4 }], status: 'aligned', action: 'align', userId: null });
  return documentId;
}

function upload(as: Login, bytes: Uint8Array, name: string): RequestInit & { as: Login } {
  const data = new FormData();
  data.set('_csrf', as.csrfToken);
  data.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), name);
  return { method: 'POST', as, body: data };
}
const texts = (id: number) => app.store.slots.listSlots(id, 'en').map((s) => (s.kind === 'head' ? s.text : ''));

describe('XLIFF over HTTP', () => {
  it('exports one language as XLIFF 1.2 or 2.0, aligned pairs above a threshold as targets, and several as a ZIP of one file each', async () => {
    const id = await translatedDocument();
    const res = await app.request(`/export?documents=${id}&langs=en&format=xliff12&aligned=0.9`, { as: translator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xliff+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="duizhao-doc\d+-en-\d{8}\.xlf"/);
    const xml = await res.text();
    expect(xml).toContain('<target state="needs-translation">Talks.</target>');
    expect(xml).not.toContain('Views exchanged.');
    const v2 = await app.request(`/export?documents=${id}&langs=en&format=xliff20&copySource=1`, { as: translator });
    expect(await v2.text()).toContain('<target xml:space="preserve">两国元首举行会谈。</target>');
    const both = await app.request(`/export?documents=${id}&format=xliff12&statuses=all`, { as: translator });
    expect(both.status).toBe(200);
    expect(both.headers.get('content-type')).toBe('application/zip');
    expect(both.headers.get('content-disposition')).toMatch(/filename="duizhao-doc\d+-en-ru-\d{8}\.zip"/);
    const zip = await JSZip.loadAsync(new Uint8Array(await both.arrayBuffer()));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual([expect.stringMatching(/^duizhao-doc\d+-\d{8}-en-US\.xlf$/), expect.stringMatching(/^duizhao-doc\d+-\d{8}-ru-RU\.xlf$/)]);
    const english = await zip.file(names[0]!)!.async('string');
    expect(english).toContain('target-language="en-US"');
    expect(english).toContain('>Views exchanged.</target>');
    expect(await zip.file(names[1]!)!.async('string')).toContain('target-language="ru-RU"');
    const bad = await app.request(`/export?documents=${id}&langs=en&format=tmx&aligned=2`, { as: translator, headers: { accept: 'application/json' } });
    expect(bad.status).toBe(400);
  });

  it('imports a returned XLIFF on the document page and shows the report', async () => {
    const id = await translatedDocument();
    const page = await app.request(`/documents/${id}`, { as: translator });
    expect(await page.text()).toContain('Import XLIFF or review table…');
    const xml = await (await app.request(`/export?documents=${id}&langs=en&format=xliff12&statuses=all`, { as: translator })).text();
    const res = await app.request(`/documents/${id}/returns`, upload(translator, new TextEncoder().encode(xml.replace('>Talks.<', '>Talks were held.<')), 'back.xlf'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Imported back.xlf');
    expect(html).toMatch(/Slots updated<\/dt><dd>1</);
    expect(html).toContain('Talks were held.');
    expect(texts(id)).toEqual(['Talks were held.', 'Views exchanged.']);
  });

  it('shows a refused file on the page with nothing imported, and answers JSON on the API', async () => {
    const id = await translatedDocument();
    const hostile = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff version="1.2"/>';
    const res = await app.request(`/documents/${id}/returns`, upload(translator, new TextEncoder().encode(hostile), 'x.xlf'));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/DOCTYPE declares entities.*Nothing was imported/s);
    const api = await app.request(`/api/documents/${id}/returns`, upload(translator, new TextEncoder().encode(hostile), 'x.xlf'));
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('forbidden_doctype');
    expect(texts(id)).toEqual(['Talks.', 'Views exchanged.']);
    const missing = await app.request(`/api/documents/${id}/returns`, { method: 'POST', as: translator, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(400);
    expect((await app.request('/api/documents/999/returns', upload(translator, new TextEncoder().encode('<xliff/>'), 'x.xlf'))).status).toBe(404);
  });

  it('imports a review table edited in Word through the API as reviewer edits', async () => {
    const id = await translatedDocument();
    const reviewer = await app.login(['reviewer']);
    const docx = new Uint8Array(await (await app.request(`/export?documents=${id}&langs=en&format=docx&statuses=all`, { as: reviewer })).arrayBuffer());
    const edited = await (await WordEdits.open(docx)).trackReplace('Views exchanged.', 'The two sides exchanged views.').save();
    const res = await app.request(`/api/documents/${id}/returns`, upload(reviewer, edited, 'review.docx'));
    expect(res.status).toBe(200);
    const report = await res.json() as { updated: { after: string; status: string }[] };
    expect(report.updated).toEqual([expect.objectContaining({ after: 'The two sides exchanged views.', status: 'translated' })]);
  });

  it('asks an admin or translator+reviewer whether a review table\'s edits count as review, and does as answered', async () => {
    const id = await translatedDocument();
    const both = await app.login(['translator', 'reviewer']);
    const page = await (await app.request(`/documents/${id}`, { as: both })).text();
    expect(page).toContain('name="editsAre" value="review"');
    expect(await (await app.request(`/documents/${id}`, { as: translator })).text()).not.toContain('name="editsAre"');
    const docx = new Uint8Array(await (await app.request(`/export?documents=${id}&langs=en&format=docx&statuses=all`, { as: both })).arrayBuffer());
    const asReview = upload(both, await (await WordEdits.open(docx)).trackReplace('Views exchanged.', 'The two sides exchanged views.').save(), 'review.docx');
    (asReview.body as FormData).set('editsAre', 'review');
    expect((await app.request(`/documents/${id}/returns`, asReview)).status).toBe(200);
    const segment = app.store.segments.listSegments(id)[1]!;
    expect(app.store.revisions.listRevisions(segment.id, 'en').at(-1)).toMatchObject({ action: 'review-edit', status: 'translated', text: 'The two sides exchanged views.' });

    const admin = await app.login(['admin']);
    const again = new Uint8Array(await (await app.request(`/export?documents=${id}&langs=en&format=docx&statuses=all`, { as: admin })).arrayBuffer());
    const asTranslation = upload(admin, await (await WordEdits.open(again)).trackReplace('Talks.', 'The talks.').save(), 'review.docx');
    (asTranslation.body as FormData).set('editsAre', 'translation');
    expect((await app.request(`/documents/${id}/returns`, asTranslation)).status).toBe(200);
    const first = app.store.segments.listSegments(id)[0]!;
    expect(app.store.revisions.listRevisions(first.id, 'en').at(-1)).toMatchObject({ action: 'edit', status: 'draft', text: 'The talks.' });
    const bad = upload(admin, again, 'review.docx');
    (bad.body as FormData).set('editsAre', 'maybe');
    expect((await app.request(`/api/documents/${id}/returns`, bad)).status).toBe(400);
  });

  it('refuses readers without a working role and a form without the CSRF token', async () => {
    const id = await translatedDocument();
    const xml = await (await app.request(`/export?documents=${id}&langs=en&format=xliff12&statuses=all`, { as: translator })).text();
    const init = upload(translator, new TextEncoder().encode(xml.replace('>Talks.<', '>X.<')), 'back.xlf');
    (init.body as FormData).delete('_csrf');
    expect((await app.request(`/documents/${id}/returns`, { ...init, headers: { 'x-csrf-token': 'wrong' } })).status).toBe(403);
    expect(texts(id)).toEqual(['Talks.', 'Views exchanged.']);
  });
});
