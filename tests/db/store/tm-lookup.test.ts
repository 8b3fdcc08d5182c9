import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMatchScorer, createTmService, matchPercent } from '../../../src/services/tm.js';
import { openDatabase } from '../../../src/store/db.js';
import { createStore, type Store } from '../../../src/store/index.js';
import { DEFAULT_MIGRATIONS_DIR, applyMigrations } from '../../../src/store/migrate.js';
import type { NewTmUnit } from '../../../src/store/tm.js';
import { pairKey } from '../../../src/text/grams.js';
import { seeded } from '../../helpers/random.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
beforeEach(() => {
  temp = tempDb();
});
afterEach(() => temp.cleanup());

const unit = (sourceText: string, targetText: string, targetLang = 'en'): NewTmUnit => ({
  sourceLang: 'zh-CN', sourceText, targetLang, targetText, origin: 'tmx', originName: 'test.tmx', tuid: null,
  documentId: null, author: null, changedAt: null, createdBy: null, createdAt: '2026-01-01T00:00:00.000Z',
});
const service = (store: Store) => createTmService({ store, now: () => new Date('2026-01-02T00:00:00Z') });

/** Sentences of 1–4 phrases drawn from a small vocabulary, like a TM of one field. */
function randomTm(random: () => number, count: number): string[] {
  const chars = '两国元首双边关系合作发展安全贸易项目地区伙伴倡议共同国际问题深入交换意见支持反对坚持原则经济文化人民友好睦邻';
  const phrase = () => Array.from({ length: 2 + Math.floor(random() * 4) }, () => chars[Math.floor(random() * chars.length)]).join('');
  return Array.from({ length: count }, () => `${Array.from({ length: 1 + Math.floor(random() * 4) }, phrase).join('，')}。`);
}

describe('fuzzy look-up', () => {
  it('finds the best match a brute-force scan of every unit finds (random TM, fixed seed)', () => {
    const random = seeded(20261201);
    const sources = randomTm(random, 1500);
    temp.store.transaction(() => temp.store.tm.insertTmUnits(sources.map((s, i) => unit(s, `Target ${i}.`, i % 3 === 0 ? 'ru' : 'en'))));
    const tm = service(temp.store);
    const english = sources.filter((_, i) => i % 3 !== 0);
    let compared = 0;
    for (let q = 0; q < 120; q++) {
      // Edited copies of stored sources (characters dropped, changed, added) and new sentences.
      const base = english[Math.floor(random() * english.length)]!;
      const query = q % 4 === 3 ? randomTm(random, 1)[0]! : [...base].filter(() => random() > 0.15).map((c) => (random() < 0.08 ? '新' : c)).join('') + (random() < 0.5 ? '了' : '');
      const score = createMatchScorer(query);
      const best = Math.max(...english.map((s) => score(s)));
      const found = tm.lookupText(query, 'en', { limit: 5, minPercent: 50 });
      // Every reported percent is the unit's real score, best first.
      for (const m of found) expect(m.percent).toBe(matchPercent(m.source, query));
      expect(found.map((m) => m.percent)).toEqual([...found.map((m) => m.percent)].sort((a, b) => b - a));
      if (best >= 60) {
        compared += 1;
        expect(found[0]?.percent, query).toBe(best);
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('ranks the identical source 100 %, a normalisation-only twin 99 %, and keeps other languages out', () => {
    temp.store.transaction(() => temp.store.tm.insertTmUnits([
      unit('两国元首举行会谈。', 'The two heads of state held talks.'),
      unit('两国元首 举行会谈。', 'Spaced twin.'),
      unit('两国元首举行了会谈。', 'Near.'),
      unit('两国元首举行会谈。', 'Главы двух государств провели переговоры.', 'ru'),
    ]));
    const matches = service(temp.store).lookupText('两国元首举行会谈。', 'en');
    expect(matches.map((m) => [m.target, m.percent])).toEqual([['The two heads of state held talks.', 100], ['Spaced twin.', 99], ['Near.', 90]]);
  });

  it('finds units whose sides are over 2,000 characters', () => {
    const long = '上海合作组织成员国元首理事会会议在撒马尔罕举行。'.repeat(90);
    expect(long.length).toBeGreaterThan(2000);
    temp.store.tm.insertTmUnit(unit(long, 'Long. '.repeat(400)));
    const matches = service(temp.store).lookupText(`${long.slice(0, -3)}会议。`, 'en');
    expect(matches[0]?.percent).toBeGreaterThanOrEqual(99);
    expect(service(temp.store).concordance({ q: '撒马尔罕' })).toHaveLength(1);
  });
});

describe('concordance', () => {
  beforeEach(() => {
    temp.store.transaction(() => temp.store.tm.insertTmUnits([
      unit('中方支持亚信框架下的合作。', 'China supports cooperation within CICA.'),
      unit('关于亚信', 'On CICA'),
      unit('信', 'The letter'),
      unit('双方认为，上海合作组织是重要平台。', 'The two sides believe that the Shanghai Cooperation Organization is an important platform.'),
      unit('ＳＣＯ峰会', 'SCO summit'),
    ]));
  });

  it.each([
    ['a 2-character word, at the end of a text too', '亚信', 2],
    ['1 character, alone and at the end', '信', 3],
    ['a 4-character phrase', '上海合作', 1],
    ['full-width forms, folded', 'sco', 1],
    ['English words, case folded', 'shanghai cooperation', 1],
    ['the beginning of an English word', 'Cooper', 2],
    ['Latin text in Chinese, by width and case', 'ＳＣＯ峰会', 1],
  ])('finds %s', (_name, q, count) => {
    const hits = service(temp.store).concordance({ q });
    expect(hits).toHaveLength(count);
  });

  it('searches one side when asked, and answers newest first', () => {
    const tm = service(temp.store);
    expect(tm.concordance({ q: 'CICA', side: 'source' })).toHaveLength(0);
    const hits = tm.concordance({ q: 'CICA', side: 'target' });
    expect(hits.map((h) => h.target)).toEqual(['On CICA', 'China supports cooperation within CICA.']);
  });

  it('finds units beyond the newest ones a common-query scan reads', () => {
    // The rare unit is the oldest of many: the index, not the recent scan, finds it.
    temp.store.transaction(() => temp.store.tm.insertTmUnits(Array.from({ length: 6000 }, (_, i) => unit(`第${i}项合作。`, `Item ${i}.`))));
    expect(service(temp.store).concordance({ q: '亚信' })).toHaveLength(2);
  });
});

describe('TM units after a deletion or an update', () => {
  it('stop matching under their old text', async () => {
    const store = temp.store;
    const { testServices, makeDocument } = await import('../../helpers/factories.js');
    const { documentId } = await makeDocument(testServices(store));
    const segmentId = store.segments.listSegments(documentId)[0]!.id;
    const slotUnit = { segmentId, documentId, targetLang: 'en', context: null, createdBy: null, now: '2026-01-01T00:00:00.000Z' };
    store.tm.upsertSlotTmUnit({ ...slotUnit, sourceText: '旧的句子内容。', targetText: 'Old.' });
    expect(service(store).concordance({ q: '旧的' })).toHaveLength(1);
    store.tm.upsertSlotTmUnit({ ...slotUnit, sourceText: '新的句子内容。', targetText: 'New.' });
    expect(service(store).concordance({ q: '旧的' })).toHaveLength(0);
    expect(service(store).concordance({ q: '新的' })).toHaveLength(1);
    expect(service(store).lookupText('新的句子内容。', 'en')[0]).toMatchObject({ percent: 100, target: 'New.' });
  });
});

describe('upgrading a database whose TM was indexed the old way', () => {
  it('indexes its units on first open, so look-ups and concordance find them', () => {
    const dir = join(temp.dir, 'upgrade');
    const previous = join(dir, 'previous');
    mkdirSync(previous, { recursive: true });
    // Every migration before this one, found by name: the lead may renumber it.
    const files = readdirSync(DEFAULT_MIGRATIONS_DIR).sort();
    const mine = files.findIndex((f) => /^\d{3}_tm_grams\.sql$/.test(f));
    expect(mine).toBeGreaterThan(0);
    for (const file of files.slice(0, mine)) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, file), join(previous, file));
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    applyMigrations(old, previous);
    const insert = old.prepare(`INSERT INTO tm_units (source_lang, source_text, target_lang, target_text, origin, created_at)
      VALUES ('zh-CN', ?, 'en', ?, 'tmx', '2026-01-01T00:00:00Z')`);
    for (let i = 0; i < 50; i++) insert.run(`第${i}次两国元首会晤取得成果。`, `Meeting ${i}.`);
    insert.run('亚信会议', 'CICA meeting');
    old.close();

    const { db } = openDatabase(path);
    const store = createStore(db);
    expect(db.prepare('SELECT COUNT(*) AS n FROM tm_index_pending').pluck().get()).toBe(0);
    const tm = service(store);
    expect(tm.lookupText('第7次两国元首会晤取得成果。', 'en')[0]).toMatchObject({ percent: 100, target: 'Meeting 7.' });
    expect(tm.concordance({ q: '亚信' }).map((h) => h.target)).toEqual(['CICA meeting']);
    expect(tm.concordance({ q: 'meeting 4' }).length).toBeGreaterThan(0);
    db.close();
  });
});

describe('one unit per pair, without a unique index over the texts', () => {
  it('skips a pair stored before, in the same batch or an earlier one, and keeps pairs differing in one character', () => {
    const added = temp.store.tm.insertTmUnits([unit('两国元首举行会谈。', 'Talks.'), unit('两国元首举行会谈。', 'Talks.'), unit('两国元首举行会谈。', 'Talks!')]);
    expect(added).toEqual([true, false, true]);
    expect(temp.store.tm.insertTmUnits([unit('两国元首举行会谈。', 'Talks.'), unit('两国元首举行会谈。', 'Talks.', 'ru')])).toEqual([false, true]);
    expect(temp.store.tm.countTmUnits()).toBe(3);
  });

  it('stores a new pair whose key another pair already has (a hash collision)', () => {
    temp.store.tm.insertTmUnit(unit('甲方同意。', 'A agrees.'));
    // Give the stored unit the key the next pair will have, as a collision would.
    temp.store.db.prepare('UPDATE tm_units SET pair_key = ?').run(pairKey('zh-CN', 'en', '乙方同意。', 'B agrees.'));
    expect(temp.store.tm.insertTmUnit(unit('乙方同意。', 'B agrees.'))).toBe(true);
    expect(temp.store.tm.insertTmUnit(unit('乙方同意。', 'B agrees.'))).toBe(false);
    expect(temp.store.tm.countTmUnits()).toBe(2);
  });

  it('checks a whole batch against stored pairs sharing its keys, colliding ones and repeats in the batch included', () => {
    temp.store.tm.insertTmUnit(unit('甲方同意。', 'A agrees.'));
    temp.store.db.prepare('UPDATE tm_units SET pair_key = ?').run(pairKey('zh-CN', 'en', '乙方同意。', 'B agrees.'));
    const added = temp.store.tm.insertTmUnits([
      unit('乙方同意。', 'B agrees.'), unit('乙方同意。', 'B agrees.'), unit('乙方同意。', 'B agrees.', 'ru'),
    ]);
    // The stored unit with the same key is ruled out by its texts; the repeat in the batch is not.
    expect(added).toEqual([true, false, true]);
    expect(temp.store.tm.insertTmUnits([unit('乙方同意。', 'B agrees.')])).toEqual([false]);
    expect(temp.store.tm.countTmUnits()).toBe(3);
  });
});

describe('upgrading a database from before pair keys and position-free indexes', () => {
  it('gives its units keys and tokens on first open: look-ups, concordance and duplicate checks work', () => {
    const dir = join(temp.dir, 'upgrade-bulk');
    const previous = join(dir, 'previous');
    mkdirSync(previous, { recursive: true });
    // Every migration before this one, found by name: the lead may renumber it.
    const files = readdirSync(DEFAULT_MIGRATIONS_DIR).sort();
    const mine = files.findIndex((f) => /^\d{3}_tm_bulk_index\.sql$/.test(f));
    expect(mine).toBeGreaterThan(0);
    for (const file of files.slice(0, mine)) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, file), join(previous, file));
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    applyMigrations(old, previous);
    // Units as the code of that schema left them (this code writes pair keys it has no column for).
    const insert = old.prepare(`INSERT INTO tm_units (source_lang, source_text, target_lang, target_text, origin, created_at)
      VALUES ('zh-CN', ?, 'en', ?, 'tmx', '2026-01-01T00:00:00Z')`);
    for (let i = 0; i < 50; i++) insert.run(`第${i}次两国元首会晤取得成果。`, `Meeting ${i}.`);
    insert.run('亚信会议', 'CICA meeting');
    old.close();

    const { db } = openDatabase(path);
    const store = createStore(db);
    expect(db.prepare('SELECT COUNT(*) FROM tm_index_pending').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM tm_units WHERE pair_key IS NULL').pluck().get()).toBe(0);
    const tm = service(store);
    expect(tm.lookupText('第7次两国元首会晤取得成果。', 'en')[0]).toMatchObject({ percent: 100, target: 'Meeting 7.' });
    expect(tm.concordance({ q: '亚信' }).map((h) => h.target)).toEqual(['CICA meeting']);
    expect(tm.concordance({ q: '会' }).length).toBeGreaterThan(0);
    expect(tm.concordance({ q: 'meeting 4' }).length).toBeGreaterThan(0);
    expect(store.tm.insertTmUnits([unit('亚信会议', 'CICA meeting'), unit('亚信会议', 'CICA summit')])).toEqual([false, true]);
    db.close();
  });
});

describe('upgrading a database whose source index held base-36 tokens', () => {
  it('keeps every unit and re-indexes them with character tokens on first open', () => {
    const dir = join(temp.dir, 'upgrade-raw');
    const previous = join(dir, 'previous');
    mkdirSync(previous, { recursive: true });
    // Every migration before this one, found by name: the lead may renumber it.
    const files = readdirSync(DEFAULT_MIGRATIONS_DIR).sort();
    const mine = files.findIndex((f) => /^\d{3}_tm_raw_grams\.sql$/.test(f));
    expect(mine).toBeGreaterThan(0);
    for (const file of files.slice(0, mine)) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, file), join(previous, file));
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    applyMigrations(old, previous);
    const insert = old.prepare(`INSERT INTO tm_units (source_lang, source_text, target_lang, target_text, origin, created_at, source_key, pair_key)
      VALUES ('zh-CN', ?, 'en', ?, 'tmx', '2026-01-01T00:00:00Z', 0, ?)`);
    const oldToken = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(36).padStart(4, '0')).join('');
    for (let i = 0; i < 50; i++) {
      const source = `第${i}次两国元首会晤取得成果。`;
      const id = insert.run(source, `Meeting ${i}.`, pairKey('zh-CN', 'en', source, `Meeting ${i}.`)).lastInsertRowid;
      // The old index's kind of token (4 base-36 digits a character), as that code wrote them.
      old.prepare('INSERT INTO tm_source_grams (rowid, grams) VALUES (?, ?)').run(id, `${oldToken('两国元')} ${oldToken('两国')}`);
      old.prepare('INSERT INTO tm_target_words (rowid, words) VALUES (?, ?)').run(id, `meeting ${i}`);
    }
    const before = old.prepare('SELECT id, source_text, target_text, pair_key FROM tm_units ORDER BY id').all();
    old.close();

    const { db } = openDatabase(path);
    const store = createStore(db);
    expect(db.prepare('SELECT COUNT(*) FROM tm_index_pending').pluck().get()).toBe(0);
    expect(db.prepare('SELECT id, source_text, target_text, pair_key FROM tm_units ORDER BY id').all()).toEqual(before);
    db.exec("CREATE VIRTUAL TABLE temp.source_terms USING fts5vocab(main, tm_source_grams, 'row')");
    expect(db.prepare(`SELECT COUNT(*) FROM source_terms WHERE term = ?`).pluck().get(oldToken('两国元'))).toBe(0);
    const tm = service(store);
    expect(tm.lookupText('第7次两国元首会晤取得成果。', 'en')[0]).toMatchObject({ percent: 100, target: 'Meeting 7.' });
    expect(tm.concordance({ q: '会晤' }).length).toBe(50);
    expect(tm.concordance({ q: '晤' }).length).toBe(50);
    expect(tm.concordance({ q: '元首会晤' }).length).toBe(50);
    expect(tm.concordance({ q: 'meeting 4' }).length).toBeGreaterThan(0);
    db.close();
  });
});
