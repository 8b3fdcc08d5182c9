import { describe, expect, it } from 'vitest';
import { seeded as prng } from '../../helpers/random.js';
import { align, type Sentence } from '../../../src/align/aligner.js';
import { formatBead } from '../../../src/align/beads.js';

const s = (texts: string[]): Sentence[] => texts.map((text) => ({ text }));
const beads = (zh: string[], en: string[], lang = 'en', maxBead?: number): string[] =>
  align(s(zh), s(en), { sourceLang: 'zh', targetLang: lang, ...(maxBead === undefined ? {} : { maxBead }) }).map(formatBead);

// Context sentences around the case under test give the length model a document to learn from.
const ZH_CTX = ['两国元首在亲切友好的气氛中举行会谈。', '双方就共同关心的国际问题交换了意见。'];
const EN_CTX = ['The two heads of state held talks in a cordial and friendly atmosphere.', 'The two sides exchanged views on international issues of common concern.'];
const ZH_END = ['双方同意加强经贸合作。', '中方支持吉方维护国家主权。'];
const EN_END = ['The two sides agreed to strengthen economic and trade cooperation.', 'China supports Kyrgyzstan in safeguarding its national sovereignty.'];

describe('align: every bead type on hand-made cases', () => {
  it('1-1', () => {
    expect(beads([...ZH_CTX, ...ZH_END], [...EN_CTX, ...EN_END])).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2]', '[3]:[3]']);
  });
  it('1-2: one sentence translated as two', () => {
    expect(beads(
      [...ZH_CTX, '1996年双方在比什凯克签署睦邻友好合作条约，2002年又签署了边界协定。', ...ZH_END],
      [...EN_CTX, 'In 1996 the two sides signed the treaty of good-neighbourly friendship and cooperation in Bishkek.', 'In 2002 they signed the border agreement.', ...EN_END],
    )).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2,3]', '[3]:[4]', '[4]:[5]']);
  });
  it('1-2: the split-off part opens with a back-reference (Эти…) and stays with its antecedent', () => {
    // Without the cue the length model prefers [2]:[2] and [3]:[3,4].
    const zh = [...ZH_CTX, '双方认为，基础设施、交通、能源、农业和旅游等领域合作是两国合作的重要方向，前景广阔。', '两国愿发展对外经济关系，加强贸易往来，推动实施符合彼此利益的投资合作项目。', ...ZH_END];
    const ru = [...EN_CTX, 'Стороны считают, что сотрудничество в области инфраструктуры, транспорта, энергетики, сельского хозяйства и туризма является важным направлением сотрудничества двух стран.', 'Эти направления обладают широкими перспективами.', 'Две страны готовы развивать внешнеэкономические связи, наращивать торговые обмены и содействовать реализации инвестиционных проектов.', ...EN_END];
    const out = align(s(zh), s(ru), { sourceLang: 'zh', targetLang: 'ru' });
    expect(out.map(formatBead)).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2,3]', '[3]:[4]', '[4]:[5]', '[5]:[6]']);
    expect(out[2]?.reasons).toContain('+ a later target sentence opens with a back-reference, continuing the first');
    expect(out[3]?.reasons.some((r) => r.includes('back-reference'))).toBe(false);
  });
  it('2-1: two sentences translated as one', () => {
    expect(beads(
      [...ZH_CTX, '1996年双方签署条约。', '2002年双方签署边界协定。', ...ZH_END],
      [...EN_CTX, 'The two sides signed the treaty in 1996 and the border agreement in 2002.', ...EN_END],
    )).toEqual(['[0]:[0]', '[1]:[1]', '[2,3]:[2]', '[4]:[3]', '[5]:[4]']);
  });
  // At the default maximum bead size (4): merging is allowed, and an untranslated sentence still
  // stands alone rather than being folded into a neighbour.
  it('1-0: a long sentence left untranslated', () => {
    expect(beads(
      [...ZH_CTX, '会谈结束后，客人参观了北京的一所学校和一座博物馆，观看了冰雪运动项目的表演，品尝了当地的传统小吃，并对热情周到的接待表示衷心感谢。', ...ZH_END],
      [...EN_CTX, ...EN_END],
    )).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[]', '[3]:[2]', '[4]:[3]']);
  });
  it('0-1: a translator\'s note with no source', () => {
    expect(beads(
      [...ZH_CTX, ...ZH_END],
      [...EN_CTX, 'Translator\'s note: the full text of the 1998 supplementary agreement on the state border, together with its maps and protocols, was published separately and is not reproduced in this translation of the statement.', ...EN_END],
    )).toEqual(['[0]:[0]', '[1]:[1]', '[]:[2]', '[2]:[3]', '[3]:[4]']);
  });
  it('2-2, 1-3 and 3-1 when the evidence asks for them', () => {
    expect(beads(
      [...ZH_CTX, '两国于1992年建交，并于1994年签署协定。', '1996年双方签署条约。', ...ZH_END],
      [...EN_CTX, 'The two countries established relations in 1992.', 'They signed an agreement in 1994 and a treaty in 1996.', ...EN_END],
    )).toContain('[2,3]:[2,3]');
    expect(beads(
      [...ZH_CTX, '双方于1992年、1994年和1996年签署了三项协定。', ...ZH_END],
      [...EN_CTX, 'The first agreement was signed in 1992.', 'The second followed in 1994.', 'The third came in 1996.', ...EN_END],
    )).toContain('[2]:[2,3,4]');
    expect(beads(
      [...ZH_CTX, '第一项协定于1992年签署。', '第二项协定于1994年签署。', '第三项协定于1996年签署。', ...ZH_END],
      [...EN_CTX, 'The two sides signed three agreements, in 1992, 1994 and 1996.', ...EN_END],
    )).toContain('[2,3,4]:[2]');
  });
  it('1-4 at the default maximum bead size, and never past maxBead 3', () => {
    const zh = [...ZH_CTX, '双方于1992年、1994年、1996年和1998年签署了四项协定。', ...ZH_END];
    const en = [...EN_CTX, 'The first agreement was signed in 1992.', 'The second followed in 1994.', 'The third came in 1996.', 'The fourth was signed in 1998.', ...EN_END];
    expect(beads(zh, en)).toContain('[2]:[2,3,4,5]');
    expect(beads(zh, en, 'en', 3).every((b) => !/\[\d+(,\d+){3}\]/.test(b))).toBe(true);
  });
  it('respects maxBead', () => {
    const out = beads(
      [...ZH_CTX, '第一项协定于1992年签署。', '第二项协定于1994年签署。', '第三项协定于1996年签署。', ...ZH_END],
      [...EN_CTX, 'The two sides signed three agreements, in 1992, 1994 and 1996.', ...EN_END],
      'en', 2,
    );
    expect(out.every((b) => !/\[\d+,\d+,\d+\]/.test(b))).toBe(true);
  });
  it('aligns zh-ru through numbers, Palladius names and learned words', () => {
    expect(beads(
      ['习近平主席同扎帕罗夫总统举行会谈。', '1996年双方在比什凯克签署条约。', '双方同意加强合作。'],
      ['Председатель Си Цзиньпин провел переговоры с Президентом Жапаровым.', 'В 1996 году стороны подписали договор в Бишкеке.', 'Стороны договорились укреплять сотрудничество.'],
      'ru',
    )).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2]']);
  });
  it('gives reasons a person can read', () => {
    const out = align(
      s(['1996年双方在比什凯克签署条约。']), s(['In 1996 the two sides signed the treaty in Bishkek.']),
      { sourceLang: 'zh', targetLang: 'en' },
    );
    expect(out[0]?.reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\+ length ratio \d\.\d\d× the document norm$/),
      '+ numbers 1996 ↔ 1996 match',
      expect.stringMatching(/^\+ names: 比什凯克 ↔ Bishkek/),
      expect.stringMatching(/^\+ \d+ lexicon links?$/),
    ]));
    expect(out[0]?.confidence).toBeGreaterThan(0.9);
  });
  it('handles empty sides', () => {
    expect(beads([], ['A.'])).toEqual(['[]:[0]']);
    expect(beads(['甲。'], [])).toEqual(['[0]:[]']);
  });
  it('refuses an unknown language', () => {
    expect(() => align(s(['甲。']), s(['A.']), { sourceLang: 'zh', targetLang: 'xx' })).toThrow(/unknown language/);
  });
});


describe('align: search', () => {
  it('follows a text whose parts have different length ratios far off the diagonal', () => {
    // The first half is translated at length, the second tersely: at the middle of the source the
    // length-proportional diagonal is 53 target sentences ahead of the true path, beyond a band of
    // ±10, and the guide search (length, bead priors and rare anchors: the years) finds the path.
    const zh: string[] = [];
    const en: string[] = [];
    for (let k = 0; k < 240; k++) {
      zh.push(`在${1000 + k}年，双方举行了会谈。`);
      en.push(k < 120
        ? `In ${1000 + k} the two sides held long talks on many questions of trade, security, culture and the future of their relations in the region.`
        : `Talks in ${1000 + k}.`);
    }
    const out = align(s(zh), s(en), { sourceLang: 'zh', targetLang: 'en', bandWidth: 10 }).map(formatBead);
    expect(out).toEqual(zh.map((_, k) => `[${k}]:[${k}]`));
  });
});

describe('align: property', () => {
  it('covers every sentence exactly once, in order, for random inputs', () => {
    const rand = prng(20220206);
    const zhChars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世';
    const enWords = ['the', 'treaty', 'sides', 'cooperation', 'in', '1996', 'Bishkek', 'talks', 'friendly', 'state', 'of', 'and'];
    for (let round = 0; round < 40; round++) {
      const n = Math.floor(rand() * 25);
      const m = Math.floor(rand() * 25);
      const zh = Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(rand() * 30) }, () => zhChars[Math.floor(rand() * zhChars.length)]).join('') + '。');
      const en = Array.from({ length: m }, () => Array.from({ length: 1 + Math.floor(rand() * 15) }, () => enWords[Math.floor(rand() * enWords.length)]).join(' ') + '.');
      const maxBead = 1 + Math.floor(rand() * 3);
      const out = align(s(zh), s(en), { sourceLang: 'zh', targetLang: rand() < 0.5 ? 'en' : 'ru', maxBead, bandWidth: 3 + Math.floor(rand() * 10) });
      expect(out.flatMap((b) => b.source)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(out.flatMap((b) => b.target)).toEqual(Array.from({ length: m }, (_, j) => j));
      for (const b of out) {
        expect(b.source.length + b.target.length).toBeGreaterThan(0);
        expect(b.source.length).toBeLessThanOrEqual(maxBead);
        expect(b.target.length).toBeLessThanOrEqual(maxBead);
        expect(b.confidence).toBeGreaterThanOrEqual(0);
        expect(b.confidence).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('align: progress', () => {
  it('reports monotone progress about every 1 %, ending at the total', () => {
    const zh = Array.from({ length: 300 }, (_, k) => `第${k + 1}条：双方同意加强经贸合作。`);
    const en = Array.from({ length: 300 }, (_, k) => `Article ${k + 1}: the two sides agreed to strengthen economic and trade cooperation.`);
    const calls: [number, number][] = [];
    align(s(zh), s(en), { sourceLang: 'zh', targetLang: 'en', onProgress: (done, total) => calls.push([done, total]) });
    const total = 2 * 301;
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls.at(-1)).toEqual([total, total]);
    expect(calls.length).toBeGreaterThanOrEqual(50);
    expect(calls.length).toBeLessThanOrEqual(101);
    const done = calls.map(([d]) => d);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(new Set(done).size).toBe(done.length);
  });
  it('is not required', () => {
    expect(beads(['双方同意。'], ['The two sides agreed.'])).toEqual(['[0]:[0]']);
  });
});

describe('align: confidence ceiling', () => {
  it('never reports an empty bead as near-certain', () => {
    const out = align(
      s([...ZH_CTX, '会谈结束后，客人参观了北京的一所学校和一座博物馆，观看了冰雪运动项目的表演，品尝了当地的传统小吃，并对热情周到的接待表示衷心感谢。', ...ZH_END]),
      s([...EN_CTX, ...EN_END]),
      { sourceLang: 'zh', targetLang: 'en', maxBead: 1 },
    );
    const empty = out.find((b) => b.target.length === 0);
    expect(empty?.source).toEqual([2]);
    expect(empty?.confidence).toBeLessThanOrEqual(0.85);
    expect(out.filter((b) => b.target.length > 0).every((b) => b.confidence <= 1)).toBe(true);
  });
});
