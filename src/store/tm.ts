import { foldedSourceKey, foldForIndex, pairKey } from '../text/grams.js';
import type { Db } from './db.js';
import { createTmIndex } from './tm-index.js';
import { createTmUnitWriter } from './tm-unit-writer.js';

/** A stored source/target pair (DESIGN.md "TM unit"). */
export interface TmUnit {
  id: number;
  sourceLang: string;
  sourceText: string;
  targetLang: string;
  targetText: string;
  origin: 'tmx' | 'slot';
  originName: string | null;
  tuid: string | null;
  documentId: number | null;
  author: string | null;
  changedAt: string | null;
  createdBy: number | null;
  createdAt: string;
}

export type NewTmUnit = Omit<TmUnit, 'id'>;

/** The source language of the units approved slots make (documents are Chinese). */
const SLOT_SOURCE_LANG = 'zh-CN';

interface TmUnitRow {
  id: number; source_lang: string; source_text: string; target_lang: string; target_text: string;
  origin: 'tmx' | 'slot'; origin_name: string | null; tuid: string | null; document_id: number | null;
  author: string | null; changed_at: string | null; created_by: number | null; created_at: string;
}

function toTmUnit(row: TmUnitRow): TmUnit {
  return {
    id: row.id, sourceLang: row.source_lang, sourceText: row.source_text, targetLang: row.target_lang,
    targetText: row.target_text, origin: row.origin, originName: row.origin_name, tuid: row.tuid,
    documentId: row.document_id, author: row.author, changedAt: row.changed_at, createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** A TM unit with the slot key and context that fuzzy lookup needs (migration 005). */
export interface TmCandidate extends TmUnit {
  segmentId: number | null;
  context: string | null;
}

function toTmCandidate(row: TmUnitRow & { segment_id: number | null; context: string | null }): TmCandidate {
  return { ...toTmUnit(row), segmentId: row.segment_id, context: row.context };
}

/** A unit made from an approved slot: keyed by (segmentId, targetLang). */
export interface SlotTmUnit {
  segmentId: number;
  documentId: number;
  sourceText: string;
  targetLang: string;
  targetText: string;
  context: string | null;
  createdBy: number | null;
  now: string;
}

/** The translation memory (export reads are in exports.ts). */
export function createTmStore(db: Db) {
  const index = createTmIndex(db);
  // The units holding exactly this pair (a hash collision only adds a row the texts rule out).
  const samePair = db.prepare(`SELECT 1 FROM tm_units
    WHERE pair_key = ? AND source_text = ? AND target_text = ? AND source_lang = ? AND target_lang = ? AND id IS NOT ? LIMIT 1`).pluck();
  const isStored = (sourceLang: string, targetLang: string, sourceText: string, targetText: string, key: number, except: number | null = null): boolean =>
    samePair.get(key, sourceText, targetText, sourceLang, targetLang, except) !== undefined;
  // The units of a TMX import still being written in parts (tm_imports) are seen by nobody.
  const visible = '(u.import_id IS NULL OR NOT EXISTS (SELECT 1 FROM tm_imports i WHERE i.id = u.import_id))';
  const count = db.prepare(`SELECT COUNT(*) AS n FROM tm_units u WHERE ${visible}`);
  const list = db.prepare(`SELECT * FROM tm_units u WHERE ${visible} ORDER BY id LIMIT @limit OFFSET @offset`);
  const beginImport = db.prepare('INSERT INTO tm_imports (started_at) VALUES (?)');
  const finishImport = db.prepare('DELETE FROM tm_imports WHERE id = ?');
  const unfinishedImports = db.prepare('SELECT id FROM tm_imports ORDER BY id').pluck();
  const someImportUnits = db.prepare('SELECT id FROM tm_units WHERE import_id = ? LIMIT ?').pluck();
  // A target language matches its primary tag either way: a unit in en-US serves an en slot.
  const langMatch = `(lower(u.target_lang) = lower(@lang) OR lower(u.target_lang) LIKE lower(@primary) || '-%' OR lower(u.target_lang) = lower(@primary))`;
  const sourcesById = db.prepare(`SELECT u.id, u.source_text FROM tm_units u
    WHERE u.id IN (SELECT value FROM json_each(@ids)) AND ${langMatch} AND ${visible}`).raw();
  const unitsById = db.prepare(`SELECT u.* FROM tm_units u WHERE u.id IN (SELECT value FROM json_each(@ids)) AND ${visible}`);
  const concordSource = db.prepare(`SELECT u.* FROM tm_source_grams g JOIN tm_units u ON u.id = g.rowid
    WHERE tm_source_grams MATCH @match AND (@lang IS NULL OR ${langMatch}) AND ${visible} ORDER BY g.rowid DESC`);
  const concordTarget = db.prepare(`SELECT u.* FROM tm_target_words w JOIN tm_units u ON u.id = w.rowid
    WHERE tm_target_words MATCH @match AND (@lang IS NULL OR ${langMatch}) AND ${visible} ORDER BY w.rowid DESC`);
  const maxId = db.prepare('SELECT max(id) FROM tm_units').pluck();
  const recentShort = db.prepare(`SELECT u.* FROM tm_units u WHERE u.id > @floor
      AND ((@side != 'target' AND instr(u.source_text, @q) > 0) OR (@side != 'source' AND instr(u.target_text, @q) > 0))
      AND (@lang IS NULL OR ${langMatch}) AND ${visible} ORDER BY u.id DESC LIMIT @limit`);
  const findBySlot = db.prepare('SELECT * FROM tm_units WHERE segment_id = @segmentId AND target_lang = @targetLang');
  const updateSlotUnit = db.prepare(`UPDATE tm_units SET source_text = @sourceText, target_text = @targetText, context = @context,
      document_id = @documentId, changed_at = @now, created_by = @createdBy, source_key = @sourceKey, pair_key = @pairKey WHERE id = @id`);
  const insertSlotUnit = db.prepare(`INSERT INTO tm_units
    (source_lang, source_text, target_lang, target_text, origin, origin_name, tuid, document_id, author, changed_at, created_by, created_at, segment_id, context, source_key, pair_key)
    VALUES ('${SLOT_SOURCE_LANG}', @sourceText, @targetLang, @targetText, 'slot', NULL, NULL, @documentId, NULL, @now, @createdBy, @now, @segmentId, @context, @sourceKey, @pairKey)`);
  const deleteUnit = db.prepare('DELETE FROM tm_units WHERE id = @id');
  const hiddenPair = db.prepare(`SELECT u.id FROM tm_units u WHERE u.source_lang = 'zh-CN' AND u.target_lang = @targetLang
      AND u.source_text = @sourceText AND u.target_text = @targetText AND NOT ${visible}`).pluck();
  const langParams = (lang: string) => ({ lang, primary: lang.split('-')[0] ?? lang });

  /** Inserts units (skipping pairs already stored) and indexes them, in one transaction (a savepoint inside another). */
  const insertUnits = db.transaction(createTmUnitWriter(db, index));

  backfillIndex(db, index);

  type CandidateRow = TmUnitRow & { segment_id: number | null; context: string | null };
  /** Rows of an iterator that `accept` takes, up to `limit`, reading at most `scan` rows. */
  const take = (rows: Iterable<unknown>, accept: (row: CandidateRow) => boolean, limit: number, scan: number): CandidateRow[] => {
    const out: CandidateRow[] = [];
    let seen = 0;
    for (const row of rows as Iterable<CandidateRow>) {
      if (accept(row)) out.push(row);
      seen += 1;
      if (out.length >= limit || seen >= scan) break;
    }
    return out;
  };

  return {
    /**
     * Up to `max` candidates (each costs a row read: 200 left the best matches of bench/tm.ts unchanged) for a fuzzy look-up of `text` in `lang`, as (id, source)
     * pairs: units whose normalised source is `text` first, then the units sharing the
     * most of its rare bigrams and short stretches (tm-index.ts). Reads a bounded number
     * of index rows whatever the TM's size; scoring is the service's job.
     */
    listFuzzyCandidates(text: string, lang: string, max = 200): { id: number; sourceText: string }[] {
      const { exact, ranked } = index.listFuzzyCandidateIds(text, foldedSourceKey(foldForIndex(text)), max);
      const ids = [...exact, ...ranked];
      if (ids.length === 0) return [];
      const texts = new Map(sourcesById.all({ ids: JSON.stringify(ids), ...langParams(lang) }) as [number, string][]);
      return ids.filter((id) => texts.has(id)).map((id) => ({ id, sourceText: texts.get(id)! }));
    },
    /** The units with these ids (any language), in the order given. */
    listTmCandidates(ids: readonly number[]): TmCandidate[] {
      if (ids.length === 0) return [];
      const rows = new Map((unitsById.all({ ids: JSON.stringify(ids) }) as CandidateRow[]).map((r) => [r.id, toTmCandidate(r)]));
      return ids.flatMap((id) => rows.get(id) ?? []);
    },
    /**
     * Units whose Chinese or target text contains `q` (compared folded: NFKC, lower case,
     * spaces collapsed), newest first. The Chinese side finds any substring from one
     * character (its bigram index answers 1 and 2 characters directly); the target side
     * finds text that starts at a word (`partner` finds "partnership", `artner` does not).
     */
    searchConcordance(q: string, options: { side: 'source' | 'target' | 'both'; lang?: string; limit: number }): TmCandidate[] {
      const lang = options.lang ? langParams(options.lang) : { lang: null, primary: null };
      const folded = foldForIndex(q);
      const rows: CandidateRow[] = [];
      const sourceMatch = index.sourceMatch(q);
      const inSource = (r: CandidateRow) => foldForIndex(r.source_text).includes(folded);
      const inTarget = (r: CandidateRow) => foldForIndex(r.target_text).includes(folded);
      if ([...folded].length === 1) {
        // One character: a token prefix would merge the postings of every token it starts,
        // costly for a common character. The newest units, checked in SQL, answer a common
        // one at once; a rare one falls through to the prefix, whose postings are then few.
        const floor = ((maxId.get() as number | null) ?? 0) - index.RECENT_SCAN;
        const recent = (recentShort.all({ q, floor, side: options.side, limit: options.limit, ...lang }) as CandidateRow[])
          .filter((r) => (options.side !== 'target' && inSource(r)) || (options.side !== 'source' && inTarget(r)));
        if (recent.length >= options.limit) return recent.map(toTmCandidate);
      }
      if (options.side !== 'target' && sourceMatch !== undefined) {
        rows.push(...take(concordSource.iterate({ match: sourceMatch, ...lang }), inSource, options.limit, index.MAX_CONCORDANCE_SCAN));
      }
      if (options.side !== 'source') {
        const whole = index.targetMatch(q, false);
        const found = whole === undefined ? [] : take(concordTarget.iterate({ match: whole, ...lang }), inTarget, options.limit, index.MAX_CONCORDANCE_SCAN);
        // Whole words found too few: the last word may begin a longer one ("partner" → "partnership").
        const more = found.length < options.limit ? index.targetMatch(q, true) : undefined;
        rows.push(...found, ...(more === undefined ? [] : take(concordTarget.iterate({ match: more, ...lang }), inTarget, options.limit, index.MAX_CONCORDANCE_SCAN)));
      }
      const unique = new Map(rows.map((r) => [r.id, toTmCandidate(r)]));
      return [...unique.values()].sort((a, b) => b.id - a.id).slice(0, options.limit);
    },
    findSlotTmUnit(segmentId: number, targetLang: string): TmCandidate | undefined {
      const row = findBySlot.get({ segmentId, targetLang }) as CandidateRow | undefined;
      return row ? toTmCandidate(row) : undefined;
    },
    /**
     * Adds or updates the unit of an approved slot. Re-approval updates the same unit; when
     * another unit (a TMX import) already holds exactly this pair, the slot's own unit is
     * dropped instead of duplicating it. Returns what happened.
     *
     * A unit of an import still being written (hidden) does not count: the approval takes
     * the pair from it, since that import may yet fail and be discarded, pair and all, or
     * finish and show the pair a second time beside the approval's.
     */
    upsertSlotTmUnit(unit: SlotTmUnit): 'inserted' | 'updated' | 'duplicate' {
      return db.transaction((): 'inserted' | 'updated' | 'duplicate' => {
        const hidden = hiddenPair.get({ targetLang: unit.targetLang, sourceText: unit.sourceText, targetText: unit.targetText }) as number | undefined;
        if (hidden !== undefined) {
          index.unindex(hidden);
          deleteUnit.run({ id: hidden });
        }
        const existing = findBySlot.get({ segmentId: unit.segmentId, targetLang: unit.targetLang }) as CandidateRow | undefined;
        const folded = foldForIndex(unit.sourceText);
        const key = foldedSourceKey(folded);
        const pair = pairKey(SLOT_SOURCE_LANG, unit.targetLang, unit.sourceText, unit.targetText);
        const duplicate = isStored(SLOT_SOURCE_LANG, unit.targetLang, unit.sourceText, unit.targetText, pair, existing?.id);
        if (existing) {
          index.unindex(existing.id);
          if (duplicate) {
            deleteUnit.run({ id: existing.id });
            return 'duplicate';
          }
          updateSlotUnit.run({ ...unit, id: existing.id, sourceKey: key, pairKey: pair });
          index.index(existing.id, folded, unit.targetText);
          return 'updated';
        }
        if (duplicate) return 'duplicate';
        const result = insertSlotUnit.run({ ...unit, sourceKey: key, pairKey: pair });
        index.index(result.lastInsertRowid, folded, unit.targetText);
        return 'inserted';
      })();
    },
    /** Removes the unit an approved slot made (an undone approval); returns whether there was one. */
    deleteSlotTmUnit(segmentId: number, targetLang: string): boolean {
      return db.transaction((): boolean => {
        const existing = findBySlot.get({ segmentId, targetLang }) as CandidateRow | undefined;
        if (!existing) return false;
        index.unindex(existing.id);
        deleteUnit.run({ id: existing.id });
        return true;
      })();
    },
    /** Adds a unit unless the same pair is already stored; returns whether it was added. */
    insertTmUnit(unit: NewTmUnit): boolean {
      return insertUnits([unit], null)[0]!;
    },
    /**
     * Adds many units in one transaction (a savepoint inside the caller's), skipping pairs
     * already stored; returns which were added. With an import (beginTmImport) they stay
     * hidden until finishTmImport.
     */
    insertTmUnits(units: readonly NewTmUnit[], importId: number | null = null): boolean[] {
      return insertUnits(units, importId);
    },
    /**
     * Starts an import written in parts: its units are hidden until finishTmImport. The
     * indexes' automatic merging stays off (tm-index.ts `setBulkLoading`) until the last
     * unfinished import ends and `resumeTmIndexMerging` is called.
     */
    beginTmImport(now: string): number {
      const id = Number(beginImport.run(now).lastInsertRowid);
      index.setMerging(true);
      return id;
    },
    /** Shows every unit of the import at once. */
    finishTmImport(importId: number): void {
      finishImport.run(importId);
    },
    /** Deletes up to `limit` units of an unfinished import (with their tokens); returns how many. */
    deleteSomeTmImportUnits(importId: number, limit: number): number {
      const ids = someImportUnits.all(importId, limit) as number[];
      for (const id of ids) {
        index.unindex(id);
        deleteUnit.run({ id });
      }
      return ids.length;
    },
    /** Imports a stopped server left unfinished (their units are to be discarded). */
    listUnfinishedTmImports(): number[] {
      return unfinishedImports.all() as number[];
    },
    /**
     * One step of compacting the look-up indexes (tm-index.ts `mergeStep`): `across` all
     * levels like 'optimize', or else only the merging automatic merging would have done.
     * False once there is nothing left to merge.
     */
    mergeTmIndexStep(pages: number, across = true): boolean {
      return index.mergeStep(pages, across);
    },
    /**
     * Automatic index merging off for a bulk load, or back on (tm-index.ts `setBulkLoading`);
     * switch it back in the same transaction. Back on, it stays off while an import written
     * in parts is unfinished (that import switches it back when it ends).
     */
    setBulkIndexing(on: boolean): void {
      // An import written in parts still unfinished keeps merging off until it ends.
      index.setBulkLoading(on || unfinishedImports.get() !== undefined);
    },
    /**
     * Automatic index merging back on once no import written in parts is unfinished (call
     * after merging what the imports skipped, mergeTmIndexStep); returns whether it is on.
     */
    resumeTmIndexMerging(): boolean {
      if (unfinishedImports.get() !== undefined) return false;
      index.setMerging(false);
      return true;
    },
    /** Compacts the look-up indexes after a bulk import (tm-index.ts `optimize`). */
    optimizeTmIndex(): void {
      index.optimize();
    },
    countTmUnits(): number {
      return (count.get() as { n: number }).n;
    },
    listTmUnits(options: { limit?: number; offset?: number } = {}): TmUnit[] {
      return (list.all({ limit: options.limit ?? 1000, offset: options.offset ?? 0 }) as TmUnitRow[]).map(toTmUnit);
    },
  };
}

export type TmStore = ReturnType<typeof createTmStore>;

/** Units indexed per transaction while upgrading a database (a few seconds each on this machine). */
const BACKFILL_BATCH = 20_000;

/**
 * Gives units stored before the token indexes were last rebuilt (migrations "tm_grams",
 * "tm_bulk_index") their tokens, source keys and pair keys (the migrations cannot: SQL
 * has no way to make them). Runs once, when a store is first
 * created over an upgraded database, in batches that each commit with their progress,
 * so an interrupted upgrade goes on where it stopped.
 */
function backfillIndex(db: Db, index: ReturnType<typeof createTmIndex>): void {
  const pending = db.prepare('SELECT from_id FROM tm_index_pending').pluck();
  if (pending.get() === undefined) return;
  const batch = db.prepare('SELECT id, source_lang, source_text, target_lang, target_text FROM tm_units WHERE id >= ? ORDER BY id LIMIT ?').raw();
  const setKey = db.prepare('UPDATE tm_units SET source_key = ?, pair_key = ? WHERE id = ?');
  const advance = db.prepare('UPDATE tm_index_pending SET from_id = ?');
  const done = db.prepare('DELETE FROM tm_index_pending');
  const step = db.transaction((): boolean => {
    const from = pending.get() as number | undefined;
    if (from === undefined) return false;
    const rows = batch.all(from, BACKFILL_BATCH) as [number, string, string, string, string][];
    for (const [id, sourceLang, source, targetLang, target] of rows) {
      const folded = foldForIndex(source);
      setKey.run(foldedSourceKey(folded), pairKey(sourceLang, targetLang, source, target), id);
      index.index(id, folded, target);
    }
    if (rows.length < BACKFILL_BATCH) {
      done.run();
      return false;
    }
    advance.run(rows[rows.length - 1]![0] + 1);
    return true;
  });
  while (step.immediate()) { /* next batch */ }
}
