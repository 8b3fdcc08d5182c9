import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
describe('src/text imports', () => {
  const dir = fileURLToPath(new URL('../../../src/text/', import.meta.url));
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

  it.each(files)('%s imports only sibling modules', (name) => {
    const source = readFileSync(`${dir}${name}`, 'utf8');
    const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s*['"]([^'"]+)['"]/g)].map(
      (match) => match[1],
    );
    const bare = [...source.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
    const dynamic = [...source.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
    for (const specifier of [...specifiers, ...bare, ...dynamic]) expect(specifier).toMatch(/^\.\/[\w-]+\.js$/);
  });
});
