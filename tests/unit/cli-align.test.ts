import { describe, expect, it } from 'vitest';
import { parseBeads } from '../../src/align/beads.js';
import { alignCommand } from '../../src/cli-align.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function fakeIo(files: Record<string, Uint8Array>, stdin: Uint8Array = new Uint8Array()) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    io: {
      readFile: async (path: string): Promise<Uint8Array> => {
        const f = files[path];
        if (f === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
        return f;
      },
      readStdin: async (): Promise<Uint8Array> => stdin,
      out: (s: string): void => { out.push(s); },
      err: (s: string): void => { err.push(s); },
    },
  };
}

const ZH = '两国元首举行会谈。\n1996年双方在比什凯克签署条约。\n';
const EN = 'The two heads of state held talks.\nIn 1996 the two sides signed a treaty in Bishkek.\n';
const base = ['--src-lang', 'zh', '--tgt-lang', 'en'];

describe('alignCommand', () => {
  it('prints beads and nothing else', async () => {
    const f = fakeIo({ 'a.zh': enc(ZH), 'a.en': enc(EN) });
    expect(await alignCommand([...base, '--presplit', 'a.zh', 'a.en'], f.io)).toBe(0);
    expect(f.out.join('')).toBe('[0]:[0]\n[1]:[1]\n');
    expect(f.err).toEqual([]);
  });
  it('prints JSON with confidence and reasons', async () => {
    const f = fakeIo({ 'a.zh': enc(ZH), 'a.en': enc(EN) });
    expect(await alignCommand([...base, '--presplit', '--format', 'json', 'a.zh', 'a.en'], f.io)).toBe(0);
    const beads = JSON.parse(f.out.join('')) as { bead: string; confidence: number; reasons: string[] }[];
    expect(beads.map((b) => b.bead)).toEqual(['[0]:[0]', '[1]:[1]']);
    expect(beads[1]?.reasons).toContain('numbers 1996 ↔ 1996 match');
    expect(beads.every((b) => b.confidence >= 0 && b.confidence <= 1)).toBe(true);
  });
  it('prints TSV: source text, target text, confidence', async () => {
    const f = fakeIo({ 'a.zh': enc(ZH), 'a.en': enc(EN) });
    expect(await alignCommand([...base, '--presplit', '--format', 'tsv', 'a.zh', 'a.en'], f.io)).toBe(0);
    const rows = f.out.join('').trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['两国元首举行会谈。', 'The two heads of state held talks.'],
      ['1996年双方在比什凯克签署条约。', 'In 1996 the two sides signed a treaty in Bishkek.'],
    ]);
    expect(rows.every((r) => /^\d\.\d{3}$/.test(r[2] ?? ''))).toBe(true);
  });
  it('segments plain text without --presplit and reads - from stdin', async () => {
    const f = fakeIo({ 'a.zh': enc('两国元首举行会谈。1996年双方在比什凯克签署条约。') }, enc('The two heads of state held talks. In 1996 the two sides signed a treaty in Bishkek.'));
    expect(await alignCommand([...base, 'a.zh', '-'], f.io)).toBe(0);
    expect(f.out.join('')).toBe('[0]:[0]\n[1]:[1]\n');
  });
  it('keeps presplit lines exactly, blank lines included', async () => {
    const f = fakeIo({ 'a.zh': enc('两国元首举行会谈。\n\n'), 'a.en': enc('The two heads of state held talks.\n') });
    expect(await alignCommand([...base, '--presplit', 'a.zh', 'a.en'], f.io)).toBe(0);
    expect(parseBeads(f.out.join('')).flatMap((b) => b.source)).toEqual([0, 1]);
  });
  it.each([
    ['a missing file', [...base, 'a.zh', 'nope.en'], /nope\.en: no such file/],
    ['an empty input', [...base, 'a.zh', 'empty.en'], /empty\.en: empty input/],
    ['an unknown language', ['--src-lang', 'zh', '--tgt-lang', 'fr', 'a.zh', 'a.en'], /unknown language "fr"/],
    ['invalid UTF-8', [...base, 'a.zh', 'bad.en'], /bad\.en: not valid UTF-8/],
    ['a wrong number of files', [...base, 'a.zh'], /exactly two files/],
    ['stdin twice', [...base, '-', '-'], /only one of SRC and TGT/],
    ['an unknown format', [...base, '--format', 'xml', 'a.zh', 'a.en'], /unknown format "xml"/],
    ['missing languages', ['a.zh', 'a.en'], /--src-lang and --tgt-lang are required/],
  ])('refuses %s on stderr with exit code 2', async (_what, args, message) => {
    const f = fakeIo({ 'a.zh': enc(ZH), 'a.en': enc(EN), 'empty.en': enc('  \n'), 'bad.en': new Uint8Array([0x41, 0xff, 0xfe, 0x42]) });
    expect(await alignCommand(args, f.io)).toBe(2);
    expect(f.err.join('')).toMatch(message);
    expect(f.out).toEqual([]);
  });
});
