import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBeads } from '../../src/align/beads.js';
import { lexiconFor } from '../../src/align/lexicon.js';
import { alignCommand, defaultThreads } from '../../src/cli-align.js';
import { FORMATS } from '../../src/cli-align-pair.js';
import { scheduleOrder, startAlignPool } from '../../src/cli-align-pool.js';
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


describe('alignCommand --batch --jobs', () => {
  // Threads from sources register tsx's loader first: each takes seconds to start on a busy machine.
  const SLOW = 120_000;
  const demo = new URL('../../demo/joint-statement-2022/', import.meta.url);
  const files = () => ({
    'd.zh': readFileSync(new URL('zh.txt', demo)), 'd.en': readFileSync(new URL('en.txt', demo)),
    'r.zh': readFileSync(new URL('zh.sentences', demo)), 'r.ru': readFileSync(new URL('ru.sentences', demo)),
    'a.zh': enc(ZH), 'a.en': enc(EN), 'b.zh': enc('双方同意加强合作。\n'), 'b.en': enc('The two sides agreed to strengthen cooperation.\n'),
    'b.anchors': enc('[0]:[0]\n'),
  });
  // The demo first and last so the order of work (largest first) is not the list's order.
  const LIST = 'd.zh\td.en\tout/d\na.zh\ta.en\tout/a\nb.zh\tb.en\tout/b\tb.anchors\n';
  /** stderr without the line that says how many threads ran. */
  const progress = (err: string[]): string => err.join('').replace(/^align: \d+ pairs on \d+ threads?\n/m, '');

  it.each(FORMATS)('writes the same bytes and says the same on threads as in this thread (--format %s)', async (format) => {
    const one = fakeIo({ ...files(), list: enc(LIST) });
    expect(await alignCommand([...base, '--format', format, '--jobs', '1', '--batch', 'list'], one.io)).toBe(0);
    const pool = fakeIo({ ...files(), list: enc(LIST) });
    expect(await alignCommand([...base, '--format', format, '--jobs', '2', '--batch', 'list'], pool.io)).toBe(0);
    expect(Object.keys(pool.written)).toEqual(['out/d', 'out/a', 'out/b']);
    expect(pool.written).toEqual(one.written);
    expect(progress(pool.err)).toBe(progress(one.err));
    expect(pool.err[0]).toBe('align: 3 pairs on 2 threads\n');
    expect(one.err[0]).toBe('align: 3 pairs on 1 thread\n');
  }, SLOW);

  it('aligns presplit pairs and a zh–ru pair the same on more threads than pairs', async () => {
    const list = enc('r.zh\tr.ru\tout/r\nb.zh\tb.en\tout/b\n');
    const ru = ['--src-lang', 'zh', '--tgt-lang', 'ru', '--presplit'];
    const one = fakeIo({ ...files(), list });
    expect(await alignCommand([...ru, '--jobs', '1', '--batch', 'list'], one.io)).toBe(0);
    const pool = fakeIo({ ...files(), list });
    expect(await alignCommand([...ru, '--jobs', '8', '--batch', 'list'], pool.io)).toBe(0);
    expect(pool.written).toEqual(one.written);
    expect(pool.err[0]).toBe('align: 2 pairs on 2 threads\n');
  }, SLOW);

  it.each([1, 2])('stops at an output it cannot write, with the outputs before it written and none after (--jobs %i)', async (jobs) => {
    const f = fakeIo({ ...files(), list: enc(LIST) });
    const write = f.io.writeFile;
    f.io.writeFile = async (path, text) => {
      if (path === 'out/a') throw new Error('ENOSPC: no space left on device');
      await write(path, text);
    };
    expect(await alignCommand([...base, '--jobs', String(jobs), '--batch', 'list'], f.io)).toBe(1);
    expect(Object.keys(f.written)).toEqual(['out/d']);
    expect(f.err.join('')).toMatch(/align: 2\/3 a\.zh ↔ a\.en: cannot write out\/a: ENOSPC: no space left on device \(the outputs of pairs 1–1 written, none after\)/);
  }, SLOW);

  it('stops its threads when interrupted, writing nothing more and saying so', async () => {
    const f = fakeIo({ ...files(), list: enc(LIST) });
    let stop: (() => void) | undefined;
    let listening = true;
    const io = {
      ...f.io,
      onInterrupt: (s: () => void) => {
        stop = s;
        return () => { listening = false; };
      },
      // Interrupted as soon as the threads are started, long before the demo is aligned.
      err: (s: string): void => {
        f.err.push(s);
        if (s.includes('threads')) stop?.();
      },
    };
    expect(await alignCommand([...base, '--jobs', '2', '--batch', 'list'], io)).toBe(130);
    expect(f.written).toEqual({});
    expect(f.err.join('')).toMatch(/align: interrupted before 1\/3 d\.zh ↔ d\.en: nothing written/);
    expect(listening).toBe(false);
  }, SLOW);

  it('listens for Ctrl-C only with threads (in this thread a signal ends the process as before)', async () => {
    const f = fakeIo({ ...files(), list: enc('a.zh\ta.en\tout/a\n') });
    let asked = 0;
    const io = { ...f.io, onInterrupt: () => { asked++; return () => {}; } };
    expect(await alignCommand([...base, '--presplit', '--batch', 'list'], io)).toBe(0);
    expect(asked).toBe(0);
  });

  it.each([
    ['no threads', ['--jobs', '0', '--batch', 'list'], /--jobs takes a number of threads from 1 up, not "0"/],
    ['a negative number', ['--jobs', '-2', '--batch', 'list'], /--jobs takes a number of threads from 1 up, not "-2"/],
    ['a fraction', ['--jobs', '1.5', '--batch', 'list'], /not "1\.5"/],
    ['a word', ['--jobs', 'all', '--batch', 'list'], /not "all"/],
    ['no value', ['--batch', 'list', '--jobs'], /--jobs needs a value/],
    ['one pair', ['--jobs', '2', 'a.zh', 'a.en'], /--jobs sets the threads of a --batch/],
  ])('refuses %s with exit code 2 and writes nothing', async (_what, args, message) => {
    const f = fakeIo({ ...files(), list: enc(LIST) });
    expect(await alignCommand([...base, ...args], f.io)).toBe(2);
    expect(f.err.join('')).toMatch(message);
    expect(f.written).toEqual({});
    expect(f.out).toEqual([]);
  });
});

describe('startAlignPool', () => {
  it('orders the work largest first, ties in the list order', () => {
    const pair = (zh: string, en: string) => ({ src: [{ text: zh }], tgt: [{ text: en }], anchors: [] });
    expect(scheduleOrder([pair('一', 'a'), pair('一二三', 'abc'), pair('二', 'b'), pair('一二', 'abcd')])).toEqual([1, 3, 0, 2]);
  });

  it('reports a pair its thread could not align, with the aligner\'s message', async () => {
    const pair = { src: [{ text: '两国元首举行会谈。' }], tgt: [{ text: 'The two heads of state held talks.' }], anchors: [] };
    const pool = startAlignPool([pair, pair], { srcLang: 'xx', tgtLang: 'en', format: 'beads' }, () => lexiconFor([]), 2);
    try {
      for (const k of [0, 1]) expect(await pool.outcome(k)).toEqual({ ok: false, message: 'unknown language: xx', interrupted: false });
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('defaultThreads', () => {
  it('leaves one core to V8\'s own threads, and runs in this thread on one or two cores', () => {
    expect([1, 2, 3, 8].map((cores) => defaultThreads(cores))).toEqual([1, 1, 2, 7]);
  });
});
