import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/text/decode.js';

const hex = (text: string): Uint8Array =>
  Uint8Array.from((text.match(/[0-9a-f]{2}/gi) ?? []).map((pair) => Number.parseInt(pair, 16)));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const utf16 = (text: string, endian: 'le' | 'be'): Uint8Array => {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i += 1) view.setUint16(i * 2, text.charCodeAt(i), endian === 'le');
  return out;
};
// mulberry32: a fixed seed makes the "random bytes" case reproducible.
const randomBytes = (length: number, seed: number): Uint8Array => {
  let state = seed;
  return Uint8Array.from({ length }, () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  });
};

const BINARY_HINT = 'Upload a .txt file in UTF-8, UTF-16 or GB18030, or a .docx file.';
const SAVE_HINT = 'Open it in a text editor, save it as UTF-8 and upload it again.';

describe('decodeText accepts text', () => {
  it.each<[string, Uint8Array, string, string]>([
    ['UTF-8', utf8('中文 and русский\r\n'), '中文 and русский\r\n', 'utf-8'],
    ['UTF-8 with BOM (BOM dropped)', concat(hex('ef bb bf'), utf8('甲。乙。')), '甲。乙。', 'utf-8'],
    ['plain ASCII is UTF-8', utf8('Joint Statement'), 'Joint Statement', 'utf-8'],
    ['UTF-16LE with BOM', concat(hex('ff fe'), utf16('中文 text', 'le')), '中文 text', 'utf-16le'],
    ['UTF-16BE with BOM', concat(hex('fe ff'), utf16('中文 text', 'be')), '中文 text', 'utf-16be'],
    ['GB18030 中文', hex('d6 d0 ce c4'), '中文', 'gb18030'],
    // 你好，世界。 then CRLF and ASCII in GB18030.
    ['GB18030 sentence with punctuation and ASCII', hex('c4e3 bac3 a3ac cac0 bde7 a1a3 0d0a 32303232'), '你好，世界。\r\n2022', 'gb18030'],
    ['one stray control character in a long file', utf8(`${'a'.repeat(200)}\u001A`), `${'a'.repeat(200)}\u001A`, 'utf-8'],
  ])('%s', (_name, bytes, text, encoding) => {
    expect(decodeText(bytes)).toEqual({ ok: true, text, encoding });
  });
});

describe('decodeText refuses what is not usable text', () => {
  it.each<[string, Uint8Array, 'empty' | 'binary' | 'invalid_encoding', string]>([
    ['no bytes', new Uint8Array(0), 'empty', 'The file is empty or holds only spaces and line breaks. Upload a file that contains the text.'],
    ['whitespace only', utf8(' \r\n\t\u3000 '), 'empty', 'The file is empty or holds only spaces and line breaks. Upload a file that contains the text.'],
    ['a UTF-8 BOM only', hex('ef bb bf'), 'empty', 'The file is empty or holds only spaces and line breaks. Upload a file that contains the text.'],
    ['UTF-16LE whitespace only', concat(hex('ff fe'), utf16('  \n', 'le')), 'empty', 'The file is empty or holds only spaces and line breaks. Upload a file that contains the text.'],
    ['PNG header', hex('89504e470d0a1a0a0000000d49484452'), 'binary', `The file is not text (it looks like a PNG image). ${BINARY_HINT}`],
    // A .docx is a ZIP; the caller reads .docx before decodeText, so a ZIP here is refused.
    ['ZIP (e.g. a .docx renamed .txt)', hex('504b0304140006000800000021'), 'binary', `The file is not text (it looks like a ZIP archive). ${BINARY_HINT}`],
    ['ELF program', hex('7f454c4602010100000000000000000002003e00'), 'binary', `The file is not text (it looks like a program (ELF)). ${BINARY_HINT}`],
    ['random bytes (seed 42)', randomBytes(4096, 42), 'binary', `The file is not text (it looks like binary data). ${BINARY_HINT}`],
    ['text with a NUL byte', utf8('abc\u0000def'), 'binary', `The file is not text (it looks like binary data). ${BINARY_HINT}`],
    ['many control characters', utf8('a\u0001b\u0002c\u0003d'), 'binary', `The file is not text (it looks like binary data). ${BINARY_HINT}`],
    ['UTF-16LE BOM with binary content', concat(hex('ff fe'), hex('0100 0000 0200 0300')), 'binary', `The file is not text (it looks like binary data). ${BINARY_HINT}`],
    // Decision: Latin-1 is refused rather than guessed. "café crème" fails
    // strict GB18030 outright (E9 20 is no GB18030 sequence) …
    ['Latin-1 "café crème"', hex('636166e9206372e86d65'), 'invalid_encoding', `The file is not valid UTF-8, UTF-16 or GB18030 text (it may be in an older encoding such as Latin-1 or Windows-1251). ${SAVE_HINT}`],
    // … and "cafés" decodes as GB18030 (E9 73 is a rare GBK character) but
    // fails the "reads as Chinese" check, so it is refused too.
    ['Latin-1 "cafés" (valid GB18030, not Chinese)', hex('636166e973'), 'invalid_encoding', `The file is not valid UTF-8, UTF-16 or GB18030 text (it may be in an older encoding such as Latin-1 or Windows-1251). ${SAVE_HINT}`],
    ['Windows-1251 "Привет мир"', hex('cff0e8e2e5f220ece8f0'), 'invalid_encoding', `The file is not valid UTF-8, UTF-16 or GB18030 text (it may be in an older encoding such as Latin-1 or Windows-1251). ${SAVE_HINT}`],
    ['UTF-16LE without a BOM', utf16('Hello, world', 'le'), 'invalid_encoding', `The file looks like UTF-16 without a byte order mark, which cannot be read reliably. ${SAVE_HINT}`],
    ['UTF-16LE BOM with an odd byte count', hex('fffe 4100 42'), 'invalid_encoding', `The file starts with a UTF-16LE byte order mark but is not valid UTF-16LE. ${SAVE_HINT}`],
    ['UTF-32LE', hex('fffe0000 41000000'), 'invalid_encoding', `The file is in UTF-32, which Duizhao does not read. ${SAVE_HINT}`],
  ])('%s', (_name, bytes, code, message) => {
    expect(decodeText(bytes)).toEqual({ ok: false, code, message });
  });
});
