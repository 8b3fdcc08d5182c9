/**
 * A streaming TMX 1.4b writer (shared/standards/TMX.md). Pure: it turns units into
 * strings; the caller decides where they go. Every string passes through
 * `cleanXmlText` (forbidden characters dropped and counted, NFC) and is escaped.
 */
import { cleanXmlText, escapeXmlAttr, escapeXmlText, type CleanStats } from './xml.js';

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

/**
 * ISO 8601 → TMX date (basic format, UTC).
 * @example tmxDate('2026-11-23T13:05:00.123Z') → '20261123T130500Z'
 */
export function tmxDate(iso: string): string {
  // What the store writes (Date#toISOString): converted by slicing, without parsing a Date.
  const m = ISO_UTC.exec(iso);
  if (m) return `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}Z`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${iso}`);
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** ` name="value"`, or nothing for a missing or empty value. */
function attr(name: string, value: string | null | undefined, stats: CleanStats): string {
  return value === undefined || value === null || value === '' ? '' : ` ${name}="${escapeXmlAttr(cleanXmlText(value, stats))}"`;
}

function attrs(pairs: readonly [string, string | null | undefined][], stats: CleanStats): string {
  let out = '';
  for (const [name, value] of pairs) out += attr(name, value, stats);
  return out;
}

function text(value: string, stats: CleanStats): string {
  return escapeXmlText(cleanXmlText(value, stats));
}

function props(list: readonly TmxProp[] | undefined, indent: string, stats: CleanStats): string {
  let out = '';
  for (const p of list ?? []) out += `${indent}<prop${attr('type', p.type, stats)}>${text(p.value, stats)}</prop>\n`;
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
    ['creationdate', tmxDate(header.creationdate)],
  ], stats);
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
  // Built by concatenation, attribute by attribute: this runs once per unit of an export
  // of any size, and arrays per attribute cost more than the XML they produce.
  let out = `    <tu${attr('tuid', unit.tuid, stats)}${attr('creationdate', unit.creationdate ? tmxDate(unit.creationdate) : null, stats)}`
    + `${attr('creationid', unit.creationid, stats)}${attr('changedate', unit.changedate ? tmxDate(unit.changedate) : null, stats)}`
    + `${attr('changeid', unit.changeid, stats)}>\n`;
  out += props(unit.props, '      ', stats);
  for (const note of unit.notes ?? []) out += `      <note>${text(note, stats)}</note>\n`;
  const variant = (v: TmxVariant) => {
    const variantProps = props(v.props, '        ', stats);
    // Written with the xml: prefix: a bare `lang` is the deprecated TMX 1.1 attribute.
    const open = `      <tuv${attr('xml:lang', v.lang, stats)}${attr('changedate', v.changedate ? tmxDate(v.changedate) : null, stats)}${attr('changeid', v.changeid, stats)}>`;
    const seg = `<seg>${text(v.text, stats)}</seg>`;
    out += variantProps ? `${open}\n${variantProps}        ${seg}\n      </tuv>\n` : `${open}${seg}</tuv>\n`;
  };
  for (const v of unit.variants) if (v.lang === srclang) variant(v);
  for (const v of unit.variants) if (v.lang !== srclang) variant(v);
  return `${out}    </tu>\n`;
}

/** Closes `<body>` and `<tmx>`; a comment after the root records removed characters. */
export function tmxTail(stats: CleanStats): string {
  const warning = stats.removedChars > 0
    ? `<!-- Duizhao removed ${stats.removedChars} character(s) that XML 1.0 does not allow. -->\n`
    : '';
  return `  </body>\n</tmx>\n${warning}`;
}

/**
 * The whole file as a lazy sequence of strings of about `chunkChars` characters, so a
 * caller can stream any number of units with flat memory.
 * @example [...writeTmx(header, [unit], stats)].join('') → a complete TMX document
 */
export function* writeTmx(
  header: TmxHeaderInput,
  units: Iterable<TmxUnitInput>,
  stats: TmxWriteStats = newTmxStats(),
  // 256 K characters a chunk: a quarter as many stream writes as 64 K, still small beside
  // the heap (an export's memory stays flat).
  chunkChars = 256 * 1024,
): Generator<string, TmxWriteStats> {
  let buffer = tmxHead(header, stats);
  for (const unit of units) {
    buffer += tmxUnit(unit, header.srclang, stats);
    stats.units += 1;
    if (buffer.length >= chunkChars) {
      stats.bytes += Buffer.byteLength(buffer);
      yield buffer;
      buffer = '';
    }
  }
  buffer += tmxTail(stats);
  stats.bytes += Buffer.byteLength(buffer);
  yield buffer;
  return stats;
}
