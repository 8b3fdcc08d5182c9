import { describe, expect, it } from 'vitest';
import { alignCommand } from '../../src/cli-align.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function fakeIo(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    io: {
      writeFile: async (): Promise<void> => {},
      isWritableDirectory: async (): Promise<boolean> => true,
      readFile: async (path: string): Promise<Uint8Array> => {
        const f = files[path];
        if (f === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
        return enc(f);
      },
      readStdin: async (): Promise<Uint8Array> => new Uint8Array(),
      out: (s: string): void => { out.push(s); },
      err: (s: string): void => { err.push(s); },
    },
  };
}

const ZH = '两国元首举行会谈。\n2022年扎帕罗夫总统访问比什凯克。\n双方签署了联合声明。\n';
const EN = 'The two heads of state held talks.\nIn 2022 President Japarov visited Bishkek.\nThe two sides signed a joint statement.\n';
const RU = 'Главы двух государств провели переговоры.\nВ 2022 году президент Жапаров посетил Бишкек.\nСтороны подписали совместное заявление.\n';
const BEADS = '[0]:[0]\n[1]:[1]\n[2]:[2]\n';
const base = ['--src-lang', 'zh', '--tgt-lang', 'ru', '--presplit'];
const files = { 'a.zh': ZH, 'a.ru': RU, 'a.en': EN, 'a.beads': BEADS };

describe('align --pivot', () => {
  it('uses the pivot and says so in the reasons', async () => {
    const f = fakeIo(files);
    expect(await alignCommand([...base, '--format', 'json', '--pivot', 'en:a.en:a.beads', 'a.zh', 'a.ru'], f.io)).toBe(0);
    const beads = JSON.parse(f.out.join('')) as { bead: string; reasons: string[] }[];
    expect(beads.map((b) => b.bead)).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2]']);
    const second = beads[1]?.reasons.find((r) => r.startsWith('+ pivot (en) agrees'));
    expect(second).toMatch(/Japarov ↔ Жапаров/);
    expect(second).toMatch(/Bishkek ↔ Бишкек/);
    expect(f.err).toEqual([]);
  });

  it('accepts file names with colons between the first and the last one', async () => {
    const f = fakeIo({ ...files, 'dir:x/a.en': EN });
    expect(await alignCommand([...base, '--pivot', 'en:dir:x/a.en:a.beads', 'a.zh', 'a.ru'], f.io)).toBe(0);
    expect(f.out.join('')).toBe('[0]:[0]\n[1]:[1]\n[2]:[2]\n');
  });

  it.each([
    ['a spec without files', ['--pivot', 'en'], /--pivot needs LANG:FILE:BEADS/],
    ['a spec without beads', ['--pivot', 'en:a.en'], /--pivot needs LANG:FILE:BEADS/],
    ['an unknown pivot language', ['--pivot', 'fr:a.en:a.beads'], /unknown language "fr"/],
    ['the source language as pivot', ['--pivot', 'zh:a.zh:a.beads'], /not in its language \(zh\)/],
    ['a missing pivot file', ['--pivot', 'en:b.en:a.beads'], /b\.en: no such file/],
    ['a beads line that is not a bead', ['--pivot', 'en:a.en:bad.beads'], /bad\.beads: line 2: not a bead/],
    ['beads beyond the source', ['--pivot', 'en:a.en:long.beads'], /--pivot: pivot beads \(source ↔ en\): .*cover 4 of 3 source.*the source has 3 sentences, the en text 3/],
    ['beads beyond the pivot', ['--pivot', 'en:a.en:wide.beads'], /pivot beads \(source ↔ en\): .*4 of 3 en sentences/],
    ['beads with a gap', ['--pivot', 'en:a.en:gap.beads'], /pivot beads \(source ↔ en\): bead \[2\]:\[2\]: expected source sentence 1 next, got 2/],
    ['--pivot with --batch', ['--pivot', 'en:a.en:a.beads', '--batch', 'list'], /cannot be combined with --batch/],
  ])('refuses %s with exit code 2 and prints no beads', async (_what, args, message) => {
    const f = fakeIo({ ...files, 'bad.beads': '[0]:[0]\nhello\n', 'long.beads': `${BEADS}[3]:[]\n`, 'wide.beads': '[0]:[0]\n[1]:[1]\n[2]:[2,3]\n', 'gap.beads': '[0]:[0]\n[2]:[2]\n', list: 'a.zh\ta.ru\tout.beads\n' });
    const files2 = args.includes('--batch') ? [] : ['a.zh', 'a.ru'];
    expect(await alignCommand([...base, ...args, ...files2], f.io)).toBe(2);
    expect(f.out).toEqual([]);
    expect(f.err.join('')).toMatch(message);
  });
});
