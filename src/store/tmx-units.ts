import { SLOT_STATUSES, type SlotStatus } from '../domain.js';
import type { TmxUnitFrame } from '../formats/tmx-writer.js';
import type { Db } from './db.js';

/**
 * TMX units built by SQLite itself (issue #15): for a range of a document's segments, one
 * BLOB holding the `<tu>` of every group that is a single segment with simple content,
 * byte for byte what formats/tmx-writer.ts tmxUnit writes for it (services/export-tmx.ts
 * tmxUnits), so the export never turns those texts into JS strings and back (better-sqlite3
 * spends more CPU making a JS string of each column than SQLite spends reading it).
 *
 * A segment is written here when every exported language's slot at it is a head of span 1
 * (or missing), and, if the unit is written at all, its source text and every included
 * slot's text and author name hold only characters XML 1.0 allows that NFC leaves alone
 * (formats/xml.ts PLAIN_NFC: no cleaning, only `& < > CR` (and in names `" tab LF`) to
 * escape, which replace() does), no NUL, a date as the store writes it
 * (`2026-11-23T13:05:00.000Z`), a confidence not within 1e-6 of a rounding tie at two
 * decimals (where printf and toFixed might differ), and, when notes are asked for, no
 * open comment. Every other segment is a marker in the BLOB — a NUL byte, its position in
 * decimal, a NUL byte — for the caller to write through the JS writer; no text written
 * here holds a NUL, so a marker cannot be mistaken.
 */

/**
 * Characters a text may hold to be written here: PLAIN_NFC of formats/xml.ts, as a GLOB
 * class (SQLite compares code points). `text NOT GLOB '*[^…]*'`: none outside it. GLOB
 * stops at a NUL, hence the separate NUL test.
 */
const OUTSIDE_PLAIN = "'*[^\t\n\r -\u017F\u0400-\u0482\u048A-\u04FF\u2002-\u206F\u3000-\u3029\u3030-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]*'";
const plain = (column: string) => `(${column} NOT GLOB ${OUTSIDE_PLAIN} AND instr(CAST(${column} AS BLOB), x'00') = 0)`;

/** Element text escaped as formats/xml.ts xmlText escapes plain text. */
const escapeText = (column: string) => `replace(replace(replace(replace(${column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), char(13), '&#13;')`;
/** An attribute value escaped as formats/xml.ts xmlAttr escapes plain text. */
const escapeAttr = (column: string) => `replace(replace(replace(replace(replace(replace(replace(${column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), char(9), '&#9;'), char(10), '&#10;'), char(13), '&#13;')`;

/** An ISO date as the store writes it (Date#toISOString), the only form converted here. */
const storeDate = (column: string) => `(octet_length(${column}) = 24 AND ${column} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'
  AND substr(${column}, 6, 2) BETWEEN '01' AND '12' AND substr(${column}, 9, 2) BETWEEN '01' AND '31' AND substr(${column}, 12, 2) <= '23')`;
/** formats/tmx-writer.ts tmxDate of a storeDate: `20261123T130500Z`. */
const tmxDate = (column: string) => `concat(substr(${column}, 1, 4), substr(${column}, 6, 2), substr(${column}, 9, 2), 'T', substr(${column}, 12, 2), substr(${column}, 15, 2), substr(${column}, 18, 2), 'Z')`;

/** A string literal of SQL. */
const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

export interface TmxUnitsQuery {
  documentId: number;
  /** Exported languages of the document, in the order of the export's. */
  langs: readonly string[];
  statuses: readonly SlotStatus[];
  alignedAbove: number | null;
  /** Segments with an open comment go to the JS writer (their notes). */
  withNotes: boolean;
  frame: TmxUnitFrame;
}

/** One range's units: the bytes, with markers; groups written here (units and skipped ones). */
export interface TmxUnitsBlob { bytes: Uint8Array; groups: number; units: number }

export function createTmxUnitStore(db: Db) {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const statementFor = (langCount: number, statuses: readonly SlotStatus[], withNotes: boolean) => {
    for (const status of statuses) if (!SLOT_STATUSES.includes(status)) throw new RangeError(`Not a slot status: ${String(status)}`);
    const key = `${langCount}|${statuses.join(',')}|${withNotes}`;
    let statement = statements.get(key);
    if (statement) return statement;
    // The statuses are checked names of SLOT_STATUSES, written into the SQL as literals.
    const listed = statuses.length > 0 ? statuses.map((s) => `'${s}'`).join(', ') : 'NULL';
    const included: string[] = [];
    const complex: string[] = [];
    const joins: string[] = [];
    for (let i = 0; i < langCount; i++) {
      const l = `l${i}`;
      joins.push(`LEFT JOIN slots ${l} ON ${l}.segment_id = s.id AND ${l}.lang = @lang${i} LEFT JOIN users u${i} ON u${i}.id = ${l}.updated_by`);
      // export-groups.ts passesFilter.
      included.push(`coalesce(${l}.kind = 'head' AND ${l}.text <> '' AND (${l}.status IN (${listed}) OR (${l}.status = 'aligned' AND ${l}.confidence >= @alignedAbove)), 0)`);
      complex.push(`kind${i} = 'continuation' OR span${i} <> 1`);
      complex.push(`(inc${i} AND NOT (${plain(`text${i}`)} AND ${storeDate(`at${i}`)}
        AND (by${i} IS NULL OR ${plain(`by${i}`)})
        AND (confidence${i} IS NULL OR abs(confidence${i} * 100 - floor(confidence${i} * 100) - 0.5) > 1e-6)))`);
    }
    const columns = (i: number) => `${included[i]} AS inc${i}, l${i}.kind AS kind${i}, l${i}.span AS span${i}, l${i}.text AS text${i}, l${i}.status AS status${i}, l${i}.confidence AS confidence${i}, l${i}.updated_at AS at${i}, u${i}.name AS by${i}`;
    const written = Array.from({ length: langCount }, (_, i) => `inc${i}`).join(' OR ');
    // The unit's change: the first included variant with the latest date (export-tmx.ts tmxUnits).
    const latest = (i: number) => {
      const conditions = [`inc${i}`];
      for (let j = 0; j < langCount; j++) {
        if (j < i) conditions.push(`NOT (inc${j} AND at${j} >= at${i})`);
        if (j > i) conditions.push(`NOT (inc${j} AND at${j} > at${i})`);
      }
      return conditions.join(' AND ');
    };
    // concat() builds each string in one pass: a chain of `||` copies the growing unit at every step.
    const changeAttrs = (i: number) => `' changedate="', ${tmxDate(`at${i}`)}, '"', CASE WHEN by${i} IS NULL OR by${i} = '' THEN '' ELSE concat(' changeid="', ${escapeAttr(`by${i}`)}, '"') END`;
    const unitChange = langCount === 0 ? `''` : `CASE ${Array.from({ length: langCount }, (_, i) => `WHEN ${latest(i)} THEN concat(${changeAttrs(i)})`).join(' ')} ELSE '' END`;
    // formats/tmx-writer.ts tmxVariant, with export-tmx.ts tmxVariantProps for one slot.
    const variant = (i: number) => `CASE WHEN inc${i} THEN concat(@variant${i}, ${changeAttrs(i)}, ${lit('>\n        <prop type="x-status">')}, status${i}, ${lit('</prop>\n')},
      CASE WHEN confidence${i} IS NULL THEN '' ELSE concat(${lit('        <prop type="x-confidence">')}, printf('%.2f', confidence${i}), ${lit('</prop>\n')}) END,
      CASE WHEN confidence${i} IS NOT NULL OR status${i} = 'aligned' THEN concat(${lit('        <prop type="x-alignment">')}, CASE WHEN status${i} = 'aligned' THEN 'automatic' ELSE 'confirmed' END, ${lit('</prop>\n')}) ELSE '' END,
      ${lit('        <seg>')}, ${escapeText(`text${i}`)}, ${lit('</seg>\n      </tuv>\n')}) ELSE '' END`;
    const noted = withNotes ? ', EXISTS (SELECT 1 FROM comments c WHERE c.segment_id = s.id AND c.resolved_at IS NULL) AS noted' : ', 0 AS noted';
    const unit = `concat(@open, id, @afterTuid, ${unitChange}, @props, position + 1, @source, ${escapeText('source')}, ${lit('</seg></tuv>\n')},
      ${Array.from({ length: langCount }, (_, i) => `${variant(i)}, `).join('')}${lit('    </tu>\n')})`;
    // Each layer is kept a subquery of its own (OFFSET 0: SQLite does not flatten it into
    // the next), so each of its columns is computed once per row, not at every use.
    const keep = 'LIMIT -1 OFFSET 0';
    const order = ' ORDER BY position';
    const sql = `SELECT CAST(group_concat(unit, ''${order}) AS BLOB), count(*) FILTER (WHERE NOT complex), count(*) FILTER (WHERE NOT complex AND written)
      FROM (SELECT position, complex, written, CASE WHEN complex THEN char(0) || position || char(0) WHEN written THEN ${unit} END AS unit
        FROM (SELECT *, coalesce(${complex.map((c) => `${c} OR `).join('')}noted OR (written AND NOT ${plain('source')}), 0) AS complex
          FROM (SELECT *, (${written || '0'}) AS written
            FROM (SELECT s.id AS id, s.position AS position, s.text AS source${noted}${Array.from({ length: langCount }, (_, i) => `, ${columns(i)}`).join('')}
              FROM segments s ${joins.join(' ')}
              WHERE s.document_id = @documentId AND s.position >= @from AND s.position < @to ORDER BY s.position ${keep}) ${keep}) ${keep}) ${keep})`;
    statement = db.prepare(sql).raw();
    statements.set(key, statement);
    return statement;
  };

  return {
    /** The units of the segments at positions [from, to) of a document (see the module's comment). */
    tmxUnits(query: TmxUnitsQuery, from: number, to: number): TmxUnitsBlob {
      const { langs, frame } = query;
      if (frame.variants.length !== langs.length) throw new RangeError('A TMX unit frame has one variant opening per language.');
      const params: Record<string, unknown> = {
        documentId: query.documentId, from, to, alignedAbove: query.alignedAbove,
        open: frame.open, afterTuid: frame.afterTuid, props: frame.props, source: frame.source,
      };
      langs.forEach((lang, i) => {
        params[`lang${i}`] = lang;
        params[`variant${i}`] = frame.variants[i];
      });
      const [bytes, groups, units] = statementFor(langs.length, query.statuses, query.withNotes).get(params) as [Uint8Array | null, number, number];
      return { bytes: bytes ?? new Uint8Array(0), groups, units };
    },
  };
}

export type TmxUnitStore = ReturnType<typeof createTmxUnitStore>;
