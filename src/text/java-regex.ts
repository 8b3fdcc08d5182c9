/**
 * Java regular expressions (as SRX files write them) translated to JavaScript, and checked
 * before they run: SRX rules come from users, so a pattern JavaScript cannot express is
 * refused with a reason, and one that could backtrack catastrophically is refused too.
 * Pure: no I/O.
 */

export class RegexRefusal extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`The pattern ${JSON.stringify(pattern)} cannot be used: ${reason}`);
    this.name = 'RegexRefusal';
  }
}

// `\b` in JavaScript is ASCII-only even with the u flag: Cyrillic abbreviation rules would
// silently stop matching. These are Java's Unicode word boundaries.
const WORD = '[\\p{L}\\p{N}_]';
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NOT_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;
/** Characters that may be escaped in a JavaScript u-mode pattern. */
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

/** Java property names without a JavaScript `\p{…}` of the same name. */
const PROPERTY_MAP: Record<string, string> = {
  Alpha: '[A-Za-z]', Digit: '[0-9]', Alnum: '[A-Za-z0-9]', Upper: '[A-Z]', Lower: '[a-z]', Space: '[ \\t\\n\\x0B\\f\\r]',
  Punct: '[!-\\/:-@\\[-`{-~]', Blank: '[ \\t]', XDigit: '[0-9A-Fa-f]',
  IsAlphabetic: '\\p{Alphabetic}', IsLetter: '\\p{L}', IsDigit: '\\p{Nd}', IsUppercase: '\\p{Lu}', IsLowercase: '\\p{Ll}',
  IsWhite_Space: '\\p{White_Space}', IsPunctuation: '\\p{P}', javaLowerCase: '\\p{Ll}', javaUpperCase: '\\p{Lu}',
  IsLatin: '\\p{Script=Latin}', IsCyrillic: '\\p{Script=Cyrillic}', IsHan: '\\p{Script=Han}', IsGreek: '\\p{Script=Greek}',
};
/** Class-safe forms of the mapped properties (no nested brackets inside a character class). */
const PROPERTY_IN_CLASS: Record<string, string> = {
  Alpha: 'A-Za-z', Digit: '0-9', Alnum: 'A-Za-z0-9', Upper: 'A-Z', Lower: 'a-z', Space: ' \\t\\n\\x0B\\f\\r', Punct: '!-\\/:-@\\[-`{-~', Blank: ' \\t', XDigit: '0-9A-Fa-f',
};

function isValidProperty(body: string): boolean {
  try {
    new RegExp(`\\p{${body}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Translates one Java pattern to a JavaScript source for the `u` flag.
 * @example javaToJs('\\b[nN]o\\.\\s') → '(?:(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])|…)[nN]o\\.\\s'
 * @example javaToJs('[\\.\\?\\!]+') → '[\\.\\?!]+'
 */
export function javaToJs(pattern: string): { source: string; flags: string } {
  let flags = '';
  let src = pattern;
  // Leading inline flags apply to the whole pattern; (?u) is always on here.
  const leading = /^\(\?([imsuxU]+)\)/.exec(src);
  if (leading) {
    for (const f of leading[1]!) {
      if (f === 'i' && !flags.includes('i')) flags += 'i';
      else if (f === 's' && !flags.includes('s')) flags += 's';
      else if (f === 'x' || f === 'm') throw new RegexRefusal(pattern, `the (?${f}) flag has no equivalent here.`);
    }
    src = src.slice(leading[0].length);
  }
  let out = '';
  let inClass = false;
  /** Where the last quantifier ended, to tell a possessive `++` from `\++`. */
  let quantifierEnd = -1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new RegexRefusal(pattern, 'it ends with a lone backslash.');
      i += 1;
      switch (n) {
        case 'b':
          if (inClass) throw new RegexRefusal(pattern, '\\b inside a character class is not supported.');
          out += BOUNDARY;
          continue;
        case 'B':
          if (inClass) throw new RegexRefusal(pattern, '\\B inside a character class is not supported.');
          out += NOT_BOUNDARY;
          continue;
        case 'A': out += '^'; continue;
        case 'z': case 'Z': out += '$'; continue;
        case 'h': out += inClass ? ' \\t\\u00A0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000' : '[ \\t\\u00A0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000]'; continue;
        case 'v': out += inClass ? '\\n\\x0B\\f\\r\\x85\\u2028\\u2029' : '[\\n\\x0B\\f\\r\\x85\\u2028\\u2029]'; continue;
        case 'e': out += '\\x1B'; continue;
        case 'a': out += '\\x07'; continue;
        case 'Q': {
          const end = src.indexOf('\\E', i + 1);
          const literal = end < 0 ? src.slice(i + 1) : src.slice(i + 1, end);
          out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
          i = end < 0 ? src.length : end + 1;
          continue;
        }
        case 'x':
          if (src[i + 1] === '{') {
            const end = src.indexOf('}', i);
            out += `\\u{${src.slice(i + 2, end)}}`;
            i = end;
          } else {
            out += `\\x${src.slice(i + 1, i + 3)}`;
            i += 2;
          }
          continue;
        case 'p': case 'P': {
          const open = src[i + 1] === '{';
          const end = open ? src.indexOf('}', i) : i + 1;
          const body = open ? src.slice(i + 2, end) : src[i + 1] ?? '';
          i = end;
          const clean = body.replace(/^Is(?=[A-Z][a-z]?$)/, '').replace(/^In([A-Z].*)$/, 'Block=$1');
          if (n === 'p' && inClass && PROPERTY_IN_CLASS[body]) { out += PROPERTY_IN_CLASS[body]; continue; }
          if (n === 'p' && !inClass && PROPERTY_MAP[body]) { out += PROPERTY_MAP[body]; continue; }
          const mapped = PROPERTY_MAP[body]?.startsWith('\\p{') ? PROPERTY_MAP[body]!.slice(3, -1) : clean;
          if (!isValidProperty(mapped)) throw new RegexRefusal(pattern, `\\${n}{${body}} is a Java character property JavaScript does not know.`);
          out += `\\${n}{${mapped}}`;
          continue;
        }
        default:
          if (/[1-9]/.test(n)) throw new RegexRefusal(pattern, 'back-references (\\1 …) can backtrack without bound and are not allowed in segmentation rules.');
          if (n === 'k') throw new RegexRefusal(pattern, 'named back-references are not allowed in segmentation rules.');
          if (n === 'G' || n === 'R' || n === 'X') throw new RegexRefusal(pattern, `\\${n} has no equivalent in JavaScript.`);
          if (/[A-Za-z0-9]/.test(n)) { out += `\\${n}`; continue; }
          // An escaped punctuation mark: JavaScript's u flag accepts only syntax characters (and - in a class).
          out += SYNTAX.has(n) || (inClass && n === '-') ? `\\${n}` : n;
          continue;
      }
    }
    if (inClass) {
      if (c === '[') throw new RegexRefusal(pattern, 'nested character classes (Java class union) are not supported.');
      if (c === '&' && src[i + 1] === '&') throw new RegexRefusal(pattern, 'class intersection (&&) is not supported.');
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') { out += '^'; i += 1; }
      // Java allows ']' first in a class as a literal.
      if (src[i + 1] === ']') { out += '\\]'; i += 1; }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      if (rest.startsWith('>')) throw new RegexRefusal(pattern, 'atomic groups (?>…) are not supported in JavaScript.');
      if (/^[imsxuU-]+[:)]/.test(rest)) throw new RegexRefusal(pattern, 'inline flags inside the pattern are not supported; put (?i) at its very start.');
    }
    if (c === '*' || c === '+' || c === '?') {
      if (c === '+' && quantifierEnd === i - 1) throw new RegexRefusal(pattern, 'possessive quantifiers (*+, ++, ?+) are not supported in JavaScript.');
      // A ? right after a quantifier makes it lazy and ends it.
      quantifierEnd = c === '?' && quantifierEnd === i - 1 ? -1 : i;
      out += c;
      continue;
    }
    if (c === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(src.slice(i));
      if (!quantifier) { out += '\\{'; continue; }
      out += quantifier[0];
      i += quantifier[0].length - 1;
      quantifierEnd = i;
      continue;
    }
    if (c === '}') { out += '\\}'; continue; }
    out += c;
  }
  if (inClass) throw new RegexRefusal(pattern, 'a character class is not closed.');
  return { source: out, flags };
}

/**
 * Refuses patterns whose backtracking can explode: a group under an unbounded quantifier
 * that itself holds an unbounded quantifier or an alternation (`(a+)+`, `(\s|x)*`).
 * Together with the run-time probe in text/srx.ts this keeps user rules linear in practice.
 */
export function checkBacktracking(original: string, source: string): void {
  const stack: { quantified: boolean; alternation: boolean }[] = [{ quantified: false, alternation: false }];
  const closed: { quantified: boolean; alternation: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') { i += 1; if (source[i] === 'p' || source[i] === 'P' || source[i] === 'u') { const close = source.indexOf('}', i); if (source[i + 1] === '{' && close > 0) i = close; } continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; continue; }
    if (c === '(') { stack.push({ quantified: false, alternation: false }); continue; }
    if (c === '|') { stack[stack.length - 1]!.alternation = true; continue; }
    if (c === ')') { closed.push(stack.pop() ?? { quantified: false, alternation: false }); continue; }
    const unbounded = c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(source.slice(i)));
    if (!unbounded) continue;
    const previous = source[i - 1];
    if (previous === ')') {
      const group = closed.pop();
      // Lookarounds are zero-width: quantifying them is pointless but harmless.
      if (group && (group.quantified || group.alternation)) {
        throw new RegexRefusal(original, 'a repeated group holds a repetition or alternatives of its own (like (a+)+ or (a|b)*), which can take exponential time on some texts.');
      }
    }
    for (const frame of stack) frame.quantified = true;
  }
}

/** Translates, checks and compiles a Java pattern; throws RegexRefusal with the reason. */
export function compileJavaRegex(pattern: string, extraFlags = ''): RegExp {
  const { source, flags } = javaToJs(pattern);
  checkBacktracking(pattern, source);
  try {
    return new RegExp(source, `u${flags}${extraFlags}`);
  } catch (error) {
    throw new RegexRefusal(pattern, `JavaScript cannot read it (${error instanceof Error ? error.message : String(error)}).`);
  }
}
