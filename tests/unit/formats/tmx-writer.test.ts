import { describe, expect, it } from 'vitest';
import { readTmx } from '../../../src/formats/tmx-reader.js';
import { newTmxStats, tmxDate, tmxUnit, writeTmx, type TmxUnitInput } from '../../../src/formats/tmx-writer.js';
import { cleanXmlText, escapeXmlAttr, escapeXmlText, xmlAttr, xmlText } from '../../../src/formats/xml.js';
import { hostileTexts } from '../../helpers/hostile-text.js';
import { toolkitUnits, validatorsMissing, xmllintDtd } from '../../helpers/tmx-validators.js';

const HEADER = { creationtoolversion: '0.1.0', srclang: 'zh-CN', creationdate: '2026-11-23T12:00:00.000Z' };
const HOSTILE = 'a ]]> b & c < d > e "q" \'s\' \t tab\nnew line\r\ncrlf &amp; <seg>';

function unit(overrides: Partial<TmxUnitInput> = {}): TmxUnitInput {
  return {
    tuid: 'doc1-seg1',
    creationdate: '2026-11-23T12:00:00.000Z',
    changedate: '2026-11-23T13:05:00.000Z',
    changeid: 'reviewer1',
    props: [{ type: 'x-document', value: '声明 & <title>' }, { type: 'x-segments', value: '1-2' }],
    variants: [
      { lang: 'zh-CN', text: '他说：“我们走吧。”然后离开了。' },
      { lang: 'en-US', text: 'He said, "Let\'s go," & then left <quietly>.', changeid: 'anna', changedate: '2026-11-23T12:59:00.000Z', props: [{ type: 'x-status', value: 'approved' }] },
      { lang: 'ru-RU', text: 'Он сказал: «Пойдём», — и ушёл.', props: [{ type: 'x-status', value: 'approved' }] },
    ],
    ...overrides,
  };
}

const decode = (chunks: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(chunks));
const write = (units: TmxUnitInput[], stats = newTmxStats()) => decode([...writeTmx(HEADER, units, stats)]);
const utf8 = (s: string) => new TextEncoder().encode(s);
const readUnits = (xml: string) => [...readTmx([utf8(xml)])].flatMap((e) => (e.kind === 'unit' ? [e.unit] : []));

describe('escaping and cleaning', () => {
  it.each([
    ['a < b', 'a &lt; b'],
    ['a & b', 'a &amp; b'],
    ['x]]>y', 'x]]&gt;y'],
    ['&amp;', '&amp;amp;'],
    ['line\r\nbreak', 'line&#13;\nbreak'],
    ['"quotes" stay', '"quotes" stay'],
  ])('text %j → %j', (input, expected) => {
    expect(escapeXmlText(input)).toBe(expected);
  });

  it('escapes quotes and whitespace in attribute values', () => {
    expect(escapeXmlAttr('a"b\tc\nd\re<&>')).toBe('a&quot;b&#9;c&#10;d&#13;e&lt;&amp;&gt;');
  });

  it.each([
    ['vertical tab', 'a\u000Bb', 'ab', 1],
    ['NUL and form feed', '\u0000x\u000C', 'x', 2],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFF', 'ab', 2],
    ['lone high surrogate', 'a\uD800b', 'ab', 1],
    ['lone low surrogate', 'a\uDC00b', 'ab', 1],
    ['a real pair is kept', 'a\uD83D\uDE00b', 'a\uD83D\uDE00b', 0],
    ['tab, LF and CR are allowed', 'a\tb\nc\rd', 'a\tb\nc\rd', 0],
    ['NFD becomes NFC', 'e\u0301', '\u00E9', 0],
  ])('%s', (_name, input, expected, removed) => {
    const stats = { removedChars: 0 };
    expect(cleanXmlText(input, stats)).toBe(expected);
    expect(stats.removedChars).toBe(removed);
  });
});

describe('xmlText and xmlAttr (the fast paths)', () => {
  const samples = [
    '', 'plain text', '纯中文。', 'Кириллица.', 'a & b', '<seg>', 'x]]>y', 'line\r\nbreak', '"q" \'s\'\ttab\nlf',
    '第1句 & <1>。', 'a\u000Bb & c', 'e\u0301 & <', '😀 & <', 'a\uD800 & b', '\uFFFE<', 'Ж\u0483 & x', '\u2028 & \u0085', HOSTILE,
    ...hostileTexts(64).map((h) => h.text),
  ];
  it.each(samples.map((s) => [s]))('xmlText(%j) is the clean then the escape, counting the same', (text) => {
    const fast = { removedChars: 0 };
    const slow = { removedChars: 0 };
    expect(xmlText(text, fast)).toBe(escapeXmlText(cleanXmlText(text, slow)));
    expect(fast.removedChars).toBe(slow.removedChars);
  });
  it.each(samples.map((s) => [s]))('xmlAttr(%j) is the clean then the escape, counting the same', (text) => {
    const fast = { removedChars: 0 };
    const slow = { removedChars: 0 };
    expect(xmlAttr(text, fast)).toBe(escapeXmlAttr(cleanXmlText(text, slow)));
    expect(fast.removedChars).toBe(slow.removedChars);
  });
});

describe('tmxDate', () => {
  it('writes ISO 8601 basic format in UTC', () => {
    expect(tmxDate('2026-11-23T13:05:00.123Z')).toBe('20261123T130500Z');
    expect(tmxDate('2026-11-23T15:05:00+02:00')).toMatch(/^\d{8}T\d{6}Z$/);
  });
});

describe('writeTmx', () => {
  it('writes the header TMX 1.4b requires', () => {
    const xml = write([unit()]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n')).toBe(true);
    expect(xml).toContain('<header creationtool="Duizhao" creationtoolversion="0.1.0" segtype="sentence" o-tmf="Duizhao" adminlang="en-US" srclang="zh-CN" datatype="plaintext" creationdate="20261123T120000Z"/>');
  });

  it('puts props and notes before the tuvs, the source tuv first, xml:lang literally', () => {
    const xml = tmxUnit(unit({ notes: ['check the name'], variants: [...unit().variants].reverse() }), 'zh-CN');
    const order = ['<prop type="x-document">', '<note>', '<tuv xml:lang="zh-CN">', '<tuv xml:lang="ru-RU">', '<tuv xml:lang="en-US"'].map((s) => xml.indexOf(s));
    expect(order.every((n) => n >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(xml).toContain('<tu tuid="doc1-seg1" creationdate="20261123T120000Z" changedate="20261123T130500Z" changeid="reviewer1">');
    expect(xml).toContain('<tuv xml:lang="en-US" changedate="20261123T125900Z" changeid="anna">\n        <prop type="x-status">approved</prop>\n        <seg>He said, "Let\'s go," &amp; then left &lt;quietly&gt;.</seg>\n      </tuv>');
  });

  it('drops forbidden characters, counts them and says so after the root', () => {
    const stats = newTmxStats();
    const xml = write([unit({ variants: [{ lang: 'zh-CN', text: '甲\u0001乙' }, { lang: 'en-US', text: 'A\uFFFF\uD800' }] })], stats);
    expect(stats.removedChars).toBe(3);
    expect(xml).toContain('<seg>甲乙</seg>');
    expect(xml.trimEnd().endsWith('<!-- Duizhao removed 3 character(s) that XML 1.0 does not allow. -->')).toBe(true);
  });

  it('streams in chunks and counts units and bytes', () => {
    const stats = newTmxStats();
    const units = Array.from({ length: 300 }, (_, i) => unit({ tuid: `doc1-seg${i}` }));
    const chunks = [...writeTmx(HEADER, units, stats, 4096)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.every((c) => c.byteLength <= 4096)).toBe(true);
    expect(stats.units).toBe(300);
    expect(stats.bytes).toBe(chunks.reduce((n, c) => n + c.byteLength, 0));
    expect(decode(chunks)).toBe(write(units));
  });

  it('writes a unit larger than a chunk whole', () => {
    const stats = newTmxStats();
    const long = unit({ variants: [{ lang: 'zh-CN', text: '长'.repeat(5000) }, { lang: 'en-US', text: 'Long & '.repeat(1000) }] });
    const units = [unit(), long, unit({ tuid: 'doc1-seg3' })];
    const chunks = [...writeTmx(HEADER, units, stats, 4096)];
    expect(decode(chunks)).toBe(write(units));
    expect(stats.bytes).toBe(Buffer.byteLength(write(units)));
  });

  it('round-trips hostile strings byte for byte through our reader', () => {
    const variants = [{ lang: 'zh-CN', text: `中${HOSTILE}` }, { lang: 'en-US', text: HOSTILE }, { lang: 'ru-RU', text: `  leading and trailing  ${HOSTILE}` }];
    const [read] = readUnits(write([unit({ variants, notes: [HOSTILE], changeid: 'O\'Brien "x" <y>\t' })]));
    expect(read?.variants.map((v) => [v.lang, v.text])).toEqual(variants.map((v) => [v.lang, v.text]));
    expect(read?.notes).toEqual([HOSTILE]);
    expect(read?.changeid).toBe('O\'Brien "x" <y>\t');
  });

  describe.skipIf(validatorsMissing)('with the real consumers', () => {
    const cases: [string, TmxUnitInput[]][] = [
      ['multilingual', [unit(), unit({ tuid: 'doc1-seg2' })]],
      ['bilingual', [unit({ variants: unit().variants.slice(0, 2) })]],
      ['with notes', [unit({ notes: ['anna (en-US): "Let\'s go" is informal', 'second note & <b>'] })]],
      ['hostile strings', [unit({ variants: [{ lang: 'zh-CN', text: `中${HOSTILE}\u0007` }, { lang: 'en-US', text: `${HOSTILE}\uFFFE` }], notes: [HOSTILE] })]],
      ['no units', []],
    ];
    it.each(cases)('xmllint --dtdvalid tmx14.dtd accepts the %s export', (_name, units) => {
      const result = xmllintDtd(write(units));
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });

    it.each(cases.filter(([, units]) => units.length > 0))('translate-toolkit reads every %s unit with identical text', (_name, units) => {
      const xml = write(units);
      const ours = readUnits(xml).map((u) => u.variants.map((v) => [v.lang, v.text]));
      expect(toolkitUnits(xml)).toEqual(ours);
      const expected = units.map((u) => u.variants.map((v) => [v.lang, cleanXmlText(v.text, { removedChars: 0 })]));
      // Our writer puts the source first; compare as sets per unit.
      expect(ours.map((u) => [...u].sort())).toEqual(expected.map((u) => [...u].sort()));
    });
  });
});
