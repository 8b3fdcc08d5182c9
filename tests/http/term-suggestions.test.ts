import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Term } from '../../src/store/terms.js';
import type { TermSuggestion } from '../../src/services/term-suggestions.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let reviewer: Login;
let translator: Login;
let termId: number;

const form = (fields: Record<string, string>, as: Login) => app.request(`/glossary/${termId}/suggestions/accept`, {
  method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: as.csrfToken, ...fields }).toString(),
});
const russian = () => app.services.glossary.getTerm(termId).equivalents.filter((e) => e.lang === 'ru');

beforeEach(async () => {
  app = await startTestApp();
  reviewer = await app.login(['reviewer']);
  translator = await app.login(['translator']);
  const { documentId } = await app.services.documents.importDocument({ title: '丝路', text: '丝绸之路连接亚欧。我们沿着丝绸之路前进。两国加强合作。', langs: ['en', 'ru'], user: null });
  const place = (lang: string, sentences: string[]) => app.services.documents.placeTranslation({ documentId, lang, sentences, beads: sentences.map((_, i) => ({ source: [i], target: [i] })), status: 'translated', action: 'import', userId: null });
  place('en', ['The Silk Road links Asia and Europe.', 'We advance along the Silk Road.', 'The two countries strengthen cooperation.']);
  place('ru', ['Шелковый путь связывает Азию и Европу.', 'Мы продвигаемся по Шелковому пути.', 'Две страны укрепляют сотрудничество.']);
  const user = app.store.users.findUserByName(reviewer.name)!;
  termId = app.services.glossary.createTerm({ source: '丝绸之路', caseSensitive: false, note: '', equivalents: [{ lang: 'en', text: 'Silk Road', kind: 'preferred' }] }, user).id;
});
afterEach(() => app.close());

describe('term suggestions over HTTP', () => {
  it('answers the candidates as JSON', async () => {
    const res = await app.request(`/api/glossary/${termId}/suggestions?lang=ru`, { as: translator });
    expect(res.status).toBe(200);
    const { suggestion } = await res.json() as { suggestion: TermSuggestion };
    expect(suggestion).toMatchObject({ source: '丝绸之路', lang: 'ru', pivot: 'en', evidence: 2 });
    expect(suggestion.candidates[0]).toMatchObject({ evidence: 2, evidenceTotal: 2 });
  });

  it('shows the page with an Accept button and key per candidate, and accepts one for a reviewer', async () => {
    const page = await (await app.request('/glossary/suggestions?lang=ru', { as: reviewer })).text();
    expect(page).toContain('Suggested Russian equivalents');
    expect(page).toContain('1 term(s) without a Russian equivalent.');
    expect(page).toMatch(/<button type="submit" class="primary" aria-keyshortcuts="1">Accept <kbd>1<\/kbd><\/button>/);
    const res = await form({ lang: 'ru', pivot: 'en', text: 'Шелковый путь' }, reviewer);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/glossary/suggestions?lang=ru&pivot=en&accepted=${termId}`);
    expect(russian().map((e) => `${e.kind}:${e.text}`)).toEqual(['preferred:Шелковый путь', 'allowed:Шелковому пути']);
    const after = await (await app.request(res.headers.get('location')!, { as: reviewer })).text();
    expect(after).toContain('Added to the glossary');
    expect(after).toContain('0 term(s) without a Russian equivalent.');
  });

  it('refuses a translator (403) and bad input (400), changing nothing', async () => {
    expect((await form({ lang: 'ru', text: 'Шелковый путь' }, translator)).status).toBe(403);
    const api = await app.request(`/api/glossary/${termId}/suggestions/accept`, { method: 'POST', as: translator, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lang: 'ru', text: 'Шелковый путь' }) });
    expect(api.status).toBe(403);
    const empty = await form({ lang: 'ru', text: ' ' }, reviewer);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Choose the equivalent to accept.');
    const badLang = await app.request(`/api/glossary/${termId}/suggestions?lang=Russian`, { as: reviewer });
    expect(badLang.status).toBe(400);
    expect((await badLang.json() as { error: { code: string } }).error.code).toBe('validation_failed');
    expect((await app.request('/api/glossary/999/suggestions?lang=ru', { as: reviewer })).status).toBe(404);
    expect(russian()).toEqual([]);
    const twice = await app.request(`/api/glossary/${termId}/suggestions/accept`, { method: 'POST', as: reviewer, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lang: 'ru', text: 'Шелковый путь' }) });
    expect(twice.status).toBe(200);
    expect(((await twice.json()) as { term: Term }).term.equivalents.some((e) => e.lang === 'ru' && e.kind === 'preferred')).toBe(true);
    const again = await app.request(`/api/glossary/${termId}/suggestions/accept`, { method: 'POST', as: reviewer, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lang: 'ru', text: 'Другое' }) });
    expect(again.status).toBe(400);
    expect((await again.json() as { error: { code: string } }).error.code).toBe('already_has_equivalent');
  });
});
