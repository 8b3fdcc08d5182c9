/**
 * The TMX export's bytes path (issue #15): `<tu>`s assembled from the UTF-8 bytes SQLite
 * stores (store/exports.ts readExportRecords, one BLOB a batch) and pre-encoded markup,
 * straight into the chunks that are handed on: no JS string is made of a text, nothing is
 * concatenated or encoded again. It writes exactly the bytes of the string writer
 * (export-tmx-units.ts tmxUnits through formats/tmx-writer.ts tmxUnit): a group of one
 * segment whose texts and dates are plain at byte level (formats/xml-bytes.ts) is written
 * here; any other group (several segments, a text xmlText would clean or normalise, a
 * date tmxDate would parse) is read and written again through the string writer.
 */
import { isUtf8 } from 'node:buffer';
import { SLOT_STATUSES } from '../domain.js';
import { ByteChunks } from '../formats/byte-chunks.js';
import { tmxHead, tmxMarkup, tmxTail, tmxUnit, type TmxHeaderInput, type TmxWriteStats } from '../formats/tmx-writer.js';
import type { CleanStats } from '../formats/xml.js';
import { writeDecimal, writeTmxDate, writeUtf8XmlText, writeXmlText, xmlTextBound } from '../formats/xml-bytes.js';
import type { Document } from '../store/documents.js';
import { documentGroups, EXPORT_BATCH, passesFilter, type GroupRange } from './export-groups.js';
import type { ExportReader } from './export-run.js';
import { tmxSlotProps, tmxUnits } from './export-tmx-units.js';

const encoder = new TextEncoder();

/** Markup as bytes, with the characters its cleaning removed: counted each time it is written, as the string writer counts them. */
interface Piece { bytes: Uint8Array; removed: number }

function piece(make: (stats: CleanStats) => string): Piece {
  const stats = { removedChars: 0 };
  const bytes = encoder.encode(make(stats));
  return { bytes, removed: stats.removedChars };
}

const ascii = (text: string) => encoder.encode(text);
const TU_CLOSE = ascii('    </tu>\n');
const SEG_PROP = ascii('      <prop type="x-segments">');
const PROP_CLOSE = ascii('</prop>\n');
const SOURCE_CLOSE = ascii('</seg></tuv>\n');
const TARGET_SEG = ascii('        <seg>');
const TARGET_CLOSE = ascii('</seg>\n      </tuv>\n');
const CHANGEDATE = ascii(' changedate="');
const OPEN_END = ascii('>\n');
const STATUS_BYTES = SLOT_STATUSES.map((s) => ascii(s));
const COMMA = 0x2C;
const COLON = 0x3A;
/** Room for the markup of a unit besides its pieces, texts and dates (tuid digits, quotes, position). */
const SLACK = 128;

/** What the bytes path needs of an export: its reader, source language, and statistics. */
export interface TmxBytesContext { reader: ExportReader; srclang: string; stats: CleanStats & { units: number } }

/** One head slot of a record: where its parts are in the batch's bytes. */
interface Head { present: boolean; status: number; span: number; by: number; hasConfidence: boolean; confidence: number | null; dateAt: number; dateLength: number; textAt: number; textLength: number; included: boolean; props: Piece | undefined }

/**
 * The `<tu>`s of the groups of `document` beginning in `range` (all by default), over the
 * languages `langs` (the document's own among those exported), into `chunks`; yields each
 * chunk that was filled. Counts groups, skipped groups, units and removed characters in
 * the reader's stats, as groupsOf and the string writer do.
 */
export function* documentUnitBytes(context: TmxBytesContext, document: Document, langs: readonly string[], chunks: ByteChunks, range?: GroupRange): Generator<Uint8Array> {
  const { reader, srclang, stats } = context;
  const exportStats = reader.stats;
  const read = () => reader.read().exports;
  const n = langs.length;
  const codes = langs.map((l) => reader.codeOf(l));
  // tmxUnit writes the variants in the language of srclang first, the others after, in order.
  const order = [...codes.keys()].filter((i) => codes[i] === srclang).concat([...codes.keys()].filter((i) => codes[i] !== srclang));
  const heads: Head[] = Array.from({ length: n }, () => ({ present: false, status: 0, span: 0, by: 0, hasConfidence: false, confidence: null, dateAt: 0, dateLength: 0, textAt: 0, textLength: 0, included: false, props: undefined }));
  // passesFilter asks of the text only whether it is empty: a stand-in of its length says as much.
  const included = (h: Head) => passesFilter({ status: SLOT_STATUSES[h.status]!, confidence: h.confidence, text: h.textLength > 0 ? 'x' : '' }, reader.filter);

  // Pieces made at the first unit written (a document with none never converts its creation date).
  let unitPieces: { tuOpen: Piece; tuAfter: Piece; docProps: Piece; sourceOpen: Piece; targetOpen: Piece[] } | undefined;
  const unitPiecesOf = () => unitPieces ??= {
    tuOpen: piece(() => `    <tu tuid="doc${document.id}-seg`),
    tuAfter: piece((s) => `"${tmxMarkup.dateAttr('creationdate', document.createdAt)}${tmxMarkup.attr('creationid', reader.creatorName(document.createdBy), s)}`),
    docProps: piece((s) => tmxMarkup.props([{ type: 'x-document', value: document.title }, { type: 'x-document-id', value: String(document.id) }], '      ', s)),
    sourceOpen: piece((s) => `      <tuv${tmxMarkup.attr('xml:lang', srclang, s)}><seg>`),
    targetOpen: codes.map((code) => piece((s) => `      <tuv${tmxMarkup.attr('xml:lang', code, s)}`)),
  };
  const changeIds = new Map<number, Piece>();
  const changeIdOf = (by: number) => {
    let p = changeIds.get(by);
    if (!p) changeIds.set(by, p = piece((s) => tmxMarkup.attr('changeid', by < 0 ? null : read().userName(by), s)));
    return p;
  };
  const statusProps = new Map<number, Piece>();
  const propsOf = (h: Head): Piece => {
    if (h.confidence !== null) return piece((s) => tmxMarkup.props(tmxSlotProps(SLOT_STATUSES[h.status]!, h.confidence), '        ', s));
    let p = statusProps.get(h.status);
    if (!p) statusProps.set(h.status, p = piece((s) => tmxMarkup.props(tmxSlotProps(SLOT_STATUSES[h.status]!, null), '        ', s)));
    return p;
  };

  let buf: Uint8Array = new Uint8Array(0);
  /** The text writer for `buf`: the one that checks every sequence unless the whole batch is UTF-8 (native check: µs for a batch). */
  let writeText = writeXmlText;
  const batch = (records: Uint8Array) => {
    buf = records;
    writeText = isUtf8(records) ? writeUtf8XmlText : writeXmlText;
  };
  const put = (p: Piece) => {
    chunks.put(p.bytes);
    stats.removedChars += p.removed;
  };
  /** The unit of the one-segment group whose record was parsed last; false (nothing written) when its texts or dates are not plain. */
  const writeUnit = (idAt: number, idLength: number, position: number, sourceAt: number, sourceLength: number): boolean => {
    const pieces = unitPiecesOf();
    let latest = -1;
    let bound = SLACK + pieces.tuOpen.bytes.length + pieces.tuAfter.bytes.length + pieces.docProps.bytes.length + pieces.sourceOpen.bytes.length + xmlTextBound(sourceLength);
    for (let i = 0; i < n; i++) {
      const h = heads[i]!;
      if (!h.included) continue;
      if (latest < 0 || laterDate(buf, h, heads[latest]!)) latest = i;
      h.props = propsOf(h);
      bound += SLACK + pieces.targetOpen[i]!.bytes.length + changeIdOf(h.by).bytes.length + h.props.bytes.length + xmlTextBound(h.textLength);
    }
    const changeId = changeIdOf(heads[latest]!.by);
    bound += changeId.bytes.length;
    const full = chunks.room(bound);
    if (full) pending.push(full);
    const start = chunks.at;
    const removedBefore = stats.removedChars;
    const out = chunks.buf;
    put(pieces.tuOpen);
    for (let k = 0; k < idLength; k++) out[chunks.at++] = buf[idAt + k]!;
    put(pieces.tuAfter);
    const fail = () => {
      chunks.at = start;
      stats.removedChars = removedBefore;
      return false;
    };
    const latestHead = heads[latest]!;
    chunks.put(CHANGEDATE);
    let at = writeTmxDate(buf, latestHead.dateAt, latestHead.dateLength, out, chunks.at);
    if (at < 0) return fail();
    out[at] = 0x22;
    chunks.at = at + 1;
    put(changeId);
    chunks.put(OPEN_END);
    put(pieces.docProps);
    chunks.put(SEG_PROP);
    chunks.at = writeDecimal(position + 1, out, chunks.at);
    chunks.put(PROP_CLOSE);
    put(pieces.sourceOpen);
    at = writeText(buf, sourceAt, sourceAt + sourceLength, out, chunks.at);
    if (at < 0) return fail();
    chunks.at = at;
    chunks.put(SOURCE_CLOSE);
    for (const i of order) {
      const h = heads[i]!;
      if (!h.included) continue;
      put(pieces.targetOpen[i]!);
      chunks.put(CHANGEDATE);
      at = writeTmxDate(buf, h.dateAt, h.dateLength, out, chunks.at);
      if (at < 0) return fail();
      out[at] = 0x22;
      chunks.at = at + 1;
      put(changeIdOf(h.by));
      chunks.put(OPEN_END);
      put(h.props!);
      chunks.put(TARGET_SEG);
      at = writeText(buf, h.textAt, h.textAt + h.textLength, out, chunks.at);
      if (at < 0) return fail();
      chunks.at = at;
      chunks.put(TARGET_CLOSE);
    }
    chunks.put(TU_CLOSE);
    return true;
  };

  const pending: Uint8Array[] = [];
  /** The groups beginning in [from, to), read and written by the string writer; `counted`: already counted in stats (groups and skipped). */
  const viaStrings = (from: number, to: number, counted: boolean) => {
    for (const group of documentGroups(read(), document, langs, reader.filter, false, { from, to })) {
      if (!counted) {
        exportStats.groups += 1;
        if (!group.variants.some((v) => v.included)) {
          exportStats.skippedGroups += 1;
          continue;
        }
      }
      for (const unit of tmxUnits(reader, [group])) {
        const full = chunks.addString(tmxUnit(unit, srclang, stats));
        if (full) pending.push(full);
        stats.units += 1;
      }
    }
  };

  /** The batch's bytes are read from `p`. */
  let p = 0;
  /** The decimal number at `p` (-1 when empty), and `p` past the separator after it. */
  const field = () => {
    let x = 0;
    const at = p;
    for (; buf[p] !== COMMA && buf[p] !== COLON; p++) x = x * 10 + buf[p]! - 0x30;
    const empty = p === at;
    p++;
    return empty ? -1 : x;
  };
  /** The status at `p` as its index in SLOT_STATUSES (-1: none, or one export-groups.ts does not know), and `p` past the comma after it. */
  const statusAt = () => {
    const at = p;
    while (buf[p] !== COMMA) p++;
    const length = p - at;
    p++;
    if (length === 0) return -1;
    for (let s = 0; s < STATUS_BYTES.length; s++) {
      const name = STATUS_BYTES[s]!;
      if (name.length !== length) continue;
      let k = 0;
      while (k < length && buf[at + k] === name[k]) k++;
      if (k === length) return s;
    }
    return -1;
  };

  const start = range?.from ?? 0;
  const to = range?.to ?? Infinity;
  let openUntil = -1;
  let groupFrom = -1;
  let groupSegments = 0;
  for (let from = start; from < to; from += EXPORT_BATCH) {
    const limit = Math.min(EXPORT_BATCH, to - from);
    // Read without an order first (store/exports.ts): while the records come at positions from,
    // from + 1, ... they are what the ordered read would give first; at the first that does not,
    // nothing of it written yet, the rest of the batch is read again in order.
    let ordered = false;
    const records = read().readExportRecords(document.id, langs, from, limit, ordered);
    if (!records) break;
    batch(records);
    let confidences: Map<number, (number | null)[]> | undefined;
    let count = 0;
    p = 0;
    let lastPosition = -1;
    while (p < buf.length) {
      // id,position,textBytes then per language ,status,span,by,hasConfidence,dateBytes,textBytes; then : (readExportRecords)
      const idAt = p;
      while (buf[p] !== COMMA) p++;
      const idLength = p - idAt;
      let v = 0;
      for (p++; buf[p] !== COMMA; p++) v = v * 10 + buf[p]! - 0x30;
      const position = v;
      if (!ordered && position !== from + count) {
        ordered = true;
        const rest = read().readExportRecords(document.id, langs, from + count, limit - count, ordered);
        if (!rest) break;
        batch(rest);
        p = 0;
        continue;
      }
      if (position <= lastPosition) throw new Error(`The export read segment ${position + 1} of document ${document.id} out of order.`);
      lastPosition = position;
      v = 0;
      for (p++; buf[p] !== COMMA && buf[p] !== COLON; p++) v = v * 10 + buf[p]! - 0x30;
      const sourceLength = v;
      p++; // the comma, or the colon of a document with none of the languages
      let anyConfidence = false;
      for (let i = 0; i < n; i++) {
        const h = heads[i]!;
        h.status = statusAt();
        h.span = field();
        h.by = field();
        h.hasConfidence = field() === 1;
        h.dateLength = field();
        h.textLength = field();
        h.present = h.status >= 0;
        if (h.present && h.hasConfidence) anyConfidence = true;
      }
      // The last field read took `p` past the colon.
      const sourceAt = p;
      p += sourceLength;
      for (let i = 0; i < n; i++) {
        const h = heads[i]!;
        if (h.dateLength < 0) continue;
        h.dateAt = p;
        p += h.dateLength;
        h.textAt = p;
        p += h.textLength;
      }
      count += 1;

      // Grouping as export-groups.ts documentGroups does it.
      if (groupSegments === 0) groupFrom = position;
      groupSegments += 1;
      for (let i = 0; i < n; i++) {
        const h = heads[i]!;
        if (h.present) openUntil = Math.max(openUntil, position + h.span - 1);
      }
      if (position < openUntil) continue;
      const segments = groupSegments;
      groupSegments = 0;
      if (segments > 1) {
        viaStrings(groupFrom, position + 1, false);
      } else {
        if (anyConfidence) confidences ??= read().readExportConfidences(document.id, langs, from, from + limit);
        let any = false;
        for (let i = 0; i < n; i++) {
          const h = heads[i]!;
          h.confidence = h.present && h.hasConfidence ? confidences!.get(position)![i]! : null;
          h.included = h.present && included(h);
          if (h.included) any = true;
        }
        exportStats.groups += 1;
        if (!any) exportStats.skippedGroups += 1;
        else if (writeUnit(idAt, idLength, position, sourceAt, sourceLength)) stats.units += 1;
        else viaStrings(position, position + 1, true);
      }
      while (pending.length > 0) yield pending.shift()!;
    }
    if (count < limit) break;
  }
  if (groupSegments > 0) {
    if (to !== Infinity && openUntil >= to) throw new Error(`Segment ${to + 1} of document ${document.id} does not begin a group: the export cannot be split there.`);
    viaStrings(groupFrom, to, false);
    while (pending.length > 0) yield pending.shift()!;
  }
}

/** Whether head `a`'s updated_at is later than `b`'s (as strings compare: byte order, the dates being ASCII or refused later). */
function laterDate(buf: Uint8Array, a: Head, b: Head): boolean {
  const length = Math.min(a.dateLength, b.dateLength);
  for (let k = 0; k < length; k++) {
    const x = buf[a.dateAt + k]!;
    const y = buf[b.dateAt + k]!;
    if (x !== y) return x > y;
  }
  return a.dateLength > b.dateLength;
}

/**
 * The `<tu>`s of the groups of `document` beginning in `range`, as chunks of about
 * `chunkBytes`, the last possibly short: a block of an export another writer heads and
 * tails (services/tmx-export-worker.ts), as formats/tmx-writer.ts writeTmxUnits writes it.
 */
export function* tmxUnitsAsBytes(context: TmxBytesContext, document: Document, langs: readonly string[], range: GroupRange | undefined, chunkBytes: number): Generator<Uint8Array> {
  const chunks = new ByteChunks(chunkBytes);
  yield* documentUnitBytes(context, document, langs, chunks, range);
  const last = chunks.take();
  if (last) yield last;
}

/**
 * The whole file of `reader`'s export through the bytes path, as formats/tmx-writer.ts
 * writeTmx writes it from tmxUnits: stats.bytes counts what has been handed out.
 */
export function* writeTmxBytes(header: TmxHeaderInput, reader: ExportReader, stats: TmxWriteStats, chunkBytes: number): Generator<Uint8Array> {
  const chunks = new ByteChunks(chunkBytes);
  const out = (chunk: Uint8Array) => {
    stats.bytes = chunks.bytes;
    return chunk;
  };
  let full = chunks.addString(tmxHead(header, stats));
  if (full) yield out(full);
  const context: TmxBytesContext = { reader, srclang: header.srclang, stats };
  for (const document of reader.documents) {
    const langs = reader.langs.filter((l) => document.langs.includes(l));
    for (const chunk of documentUnitBytes(context, document, langs, chunks)) yield out(chunk);
  }
  full = chunks.addString(tmxTail(stats));
  if (full) yield out(full);
  const last = chunks.take();
  if (last) yield out(last);
}
