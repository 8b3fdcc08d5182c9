import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { createTermIndex, type TermHit } from '../../../src/services/term-index.js';
import type { Term } from '../../../src/store/terms.js';
import { makeUser, testServices } from '../../helpers/factories.js';
import { seeded } from '../../helpers/random.js';
import { tempDb } from '../../helpers/temp-db.js';

/** The look-up as it was before the index (issue #12): the reference the index must agree with. */
function reference(terms: readonly Term[], text: string, lang: string): TermHit[] {
  const primary = lang.split('-')[0] ?? lang;
  const hits: TermHit[] = [];
  const taken: [number, number][] = [];
  for (const term of [...terms].sort((a, b) => b.source.length - a.source.length)) {
    const ranges: [number, number][] = [];
    for (let at = text.indexOf(term.source); at >= 0; at = text.indexOf(term.source, at + term.source.length)) {
      const end = at + term.source.length;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      ranges.push([at, end]);
    }
    if (ranges.length === 0) continue;
    taken.push(...ranges);
    const mine = term.equivalents.filter((e) => e.lang === lang || e.lang === primary);
    hits.push({
      termId: term.id, source: term.source, ranges,
      preferred: mine.find((e) => e.kind === 'preferred')?.text ?? null,
      allowed: mine.filter((e) => e.kind === 'allowed').map((e) => e.text),
      forbidden: mine.filter((e) => e.kind === 'forbidden').map((e) => e.text),
      note: term.note, caseSensitive: term.caseSensitive,
    });
  }
  return hits.sort((a, b) => a.ranges[0]![0] - b.ranges[0]![0]);
}

let temp: ReturnType<typeof tempDb>;
beforeEach(() => { temp = tempDb(); });
afterEach(() => temp.cleanup());

const at = '2026-11-24T00:00:00.000Z';
function addTerm(source: string, en = `${source}-en`) {
  return temp.store.transaction(() => temp.store.terms.insertTerm({ source, caseSensitive: false, note: '', createdBy: null, now: at, equivalents: [{ lang: 'en', text: en, kind: 'preferred' }] }));
}

describe('the glossary index', () => {
  it('finds what the former loop found: longest first, no overlaps, each occurrence', () => {
    const rand = seeded(5);
    const alphabet = ['甲', '乙', '丙', '丁'];
    const word = (max: number) => Array.from({ length: 1 + Math.floor(rand() * max) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const sources = new Set<string>();
    while (sources.size < 40) sources.add(word(4));
    for (const source of sources) addTerm(source);
    const index = createTermIndex(temp.store);
    const terms = temp.store.terms.listTerms();
    for (let round = 0; round < 200; round++) {
      const text = word(50);
      expect(index.termsIn(text, 'en-US')).toEqual(reference(terms, text, 'en-US'));
    }
  });

  it('is built once, and again only after the glossary changes', () => {
    addTerm('亚信', 'CICA');
    const index = createTermIndex(temp.store);
    const list = vi.spyOn(temp.store.terms, 'listTerms');
    expect(index.termsIn('亚信峰会', 'en').map((h) => h.preferred)).toEqual(['CICA']);
    expect(index.termsIn('亚信峰会', 'en').map((h) => h.preferred)).toEqual(['CICA']);
    expect(list).toHaveBeenCalledTimes(1);
    addTerm('峰会', 'summit');
    expect(index.termsIn('亚信峰会', 'en').map((h) => h.preferred)).toEqual(['CICA', 'summit']);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('sees a change made by another connection (the CLI, a restore)', () => {
    const id = addTerm('亚信', 'CICA');
    const index = createTermIndex(temp.store);
    expect(index.termsIn('亚信', 'en')[0]?.preferred).toBe('CICA');
    const other = new Database(temp.path);
    other.prepare("UPDATE term_equivalents SET text = 'C.I.C.A.' WHERE term_id = ?").run(id);
    other.close();
    expect(index.termsIn('亚信', 'en')[0]?.preferred).toBe('C.I.C.A.');
    const third = new Database(temp.path);
    third.prepare('DELETE FROM terms WHERE id = ?').run(id);
    third.close();
    expect(index.termsIn('亚信', 'en')).toEqual([]);
  });

  it('serves the glossary and QA through one index', async () => {
    const services = testServices(temp.store);
    const { user } = await makeUser(services, { roles: ['reviewer'] });
    services.glossary.createTerm({ source: '上海合作组织', caseSensitive: false, note: '', equivalents: [{ lang: 'en', text: 'SCO', kind: 'preferred' }] }, user);
    const { documentId } = await services.documents.importDocument({ title: 't', text: '上海合作组织峰会。', langs: ['en'], user: null });
    const segmentId = services.slots.listRows(documentId, { offset: 0, limit: 1 }).rows[0]!.segmentId;
    expect(services.glossary.termsIn('上海合作组织峰会。', 'en').map((h) => h.preferred)).toEqual(['SCO']);
    const list = vi.spyOn(temp.store.terms, 'listTerms');
    services.qa.checkSlot(documentId, segmentId, 'en');
    expect(list).not.toHaveBeenCalled();
  });
});
