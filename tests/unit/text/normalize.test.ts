import { describe, expect, it } from 'vitest';
import { normalizeLineEndings, normalizeText, prepareForSegmentation, stripBom } from '../../../src/text/normalize.js';

describe('normalize', () => {
  it.each<[string, string, string]>([
    ['CRLF → LF', 'a\r\nb', 'a\nb'],
    ['lone CR → LF', 'a\rb', 'a\nb'],
    ['CR CR LF → two LFs', 'a\r\r\nb', 'a\n\nb'],
    ['LF untouched', 'a\nb', 'a\nb'],
  ])('normalizeLineEndings: %s', (_name, input, expected) => {
    expect(normalizeLineEndings(input)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['leading BOM removed', '\uFEFF甲', '甲'],
    ['only the first BOM is removed', '\uFEFF\uFEFF甲', '\uFEFF甲'],
    ['an inner U+FEFF is kept', '甲\uFEFF乙', '甲\uFEFF乙'],
  ])('stripBom: %s', (_name, input, expected) => {
    expect(stripBom(input)).toBe(expected);
  });

  it('prepareForSegmentation strips the BOM and fixes line endings but keeps decomposed characters', () => {
    expect(prepareForSegmentation('\uFEFFcafe\u0301\r\n\u00A0甲')).toBe('cafe\u0301\n\u00A0甲');
  });

  it('normalizeText also applies NFC and keeps U+00A0 and U+3000', () => {
    expect(normalizeText('\uFEFFcafe\u0301\r\n\u00A0\u3000甲')).toBe('caf\u00E9\n\u00A0\u3000甲');
  });
});

// DESIGN.md: text/ is pure — no Node I/O, no store, no web code.
