import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';
import { validatorsMissing, xmllintDtd } from '../helpers/tmx-validators.js';

let app: TestApp;
let translator: Login;
beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
});
afterEach(() => app.close());

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/tmx/${name}`, import.meta.url)));
const tmCount = () => app.store.tm.countTmUnits();
const docCount = () => app.store.documents.countDocuments();

async function approvedDocument(): Promise<number> {
  const { documentId } = await app.services.documents.importDocument({ title: '会谈', text: '两国元首举行会谈。双方交换意见！', langs: ['en', 'ru'], user: null });
  for (const [lang, sentences] of [['en', ['Talks & <more>.', 'Views "exchanged".']], ['ru', ['Переговоры.', 'Обмен мнениями.']]] as const) {
    app.services.documents.placeTranslation({ documentId, lang, sentences, beads: [{ source: [0], target: [0] }, { source: [1], target: [1] }], status: 'approved', action: 'import', userId: null });
  }
  return documentId;
}

function upload(as: Login, bytes: Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}, name = 'memory.tmx'): RequestInit & { as: Login } {
  const data = new FormData();
  data.set('_csrf', as.csrfToken);
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  data.set('file', new Blob([bytes], { type: 'application/xml' }), name);
  return { method: 'POST', as, body: data };
}

describe('GET /export', () => {
  it('streams a TMX download any signed-in user may take', async () => {
    const id = await approvedDocument();
    const reviewer = await app.login(['reviewer']);
    const res = await app.request(`/export?documents=${id}&langs=en&langs=ru&format=tmx`, { as: reviewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tmx+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="duizhao-doc${id}-en-ru-\\d{8}\\.tmx"$`));
    // Streamed: chunked, no Content-Length computed up front.
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const xml = await res.text();
    expect(xml).toContain('<seg>Talks &amp; &lt;more&gt;.</seg>');
    expect(xml.match(/<tu /g)).toHaveLength(2);
    if (!validatorsMissing) expect(xmllintDtd(xml).status).toBe(0);
  });

  it('exports CSV, TSV and the review table', async () => {
    const id = await approvedDocument();
    const csv = await app.request(`/export?documents=${id}&format=csv`, { as: translator });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('两国元首举行会谈。,Talks & <more>.,approved,Переговоры.,approved');
    const tsv = await app.request(`/export?documents=${id}&format=tsv&langs=en`, { as: translator });
    expect((await tsv.text()).split('\n')).toHaveLength(4);
    const docx = await app.request(`/export?documents=${id}&format=docx`, { as: translator });
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect([...new Uint8Array(await docx.arrayBuffer()).subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('answers bad choices with 400 or 404 before any byte of the file', async () => {
    const id = await approvedDocument();
    const bad = await app.request(`/export?documents=${id}&format=pdf`, { as: translator, headers: { accept: 'application/json' } });
    expect(bad.status).toBe(400);
    expect((await bad.json() as { error: { code: string } }).error.code).toBe('validation_failed');
    expect((await app.request(`/export?documents=${id}&statuses=done`, { as: translator, headers: { accept: 'application/json' } })).status).toBe(400);
    expect((await app.request('/export?documents=999', { as: translator, headers: { accept: 'application/json' } })).status).toBe(404);
  });

  it('refuses an export with no language ticked, and still exports every language when the URL names none', async () => {
    const id = await approvedDocument();
    // What the export form sends with every language box unticked: only its empty `langs` field.
    const none = await app.request(`/export?documents=${id}&langs=&statuses=approved&format=tmx`, { as: translator, headers: { accept: 'application/json' } });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: { code: 'validation_failed', message: 'Tick at least one language to export.' } });
    const page = await app.request(`/export?documents=${id}&langs=&format=tmx`, { as: translator });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Tick at least one language to export.');
    // The form with one language ticked, and a URL without langs: both export.
    expect((await app.request(`/export?documents=${id}&langs=&langs=en&format=tmx`, { as: translator })).status).toBe(200);
    expect((await app.request(`/export?documents=${id}&format=tmx`, { as: translator })).status).toBe(200);
  });

  it('sends anonymous visitors to sign in', async () => {
    const res = await app.request('/export?documents=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fexport%3Fdocuments%3D1');
  });
});

describe('the export form', () => {
  it('is on the document page and on the document list, with labelled choices', async () => {
    const id = await approvedDocument();
    const page = await (await app.request(`/documents/${id}`, { as: translator })).text();
    expect(page).toContain('<form method="get" action="/export"');
    expect(page).toContain(`name="documents" value="${id}"`);
    expect(page).toContain('Review table (.docx, to edit in Word and import back)');
    expect(page).toContain('<option value="xliff12">XLIFF 1.2 (OmegaT, Trados, memoQ; one file per language)</option>');
    expect(page).toContain('<option value="xliff20">XLIFF 2.0 (one file per language)</option>');
    expect(page).toContain('Also unreviewed aligned pairs with confidence ≥ 0.90');
    const list = await (await app.request('/', { as: translator })).text();
    expect(list).toContain('Leave all unchecked to export every document.');
    expect(list).toContain(`type="checkbox" name="documents" value="${id}"`);
  });
});

describe('POST /tm/import', () => {
  it('imports into the TM and shows the report', async () => {
    const res = await app.request('/tm/import', upload(translator, fixture('trados.tmx'), {}, 'trados.tmx'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Imported trados.tmx');
    expect(html).toContain('<h2 id="tm-report-title">Imported trados.tmx</h2>');
    expect(html).toMatch(/Units read<\/dt><dd>3</);
    expect(html).toContain('no translation beside the source text');
    expect(tmCount()).toBe(1);
  });

  it('answers the API with a JSON report', async () => {
    const res = await app.request('/api/tm/import', upload(translator, fixture('omegat.tmx')));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ unitsRead: 2, pairsImported: 2, droppedCodes: 4 });
  });

  it('creates a document from a TMX file and opens it', async () => {
    const res = await app.request('/tm/import', upload(translator, fixture('omegat.tmx'), { purpose: 'document', title: '会谈 TM' }));
    expect(res.status).toBe(303);
    const page = await (await app.request(res.headers.get('location') ?? '', { as: translator })).text();
    expect(page).toContain('请点击这里。');
    expect(page).toContain('Please click here.');
  });

  it('creates a document from a TMX file through the API: 201 when done, or a job to poll with Prefer: respond-async', async () => {
    const made = await app.request('/api/tm/import', upload(translator, fixture('omegat.tmx'), { purpose: 'document', title: '会谈 TM' }));
    expect(made.status).toBe(201);
    const body = (await made.json()) as { documentId: number; url: string; segmentCount: number };
    expect(made.headers.get('location')).toBe(body.url);
    expect(body.url).toBe(`/documents/${body.documentId}`);
    expect(tmCount()).toBe(0);
    const started = await app.request('/api/tm/import', { ...upload(translator, fixture('omegat.tmx'), { purpose: 'document' }), headers: { prefer: 'respond-async' } });
    expect(started.status).toBe(202);
    const { url } = (await started.json()) as { url: string };
    expect(started.headers.get('location')).toBe(url);
    const poll = async () => ((await (await app.request(url, { as: translator })).json()) as { job: { state: string; result?: { url: string } } }).job;
    let job = await poll();
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await poll();
    }
    expect(job.state).toBe('done');
    const page = await (await app.request(job.result!.url, { as: translator })).text();
    expect(page).toContain('请点击这里。');
    expect(page).toContain('Please click here.');
    expect(docCount()).toBe(2);
    // Another user cannot see the job.
    const other = await app.login(['translator']);
    expect((await app.request(url, { as: other })).status).toBe(404);
  });

  it('refuses a document job from someone who may not create documents at once, starting nothing', async () => {
    const reviewer = await app.login(['reviewer']);
    const res = await app.request('/api/tm/import', { ...upload(reviewer, fixture('omegat.tmx'), { purpose: 'document' }), headers: { prefer: 'respond-async' } });
    expect(res.status).toBe(403);
    expect(docCount()).toBe(0);
  });

  it.each([
    ['malformed.tmx', /not well-formed XML/],
    ['xxe.tmx', /DOCTYPE declares entities/],
    ['billion-laughs.tmx', /DOCTYPE declares entities/],
    ['wrong-root.xml', /root element is &lt;xliff&gt;/],
  ])('refuses %s with a clear message and the database unchanged', async (name, message) => {
    for (const purpose of ['tm', 'document']) {
      const res = await app.request('/tm/import', upload(translator, fixture(name), { purpose }, name));
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(message);
    }
    expect([tmCount(), docCount()]).toEqual([0, 0]);
  });

  it('refuses an empty file and a huge one', async () => {
    const empty = await app.request('/tm/import', upload(translator, new Uint8Array()));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Choose a TMX file');
    const huge = await app.request('/api/tm/import', upload(translator, new Uint8Array(21 * 1024 * 1024).fill(0x20)));
    expect(huge.status).toBe(413);
    expect([tmCount(), docCount()]).toEqual([0, 0]);
  });

  it('is for translators and admins only', async () => {
    const reviewer = await app.login(['reviewer']);
    expect((await app.request('/tm/import', { as: reviewer })).status).toBe(403);
    expect((await app.request('/tm/import', upload(reviewer, fixture('omegat.tmx')))).status).toBe(403);
    expect((await app.request('/tm/import', upload(reviewer, fixture('omegat.tmx'), { purpose: 'document' }))).status).toBe(403);
    const admin = await app.login(['admin']);
    expect((await app.request('/tm/import', { as: admin })).status).toBe(200);
    expect(tmCount()).toBe(0);
  });

  it('refuses a form without the CSRF token', async () => {
    const init = upload(translator, fixture('omegat.tmx'));
    (init.body as FormData).delete('_csrf');
    const res = await app.request('/tm/import', { ...init, headers: { 'x-csrf-token': 'wrong' } });
    expect(res.status).toBe(403);
    expect(tmCount()).toBe(0);
  });
});
