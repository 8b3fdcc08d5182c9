/**
 * formats/xml-bytes.ts: what it writes from bytes is what xml.ts's xmlText and
 * tmx-writer.ts's tmxDate write from the string, and it refuses everything they would
 * do more with (issue #15's bytes path falls back to them then).
 */
import { describe, expect, it } from 'vitest';
import { tmxDate } from '../../../src/formats/tmx-writer.js';
import { isUtf8 } from 'node:buffer';
import { writeDecimal, writeTmxDate, writeUtf8XmlText, writeXmlText, xmlTextBound } from '../../../src/formats/xml-bytes.js';
import { xmlText } from '../../../src/formats/xml.js';
import { seeded as random } from '../../helpers/random.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** A BMP code unit as UTF-8, lone surrogates as their three bytes (as SQLite holds what better-sqlite3 stores). */
const unitBytes = (c: number) => (c < 0x80 ? [c] : c < 0x800 ? [0xC0 | (c >> 6), 0x80 | (c & 0x3F)] : [0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)]);

function written(bytes: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(xmlTextBound(bytes.length));
  const end = writeXmlText(bytes, 0, bytes.length, out, 0);
  return end < 0 ? undefined : out.subarray(0, end);
}

describe('writeXmlText', () => {
  it('writes every BMP character as xmlText does, or refuses it where xmlText cleans or normalises', () => {
    let copied = 0;
    for (let c = 0; c < 0x10000; c++) {
      const bytes = new Uint8Array([0x61, ...unitBytes(c), 0x62]);
      const out = written(bytes);
      if (out === undefined) continue;
      copied += 1;
      const text = `a${String.fromCharCode(c)}b`;
      const stats = { removedChars: 0 };
      expect(Buffer.from(out).toString('latin1'), `U+${c.toString(16)}`).toBe(Buffer.from(utf8(xmlText(text, stats))).toString('latin1'));
      expect(stats.removedChars).toBe(0);
    }
    // CJK ideographs, Cyrillic, Latin-1 and printable ASCII at least.
    expect(copied).toBeGreaterThan(0x5200 + 0xFF + 0x5F);
  });

  it('escapes markup, keeps ]]> from appearing and writes CR as a reference', () => {
    expect(Buffer.from(written(utf8('a < b && c]]>\r\n甲'))!).toString()).toBe('a &lt; b &amp;&amp; c]]&gt;&#13;\n甲');
  });

  it('refuses astral characters, controls, U+FFFE/U+FFFF, and bytes that are not UTF-8 or end inside a character', () => {
    for (const bytes of [utf8('😀'), utf8('a\u0001'), utf8('\uFFFE'), utf8('\uFFFF'), utf8('e\u0301'), [0xFF], [0xC0, 0xAF], [0xE0, 0x81, 0xA6], [0xED, 0xA0, 0x80], [0xE4, 0xB8], [0xD0], [0xE4, 0x41, 0x80]]) {
      expect(written(new Uint8Array(bytes))).toBeUndefined();
    }
  });
});

describe('writeUtf8XmlText', () => {
  /** Both writers on the span, as [end, bytes] (bytes empty when refused). */
  const both = (src: Uint8Array, from: number, to: number) => [writeXmlText, writeUtf8XmlText].map((write) => {
    const out = new Uint8Array(xmlTextBound(to - from) + 3);
    const end = write(src, from, to, out, 3);
    return [end, end < 0 ? '' : Buffer.from(out.subarray(3, end)).toString('latin1')];
  });

  it('writes what writeXmlText writes for every BMP character of a valid buffer, or refuses it as that does', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      const src = utf8(`a${String.fromCharCode(c)}b`);
      const [checked, fast] = both(src, 0, src.length);
      expect(fast, `U+${c.toString(16)}`).toEqual(checked);
    }
  });

  it('writes what writeXmlText writes for random spans of valid buffers, spans that cut a character included', () => {
    const next = random(15);
    const pieces = ['a', 'Sentence 12: ', '两国元首就双边关系', 'обмен мнениями', 'é', 'ҍ', '\u0483', '\u4DC0', '\u4E00', '&', '<', '>', '"', '\r', '\n', '\t',
      '\u0001', '\u007F', '\u0085', '😀', '\uFFFE', '\uFFFD', '\u3000', '\u302A', '\uFF21', '\uFFF0', '\u0800', 'ᄀ', 'x'.repeat(40)];
    let refused = 0;
    let cut = 0;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      for (let k = Math.floor(next() * 12); k > 0; k--) text += pieces[Math.floor(next() * pieces.length)]!;
      const src = utf8(text);
      expect(isUtf8(src)).toBe(true);
      const a = Math.floor(next() * (src.length + 1));
      const b = Math.floor(next() * (src.length + 1));
      const [from, to] = a <= b ? [a, b] : [b, a];
      const [checked, fast] = both(src, from, to);
      expect(fast, JSON.stringify({ text, from, to })).toEqual(checked);
      if (checked![0] === -1) refused += 1;
      if ((src[from]! & 0xC0) === 0x80 || (src[to]! & 0xC0) === 0x80) cut += 1;
    }
    // Both branches ran: spans written, spans refused, spans cutting a character.
    expect(refused).toBeGreaterThan(100);
    expect(cut).toBeGreaterThan(100);
    expect(refused).toBeLessThan(2900);
  });
});

describe('writeTmxDate', () => {
  it('converts what tmxDate converts by slicing, and refuses anything tmxDate would parse', () => {
    const out = new Uint8Array(16);
    for (const iso of ['2026-11-23T13:05:00.123Z', '2026-11-23T13:05:00Z', '2026-12-31T23:59:59.123456789Z', '2026-02-30T00:00:00.5Z']) {
      expect(writeTmxDate(utf8(iso), 0, iso.length, out, 0)).toBe(16);
      expect(new TextDecoder().decode(out)).toBe(tmxDate(iso));
    }
    for (const other of ['2026-11-23T13:05:00.Z', '2026-11-23T13:05:00.1234567890Z', '2026-13-01T00:00:00Z', '2026-11-00T00:00:00Z', '2026-11-23T24:00:00Z',
      '2026-11-23T13:60:00Z', '2026-11-23T13:05:00+01:00', '2026-11-23 13:05:00Z', '2026-11-23T13:05:00z', '', '2026-11-23T13:05:0０Z']) {
      expect(writeTmxDate(utf8(other), 0, utf8(other).length, out, 0), other).toBe(-1);
    }
  });
});

describe('writeDecimal', () => {
  it('writes integers as String does', () => {
    for (const n of [0, 7, 10, 99, 100, 12345, 2 ** 31, 9007199254740991]) {
      const out = new Uint8Array(20);
      expect(new TextDecoder().decode(out.subarray(0, writeDecimal(n, out, 0)))).toBe(String(n));
    }
  });
});
