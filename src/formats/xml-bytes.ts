/**
 * XML element text and TMX dates written from UTF-8 bytes into UTF-8 bytes (issue #15),
 * for text that xml.ts's xmlText and tmx-writer.ts's tmxDate would give back as it is or
 * only escaped: the bytes path of the TMX export never makes a JS string of such a text.
 * Anything else (a character xmlText would clean or normalise, bytes that are not UTF-8,
 * a date tmxDate would parse) is refused with -1, and the caller writes that text through
 * the string functions instead. Pure.
 */
import { TEXT_KIND } from './xml.js';

const AMP = [0x26, 0x61, 0x6D, 0x70, 0x3B]; // &amp;
const LT = [0x26, 0x6C, 0x74, 0x3B]; // &lt;
const GT = [0x26, 0x67, 0x74, 0x3B]; // &gt;
const CR = [0x26, 0x23, 0x31, 0x33, 0x3B]; // &#13;

/** The most bytes writeXmlText writes for `length` bytes of text (`&amp;` and `&#13;`: five for one). */
export function xmlTextBound(length: number): number {
  return length * 5;
}

/**
 * Writes `src[from, to)` as escaped element text at `out[at]` and returns where it ended,
 * or -1 when xmlText would do more than escape it (its bytes then count for nothing).
 * `out` must have xmlTextBound(to - from) bytes free at `at`.
 * @example writeXmlText(utf8('a & b'), 0, 5, out, 0) → 9 (out holds `a &amp; b`)
 */
export function writeXmlText(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  let o = at;
  let i = from;
  while (i < to) {
    const b = src[i]!;
    if (b < 0x80) {
      const kind = TEXT_KIND[b]!;
      if (kind === 0) out[o++] = b;
      else if (kind === 2) return -1;
      else {
        const escape = b === 0x26 ? AMP : b === 0x3C ? LT : b === 0x3E ? GT : CR;
        for (let k = 0; k < escape.length; k++) out[o++] = escape[k]!;
      }
      i += 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (i + 1 >= to) return -1;
      const b1 = src[i + 1]!;
      // A lead of C2-DF gives U+0080-U+07FF, never an ASCII character (no overlong form), so never kind 1.
      if ((b1 & 0xC0) !== 0x80 || TEXT_KIND[((b & 0x1F) << 6) | (b1 & 0x3F)] !== 0) return -1;
      out[o] = b;
      out[o + 1] = b1;
      o += 2;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      if (i + 2 >= to) return -1;
      const b1 = src[i + 1]!;
      const b2 = src[i + 2]!;
      const cp = ((b & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      // An overlong form (below U+0800) is not UTF-8; a surrogate (U+D800-U+DFFF, lone) is kind 2.
      if ((b1 & 0xC0) !== 0x80 || (b2 & 0xC0) !== 0x80 || cp < 0x800 || TEXT_KIND[cp] !== 0) return -1;
      out[o] = b;
      out[o + 1] = b1;
      out[o + 2] = b2;
      o += 3;
      i += 3;
    } else return -1; // four-byte (astral: xmlText normalises), or not UTF-8
  }
  return o;
}

/**
 * What writeUtf8XmlText does at a byte of valid UTF-8: 0 nothing (plain ASCII, a continuation,
 * or the lead of a sequence whose every code point xmlText leaves as it is: C2-C5, D0, D1, D3
 * and E5-E9, i.e. Latin-1, most Cyrillic and CJK U+5000-U+9FFF), 1 escape, 2 refuse (controls,
 * astral leads), 3 and 4 the lead of a two- or three-byte sequence whose code point is looked up.
 */
const UTF8_ACTION = (() => {
  const action = new Uint8Array(256).fill(2);
  for (let b = 0; b < 0x80; b++) action[b] = TEXT_KIND[b] === 0 ? 0 : TEXT_KIND[b] === 1 ? 1 : 2;
  action.fill(0, 0x80, 0xC0);
  const plain = (from: number, to: number) => TEXT_KIND.subarray(from, to + 1).every((k) => k === 0);
  for (let b = 0xC2; b <= 0xDF; b++) action[b] = plain((b & 0x1F) << 6, ((b & 0x1F) << 6) | 0x3F) ? 0 : 3;
  for (let b = 0xE0; b <= 0xEF; b++) action[b] = plain(Math.max(0x800, (b & 0x0F) << 12), ((b & 0x0F) << 12) | 0xFFF) ? 0 : 4;
  return action;
})();
/**
 * Runs this long or longer are copied with one set(), shorter ones byte by byte (a microbench
 * of bench/tmx.ts's texts: 16, 32 and 64 equally fast, and faster than copying every run
 * byte by byte or with set()).
 */
const SET_FROM = 16;

function copyRun(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  const n = to - from;
  if (n >= SET_FROM) out.set(src.subarray(from, to), at);
  else for (let k = 0; k < n; k++) out[at + k] = src[from + k]!;
  return at + n;
}

/**
 * writeXmlText for `src[from, to)` when the whole of `src` is known to be UTF-8
 * (buffer.isUtf8): the same bytes or -1, for less work. It checks no sequence (the whole is
 * valid, and a span beginning and ending outside a continuation is whole characters), looks
 * up only the code points of leads that may give one xmlText changes, and copies the runs
 * between escapes whole. A span that cuts a character is handed to writeXmlText (which refuses it).
 * @example writeUtf8XmlText(utf8('a & b'), 0, 5, out, 0) → 9 (out holds `a &amp; b`)
 */
export function writeUtf8XmlText(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  if ((from < to && (src[from]! & 0xC0) === 0x80) || (to < src.length && (src[to]! & 0xC0) === 0x80)) return writeXmlText(src, from, to, out, at);
  let o = at;
  let run = from;
  let i = from;
  while (i < to) {
    let b = src[i]!;
    let action = UTF8_ACTION[b]!;
    while (action === 0) {
      if (++i === to) break;
      b = src[i]!;
      action = UTF8_ACTION[b]!;
    }
    if (i === to) break;
    if (action === 3) {
      if (TEXT_KIND[((b & 0x1F) << 6) | (src[i + 1]! & 0x3F)] !== 0) return -1;
      i += 2;
    } else if (action === 4) {
      if (TEXT_KIND[((b & 0x0F) << 12) | ((src[i + 1]! & 0x3F) << 6) | (src[i + 2]! & 0x3F)] !== 0) return -1;
      i += 3;
    } else if (action === 2) return -1;
    else {
      o = copyRun(src, run, i, out, o);
      const escape = b === 0x26 ? AMP : b === 0x3C ? LT : b === 0x3E ? GT : CR;
      for (let k = 0; k < escape.length; k++) out[o++] = escape[k]!;
      run = i += 1;
    }
  }
  return copyRun(src, run, to, out, o);
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
/** Offsets in `YYYY-MM-DDTHH:MM:SS` of its digits, and of those a TMX date keeps before and after its T. */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const TIME_DIGITS = [11, 12, 14, 15, 17, 18];

/**
 * Writes the ISO 8601 date `src[from, from + length)` as a TMX date (16 bytes,
 * `20261123T130500Z`) at `out[at]` and returns where it ended, or -1 unless it has the
 * shape tmx-writer.ts's tmxDate converts by slicing (ISO_UTC there: what the store writes).
 * @example writeTmxDate(utf8('2026-11-23T13:05:00.123Z'), 0, 24, out, 0) → 16
 */
export function writeTmxDate(src: Uint8Array, from: number, length: number, out: Uint8Array, at: number): number {
  // YYYY-MM-DDTHH:MM:SS, then an optional fraction of 1-9 digits, then Z.
  if (length < 20 || length === 21 || length > 30) return -1;
  const s = from;
  for (const k of DIGITS) if (!isDigit(src[s + k]!)) return -1;
  if (src[s + 4] !== 0x2D || src[s + 7] !== 0x2D || src[s + 10] !== 0x54 || src[s + 13] !== 0x3A || src[s + 16] !== 0x3A) return -1;
  const two = (k: number) => (src[s + k]! - 0x30) * 10 + (src[s + k + 1]! - 0x30);
  const month = two(5);
  const day = two(8);
  if (month < 1 || month > 12 || day < 1 || day > 31 || two(11) > 23 || two(14) > 59 || two(17) > 59) return -1;
  if (src[s + length - 1] !== 0x5A) return -1;
  if (length > 20) {
    if (src[s + 19] !== 0x2E) return -1;
    for (let k = 20; k < length - 1; k++) if (!isDigit(src[s + k]!)) return -1;
  }
  let o = at;
  for (const k of DATE_DIGITS) out[o++] = src[s + k]!;
  out[o++] = 0x54;
  for (const k of TIME_DIGITS) out[o++] = src[s + k]!;
  out[o++] = 0x5A;
  return o;
}

/** Writes a non-negative integer's decimal digits at `out[at]`; returns where they ended. */
export function writeDecimal(n: number, out: Uint8Array, at: number): number {
  if (n < 10) {
    out[at] = 0x30 + n;
    return at + 1;
  }
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits += 1;
  let o = at + digits;
  for (let m = n; o > at; m = Math.floor(m / 10)) out[--o] = 0x30 + (m % 10);
  return at + digits;
}
