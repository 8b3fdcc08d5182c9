import { describe, expect, it } from 'vitest';
import { learnAssociations } from '../../../src/align/associations.js';
import { formatBead, parseBeads } from '../../../src/align/beads.js';
import { quoteBalance, sentenceFeatures } from '../../../src/align/features.js';
import { defaultLexicon, lexiconFor, parseCedict, parsePreparedLexicon, pinyinOf, prepareLexicon, segmentChinese, stemEnglish, stemRussian, targetStems } from '../../../src/align/lexicon.js';
import { cedictSource } from '../../../src/align/lexicon-data.js';
import { consonantSkeleton, nameMatches, palladius, sourceNameKeys, targetNames, wantedNameKeys } from '../../../src/align/names.js';
import { countAlignment, summarizeCounts } from '../../../src/align/score.js';

const lex = defaultLexicon();

describe('lexicon (CC-CEDICT)', () => {
  it('looks up glosses as English stems', () => {
    expect(lex.glosses.get('比什凯克')).toEqual(['bishkek', 'capital', 'kyrgyzstan']);
    expect(lex.glosses.get('会谈')).toContain('talk');
  });
  it('segments by maximum matching', () => {
    expect(segmentChinese('两国元首举行会谈', lex).map((t) => t.text)).toEqual(['两国', '元首', '举行', '会谈']);
  });
  it('restricts the dictionary to a document without changing its segmentation or readings', () => {
    const text = '两国元首在比什凯克举行会谈，习近平说：“我们是好朋友。”';
    const small = lexiconFor([text]);
    expect(small.glosses.size).toBeLessThan(lex.glosses.size / 100);
    expect(small.glosses.get('比什凯克')).toEqual(['bishkek', 'capital', 'kyrgyzstan']);
    expect(small.glosses.has('会议')).toBe(false);
    expect(segmentChinese(text, small)).toEqual(segmentChinese(text, lex));
    expect(pinyinOf(text, small)).toEqual(pinyinOf(text, lex));
  });
  it('keeps a word only when its adjacent characters are adjacent in the document, astral ones too', () => {
    const small = lexiconFor(['会𠀀谈', '比什凯克']);
    expect(small.glosses.has('会谈')).toBe(false);
    expect(small.glosses.has('比什凯克')).toBe(true);
    expect(lexiconFor(['会谈', '𠀀']).glosses.has('会谈')).toBe(true);
  });
  it('filters CEDICT lines by headword before parsing them', () => {
    const small = parseCedict('說 说 [shuo1] /to speak/\n會談 会谈 [hui4 tan2] /talks/\n', (w) => w === '会谈');
    expect([...small.glosses.keys()]).toEqual(['会谈']);
  });
  it('prepares a dictionary once and reads it back into the same lexicon, by first character too', () => {
    const text = '說 说 [shuo1] /to speak/to say/\n說 说 [shui4] /to persuade/\n會談 会谈 [hui4 tan2] /talks/\n𠀀 𠀀 [qiu1] /hillock/\n了 了 [le5] /(particle)/\n';
    const parsed = parseCedict(text);
    const prepared = prepareLexicon(parsed);
    expect(parsePreparedLexicon(prepared.body)).toEqual(parsed);
    const bytes = new TextEncoder().encode(prepared.body);
    const [start, end] = prepared.index[String('会'.codePointAt(0))] ?? [0, 0];
    expect(new TextDecoder().decode(bytes.slice(start, end))).toBe('会谈\ttalk\thui tan\n');
    expect(prepared.index[String('𠀀'.codePointAt(0))]).toBeDefined();
  });
  it('reads the build\'s prepared CC-CEDICT as the very lexicon parsing CC-CEDICT gives', () => {
    const built = defaultLexicon();
    const parsed = parseCedict(cedictSource());
    expect([built.glosses.size, built.readings.size, built.maxWordLength]).toEqual([parsed.glosses.size, parsed.readings.size, parsed.maxWordLength]);
    // Every 25th headword in full (a deep comparison of all 120,000 takes seconds).
    const words = [...parsed.glosses.keys()].filter((_, k) => k % 25 === 0);
    expect(words.map((w) => [w, built.glosses.get(w), built.readings.get(w)])).toEqual(words.map((w) => [w, parsed.glosses.get(w), parsed.readings.get(w)]));
  }, 60_000); // parsing all of CC-CEDICT takes about 1.5 s alone, many times that on a busy machine
  it('parses a CEDICT line', () => {
    const small = parseCedict('說 说 [shuo1] /to speak/to say/\n說 说 [shui4] /to persuade/\n');
    expect(small.glosses.get('说')).toEqual(['speak', 'say', 'persuad']);
    expect(small.readings.get('说')).toEqual(['shuo']);
  });
  it('stems English and Russian words', () => {
    expect(['meetings', 'studies', 'held', 'running'].map(stemEnglish)).toEqual(['meet', 'study', 'held', 'run']);
    expect(stemRussian('сотрудничества')).toBe('сотру');
    expect(targetStems('The two sides held talks.', 'en')).toEqual(['two', 'side', 'held', 'talk']);
  });
});

describe('names', () => {
  it('reads pinyin word by word', () => {
    expect(pinyinOf('习近平', lex)).toEqual(['xi', 'jin', 'ping']);
    expect(pinyinOf('陈清扬说', lex)).toEqual(['chen', 'qing', 'yang', 'shuo']);
  });
  it.each([
    ['xi', 'си'], ['jin', 'цзинь'], ['ping', 'пин'], ['zhang', 'чжан'], ['shi', 'ши'], ['zi', 'цзы'],
    ['hui', 'хуэй'], ['ju', 'цзюй'], ['yue', 'юэ'], ['wei', 'вэй'], ['lü', 'люй'], ['xiong', 'сюн'],
  ])('Palladius %s → %s', (py, ru) => {
    expect(palladius(py)).toBe(ru);
  });
  it('matches Chinese names in pinyin and Palladius', () => {
    const en = sourceNameKeys('习近平主席会见', lex, 'en');
    const ru = sourceNameKeys('习近平主席会见', lex, 'ru');
    expect(targetNames('President Xi Jinping met', 'en').filter((n) => nameMatches(n, en, 'en')).map((n) => n.surface)).toContain('Xi Jinping');
    expect(targetNames('Председатель Си Цзиньпина', 'ru').filter((n) => nameMatches(n, ru, 'ru')).map((n) => n.surface)).toContain('Си Цзиньпина');
  });
  it('matches transliterated foreign names by consonant skeleton', () => {
    expect(consonantSkeleton('bishikeke')).toBe('PSK');
    expect(consonantSkeleton('Bishkek')).toBe('PSK');
    expect(consonantSkeleton('Бишкек')).toBe('PSK');
    const keys = sourceNameKeys('在比什凯克举行', lex, 'ru');
    expect(nameMatches(targetNames('в Бишкеке', 'ru')[0]!, keys, 'ru')).toBe('skeleton');
    expect(nameMatches(targetNames('in Bishkek', 'en')[0]!, sourceNameKeys('在比什凯克举行', lex, 'en'), 'en')).toBe('skeleton');
    expect(nameMatches(targetNames('in Moscow', 'en')[0]!, sourceNameKeys('在比什凯克举行', lex, 'en'), 'en')).toBeUndefined();
  });
  it('keeps only the name keys the target names can match', () => {
    const names = targetNames('Председатель Си Цзиньпина в Бишкеке', 'ru');
    const wanted = wantedNameKeys(names, 'ru');
    expect([...wanted.exact]).toEqual(['председатель', 'председател', 'председате', 'председательси', 'председательс', 'сицзиньпина', 'сицзиньпин', 'сицзиньпи', 'цзиньпина', 'цзиньпин', 'цзиньпи', 'бишкеке', 'бишкек', 'бишке']);
    const keys = sourceNameKeys('习近平主席在比什凯克', lex, 'ru', wanted);
    expect([...keys.exact]).toEqual([['сицзиньпин', '习近平'], ['цзиньпин', '近平']]);
    expect([...keys.skeletons.values()]).toEqual(['比什凯克']);
    expect(names.filter((n) => nameMatches(n, keys, 'ru')).map((n) => n.surface)).toEqual(names.filter((n) => nameMatches(n, sourceNameKeys('习近平主席在比什凯克', lex, 'ru'), 'ru')).map((n) => n.surface));
  });
});

describe('back-references', () => {
  it.each([
    ['zh', '这些领域前景广阔。', true],
    ['zh', '此次会谈取得成功。', true],
    ['zh', '上述协定具有重要意义。', true],
    ['zh', '两国元首举行会谈。', false],
    ['zh', '这里有山。', true],
    ['en', 'These areas have broad prospects.', true],
    ['en', '"This is important," he said.', true],
    ['en', 'Such cooperation matters.', true],
    ['en', 'Thesis defended.', false],
    ['en', 'The two sides met.', false],
    ['ru', 'Эти направления обладают широкими перспективами.', true],
    ['ru', 'Такое сотрудничество важно.', true],
    ['ru', 'Данный документ вступает в силу.', true],
    ['ru', 'Этнические группы живут здесь.', false],
    ['ru', 'Стороны провели переговоры.', false],
  ] as const)('%s %s → %s', (lang, text, anaphoric) => {
    expect(sentenceFeatures(text, lang, lex).anaphoric).toBe(anaphoric);
  });
});

describe('quotation balance', () => {
  it.each([
    ['zh', '贾蓉笑道：“只求婶娘开恩罢！”', 0],
    ['zh', '凤姐道：“碰坏一点儿，你可仔细你的皮！', 1],
    ['zh', '向凤姐道：“太太说：‘今日不得闲儿，二奶奶陪着也是一样。', 2],
    ['zh', '有什么说的，只管告诉二奶奶。’”', -2],
    ['zh', '他读了《红楼梦》。', 0],
    ['en', "'Please, Auntie!", 1],
    ['en', "Be merciful!'", -1],
    ['en', "'If it's the tiniest bit chipped,' said Xi-feng, 'I'll have the hide off you!'", 0],
    ['en', "Trinket's legs didn't move.", 0],
    ['en', '“Yes,” he said, “we’ll go.', 1],
    ['en', 'He said "no".', 0],
    ['ru', '«Да», — сказал он.', 0],
    ['ru', '„Нет, — ответила она.', 1],
    ['ru', 'Пойдём домой».', -1],
    ['ru', 'Он сказал: „Нет“, и ушёл.', 0],
    ['ru', 'Он сказал: «Это „Правда“».', 0],
  ] as const)('%s %s → %d', (lang, text, balance) => {
    expect(quoteBalance(text, lang)).toBe(balance);
    expect(sentenceFeatures(text, lang, lex).quotes).toBe(balance);
  });
});

describe('learned associations', () => {
  it('keeps pairs that recur together and drops chance co-occurrence', () => {
    const learned = learnAssociations([
      { source: ['会谈', '双方'], target: ['talk', 'side'] },
      { source: ['会谈'], target: ['talk', 'held'] },
      { source: ['双方'], target: ['side'] },
    ]);
    expect(learned.get('会谈')).toEqual(['talk']);
    expect(learned.get('双方')).toEqual(['side']);
  });
  it('leaves a frequent word to the source word that explains it, not to its neighbours', () => {
    // Co-occurrence counts link 会谈 to "said" (it stands beside it in two of three pairs);
    // EM gives "said" to 表示, which stands alone with it once and beside it every time.
    const learned = learnAssociations([
      { source: ['会谈', '表示'], target: ['talk', 'said'] },
      { source: ['会谈', '表示'], target: ['talk', 'said'] },
      { source: ['双方', '表示'], target: ['side', 'said'] },
      { source: ['表示'], target: ['said'] },
      { source: ['会谈'], target: ['talk'] },
      { source: ['双方'], target: ['side'] },
    ]);
    expect(learned.get('会谈')).toEqual(['talk']);
    expect(learned.get('表示')).toEqual(['said']);
  });
});

describe('bead format', () => {
  it('formats every bead type', () => {
    expect([
      { source: [0], target: [0] }, { source: [1, 2], target: [3] }, { source: [4], target: [] }, { source: [], target: [5] },
    ].map(formatBead)).toEqual(['[0]:[0]', '[1,2]:[3]', '[4]:[]', '[]:[5]']);
  });
  it('parses vecalign output with spaces and scores', () => {
    expect(parseBeads('[0]:[0]\n\n[1, 2]:[1]:0.53\n[3]:[]\n')).toEqual([
      { source: [0], target: [0] }, { source: [1, 2], target: [1] }, { source: [3], target: [] },
    ]);
    expect(() => parseBeads('[0]-[1]')).toThrow(/line 1/);
  });
});

describe('score (vecalign metric)', () => {
  it('counts strict and lax hits like score.py', () => {
    const gold = parseBeads('[0]:[0]\n[1,2]:[1]\n[3]:[]');
    const test = parseBeads('[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]');
    const c = countAlignment(gold, test);
    // precision: [0]:[0] strict; [1]:[1] lax; [2]:[] miss; [3]:[] strict.
    expect(c.precision).toEqual([2, 2, 3, 1]);
    // recall ignores null beads: [0]:[0] strict; [1,2]:[1] lax.
    expect(c.recall).toEqual([1, 1, 2, 0]);
    expect(summarizeCounts(c).f1Strict).toBeCloseTo(0.5, 6);
  });
});
