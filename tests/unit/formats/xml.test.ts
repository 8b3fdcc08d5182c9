import { describe, expect, it } from 'vitest';
import { cleanXmlText, escapeXmlAttr, escapeXmlText } from '../../../src/formats/xml.js';

describe('cleanXmlText fast path', () => {
  it('gives what NFC gives for every character it skips normalising, beside any neighbour', () => {
    const ranges = [[0x20, 0x17f], [0x400, 0x482], [0x48a, 0x4ff], [0x2002, 0x206f], [0x3000, 0x3029], [0x3030, 0x303f], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xff00, 0xffef]];
    const stats = { removedChars: 0 };
    for (const [from, to] of ranges) {
      for (let cp = from!; cp <= to!; cp++) {
        const ch = String.fromCodePoint(cp);
        for (const neighbour of ['e', '国', ch]) {
          const text = `${neighbour}${ch}${neighbour}`;
          expect(cleanXmlText(text, stats), `U+${cp.toString(16)}`).toBe(text.normalize('NFC'));
        }
      }
    }
    expect(stats.removedChars).toBe(0);
  }, 60_000);

  it('still normalises and cleans everything else', () => {
    const stats = { removedChars: 0 };
    expect(cleanXmlText('e\u0301', stats)).toBe('é');
    expect(cleanXmlText('>\u0338', stats)).toBe('≯');
    expect(cleanXmlText('\u212b', stats)).toBe('Å');
    expect(cleanXmlText('a\u000bb\ud800', stats)).toBe('ab');
    expect(stats.removedChars).toBe(2);
  });

  it('escapes only what needs it', () => {
    expect(escapeXmlText('plain 文本')).toBe('plain 文本');
    expect(escapeXmlText('a<b&c>\r')).toBe('a&lt;b&amp;c&gt;&#13;');
    expect(escapeXmlAttr('say "hi"\t')).toBe('say &quot;hi&quot;&#9;');
  });
});
