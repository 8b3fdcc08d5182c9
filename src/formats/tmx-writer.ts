/**
 * A streaming TMX 1.4b writer (shared/standards/TMX.md). Pure: it turns units into
 * strings; the caller decides where they go. Every string passes through
 * `cleanXmlText` (forbidden characters dropped and counted, NFC) and is escaped.
 */
import { isPlainXmlAttr, isPlainXmlText, xmlAttr, xmlText, type CleanStats } from './xml.js';

export interface TmxProp { type: string; value: string }

export interface TmxVariant {
  lang: string;
  text: string;
  changeid?: string | null;
  /** ISO 8601 (`2026-11-23T13:05:00.000Z`); written in TMX basic format. */
  changedate?: string | null;
  props?: readonly TmxProp[];
}

export interface TmxUnitInput {
  tuid: string;
  creationdate?: string | null;
  creationid?: string | null;
  changedate?: string | null;
  changeid?: string | null;
  props?: readonly TmxProp[];
  notes?: readonly string[];
  /** The srclang variant is written first whatever its place here (bilingual readers take the first tuv as source). */
  variants: readonly TmxVariant[];
}

export interface TmxHeaderInput {
  creationtoolversion: string;
  srclang: string;
  /** ISO 8601. */
  creationdate: string;
  props?: readonly TmxProp[];
}

export interface TmxWriteStats extends CleanStats { units: number; bytes: number }

export function newTmxStats(): TmxWriteStats {
  return { removedChars: 0, units: 0, bytes: 0 };
}

const ISO_UTC = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,9})?Z$/;

/** The last date converted: an export writes the same few dates over and over (a document's creation date on every unit). */
let lastIso = '';
let lastTmx = '';

/**
 * ISO 8601 → TMX date (basic format, UTC).
 * @example tmxDate('2026-11-23T13:05:00.123Z') → '20261123T130500Z'
 */
export function tmxDate(iso: string): string {
  if (iso === lastIso) return lastTmx;
  // What the store writes (Date#toISOString): converted by slicing, without parsing a Date.
  const m = ISO_UTC.exec(iso);
  let out: string;
  if (m) out = `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}Z`;
  else {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${iso}`);
    out = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  }
  lastIso = iso;
  lastTmx = out;
  return out;
}

/**
 * Markup values that needed cleaning or escaping, by their raw text. A unit's attributes
 * and props are mostly the same few strings (language codes, statuses, the document's
 * title, user names, dates); one that is plain is written after one regular-expression
 * pass (xmlAttr/xmlText), and one that is not (a title with `&`, a name with quotes) is
 * looked up here instead of being escaped again for every unit. Pure memoisation: only
 * values that lose no character are kept, so a hit never skips a count of removed
 * characters; short values only, and a full map starts again.
 */
const markupAttrs = new Map<string, string>();
const markupTexts = new Map<string, string>();
const MARKUP_MAX_LENGTH = 100;
const MARKUP_ENTRIES = 4096;

function remembered(cache: Map<string, string>, value: string, stats: CleanStats, escape: (text: string, stats: CleanStats) => string): string {
  const known = cache.get(value);
  if (known !== undefined) return known;
  const before = stats.removedChars;
  const out = escape(value, stats);
  if (stats.removedChars === before && value.length <= MARKUP_MAX_LENGTH) {
    if (cache.size >= MARKUP_ENTRIES) cache.clear();
    cache.set(value, out);
  }
  return out;
}

/** ` name="value"`, or nothing for a missing or empty value. */
function attr(name: string, value: string | null | undefined, stats: CleanStats): string {
  if (value === undefined || value === null || value === '') return '';
  return ` ${name}="${isPlainXmlAttr(value) ? value : remembered(markupAttrs, value, stats, xmlAttr)}"`;
}

/** ` name="date"` in TMX format (digits, T and Z: nothing to clean or escape), or nothing. */
function dateAttr(name: string, iso: string | null | undefined): string {
  return iso ? ` ${name}="${tmxDate(iso)}"` : '';
}

/**
 * The markup pieces tmxUnit writes, for a writer that assembles the same units from
 * pre-encoded pieces (services/export-tmx-bytes.ts): ` name="value"`, ` name="date"`, and
 * a list of `<prop>` lines, each exactly as tmxUnit writes it.
 */
export const tmxMarkup = {
  attr,
  dateAttr,
  props: (list: readonly TmxProp[], indent: string, stats: CleanStats) => props(list, indent, stats),
};

function attrs(pairs: readonly [string, string | null | undefined][], stats: CleanStats): string {
  let out = '';
  for (const [name, value] of pairs) out += attr(name, value, stats);
  return out;
}

function props(list: readonly TmxProp[] | undefined, indent: string, stats: CleanStats): string {
  if (list === undefined) return '';
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    const value = isPlainXmlText(p.value) ? p.value : p.value.length <= MARKUP_MAX_LENGTH ? remembered(markupTexts, p.value, stats, xmlText) : xmlText(p.value, stats);
    out += `${indent}<prop${attr('type', p.type, stats)}>${value}</prop>\n`;
  }
  return out;
}

/**
 * The XML declaration, DOCTYPE, `<tmx>` and `<header>`, and the opening `<body>`.
 * @example tmxHead({ creationtoolversion: '0.1.0', srclang: 'zh-CN', creationdate: '2026-11-23T12:00:00Z' })
 *   → '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n  <header creationtool="Duizhao" …>\n  <body>\n'
 */
export function tmxHead(header: TmxHeaderInput, stats: CleanStats = { removedChars: 0 }): string {
  // TMX 1.4b: all seven attributes below are #REQUIRED on <header>; segtype is an enumeration.
  const head = attrs([
    ['creationtool', 'Duizhao'],
    ['creationtoolversion', header.creationtoolversion],
    ['segtype', 'sentence'],
    ['o-tmf', 'Duizhao'],
    ['adminlang', 'en-US'],
    ['srclang', header.srclang],
    ['datatype', 'plaintext'],
  ], stats) + dateAttr('creationdate', header.creationdate);
  const headerProps = props(header.props, '    ', stats);
  return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
    + (headerProps ? `  <header${head}>\n${headerProps}  </header>\n` : `  <header${head}/>\n`)
    + '  <body>\n';
}

/**
 * One `<tu>`. TMX 1.4b content models: `tu = (note|prop)*, tuv+` and `tuv = (note|prop)*, seg`,
 * so props and notes always come before the tuvs and the seg. Nothing is indented inside
 * `<seg>`: whitespace there is content.
 * @example tmxUnit({ tuid: 'd1-s1', variants: [{ lang: 'zh-CN', text: '甲' }, { lang: 'en-US', text: 'A & B' }] }, 'zh-CN')
 *   → '    <tu tuid="d1-s1">\n      <tuv xml:lang="zh-CN"><seg>甲</seg></tuv>\n      <tuv xml:lang="en-US"><seg>A &amp; B</seg></tuv>\n    </tu>\n'
 */
export function tmxUnit(unit: TmxUnitInput, srclang: string, stats: CleanStats = { removedChars: 0 }): string {
  // Built by concatenation, attribute by attribute, with no closure or array made per
  // call: this runs once per unit of an export of any size.
  let out = `    <tu${attr('tuid', unit.tuid, stats)}${dateAttr('creationdate', unit.creationdate)}`
    + `${attr('creationid', unit.creationid, stats)}${dateAttr('changedate', unit.changedate)}`
    + `${attr('changeid', unit.changeid, stats)}>\n`;
  out += props(unit.props, '      ', stats);
  if (unit.notes) for (const note of unit.notes) out += `      <note>${xmlText(note, stats)}</note>\n`;
  const variants = unit.variants;
  for (let i = 0; i < variants.length; i++) if (variants[i]!.lang === srclang) out += tmxVariant(variants[i]!, stats);
  for (let i = 0; i < variants.length; i++) if (variants[i]!.lang !== srclang) out += tmxVariant(variants[i]!, stats);
  return `${out}    </tu>\n`;
}

/** One `<tuv>`: props first, then the seg (tuv = (note|prop)*, seg). */
function tmxVariant(v: TmxVariant, stats: CleanStats): string {
  const variantProps = props(v.props, '        ', stats);
  // Written with the xml: prefix: a bare `lang` is the deprecated TMX 1.1 attribute.
  const open = `      <tuv${attr('xml:lang', v.lang, stats)}${dateAttr('changedate', v.changedate)}${attr('changeid', v.changeid, stats)}>`;
  const seg = `<seg>${xmlText(v.text, stats)}</seg>`;
  return variantProps ? `${open}\n${variantProps}        ${seg}\n      </tuv>\n` : `${open}${seg}</tuv>\n`;
}

/** Closes `<body>` and `<tmx>`; a comment after the root records removed characters. */
export function tmxTail(stats: CleanStats): string {
  const warning = stats.removedChars > 0
    ? `<!-- Duizhao removed ${stats.removedChars} character(s) that XML 1.0 does not allow. -->\n`
    : '';
  return `  </body>\n</tmx>\n${warning}`;
}

/**
 * Bytes a chunk of the file holds: 256 KB, a quarter as many stream writes as 64 KB and
 * still small beside the heap (an export's memory stays flat). bench/tmx.ts: between 64 KB
 * and 1 MB the export's speed did not change measurably; below 16 KB stream overhead shows.
 */
export const TMX_CHUNK_BYTES = 256 * 1024;

/**
 * UTF-8 chunks of at most `size` bytes, filled by encoding each string straight into the
 * chunk: no long string is concatenated and flattened, and no byte is counted twice (the
 * old writer measured each chunk with Buffer.byteLength and the stream encoded it again).
 */
class Utf8Chunks {
  private readonly encoder = new TextEncoder();
  private chunk: Uint8Array;
  private filled = 0;
  bytes = 0;

  constructor(private readonly size: number) {
    this.chunk = new Uint8Array(size);
  }

  /** Adds `text`; returns the chunk it filled, if it did. */
  add(text: string): Uint8Array | undefined {
    // One UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units).
    if (this.size - this.filled >= text.length * 3) {
      this.filled += this.encoder.encodeInto(text, this.chunk.subarray(this.filled)).written;
      return undefined;
    }
    const full = this.take();
    if (text.length * 3 <= this.size) {
      this.filled = this.encoder.encodeInto(text, this.chunk).written;
      return full;
    }
    // A unit larger than a chunk (a very long segment) goes out as a chunk of its own.
    const alone = this.encoder.encode(text);
    this.bytes += alone.byteLength;
    return full ? concat(full, alone) : alone;
  }

  /** The bytes added since the last chunk was taken (possibly none), as a chunk. */
  take(): Uint8Array | undefined {
    if (this.filled === 0) return undefined;
    const out = this.chunk.subarray(0, this.filled);
    this.bytes += this.filled;
    this.chunk = new Uint8Array(this.size);
    this.filled = 0;
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/**
 * The whole file as a lazy sequence of UTF-8 chunks of about `chunkBytes` bytes, so a
 * caller can stream any number of units with flat memory.
 * @example new TextDecoder().decode(Buffer.concat([...writeTmx(header, [unit], stats)])) → a complete TMX document
 */
export function* writeTmx(
  header: TmxHeaderInput,
  units: Iterable<TmxUnitInput>,
  stats: TmxWriteStats = newTmxStats(),
  chunkBytes = TMX_CHUNK_BYTES,
): Generator<Uint8Array, TmxWriteStats> {
  const chunks = new Utf8Chunks(chunkBytes);
  // stats.bytes counts what has been handed out, as a caller reading along expects.
  const out = (chunk: Uint8Array) => {
    stats.bytes = chunks.bytes;
    return chunk;
  };
  let full = chunks.add(tmxHead(header, stats));
  if (full) yield out(full);
  for (const unit of units) {
    full = chunks.add(tmxUnit(unit, header.srclang, stats));
    stats.units += 1;
    if (full) yield out(full);
  }
  full = chunks.add(tmxTail(stats));
  if (full) yield out(full);
  const last = chunks.take();
  if (last) yield out(last);
  return stats;
}

/**
 * Only the `<tu>`s of `units`, as UTF-8 chunks of about `chunkBytes` bytes, the last one
 * possibly short: part of a body another writer heads and tails (a worker producing one
 * block of an export, services/tmx-export-worker.ts). Counts units and removed characters
 * in `stats`, not bytes.
 */
export function* writeTmxUnits(
  units: Iterable<TmxUnitInput>,
  srclang: string,
  stats: CleanStats & { units: number },
  chunkBytes = TMX_CHUNK_BYTES,
): Generator<Uint8Array> {
  const chunks = new Utf8Chunks(chunkBytes);
  for (const unit of units) {
    const full = chunks.add(tmxUnit(unit, srclang, stats));
    stats.units += 1;
    if (full) yield full;
  }
  const last = chunks.take();
  if (last) yield last;
}
