import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTmx, TmxReadError, type TmxReadUnit } from '../../../src/formats/tmx-reader.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/tmx/${name}`, import.meta.url)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const units = (bytes: Uint8Array, chunk = 7): TmxReadUnit[] => {
  // Small chunks: a chunk edge falls inside tags, entities and multi-byte characters.
  const chunks = Array.from({ length: Math.ceil(bytes.byteLength / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
  return [...readTmx(chunks)].flatMap((e) => (e.kind === 'unit' ? [e.unit] : []));
};
const texts = (list: TmxReadUnit[]) => list.map((u) => u.variants.map((v) => `${v.lang}: ${v.text.trim()}`));
const refusal = (bytes: Uint8Array): TmxReadError => {
  try {
    units(bytes, 1024);
  } catch (error) {
    if (error instanceof TmxReadError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('readTmx on files in CAT-tool styles', () => {
  it('reads OmegaT (TMX 1.1 lang=, bpt/ept codes dropped)', () => {
    expect(texts(units(fixture('omegat.tmx')))).toEqual([
      ['zh-CN: 两国元首举行会谈。', 'en-US: The two heads of state held talks.'],
      ['zh-CN: 请点击这里。', 'en-US: Please click here.'],
    ]);
    expect(units(fixture('omegat.tmx'))[1]?.droppedCodes).toBe(4);
  });

  it('reads Trados (ph and it dropped, admin attributes kept)', () => {
    const list = units(fixture('trados.tmx'));
    expect(texts(list)).toEqual([
      ['zh-CN: 中方愿同俄方加强合作。', 'ru-RU: Китайская сторона готова укреплять сотрудничество с Россией.'],
      ['zh-CN: 只有中文。'],
      ['en-GB: No Chinese here.', 'ru-RU: Здесь нет китайского.'],
    ]);
    expect(list[0]).toMatchObject({ changeid: 'ACME\\reviewer', changedate: '20230312T090000Z', props: [{ type: 'x-Client:MultiplePicklist', value: 'ACME' }] });
  });

  it('reads memoQ (hi keeps its text, sub inside a code is dropped, entities decoded)', () => {
    expect(texts(units(fixture('memoq.tmx')))).toEqual([[
      'zh-cn: 这是重要的声明。',
      'en-us: This is an important statement.',
      'ru-ru: Это важное заявление & <примечание>.',
    ]]);
  });

  it('reads UTF-16 with a byte order mark and CDATA', () => {
    const xml = '<tmx version="1.4"><header srclang="zh-CN"/><body><tu><tuv xml:lang="zh-CN"><seg><![CDATA[甲 <b> & ]]></seg></tuv></tu></body></tmx>';
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...xml].map((c) => c.charCodeAt(0))).buffer)]);
    expect(texts(units(bytes))).toEqual([['zh-CN: 甲 <b> &']]);
  });

  it('yields the header before the units', () => {
    const events = [...readTmx([fixture('trados.tmx')])];
    expect(events[0]).toEqual({ kind: 'header', header: { srclang: 'zh-CN', creationtool: 'SDL Language Platform', creationtoolversion: '8.0', datatype: 'xml' } });
  });
});

describe('readTmx refusals', () => {
  it.each([
    ['malformed XML', fixture('malformed.tmx'), 'malformed_xml', /not well-formed XML/],
    ['an external entity (XXE)', fixture('xxe.tmx'), 'forbidden_doctype', /DOCTYPE declares entities/],
    ['an entity expansion bomb', fixture('billion-laughs.tmx'), 'forbidden_doctype', /DOCTYPE declares entities/],
    ['another root element', fixture('wrong-root.xml'), 'not_tmx', /root element is <xliff>/],
    ['an empty file', new Uint8Array(), 'empty_file', /empty/],
    ['only whitespace', utf8('  \n'), 'malformed_xml', /not well-formed/],
    ['an undeclared entity', utf8('<tmx><body><tu><tuv xml:lang="zh"><seg>&nbsp;</seg></tuv></tu></body></tmx>'), 'malformed_xml', /not well-formed/],
    ['invalid UTF-8', new Uint8Array([0x3c, 0x74, 0x6d, 0x78, 0x3e, 0xff, 0xfe, 0xfd, 0x3c, 0x2f, 0x74, 0x6d, 0x78, 0x3e]), 'bad_encoding', /UTF-8/],
    ['a Latin-1 declaration', utf8('<?xml version="1.0" encoding="ISO-8859-1"?><tmx/>'), 'bad_encoding', /ISO-8859-1/],
    ['a truncated file', utf8('<tmx version="1.4"><body><tu>'), 'malformed_xml', /not well-formed/],
    ['a control character', utf8('<tmx><body><tu><tuv xml:lang="zh"><seg>a\u000Bb</seg></tuv></tu></body></tmx>'), 'malformed_xml', /not well-formed/],
  ])('refuses %s', (_name, bytes, code, message) => {
    const error = refusal(bytes);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses a bomb before reading any unit', () => {
    const seen: unknown[] = [];
    expect(() => {
      for (const event of readTmx([fixture('billion-laughs.tmx')])) seen.push(event);
    }).toThrow(TmxReadError);
    expect(seen).toEqual([]);
  });
});
