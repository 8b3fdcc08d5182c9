/**
 * Spelling of English and Russian (issue #13): Hunspell dictionaries from npm, loaded in a
 * worker thread on first use; misspelt words with their places, suggestions, a QA finding.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wordsToCheck } from '../../src/text/spelling-words.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let tina: Login;
afterEach(() => app.close());
beforeEach(async () => {
  app = await startTestApp();
  tina = await app.login(['translator'], 'tina');
});

const post = (body: unknown) => app.request('/api/spelling', { method: 'POST', as: tina, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('spelling', () => {
  it('leaves out acronyms, number forms and words of another script', () => {
    expect(wordsToCheck('The SCO met on the 2nd of June in Бишкек; it wasn’t late.', 'en').map((w) => w.word))
      .toEqual(['The', 'met', 'on', 'the', 'of', 'June', 'in', 'it', 'wasn’t', 'late']);
    expect(wordsToCheck('ШОС провела 5-й саммит в Beijing.', 'ru').map((w) => w.word)).toEqual(['провела', 'саммит']);
  });

  it('finds the misspelt English words of each text, with their places', { timeout: 60_000 }, async () => {
    const res = await post({ lang: 'en', texts: ['The heads of state signed the statment.', "They didn't meet.", ''] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ supported: true, misspelt: [[{ word: 'statment', start: 30, end: 38 }], [], []] });
    const suggestions = await app.request('/api/spelling/suggestions?lang=en&word=statment', { as: tina });
    expect((await suggestions.json() as { suggestions: string[] }).suggestions[0]).toBe('statement');
  });

  it('checks Russian with its own dictionary', { timeout: 120_000 }, async () => {
    const res = await post({ lang: 'ru', texts: ['Стороны подписали заявленние о сотрудничестве.'] });
    expect(await res.json()).toEqual({ supported: true, misspelt: [[{ word: 'заявленние', start: 18, end: 28 }]] });
  });

  it('says when a language has no dictionary, and refuses bad requests', async () => {
    expect(await (await post({ lang: 'fr', texts: ['Bonjour'] })).json()).toEqual({ supported: false, misspelt: [] });
    expect((await post({ lang: 'en', texts: Array(501).fill('x') })).status).toBe(400);
    expect((await post({ lang: 'en', texts: 'not a list' })).status).toBe(400);
    expect((await app.request('/api/spelling/suggestions?lang=en', { as: tina })).status).toBe(400);
    const anonymous = await app.request('/api/spelling', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lang: 'en', texts: [] }) });
    expect(anonymous.status).toBeGreaterThanOrEqual(400);
  });

  it('lists misspellings among the quality checks', { timeout: 60_000 }, async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '拼写', text: '两国元首签署声明。\n双方举行会谈。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['The heads of state signed the statment.', 'The two sides held talks.'],
      beads: [{ source: [0], target: [0] }, { source: [1], target: [1] }], status: 'aligned', action: 'align', userId: null,
    });
    const res = await app.request(`/api/documents/${documentId}/qa?lang=en`, { as: tina });
    const { slots } = await res.json() as { slots: { number: number; results: { check: string; message: string }[] }[] };
    const first = slots.find((s) => s.number === 1)!;
    expect(first.results).toContainEqual({ check: 'spelling', severity: 'warning', message: 'Not in the English dictionary: "statment".' });
    expect(slots.find((s) => s.number === 2)?.results.some((r) => r.check === 'spelling') ?? false).toBe(false);
    const page = await (await app.request(`/documents/${documentId}/qa`, { as: tina })).text();
    expect(page).toContain('statment');
  });
});
