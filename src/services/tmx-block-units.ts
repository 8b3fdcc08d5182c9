/**
 * One block of a TMX export as UTF-8 chunks, for a worker (tmx-export-worker.ts): the
 * units SQLite can build itself come from store/tmx-units.ts, one BLOB per run of
 * segments, never turned into JS strings; the others (groups spanning several segments,
 * text that must be cleaned or normalised, notes …) are written by the JS writer
 * (export-tmx.ts tmxUnits, formats/tmx-writer.ts) in their place. The bytes are the JS
 * writer's for the whole block, and the run's stats count what it would.
 */
import { TmxUnitChunks, tmxUnitFrame, writeTmxUnits, type TmxUnitFrame } from '../formats/tmx-writer.js';
import type { Document } from '../store/documents.js';
import type { TmxUnitStore, TmxUnitsQuery } from '../store/tmx-units.js';
import type { GroupRange } from './export-groups.js';
import type { ExportReader } from './export-run.js';
import { tmxUnits } from './export-tmx.js';

/**
 * Segments per statement, and so per chunk: about 230 KB of TMX on bench/tmx.ts's document
 * (near TMX_CHUNK_BYTES, what a worker's read-ahead counts in).
 */
export const SQL_UNIT_SEGMENTS = 256;

const NUL = 0;

/**
 * A chunk a worker may transfer: one that owns its whole buffer, else a copy (made with
 * `new Uint8Array`: a Buffer's `slice` is a view of the same memory).
 */
const owned = (bytes: Uint8Array): Uint8Array => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));

/** A marker's position: the decimal digits between two NUL bytes. */
function positionAt(bytes: Uint8Array, from: number, to: number): number {
  let position = 0;
  for (let i = from; i < to; i++) position = position * 10 + (bytes[i]! - 0x30);
  return position;
}

interface DocumentUnits { query: TmxUnitsQuery; removedPerUnit: number }

/** Writes blocks of `reader`'s export through `units`, the store of the same snapshot. */
export function tmxBlockWriter(reader: ExportReader, units: TmxUnitStore, srclang: string, chunkBytes: number) {
  const { stats } = reader;
  const byDocument = new Map<number, DocumentUnits | null>();
  /** How SQLite writes a document's units, or null when the JS writer writes them all. */
  const unitsOf = (document: Document): DocumentUnits | null => {
    let known = byDocument.get(document.id);
    if (known !== undefined) return known;
    const langs = reader.langs.filter((l) => document.langs.includes(l));
    const codes = langs.map((l) => reader.codeOf(l));
    // A target written with the source's code goes first among the tuvs (tmxUnit): not here.
    if (codes.includes(srclang) || reader.codeOf('zh') !== srclang) known = null;
    else {
      const frameStats = { removedChars: 0 };
      // export-tmx.ts tmxUnits: the unit's tuid, creation and document props.
      const frame: TmxUnitFrame = tmxUnitFrame({
        tuidPrefix: `doc${document.id}-seg`, creationdate: document.createdAt, creationid: reader.creatorName(document.createdBy),
        props: [{ type: 'x-document', value: document.title }, { type: 'x-document-id', value: String(document.id) }],
      }, srclang, codes, frameStats);
      known = {
        query: {
          documentId: document.id, langs, statuses: [...reader.filter.statuses], alignedAbove: reader.filter.alignedAbove,
          withNotes: reader.wantNotes, frame,
        },
        removedPerUnit: frameStats.removedChars,
      };
    }
    byDocument.set(document.id, known);
    return known;
  };

  const jsUnits = (document: Document, range: GroupRange) => writeTmxUnits(tmxUnits(reader, reader.groupsOf(document, false, reader.langs, range)), srclang, stats, chunkBytes);

  return {
    /** The `<tu>`s of the groups of `document` beginning in `range`; `segments`: the document's count. */
    *block(document: Document, range: GroupRange, segments: number): Generator<Uint8Array> {
      const sql = unitsOf(document);
      if (!sql) {
        yield* jsUnits(document, range);
        return;
      }
      // Consecutive segments SQLite left to the JS writer, written when a unit of SQLite's
      // follows; their bytes go out before SQLite's.
      let pending: GroupRange | undefined;
      const js = new TmxUnitChunks(srclang, stats, chunkBytes);
      const flush = function* () {
        if (pending) {
          const groups = reader.groupsOf(document, false, reader.langs, pending);
          pending = undefined;
          for (const unit of tmxUnits(reader, groups)) {
            const full = js.add(unit);
            if (full) yield full;
          }
        }
        const rest = js.take();
        if (rest) yield rest;
      };
      const end = Math.min(range.to, segments);
      for (let from = range.from; from < end; from += SQL_UNIT_SEGMENTS) {
        const blob = units.tmxUnits(sql.query, from, Math.min(from + SQL_UNIT_SEGMENTS, end));
        stats.groups += blob.groups;
        stats.units += blob.units;
        stats.skippedGroups += blob.groups - blob.units;
        stats.removedChars += blob.units * sql.removedPerUnit;
        const { bytes } = blob;
        let at = 0;
        for (;;) {
          const marker = bytes.indexOf(NUL, at);
          const piece = marker < 0 ? (at === 0 ? bytes : bytes.subarray(at)) : bytes.subarray(at, marker);
          if (piece.byteLength > 0) {
            yield* flush();
            yield owned(piece);
          }
          if (marker < 0) break;
          const close = bytes.indexOf(NUL, marker + 1);
          if (close < 0) throw new Error('A TMX unit marker from the database is not closed.');
          const position = positionAt(bytes, marker + 1, close);
          if (pending && pending.to === position) pending.to += 1;
          else {
            yield* flush();
            pending = { from: position, to: position + 1 };
          }
          at = close + 1;
        }
      }
      yield* flush();
    },
  };
}
