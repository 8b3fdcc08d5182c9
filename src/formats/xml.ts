/**
 * XML 1.0 text helpers shared by the TMX writer and the review table: what may be
 * written at all, and how to escape it so a parser gives back exactly the same string.
 */

/**
 * Characters XML 1.0 forbids (Char production: only #x9 | #xA | #xD | [#x20-#xD7FF] |
 * [#xE000-#xFFFD] | [#x10000-#x10FFFF]): C0 controls but tab/LF/CR, U+FFFE/U+FFFF and
 * unpaired UTF-16 surrogates. One of them makes the whole file unreadable, and Node's
 * UTF-8 encoder would silently turn a lone surrogate into U+FFFD.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text that is certainly allowed and already NFC: only tab/LF/CR, printable ASCII and
 * Latin-1, Latin Extended-A, Cyrillic (without its combining marks U+0483–U+0489), general
 * punctuation but the two singleton spaces U+2000/U+2001, CJK punctuation (without the
 * tone marks U+302A–U+302F), CJK ideographs (U+3400–U+4DBF, U+4E00–U+9FFF) and full-width
 * forms. None of these has a canonical decomposition, is a combining mark, or composes
 * with its neighbour, so NFC leaves such text as it is and `normalize` (the export's
 * costliest call) can be skipped for nearly every TM text.
 */
const PLAIN_NFC = /^[\t\n\r\u0020-\u017F\u0400-\u0482\u048A-\u04FF\u2002-\u206F\u3000-\u3029\u3030-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]*$/;

/** Counts what `cleanXmlText` removed, so the export can warn once at the end. */
export interface CleanStats { removedChars: number }

/**
 * NFC-normalises and drops characters XML 1.0 forbids, counting them.
 * @example cleanXmlText('a\u000Bb', s) → 'ab' (s.removedChars += 1)
 */
export function cleanXmlText(text: string, stats: CleanStats): string {
  if (PLAIN_NFC.test(text)) return text;
  let removed = 0;
  const cleaned = text.replace(FORBIDDEN, () => {
    removed += 1;
    return '';
  });
  stats.removedChars += removed;
  return cleaned.normalize('NFC');
}

/** Whether a text needs escaping at all (most TM text does not: a test is cheaper than a replace). */
const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;

/**
 * Escapes element text. `>` is escaped too so `]]>` can never appear; CR is written as a
 * character reference because parsers turn a literal CR (and CRLF) into LF.
 * @example escapeXmlText('a < b && c]]>') → 'a &lt; b &amp;&amp; c]]&gt;'
 */
export function escapeXmlText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/**
 * Escapes a double-quoted attribute value; tab, LF and CR become character references
 * because attribute-value normalisation would turn them into spaces.
 * @example escapeXmlAttr('say "hi"\n') → 'say &quot;hi&quot;&#10;'
 */
export function escapeXmlAttr(text: string): string {
  if (!ATTR_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case '\t': return '&#9;';
      case '\n': return '&#10;';
      default: return '&#13;';
    }
  });
}
