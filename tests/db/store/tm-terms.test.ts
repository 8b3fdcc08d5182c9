import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { bigramTokens, foldForIndex, gramTokens, indexedGrams, indexedWords, shortQuery, SIMPLE_NFKC, sourceKey } from '../../../src/text/grams.js';
import { makeDocument, testServices } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
beforeEach(() => {
  temp = tempDb();
});
afterEach(() => temp.cleanup());

describe('TM index tokens', () => {
  it('hold each character with the two after it, padded at the end, as the characters themselves', () => {
    const end = '\ue080';
    expect(gramTokens('ab')).toEqual([`ab${end}`, `b${end}${end}`]);
    expect(gramTokens('亚信')).toEqual([`亚信${end}`, `信${end}${end}`]);
    expect(gramTokens('')).toEqual([]);
    // ASCII the tokenizer splits at moves to the private-use block; letters and digits stay.
    expect(gramTokens('a,1')).toEqual([`a\ue02c1`, `\ue02c1${end}`, `1${end}${end}`]);
    // An astral character is one character of a token.
    expect(gramTokens('𠀀甲')).toEqual([`𠀀甲${end}`, `甲${end}${end}`]);
    expect(new Set(indexedGrams('甲甲甲甲').split(' ')).size).toBe(5);
  });

  it('give the source index, as its ascii tokenizer splits them, exactly the trigrams and bigrams of the folded text', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE grams USING fts5(g, tokenize='ascii', detail=none); CREATE VIRTUAL TABLE terms USING fts5vocab(grams, 'row')");
    const insert = db.prepare('INSERT INTO grams (g) VALUES (?)');
    const terms = db.prepare('SELECT term FROM terms ORDER BY term').pluck();
    const texts = ['两国元首，举行会谈。', 'ＳＣＯ峰会 2022', 'e-mail_a.b@c "q" (1,000.5)', 'Главы двух государств — «Пояс»', '𠀀𠀁甲', 'tab\tand  line', '甲'];
    for (const text of texts) {
      db.exec('DELETE FROM grams');
      const folded = foldForIndex(text);
      insert.run(indexedGrams(folded));
      const expected = [...new Set([...gramTokens(folded), ...bigramTokens(folded)])].sort();
      expect(terms.all(), text).toEqual(expected);
      // A one-character query is a prefix of the tokens that character starts, a two-character one a bigram.
      const match = db.prepare('SELECT count(*) FROM grams WHERE grams MATCH ?').pluck();
      const chars = [...folded];
      expect(match.get(shortQuery(chars[0]!)), text).toBe(1);
      if (chars.length >= 2) expect(match.get(shortQuery(chars[0]! + chars[1]!)), text).toBe(1);
    }
    db.close();
  });

  it('give the target index, as its ascii tokenizer splits them, exactly the words of the folded text', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE words USING fts5(w, tokenize='ascii', detail=none); CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'row')");
    const insert = db.prepare('INSERT INTO words (w) VALUES (?)');
    const terms = db.prepare('SELECT term FROM terms ORDER BY term').pluck();
    const texts = ['The SCO, the SCO!', 'e-mail_address: a.b@c.d 1,000.5', 'Главы двух государств — «Пояс и путь».', 'Ёлка, ёж', 'naïve café', 'ＳＣＯ峰会', '“Quoted” text… ok', 'tab\tand\nline'];
    for (const text of texts) {
      db.exec('DELETE FROM words');
      insert.run(indexedWords(text));
      const words = [...new Set(foldForIndex(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0))].sort();
      expect(terms.all(), text).toEqual(words);
    }
    db.close();
  });

  it('fold full-width forms, case and spaces the same way for the index and the query', () => {
    expect(foldForIndex('  The  ＳＣＯ ')).toBe('the sco');
    expect(indexedGrams(foldForIndex('ＳＣＯ 峰会'))).toBe(indexedGrams(foldForIndex('sco  峰会')));
  });

  it('fold the common scripts without normalize exactly as NFKC would', () => {
    const ranges = [[0x20, 0x7e], [0x401, 0x401], [0x410, 0x44f], [0x451, 0x451], [0x3001, 0x3011], [0x4e00, 0x9fff], [0xff01, 0xff5e]];
    for (const [from, to] of ranges) {
      for (let cp = from!; cp <= to!; cp++) {
        const ch = String.fromCodePoint(cp);
        expect(SIMPLE_NFKC.test(ch)).toBe(true);
        expect(foldForIndex(`a${ch}b`), ch).toBe(`a${ch}b`.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim());
      }
    }
    expect(SIMPLE_NFKC.test('ｶ')).toBe(false);
    expect(foldForIndex('ｶﾞ')).toBe('ガ');
  });

  it('key a source by its normalised text', () => {
    expect(sourceKey('两国 元首')).toBe(sourceKey('两国元首'));
    expect(sourceKey('１９９２年')).toBe(sourceKey('1992年'));
    expect(sourceKey('两国元首')).not.toBe(sourceKey('两国元首。'));
    expect(Number.isSafeInteger(sourceKey('两国元首'))).toBe(true);
  });
});

describe('TM units of approved slots', () => {
  const unit = (segmentId: number, documentId: number, targetText: string) => ({
    segmentId, documentId, sourceText: '第一段第一句。', targetLang: 'en', targetText, context: null, createdBy: null, now: '2026-01-01T00:00:00.000Z',
  });

  it('inserts once per slot, updates on re-approval, and yields to an identical TMX pair', async () => {
    const services = testServices(temp.store);
    const { documentId } = await makeDocument(services);
    const [first, second] = temp.store.segments.listSegments(documentId);
    expect(temp.store.tm.upsertSlotTmUnit(unit(first!.id, documentId, 'First.'))).toBe('inserted');
    expect(temp.store.tm.upsertSlotTmUnit(unit(first!.id, documentId, 'First, revised.'))).toBe('updated');
    expect(temp.store.tm.countTmUnits()).toBe(1);
    expect(temp.store.tm.findSlotTmUnit(first!.id, 'en')?.targetText).toBe('First, revised.');

    // A TMX file already holds the pair the second slot is approved with: no duplicate.
    temp.store.tm.insertTmUnit({
      sourceLang: 'zh-CN', sourceText: '第一段第一句。', targetLang: 'en', targetText: 'Same.', origin: 'tmx', originName: 'a.tmx', tuid: null,
      documentId: null, author: null, changedAt: null, createdBy: null, createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(temp.store.tm.upsertSlotTmUnit(unit(second!.id, documentId, 'Same.'))).toBe('duplicate');
    expect(temp.store.tm.upsertSlotTmUnit(unit(first!.id, documentId, 'Same.'))).toBe('duplicate');
    expect(temp.store.tm.findSlotTmUnit(first!.id, 'en')).toBeUndefined();
    expect(temp.store.tm.countTmUnits()).toBe(1);
  });

  it('refuses a second unit for the same slot in SQL', async () => {
    const { documentId } = await makeDocument(testServices(temp.store));
    const segmentId = temp.store.segments.listSegments(documentId)[0]!.id;
    const insert = temp.db.prepare(`INSERT INTO tm_units (source_lang, source_text, target_lang, target_text, origin, created_at, segment_id)
      VALUES ('zh-CN', ?, 'en', ?, 'slot', 'now', ?)`);
    insert.run('甲。', 'A.', segmentId);
    expect(() => insert.run('乙。', 'B.', segmentId)).toThrow(/UNIQUE/);
  });
});

describe('terms', () => {
  it('stores equivalents by kind, replaces them on update and deletes them with the term', () => {
    const id = temp.store.terms.insertTerm({
      source: '亚信', caseSensitive: true, note: 'CICA', createdBy: null, now: '2026-01-01T00:00:00.000Z',
      equivalents: [{ lang: 'en', text: 'CICA', kind: 'allowed' }, { lang: 'en', text: 'Conference on Interaction and Confidence-Building Measures in Asia', kind: 'preferred' }],
    });
    expect(temp.store.terms.findTerm(id)?.equivalents.map((e) => e.kind)).toEqual(['preferred', 'allowed']);
    temp.store.terms.updateTerm(id, { source: '亚信', caseSensitive: false, note: '', now: '2026-01-02T00:00:00.000Z', equivalents: [{ lang: 'ru', text: 'СВМДА', kind: 'preferred' }] });
    expect(temp.store.terms.findTermBySource('亚信')).toMatchObject({ caseSensitive: false, equivalents: [{ lang: 'ru', text: 'СВМДА', kind: 'preferred' }] });
    expect(temp.store.terms.deleteTerm(id)).toBe(true);
    expect((temp.db.prepare('SELECT COUNT(*) AS n FROM term_equivalents').get() as { n: number }).n).toBe(0);
  });

  it('allows one preferred equivalent per language (SQL)', () => {
    expect(() => temp.store.terms.insertTerm({
      source: '联合国', caseSensitive: false, note: '', createdBy: null, now: 'now',
      equivalents: [{ lang: 'en', text: 'United Nations', kind: 'preferred' }, { lang: 'en', text: 'UN', kind: 'preferred' }],
    })).toThrow(/UNIQUE/);
  });
});

describe('the demo glossary', () => {
  it('loads with the demo: 13 terms in English and Russian', async () => {
    const { loadDemo, readDemoContent } = await import('../../../src/services/demo.js');
    const services = testServices(temp.store);
    await loadDemo({ store: temp.store, ...services }, readDemoContent());
    const terms = temp.store.terms.listTerms();
    expect(terms).toHaveLength(13);
    expect(terms.find((t) => t.source === '三股势力')?.equivalents.filter((e) => e.kind === 'preferred')).toEqual([
      { lang: 'en', text: 'three evil forces', kind: 'preferred' }, { lang: 'ru', text: 'три силы зла', kind: 'preferred' },
    ]);
  });
});
