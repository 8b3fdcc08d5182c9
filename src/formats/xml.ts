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

/**
 * The first character that is not PLAIN_NFC or that element text must escape (`&`, `<`,
 * `>`, CR). A search for it stops there, where `^[…]*$` would backtrack over the text.
 */
const NOT_PLAIN_TEXT = /[^\t\n\u0020-\u0025\u0027-\u003B\u003D\u003F-\u017F\u0400-\u0482\u048A-\u04FF\u2002-\u206F\u3000-\u3029\u3030-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]/;
/** The same for a double-quoted attribute value, which must also escape `"`, tab and LF. */
const NOT_PLAIN_ATTR = /[^\u0020\u0021\u0023-\u0025\u0027-\u003B\u003D\u003F-\u017F\u0400-\u0482\u048A-\u04FF\u2002-\u206F\u3000-\u3029\u3030-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]/;

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

/**
 * What each UTF-16 code unit asks of element text: 0 nothing (PLAIN_NFC, not special),
 * 1 an escape (`&`, `<`, `>`, CR), 2 the full clean (anything else: it may be forbidden
 * or change under NFC). A table lookup per character is the cheapest test V8 offers for
 * text that holds markup characters (bench/tmx.ts texts: half the CPU of a test followed
 * by a replace with a callback). The bytes path (xml-bytes.ts) asks it of each character it copies.
 */
export const TEXT_KIND: Readonly<Uint8Array> = (() => {
  const kind = new Uint8Array(0x10000).fill(2);
  const plain = (from: number, to: number) => kind.fill(0, from, to + 1);
  plain(0x09, 0x0A);
  plain(0x20, 0x17F);
  plain(0x400, 0x482);
  plain(0x48A, 0x4FF);
  plain(0x2002, 0x206F);
  plain(0x3000, 0x3029);
  plain(0x3030, 0x303F);
  plain(0x3400, 0x4DBF);
  plain(0x4E00, 0x9FFF);
  plain(0xFF00, 0xFFEF);
  for (const c of '&<>\r') kind[c.charCodeAt(0)] = 1;
  return kind;
})();

/**
 * Element text as written: cleaned (cleanXmlText) and escaped (escapeXmlText). Text that
 * needs neither (most of it) costs one regular-expression pass; text that only needs
 * escaping, one pass over its characters.
 * @example xmlText('a < b\u0001', s) → 'a &lt; b' (s.removedChars += 1)
 */
export function xmlText(text: string, stats: CleanStats): string {
  const first = text.search(NOT_PLAIN_TEXT);
  if (first < 0) return text;
  let out = '';
  let from = 0;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = TEXT_KIND[c]!;
    if (kind === 0) continue;
    if (kind === 2) return escapeXmlText(cleanXmlText(text, stats));
    out += text.slice(from, i) + (c === 0x26 ? '&amp;' : c === 0x3C ? '&lt;' : c === 0x3E ? '&gt;' : '&#13;');
    from = i + 1;
  }
  return out + text.slice(from);
}

/** Whether xmlText gives `text` back unchanged. */
export function isPlainXmlText(text: string): boolean {
  return !NOT_PLAIN_TEXT.test(text);
}

/**
 * An attribute value as written: cleaned and escaped (escapeXmlAttr), with one pass for
 * values that need neither.
 * @example xmlAttr('say "hi"', s) → 'say &quot;hi&quot;'
 */
export function xmlAttr(text: string, stats: CleanStats): string {
  return NOT_PLAIN_ATTR.test(text) ? escapeXmlAttr(cleanXmlText(text, stats)) : text;
}

/** Whether xmlAttr gives `text` back unchanged. */
export function isPlainXmlAttr(text: string): boolean {
  return !NOT_PLAIN_ATTR.test(text);
}
