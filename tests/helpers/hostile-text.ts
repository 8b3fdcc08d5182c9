/**
 * Adversarial texts for the text and QA functions (issue #12): long runs of each kind of
 * whitespace, quotes, brackets, digits, letters and CJK, each the shape that made one of our
 * regular expressions or loops super-linear, or that would make a plausible new one so.
 * `size` is in UTF-16 code units (roughly; every text is cut or padded to it).
 */
export interface HostileText { label: string; text: string }

const WHITESPACE: [string, string][] = [
  ['spaces', ' '], ['tabs', '\t'], ['no-break spaces', '\u00A0'], ['ideographic spaces', '\u3000'], ['newlines', '\n'],
  ['CRLFs', '\r\n'], ['line separators', '\u2028'], ['next lines (U+0085)', '\u0085'], ['thin spaces', '\u202F'], ['BOMs', '\uFEFF'],
];

function fill(unit: string, size: number): string {
  return unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, size);
}

export function hostileTexts(size: number): HostileText[] {
  const half = Math.floor(size / 2);
  const texts: HostileText[] = [];
  for (const [name, space] of WHITESPACE) {
    // A run with text on both sides: the shape of every whitespace ReDoS we had.
    texts.push({ label: `甲 + ${name} + 乙。`, text: `甲${fill(space, size - 3)}乙。` });
  }
  texts.push(
    { label: 'straight quotes', text: fill('"', size) },
    { label: 'curly quotes', text: fill('“', size) },
    { label: 'closing quotes after a full stop', text: `甲。${fill('”', size - 3)}乙` },
    { label: 'closers and spaces then a letter', text: `Yes.${fill('”» ', size - 5)}x` },
    { label: 'nested book titles', text: fill('《', half) + fill('》', half) },
    { label: 'unbalanced book titles', text: fill('《甲。', size) },
    { label: 'nested brackets', text: fill('(', half) + fill(')', half) },
    { label: 'digits', text: fill('1', size) },
    { label: 'digit groups then a digit', text: `${fill('1 000 ', size - 1)}5` },
    { label: 'Latin letters', text: fill('A', size) },
    { label: 'Cyrillic letters', text: fill('Ж', size) },
    { label: 'letters then digits', text: `${fill('Ab-', size - 1)}1` },
    { label: 'CJK without punctuation', text: fill('中华人民共和国', size) },
    { label: 'Chinese numerals', text: fill('一二三四五六七八九十百千万亿', size) },
    { label: 'full stops', text: fill('。', size) },
    { label: 'initials and abbreviations', text: fill('A. Mr. ', size) },
    { label: 'English dates', text: fill('6 February 2022, ', size) },
    { label: 'Chinese dates', text: fill('2022年2月6日，', size) },
    { label: 'lone surrogates and controls', text: fill('\uD800\u0000\u0001', size) },
  );
  return texts;
}
