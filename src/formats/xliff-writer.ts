/**
 * XLIFF 1.2 and 2.0 writers (OASIS XLIFF 1.2, 2008; XLIFF Version 2.0, 2014). Pure: units
 * in, strings out. One `<file>` per document, one unit per slot: the Chinese of the
 * segments the slot spans as source, the slot's text as target. What Duizhao needs to
 * bring a returned file back to the same slots travels in its own namespace (both
 * versions allow attributes of other namespaces on units) and, in 2.0, also in the
 * Metadata module, which 2.0 tools must keep.
 */
import type { SlotStatus } from '../domain.js';
import { cleanXmlText, escapeXmlAttr, escapeXmlText, type CleanStats } from './xml.js';

export type XliffVersion = '1.2' | '2.0';

export const XLIFF12_NS = 'urn:oasis:names:tc:xliff:document:1.2';
export const XLIFF20_NS = 'urn:oasis:names:tc:xliff:document:2.0';
export const XLIFF_MDA_NS = 'urn:oasis:names:tc:xliff:metadata:2.0';
/** Our extension namespace: dz:segments, dz:version, dz:status, dz:confidence. */
export const DUIZHAO_XLIFF_NS = 'urn:duizhao:xliff:1';
/** The 2.0 subState authority for our exact status (`duizhao:draft`). */
export const SUBSTATE_PREFIX = 'duizhao';

/**
 * Slot status → XLIFF state (issue #14 §2). 1.2 has no "translated but unconfirmed"
 * value: a draft "needs review" of its text; 2.0 says `translated` and our subState
 * keeps the draft apart. A rejected text needs translating again. A slot the first of two
 * reviewers approved (`reviewed`) is not final: 2.0 has `reviewed` for exactly that ("has
 * been reviewed", before `final`); 1.2's only reviewed states, `signed-off` and `final`, say
 * approved (and our import reads them so), so 1.2 writes it `translated`, without
 * approved="yes", and dz:status keeps the exact status.
 */
export const XLIFF12_STATE: Record<SlotStatus, string> = {
  empty: 'needs-translation', aligned: 'needs-translation', rejected: 'needs-translation',
  draft: 'needs-review-translation', translated: 'translated', reviewed: 'translated', approved: 'signed-off',
};
export const XLIFF20_STATE: Record<SlotStatus, 'initial' | 'translated' | 'reviewed' | 'final'> = {
  empty: 'initial', aligned: 'initial', rejected: 'initial', draft: 'translated', translated: 'translated', reviewed: 'reviewed', approved: 'final',
};

export interface XliffUnitInput {
  /** Unique in the file: `s<head segment id>`. */
  id: string;
  /** Segment ids the slot spans, in order. */
  segmentIds: readonly number[];
  /** 1-based segment range for people (`3-4`). */
  range: string;
  /** The slot's version when exported: an import compares against it. */
  version: number;
  status: SlotStatus;
  confidence: number | null;
  source: string;
  /** null: the unit has no target (its translation was not exported). */
  target: string | null;
  notes: readonly string[];
}

export interface XliffFileInput {
  /** `doc<id>`: the file's id/original. */
  id: string;
  documentId: number;
  title: string;
  units: Iterable<XliffUnitInput>;
}

export interface XliffHeaderInput { version: XliffVersion; srcLang: string; trgLang: string; toolVersion: string }

function attrs(pairs: readonly [string, string | null | undefined][], stats: CleanStats): string {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== null)
    .map(([name, value]) => ` ${name}="${escapeXmlAttr(cleanXmlText(value, stats))}"`)
    .join('');
}

const text = (value: string, stats: CleanStats) => escapeXmlText(cleanXmlText(value, stats));
const confidenceOf = (c: number | null) => (c === null ? null : c.toFixed(2));

/**
 * The XML declaration and root element.
 * @example xliffHead({ version: '1.2', srcLang: 'zh-CN', trgLang: 'en-US', toolVersion: '1' }) → '<?xml …?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" …>\n'
 */
export function xliffHead(header: XliffHeaderInput, stats: CleanStats): string {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (header.version === '1.2') {
    return `${decl}<xliff version="1.2" xmlns="${XLIFF12_NS}" xmlns:dz="${DUIZHAO_XLIFF_NS}">\n`;
  }
  return `${decl}<xliff version="2.0" xmlns="${XLIFF20_NS}" xmlns:mda="${XLIFF_MDA_NS}" xmlns:dz="${DUIZHAO_XLIFF_NS}"${attrs([
    ['srcLang', header.srcLang], ['trgLang', header.trgLang],
  ], stats)}>\n`;
}

/** Opens one `<file>` (1.2: with its header naming the tool). */
export function xliffFileOpen(file: Omit<XliffFileInput, 'units'>, header: XliffHeaderInput, stats: CleanStats): string {
  if (header.version === '1.2') {
    // XLIFF 1.2: original, source-language and datatype are required on <file>.
    return `  <file${attrs([
      ['original', file.id], ['source-language', header.srcLang], ['target-language', header.trgLang],
      ['datatype', 'plaintext'], ['tool-id', 'duizhao'], ['dz:document-id', String(file.documentId)],
    ], stats)}>\n    <header>\n      <tool tool-id="duizhao" tool-name="Duizhao"${attrs([['tool-version', header.toolVersion]], stats)}/>\n`
      + `      <note from="Duizhao">${text(file.title, stats)}</note>\n    </header>\n    <body>\n`;
  }
  return `  <file${attrs([['id', file.id], ['original', file.id], ['dz:document-id', String(file.documentId)]], stats)}>\n`
    + `    <notes><note category="title">${text(file.title, stats)}</note></notes>\n`;
}

export function xliffFileClose(version: XliffVersion): string {
  return version === '1.2' ? '    </body>\n  </file>\n' : '  </file>\n';
}

/**
 * One unit. 1.2 order: source, target, then notes (trans-unit = source, seg-source?,
 * target?, (…|note|…)*); 2.0 order: module elements, notes, then segments. Text is never
 * indented: whitespace inside source and target is content (xml:space="preserve").
 * @example xliffUnit({ id: 's1', segmentIds: [1], range: '1', version: 2, status: 'translated', confidence: null, source: '甲', target: 'A', notes: [] }, '1.2', stats)
 *   → '      <trans-unit id="s1" resname="1" xml:space="preserve" dz:segments="1" dz:version="2" dz:status="translated">\n        <source>甲</source>\n        <target state="translated">A</target>\n      </trans-unit>\n'
 */
export function xliffUnit(unit: XliffUnitInput, version: XliffVersion, stats: CleanStats): string {
  const segments = unit.segmentIds.join(' ');
  if (version === '1.2') {
    let out = `      <trans-unit${attrs([
      ['id', unit.id], ['resname', unit.range], ['xml:space', 'preserve'],
      ...(unit.status === 'approved' && unit.target !== null ? [['approved', 'yes'] as [string, string]] : []),
      ['dz:segments', segments], ['dz:version', String(unit.version)], ['dz:status', unit.status],
      ['dz:confidence', confidenceOf(unit.confidence)],
    ], stats)}>\n        <source>${text(unit.source, stats)}</source>\n`;
    if (unit.target !== null) out += `        <target${attrs([['state', XLIFF12_STATE[unit.status]]], stats)}>${text(unit.target, stats)}</target>\n`;
    for (const note of unit.notes) out += `        <note>${text(note, stats)}</note>\n`;
    return `${out}      </trans-unit>\n`;
  }
  const meta = (type: string, value: string | null) => (value === null ? '' : `<mda:meta${attrs([['type', type]], stats)}>${text(value, stats)}</mda:meta>`);
  let out = `    <unit${attrs([['id', unit.id], ['name', unit.range], ['dz:segments', segments], ['dz:version', String(unit.version)]], stats)}>\n`
    + `      <mda:metadata id="duizhao"><mda:metaGroup category="duizhao">${meta('segments', segments)}${meta('version', String(unit.version))}`
    + `${meta('status', unit.status)}${meta('confidence', confidenceOf(unit.confidence))}</mda:metaGroup></mda:metadata>\n`;
  if (unit.notes.length > 0) out += `      <notes>${unit.notes.map((n) => `<note category="comment">${text(n, stats)}</note>`).join('')}</notes>\n`;
  out += `      <segment${attrs([['id', `${unit.id}-1`], ['state', XLIFF20_STATE[unit.status]], ['subState', `${SUBSTATE_PREFIX}:${unit.status}`]], stats)}>\n`
    + `        <source xml:space="preserve">${text(unit.source, stats)}</source>\n`;
  if (unit.target !== null) out += `        <target xml:space="preserve">${text(unit.target, stats)}</target>\n`;
  return `${out}      </segment>\n    </unit>\n`;
}

export function xliffTail(stats: CleanStats): string {
  const warning = stats.removedChars > 0 ? `<!-- Duizhao removed ${stats.removedChars} character(s) that XML 1.0 does not allow. -->\n` : '';
  return `</xliff>\n${warning}`;
}

/**
 * A whole XLIFF document as lazy chunks of about `chunkChars` characters.
 * @example [...writeXliff(header, [{ id: 'doc1', documentId: 1, title: 'T', units }], stats)].join('') → a complete XLIFF file
 */
export function* writeXliff(
  header: XliffHeaderInput,
  files: Iterable<XliffFileInput>,
  stats: CleanStats & { units: number; bytes: number },
  chunkChars = 64 * 1024,
): Generator<string> {
  let buffer = xliffHead(header, stats);
  for (const file of files) {
    buffer += xliffFileOpen(file, header, stats);
    let empty = true;
    for (const unit of file.units) {
      empty = false;
      buffer += xliffUnit(unit, header.version, stats);
      stats.units += 1;
      if (buffer.length >= chunkChars) {
        stats.bytes += Buffer.byteLength(buffer);
        yield buffer;
        buffer = '';
      }
    }
    // 1.2 allows an empty <body>; 2.0 needs at least one unit or group in a file.
    if (empty && header.version === '2.0') {
      buffer += '    <group id="empty"><notes><note>No slot of this document was exported.</note></notes></group>\n';
    }
    buffer += xliffFileClose(header.version);
  }
  buffer += xliffTail(stats);
  stats.bytes += Buffer.byteLength(buffer);
  yield buffer;
}
