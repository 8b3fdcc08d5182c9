/**
 * Sentence splitting for English, Russian and every other language that is
 * not Chinese. A sentence ends at . ! ? … (or a run of them) plus closing
 * quotes/brackets, when whitespace and the start of a new sentence follow.
 * The hard part is what a full stop does NOT end: abbreviations, initials
 * and date ordinals, listed below with the reason for each group.
 */

const END_RUN = /[.!?…]+/uy;
// An utterance broken off by a dash ends at its closing quote: `…then—' 'At you!'`.
// Without a quote after it a dash is punctuation inside the sentence (`the man – John – said`).
const DASH_RUN = /(?:[—–]|--)+/uy;
const CLOSERS = /["”’»)\]'›]*/uy;
const QUOTE = /["”’»'›]/u;
const WHITESPACE = /\s+/uy;
// U+00A0, U+2007 and U+202F are typed on purpose to keep two words together
// (`С.\u00A0Жапаров`, `10\u202Fкм`), so they never count as the gap between
// two sentences.
const NO_BREAK_SPACE = /^[\u00A0\u2007\u202F]+$/u;
// A capital (incl. Cyrillic), a digit, an opening quote/bracket, or a Russian
// dialogue dash before a capital.
const SENTENCE_START = /[\p{Lu}\p{Lt}\p{Nd}«“„"'‘(\[¿¡]|[—–]\s*\p{Lu}/uy;
const LEADING_OPENERS = /^[«“„"'‘(\[]+/u;

// Abbreviations that are never the last word of a sentence: titles and
// prefixes always precede a name or a number. Compared lower-case.
// Decision: Inc./Ltd./Co., U.S./U.N. and the Russian unit words (руб., тыс.,
// млн., млрд., г.) can end a sentence, but a capital after them is more often
// a name or the rest of the sentence (`в 2022 г. Китай…`, `U.S. President`),
// so we never split after them, as the issue asks.
const ALWAYS_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'messrs', 'dr', 'prof', 'st', 'mt', 'jr', 'sr', 'gen', 'col', 'lt', 'capt',
  'sgt', 'gov', 'sen', 'rep', 'hon', 'rev', 'vs', 'inc', 'ltd', 'co', 'corp', 'approx', 'cf',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'г', 'гг', 'ст', 'им', 'см', 'руб', 'тыс', 'млн', 'млрд', 'долл', 'коп', 'стр', 'рис', 'табл',
  'ул', 'пер', 'обл', 'проф', 'акад', 'дж', 'тов', 'гр', 'напр',
]);

// Abbreviations that stand before a number: `No. 5`, `Art. 12`. Before a
// capital they are ordinary words (`No. The answer is…`), so they only hold
// the sentence together when a digit follows.
const NUMBERED_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'no', 'nos', 'nr', 'art', 'arts', 'vol', 'fig', 'ch', 'sec', 'para', 'pp', '№',
]);

// Decision on the ambiguity: "etc." and its Russian counterparts
// (т.д., т.п., и др., и пр.) close a list and very often a sentence. Before a
// lowercase word they never split (the general rule); before a capital we DO
// split, because a capital after them is almost always a new sentence.
const LIST_ENDINGS: ReadonlySet<string> = new Set(['etc', 'т.д', 'т.п', 'др', 'пр']);

// German-style ordinal dates: `6. Februar 2022`. Only before a month name, so
// `The count was 6. Then…` still splits.
const MONTH_NAMES: ReadonlySet<string> = new Set([
  'januar', 'jänner', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september',
  'oktober', 'november', 'dezember', 'january', 'february', 'march', 'may', 'june', 'july',
  'october', 'december',
]);

/**
 * Splits one English/Russian (or other Latin/Cyrillic) paragraph into
 * sentences; trimmed, empties dropped.
 * @example splitSentencesLatin('Mr. Li came. He left.') → ['Mr. Li came.', 'He left.']
 * @example splitSentencesLatin("'But I—' 'You what?'") → ["'But I—'", "'You what?'"]
 * @example splitSentencesLatin('В 2022 г. Китай… и т.е. так.') → ['В 2022 г. Китай… и т.е. так.']
 */
export function splitSentencesLatin(paragraph: string, extraAbbreviations?: ReadonlySet<string>): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < paragraph.length; i += 1) {
    END_RUN.lastIndex = i;
    DASH_RUN.lastIndex = i;
    const run = END_RUN.exec(paragraph) ?? DASH_RUN.exec(paragraph);
    if (run === null) continue;
    CLOSERS.lastIndex = i + run[0].length;
    const closers = CLOSERS.exec(paragraph)?.[0] ?? '';
    if (!/[.!?…]/u.test(run[0]) && !QUOTE.test(closers)) {
      i += run[0].length - 1;
      continue;
    }
    const end = i + run[0].length + closers.length;
    WHITESPACE.lastIndex = end;
    const gap = WHITESPACE.exec(paragraph)?.[0] ?? '';
    const next = end + gap.length;
    SENTENCE_START.lastIndex = next;
    const isBreak =
      gap.length > 0 &&
      !NO_BREAK_SPACE.test(gap) &&
      SENTENCE_START.test(paragraph) &&
      !(
        run[0] === '.' &&
        closers === '' &&
        // The last two words are all the abbreviation rules look at.
        isAbbreviation(paragraph.slice(Math.max(start, i - 40), i), paragraph.slice(next, next + 20), extraAbbreviations)
      );
    if (isBreak) {
      sentences.push(paragraph.slice(start, end));
      start = end;
    }
    i = end - 1;
  }
  sentences.push(paragraph.slice(start));
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
}

/**
 * Whether the full stop after `before` belongs to an abbreviation, an
 * initial or a date ordinal rather than ending the sentence; `rest` is the
 * text after the gap that follows the stop.
 */
function isAbbreviation(before: string, rest: string, extra?: ReadonlySet<string>): boolean {
  const words = before.split(/\s+/u);
  const token = (words[words.length - 1] ?? '').replace(LEADING_OPENERS, '');
  const previous = words[words.length - 2] ?? '';
  const word = token.toLowerCase();
  // `и т. д.` written with a space is the same list ending as `т.д.`.
  if (LIST_ENDINGS.has(word) || LIST_ENDINGS.has(`${previous.toLowerCase()}${word}`)) return false;
  // The English pronoun after a lowercase word ends a sentence (`and so was I. At last…`); a
  // middle initial follows a capitalised name (`Robert I. Smith`).
  if (token === 'I' && /^\p{Ll}/u.test(previous)) return false;
  // Single-letter initials: `С. Жапаров`, `J. R. R. Tolkien`.
  if (/^\p{L}$/u.test(token)) return true;
  // Dotted abbreviations: U.S., U.N., e.g., i.e., т.е., в т.ч., Ph.D.
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(token)) return true;
  if (ALWAYS_ABBREVIATIONS.has(word)) return true;
  // A document's own abbreviations (issue #14 §5) hold like the built-in ones.
  if (extra?.has(word)) return true;
  if (NUMBERED_ABBREVIATIONS.has(word)) return /^\p{Nd}/u.test(rest);
  if (/^\d{1,2}$/u.test(token)) {
    const next = (/^\p{L}+/u.exec(rest)?.[0] ?? '').toLowerCase();
    return MONTH_NAMES.has(next);
  }
  return false;
}
