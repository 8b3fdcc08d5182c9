import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

/** The glossary page and API are paged, with a search (issue #12: 70,792 terms made a 54 MB page). */
let app: TestApp;
let reviewer: Login;

beforeAll(async () => {
  app = await startTestApp();
  reviewer = await app.login(['reviewer']);
  const at = new Date().toISOString();
  app.store.transaction(() => {
    for (let i = 0; i < 250; i++) {
      app.store.terms.insertTerm({
        source: `术语${String(i).padStart(3, '0')}`, caseSensitive: false, note: i === 7 ? 'the lucky one' : '', createdBy: null, now: at,
        equivalents: [{ lang: 'en', text: i === 42 ? 'Belt and Road' : `term ${i}`, kind: 'preferred' }],
      });
    }
  });
});
afterAll(async () => app?.close());

const rows = (html: string) => (html.match(/<th scope="row"/g) ?? []).length;

describe('the glossary page', () => {
  it('shows one page of 100 terms with the total and links to the next page', async () => {
    const html = await (await app.request('/glossary', { as: reviewer })).text();
    expect(rows(html)).toBe(100);
    expect(html).toContain('250 term(s)');
    expect(html).toContain('Page 1 of 3');
    expect(html).toContain('href="/glossary?page=2" rel="next"');
    expect(html).toContain('术语000');
    expect(html).not.toContain('术语100');
  });

  it('shows the last page for a page past the end, and refuses a page that is not a number', async () => {
    const last = await (await app.request('/glossary?page=99', { as: reviewer })).text();
    expect(rows(last)).toBe(50);
    expect(last).toContain('Page 3 of 3');
    expect((await app.request('/glossary?page=abc', { as: reviewer })).status).toBe(400);
  });

  it('finds terms by Chinese, by equivalent and by note', async () => {
    const byChinese = await (await app.request(`/glossary?q=${encodeURIComponent('术语24')}`, { as: reviewer })).text();
    expect(rows(byChinese)).toBe(10);
    expect(byChinese).toContain('10 term(s) matching “术语24”');
    const byEnglish = await (await app.request('/glossary?q=belt%20and', { as: reviewer })).text();
    expect(rows(byEnglish)).toBe(1);
    expect(byEnglish).toContain('术语042');
    const byNote = await (await app.request('/glossary?q=lucky', { as: reviewer })).text();
    expect(byNote).toContain('术语007');
    // A search text is matched literally: % and _ are no wildcards.
    expect(rows(await (await app.request('/glossary?q=%25', { as: reviewer })).text())).toBe(0);
  });

  it('pages the API too', async () => {
    const body = await (await app.request('/api/glossary?page=2&pageSize=100', { as: reviewer })).json() as { terms: { source: string }[]; total: number; page: number; pages: number };
    expect(body).toMatchObject({ total: 250, page: 2, pages: 3 });
    expect(body.terms).toHaveLength(100);
    expect(body.terms[0]?.source).toBe('术语100');
    const all = await (await app.request('/api/glossary', { as: reviewer })).json() as { terms: unknown[] };
    expect(all.terms).toHaveLength(250);
  });
});
