import { describe, expect, it } from 'vitest';
import { parseBeads } from '../../src/align/beads.js';
import { alignCommand } from '../../src/cli-align.js';
import { LOW_CONFIDENCE } from '../../src/align/confidence.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function fakeIo(files: Record<string, Uint8Array>, stdin: Uint8Array = new Uint8Array()) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  return {
    out, err, written,
    io: {
      writeFile: async (path: string, text: string): Promise<void> => { written[path] = text; },
      isWritableDirectory: async (path: string): Promise<boolean> => path === '.' || path === 'out',
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
    const beads = JSON.parse(f.out.join('')) as { bead: string; confidence: number; low: boolean; reasons: string[] }[];
    expect(beads.map((b) => b.bead)).toEqual(['[0]:[0]', '[1]:[1]']);
    // "low" is the editor's rule: below LOW_CONFIDENCE.
    for (const b of beads) expect(b.low).toBe(b.confidence < LOW_CONFIDENCE);
    expect(beads[1]?.reasons).toContain('+ numbers 1996 ↔ 1996 match');
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

describe('alignCommand --anchors', () => {
  const ZH3 = '双方于1992年建交。\n1996年双方签署条约。\n2002年双方签署边界协定。\n';
  const EN3 = 'The two sides established relations in 1992.\nIn 1996 they signed a treaty.\nIn 2002 they signed the border agreement.\n';
  it('keeps every anchor in the output, even against the evidence', async () => {
    const f = fakeIo({ 'a.zh': enc(ZH3), 'a.en': enc(EN3), 'a.anchors': enc('[0,1]:[0]\n') });
    expect(await alignCommand([...base, '--presplit', '--anchors', 'a.anchors', 'a.zh', 'a.en'], f.io)).toBe(0);
    expect(f.out.join('')).toMatch(/^\[0,1\]:\[0\]\n/);
    const beads = parseBeads(f.out.join(''));
    expect(beads.flatMap((b) => b.source)).toEqual([0, 1, 2]);
    expect(beads.flatMap((b) => b.target)).toEqual([0, 1, 2]);
  });
  it.each([
    ['an anchor out of range', '[5]:[0]\n', /anchor \[5\]:\[0\]: source sentence 5 is out of range/],
    ['overlapping anchors', '[0]:[0]\n[0,1]:[1]\n', /anchor \[0,1\]:\[1\] overlaps anchor \[0\]:\[0\] on source sentence 0/],
    ['crossing anchors', '[0]:[2]\n[1]:[0]\n', /cross/],
    ['a line that is not a bead', '[0]:[0]\nhello\n', /a\.anchors: line 2: not a bead/],
  ])('refuses %s with exit code 2 and prints nothing', async (_what, anchors, message) => {
    const f = fakeIo({ 'a.zh': enc(ZH3), 'a.en': enc(EN3), 'a.anchors': enc(anchors) });
    expect(await alignCommand([...base, '--presplit', '--anchors', 'a.anchors', 'a.zh', 'a.en'], f.io)).toBe(2);
    expect(f.err.join('')).toMatch(message);
    expect(f.out).toEqual([]);
  });
});

describe('alignCommand --batch', () => {
  const files = () => ({
    'a.zh': enc(ZH), 'a.en': enc(EN), 'b.zh': enc('双方同意加强合作。\n'), 'b.en': enc('The two sides agreed to strengthen cooperation.\n'),
    'b.anchors': enc('[0]:[0]\n'),
  });
  it('aligns every pair of the list in one process and writes each OUT', async () => {
    const f = fakeIo({ ...files(), list: enc('# corpus\na.zh\ta.en\tout/a.align\n\nb.zh\tb.en\tout/b.align\tb.anchors\n') });
    expect(await alignCommand([...base, '--presplit', '--batch', 'list'], f.io)).toBe(0);
    expect(f.written).toEqual({ 'out/a.align': '[0]:[0]\n[1]:[1]\n', 'out/b.align': '[0]:[0]\n' });
    expect(f.out).toEqual([]);
    expect(f.err.join('')).toMatch(/2\/2 b\.zh ↔ b\.en → out\/b\.align \(1 beads\)/);
  });
  it('aligns each pair exactly as a run of its own does, though the batch shares one dictionary', async () => {
    const demo = new URL('../../demo/joint-statement-2022/', import.meta.url);
    const { readFileSync } = await import('node:fs');
    const read = (name: string): Uint8Array => readFileSync(new URL(name, demo));
    const all = { ...files(), 'd.zh': read('zh.txt'), 'd.en': read('en.txt') };
    const batch = fakeIo({ ...all, list: enc('d.zh\td.en\tout/d.json\na.zh\ta.en\tout/a.json\n') });
    expect(await alignCommand([...base, '--format', 'json', '--batch', 'list'], batch.io)).toBe(0);
    for (const name of ['d', 'a']) {
      const alone = fakeIo(all);
      expect(await alignCommand([...base, '--format', 'json', `${name}.zh`, `${name}.en`], alone.io)).toBe(0);
      expect(batch.written[`out/${name}.json`]).toBe(alone.out.join(''));
    }
  });
  it.each([
    ['a line with two fields', 'a.zh\ta.en\n', /list line 1: expected SRC<TAB>TGT<TAB>OUT/],
    ['a missing input on a later line', 'a.zh\ta.en\tout/a.align\nb.zh\tnope.en\tout/b.align\n', /list line 2: nope\.en: no such file/],
    ['an output directory that does not exist', 'a.zh\ta.en\tnowhere/a.align\n', /list line 1: cannot write nowhere\/a\.align/],
    ['one output twice', 'a.zh\ta.en\tout/x\nb.zh\tb.en\tout/x\n', /list line 2: OUT out\/x is already the output of line 1/],
    ['an output that is an input', 'a.zh\ta.en\tb.zh\nb.zh\tb.en\tout/b\n', /OUT b\.zh is an input of another line/],
    ['bad anchors on a later line', 'a.zh\ta.en\tout/a\nb.zh\tb.en\tout/b\ta.zh\n', /list line 2: a\.zh: line 1: not a bead/],
    ['an empty list', '# nothing\n', /list: (empty input|no pairs to align)/],
    ['files beside --batch', null, /give no SRC or TGT/],
  ])('refuses %s before writing anything', async (_what, list, message) => {
    const f = fakeIo({ ...files(), list: enc(list ?? 'a.zh\ta.en\tout/a\n') });
    const args = list === null ? [...base, '--presplit', '--batch', 'list', 'a.zh'] : [...base, '--presplit', '--batch', 'list'];
    expect(await alignCommand(args, f.io)).toBe(2);
    expect(f.err.join('')).toMatch(message);
    expect(f.written).toEqual({});
  });
});

