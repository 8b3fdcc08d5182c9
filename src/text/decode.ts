/**
 * Turns an uploaded .txt file into a string, or refuses it with a reason a
 * translator can act on. The caller handles .docx (a ZIP) before this, so
 * anything that reaches here must be plain text.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
export type DecodeFailureCode = 'empty' | 'binary' | 'invalid_encoding';

export type DecodeResult =
  | { ok: true; text: string; encoding: TextEncodingName }
  | { ok: false; code: DecodeFailureCode; message: string };

const SAVE_AS_UTF8 = 'Open it in a text editor, save it as UTF-8 and upload it again.';
const ACCEPTED = 'Upload a .txt file in UTF-8, UTF-16 or GB18030, or a .docx file.';

// File signatures worth naming in the message, so the translator sees that
// they picked the wrong file rather than a broken one. Only signatures with
// a byte no text starts with: `GIF8` or `MZ` could open a real sentence.
const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; kind: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: 'a ZIP archive' },
  { bytes: [0x50, 0x4b, 0x07, 0x08], kind: 'a ZIP archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: 'a PDF document' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'a program (ELF)' },
  { bytes: [0x1f, 0x8b], kind: 'a gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'an old Office document (.doc)' },
];

/**
 * Decodes uploaded bytes: BOM sniff → strict UTF-8 → strict GB18030 (only if
 * the result reads as Chinese text) → refuse. The BOM is dropped; line
 * endings and Unicode form are left for `normalizeText`.
 * @example decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4])) → { ok: true, text: '中文', encoding: 'gb18030' }
 * @example decodeText(new Uint8Array([])) → { ok: false, code: 'empty', message: 'The file is empty…' }
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return emptyFile();

  // UTF-32 LE starts with the UTF-16 LE BOM, so it must be checked first.
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return refuse('invalid_encoding', `The file is in UTF-32, which Duizhao does not read. ${SAVE_AS_UTF8}`);
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeWith(bytes, 'utf-8');
  if (startsWith(bytes, [0xff, 0xfe])) return decodeWith(bytes, 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeWith(bytes, 'utf-16be');

  // Without a BOM, a control byte below 0x20 is a control character in both
  // UTF-8 and GB18030 (their multi-byte sequences never use such bytes), so
  // the raw bytes can be judged before decoding.
  const signature = SIGNATURES.find((candidate) => startsWith(bytes, candidate.bytes));
  if (signature !== undefined) return binaryFile(signature.kind);
  if (bytes.includes(0) || countControlBytes(bytes) > bytes.length / 100) {
    return looksLikeUtf16WithoutBom(bytes)
      ? refuse(
          'invalid_encoding',
          `The file looks like UTF-16 without a byte order mark, which cannot be read reliably. ${SAVE_AS_UTF8}`,
        )
      : binaryFile('binary data');
  }

  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== undefined) return accept(utf8, 'utf-8');

  const gb18030 = tryDecode(bytes, 'gb18030');
  if (gb18030 !== undefined && readsAsChinese(bytes, gb18030)) return accept(gb18030, 'gb18030');

  return refuse(
    'invalid_encoding',
    `The file is not valid UTF-8, UTF-16 or GB18030 text (it may be in an older encoding such as Latin-1 or Windows-1251). ${SAVE_AS_UTF8}`,
  );
}

function decodeWith(bytes: Uint8Array, encoding: TextEncodingName): DecodeResult {
  const text = tryDecode(bytes, encoding);
  if (text === undefined) {
    return refuse(
      'invalid_encoding',
      `The file starts with a ${encoding.toUpperCase()} byte order mark but is not valid ${encoding.toUpperCase()}. ${SAVE_AS_UTF8}`,
    );
  }
  return accept(text, encoding);
}

function accept(text: string, encoding: TextEncodingName): DecodeResult {
  if (text.trim().length === 0) return emptyFile();
  if (hasManyControls(text)) return binaryFile('binary data');
  return { ok: true, text, encoding };
}

function tryDecode(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  try {
    // The default ignoreBOM: false drops a leading BOM of the same encoding.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    // `fatal: true` throws a TypeError on malformed input; that is the answer.
    return undefined;
  }
}

// C0 controls other than tab, LF, FF and CR, plus DEL. One stray control
// (a DOS end-of-file mark, a pasted escape) does not make a long file binary,
// hence a share of 1% rather than "any".
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/gu;

function isControlByte(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

function countControlBytes(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (isControlByte(byte)) count += 1;
  return count;
}

function hasManyControls(text: string): boolean {
  const count = text.match(CONTROL)?.length ?? 0;
  return text.includes('\u0000') || count > text.length / 100;
}

/**
 * GB18030 maps almost every byte sequence to some character, so Latin-1 or
 * random bytes can "decode". Real simplified-Chinese files are made almost
 * entirely of GB2312 symbols and hanzi (both bytes 0xA1–0xFE), while
 * misread Latin-1 lands in the rare GBK extension rows (trail byte
 * 0x40–0xA0) or fails outright. Require GB2312 for most multi-byte
 * characters, and no C0 controls or private-use characters at all.
 */
function readsAsChinese(bytes: Uint8Array, text: string): boolean {
  if (/[\u0000-\u0008\u000B\u000E-\u001F\u007F\uE000-\uF8FF]/u.test(text)) return false;
  let common = 0;
  let multiByte = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    multiByte += 1;
    if (trail >= 0x30 && trail <= 0x39) {
      i += 4; // four-byte sequence: outside GBK, rare in Chinese prose
      continue;
    }
    const gb2312Row = (lead >= 0xa1 && lead <= 0xa9) || (lead >= 0xb0 && lead <= 0xf7);
    if (gb2312Row && trail >= 0xa1 && trail <= 0xfe) common += 1;
    i += lead === 0x80 ? 1 : 2;
  }
  return multiByte > 0 && common / multiByte >= 0.8;
}

/** ASCII-heavy UTF-16 puts its zero bytes all on one side of each pair. */
function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  if (bytes.length % 2 !== 0) return false;
  let even = 0;
  let odd = 0;
  bytes.forEach((byte, index) => {
    if (byte === 0) {
      if (index % 2 === 0) even += 1;
      else odd += 1;
    }
  });
  const pairs = bytes.length / 2;
  return Math.max(even, odd) >= pairs / 4 && Math.min(even, odd) === 0;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, index) => bytes[index] === byte);
}

function emptyFile(): DecodeResult {
  return refuse('empty', 'The file is empty or holds only spaces and line breaks. Upload a file that contains the text.');
}

function binaryFile(kind: string): DecodeResult {
  return refuse('binary', `The file is not text (it looks like ${kind}). ${ACCEPTED}`);
}

function refuse(code: DecodeFailureCode, message: string): DecodeResult {
  return { ok: false, code, message };
}
