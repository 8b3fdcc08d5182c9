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

/**
 * ISO 8601 → TMX date (basic format, UTC).
 * @example tmxDate('2026-11-23T13:05:00.123Z') → '20261123T130500Z'
 */
export function tmxDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${iso}`);
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function attrs(pairs: readonly [string, string | null | undefined][], stats: CleanStats): string {
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== null && pair[1] !== '')
    .map(([name, value]) => ` ${name}="${escapeXmlAttr(cleanXmlText(value, stats))}"`)
    .join('');
}

function text(value: string, stats: CleanStats): string {
  return escapeXmlText(cleanXmlText(value, stats));
}

function props(list: readonly TmxProp[] | undefined, indent: string, stats: CleanStats): string {
  return (list ?? []).map((p) => `${indent}<prop${attrs([['type', p.type]], stats)}>${text(p.value, stats)}</prop>\n`).join('');
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
  const source = unit.variants.filter((v) => v.lang === srclang);
  const others = unit.variants.filter((v) => v.lang !== srclang);
  let out = `    <tu${attrs([
    ['tuid', unit.tuid],
    ['creationdate', unit.creationdate ? tmxDate(unit.creationdate) : null],
    ['creationid', unit.creationid],
    ['changedate', unit.changedate ? tmxDate(unit.changedate) : null],
    ['changeid', unit.changeid],
  ], stats)}>\n`;
  out += props(unit.props, '      ', stats);
  for (const note of unit.notes ?? []) out += `      <note>${text(note, stats)}</note>\n`;
  for (const variant of [...source, ...others]) {
    const variantProps = props(variant.props, '        ', stats);
    const open = `      <tuv${attrs([
      // Written with the xml: prefix: a bare `lang` is the deprecated TMX 1.1 attribute.
      ['xml:lang', variant.lang],
      ['changedate', variant.changedate ? tmxDate(variant.changedate) : null],
      ['changeid', variant.changeid],
    ], stats)}>`;
    const seg = `<seg>${text(variant.text, stats)}</seg>`;
    out += variantProps ? `${open}\n${variantProps}        ${seg}\n      </tuv>\n` : `${open}${seg}</tuv>\n`;
  }
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
  chunkChars = 64 * 1024,
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
