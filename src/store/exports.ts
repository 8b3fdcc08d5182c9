import { SLOT_STATUSES, type SlotStatus } from '../domain.js';
import type { Db } from './db.js';
import { SEGMENT_COUNT_SQL } from './segments.js';

/** A head slot as an export reads it: where it starts, and what it holds. */
export interface ExportHead {
  segmentId: number;
  position: number;
  text: string;
  status: SlotStatus;
  span: number;
  version: number;
  confidence: number | null;
  updatedAt: string;
  /** The name of who changed it last. */
  updatedBy: string | null;
}

/**
 * A segment with, for each language asked for (same order), the head slot that starts at
 * it, or undefined where a slot above covers it.
 */
export interface ExportSegment {
  id: number;
  position: number;
  text: string;
  heads: (ExportHead | undefined)[];
  /** Its open comments, oldest first, when they were asked for. */
  comments?: ExportComment[];
}

/** An open comment on a slot, as an export writes it into a note. */
export interface ExportComment { id: number; lang: string; authorName: string | null; body: string }

/** Columns read per language: text, status, span, version, confidence, updated_at, updated_by. */
const HEAD_COLUMNS = 7;
/** Columns of the segment before them: id, position, text. */
const SEGMENT_COLUMNS = 3;

/**
 * A status read as its index in SLOT_STATUSES: better-sqlite3 makes a new JS string for
 * every text value it hands over, and an integer costs nothing (bench/tmx.ts: the read
 * of 100k segments × 2 languages took ~15 % less CPU than with status strings).
 */
const statusIndex = (column: string) => `CASE ${column} ${SLOT_STATUSES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;

/**
 * The reads that turn documents into exported files, meant for a read snapshot
 * (snapshot.ts). One row per segment, with one LEFT JOIN per exported language on that
 * language's head slot: better-sqlite3 pays a fixed price per row it hands over (about a
 * microsecond here, more than SQLite's own work for the row), so one wide row per segment
 * costs less than a row per slot, and continuations are not read at all. Who changed a
 * slot is read as an id and named once per export (a join would seek `users` per slot).
 */
export function createExportStore(db: Db) {
  const statements = new Map<number, ReturnType<Db['prepare']>>();
  const userName = db.prepare('SELECT name FROM users WHERE id = ?').pluck();
  // Names do not change inside the snapshot this store reads: each is read once per export.
  const names = new Map<number, string | null>();
  const nameOf = (id: number): string | null => {
    let name = names.get(id);
    if (name === undefined) {
      name = (userName.get(id) as string | undefined) ?? null;
      names.set(id, name);
    }
    return name;
  };
  // The open comments of a batch in one statement (not one per group): the segments of
  // the range by their position index, each one's comments by comments_slot.
  const openComments = db.prepare(`SELECT c.segment_id, c.id, c.lang, u.name, c.body
    FROM segments s JOIN comments c ON c.segment_id = s.id LEFT JOIN users u ON u.id = c.author_id
    WHERE s.document_id = @documentId AND s.position >= @from AND s.position < @to AND c.resolved_at IS NULL
    ORDER BY c.id`).raw();
  // Continuation slots by their own partial index (slots_head): as many rows as the whole
  // database has continuations, where a search by document would visit every segment.
  const continued = db.prepare(`SELECT DISTINCT s.position
    FROM slots l INDEXED BY slots_head CROSS JOIN segments s ON s.id = l.segment_id
    WHERE l.head_segment_id IS NOT NULL AND l.kind = 'continuation' AND l.lang IN (SELECT value FROM json_each(@langs))
      AND s.document_id = @documentId
    ORDER BY s.position`).pluck();
  const segmentCount = db.prepare(SEGMENT_COUNT_SQL).pluck();
  const statementFor = (langCount: number) => {
    let statement = statements.get(langCount);
    if (!statement) {
      const columns: string[] = [];
      const joins: string[] = [];
      for (let i = 0; i < langCount; i++) {
        columns.push(`l${i}.text, ${statusIndex(`l${i}.status`)}, l${i}.span, l${i}.version, l${i}.confidence, l${i}.updated_at, l${i}.updated_by`);
        joins.push(`LEFT JOIN slots l${i} ON l${i}.segment_id = s.id AND l${i}.lang = @lang${i} AND l${i}.kind = 'head'`);
      }
      statement = db.prepare(`SELECT s.id, s.position, s.text${columns.map((c) => `, ${c}`).join('')}
        FROM segments s ${joins.join(' ')}
        WHERE s.document_id = @documentId AND s.position >= @from AND s.position < @to
        ORDER BY s.position`).raw();
      statements.set(langCount, statement);
    }
    return statement;
  };

  const bytesStatements = new Map<number, { records: ReturnType<Db['prepare']>; orderedRecords: ReturnType<Db['prepare']>; confidences: ReturnType<Db['prepare']> }>();
  const bytesStatementsFor = (langCount: number) => {
    let statements = bytesStatements.get(langCount);
    if (!statements) {
      const heads: string[] = [];
      const texts: string[] = [];
      const joins: string[] = [];
      const confidences: string[] = [];
      for (let i = 0; i < langCount; i++) {
        const l = `l${i}`;
        // concat() takes NULL as nothing: a missing head (a slot above covers the segment) is `,,,,0,,`.
        heads.push(`',', ${l}.status, ',', ${l}.span, ',', ${l}.updated_by, ',', ${l}.confidence IS NOT NULL, ',', length(CAST(${l}.updated_at AS BLOB)), ',', length(CAST(${l}.text AS BLOB))`);
        texts.push(`${l}.updated_at, ${l}.text`);
        joins.push(`LEFT JOIN slots ${l} ON ${l}.segment_id = s.id AND ${l}.lang = @lang${i} AND ${l}.kind = 'head'`);
        confidences.push(`${l}.confidence`);
      }
      const from = `FROM segments s ${joins.join(' ')} WHERE s.document_id = @documentId AND s.position >= @from AND s.position < @to`;
      // One concat() a record (one string built, where each || copies the string so far).
      const records = (orderBy: string) => db.prepare(`SELECT CAST(group_concat(r, ''${orderBy}) AS BLOB) FROM (SELECT
          concat(${['s.id', "','", 's.position', "','", 'length(CAST(s.text AS BLOB))', ...heads, "':'", 's.text', ...texts].join(', ')}) AS r,
          s.position AS position
          ${from})`).pluck();
      statements = {
        // Without an ORDER BY inside group_concat SQLite promises no order, but it aggregates the
        // rows as it visits them, and it visits them along segments_document_position: in position
        // order. The sort of each batch cost 17 % of the read's CPU (204 against 248 ms for bench/tmx.ts's
        // 100,000 segments × 2 languages, medians of 7, load 0.0-0.5), so the export reads
        // unordered and checks every record's position, reading with the ORDER BY where one is
        // out of place (export-tmx-bytes.ts): the planner may change, the order may not.
        records: records(''),
        orderedRecords: records(' ORDER BY position'),
        confidences: db.prepare(`SELECT ${['s.position', ...confidences].join(', ')} ${from}
          AND (${['0', ...confidences.map((c) => `${c} IS NOT NULL`)].join(' OR ')}) ORDER BY s.position`).raw(),
      };
      bytesStatements.set(langCount, statements);
    }
    return statements;
  };
  const langParams = (documentId: number, langs: readonly string[], from: number, to: number) => {
    const params: Record<string, unknown> = { documentId, from, to };
    langs.forEach((lang, i) => {
      params[`lang${i}`] = lang;
    });
    return params;
  };

  return {
    /**
     * The segments at positions [from, from + limit) of a document and the head slots of
     * `langs` starting at them, as one BLOB of UTF-8 records (the TMX
     * export's bytes path, issue #15: better-sqlite3 hands over one value for the batch
     * instead of 17 a segment, and no text becomes a JS string). A record is
     * `id,position,textBytes` and per language `,status,span,updatedBy,hasConfidence,updatedAtBytes,textBytes`
     * (updatedBy a user id or nothing; all but hasConfidence, 0, empty where no head starts
     * at the segment), then `:`, the segment's text and per head its updated_at and text.
     * Undefined when the range holds no segment. In position order only with `ordered`:
     * without, in the order SQLite visits the rows (position order with today's plan, not
     * promised), which costs less; a reader checks the positions and reads again with it.
     */
    readExportRecords(documentId: number, langs: readonly string[], from: number, limit: number, ordered = false): Uint8Array | undefined {
      const statements = bytesStatementsFor(langs.length);
      return ((ordered ? statements.orderedRecords : statements.records).get(langParams(documentId, langs, from, from + limit)) as Uint8Array | null) ?? undefined;
    },

    /** The confidences of `langs`' head slots at positions [from, to) that have one: position → one per language (null: none). */
    readExportConfidences(documentId: number, langs: readonly string[], from: number, to: number): Map<number, (number | null)[]> {
      const out = new Map<number, (number | null)[]>();
      for (const row of bytesStatementsFor(langs.length).confidences.all(langParams(documentId, langs, from, to)) as [number, ...(number | null)[]][]) {
        out.set(row[0], row.slice(1) as (number | null)[]);
      }
      return out;
    },

    /** The name of the user `id`, as listExportSegments names who changed a slot. */
    userName(id: number): string | null {
      return nameOf(id);
    },

    /** Positions of a document's segments that a slot of one of `langs` starting above covers, ascending. */
    listContinuedPositions(documentId: number, langs: readonly string[]): number[] {
      return continued.all({ documentId, langs: JSON.stringify(langs) }) as number[];
    },

    countExportSegments(documentId: number): number {
      return segmentCount.get({ documentId }) as number;
    },

    /**
     * Segments at positions [from, from + limit) of a document, in order, each with the
     * head slots of `langs` that start at it. A bounded batch, read completely, so the
     * connection is free for other reads (comments, names) between batches. With
     * `withComments`, each segment also carries its open comments.
     */
    listExportSegments(documentId: number, langs: readonly string[], from: number, limit: number, withComments = false): ExportSegment[] {
      const params: Record<string, unknown> = { documentId, from, to: from + limit };
      langs.forEach((lang, i) => {
        params[`lang${i}`] = lang;
      });
      const rows = statementFor(langs.length).all(params) as unknown[][];
      const segments: ExportSegment[] = new Array(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        const segmentId = row[0] as number;
        const position = row[1] as number;
        const heads: (ExportHead | undefined)[] = new Array(langs.length);
        for (let i = 0, c = SEGMENT_COLUMNS; i < langs.length; i++, c += HEAD_COLUMNS) {
          const code = row[c + 1] as number | null;
          if (code === null) continue;
          const status = SLOT_STATUSES[code]!;
          const by = row[c + 6] as number | null;
          heads[i] = {
            segmentId, position, text: row[c] as string, status, span: row[c + 2] as number, version: row[c + 3] as number,
            confidence: row[c + 4] as number | null, updatedAt: row[c + 5] as string, updatedBy: by === null ? null : nameOf(by),
          };
        }
        segments[r] = { id: segmentId, position, text: row[2] as string, heads };
      }
      if (withComments && segments.length > 0) {
        const byId = new Map(segments.map((segment) => [segment.id, segment]));
        for (const row of openComments.all({ documentId, from, to: from + limit }) as [number, number, string, string | null, string][]) {
          const segment = byId.get(row[0]);
          if (!segment) continue;
          (segment.comments ??= []).push({ id: row[1], lang: row[2], authorName: row[3], body: row[4] });
        }
      }
      return segments;
    },
  };
}

export type ExportStore = ReturnType<typeof createExportStore>;
