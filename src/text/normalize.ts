/**
 * Text clean-up shared by segmentation and import.
 *
 * Two levels on purpose: `segment()` only applies the lossless fixes
 * (line endings, BOM) so segment texts stay byte-identical to the source
 * — the demo fixture is compared byte for byte, and a translator who pasted
 * U+00A0 meant it. Import code that stores new text should call
 * `normalizeText`, which also applies NFC so that visually identical strings
 * (e.g. `é` as one or two code points) match in TM and glossary look-ups.
 */

const BOM = '\uFEFF';

/**
 * Removes one leading byte order mark, if present.
 * @example stripBom('\uFEFF甲。') → '甲。'
 */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

/**
 * Turns Windows (CRLF) and old Mac (CR) line endings into LF.
 * @example normalizeLineEndings('a\r\nb\rc') → 'a\nb\nc'
 */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * The lossless clean-up `segment()` applies: BOM stripped, line endings LF.
 * No NFC, so every other code point survives unchanged.
 * @example prepareForSegmentation('\uFEFF甲。\r\n乙。') → '甲。\n乙。'
 */
export function prepareForSegmentation(text: string): string {
  return normalizeLineEndings(stripBom(text));
}

/**
 * Full normalisation for text entering the database: BOM stripped, line
 * endings LF, Unicode NFC. Use it in import code before `segment()`; do not
 * use it when comparing against a fixture byte for byte.
 * @example normalizeText('\uFEFFcafe\u0301\r\n') → 'café\n'
 */
export function normalizeText(text: string): string {
  return prepareForSegmentation(text).normalize('NFC');
}
