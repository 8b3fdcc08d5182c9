/**
 * Writes a batch of new TM units and their look-up tokens (src/store/tm.ts calls it inside
 * its transaction). Before (issue #15, bench/statement-meter.ts on a 50k-tu import, 100k
 * pairs): every pair cost a duplicate check of its own, ~10 % of the statements' CPU. Now
 * a batch's check is one statement (its pair keys as a JSON array), and pairs repeated
 * inside the batch are found in memory.
 *
 * Tried and dropped: multi-row INSERT … VALUES (…),(…) of 32 rows for the unit and both
 * token indexes. Same run, 50k tu: the statements' CPU rose (units 2.3 s against 1.3 s,
 * target words 1.1 s against 0.5 s) — SQLite runs a multi-row VALUES as a compound
 * SELECT, and for a virtual table copies it into a temporary table first.
 */
import { foldedSourceKey, foldForIndex, indexedGrams, pairKey } from '../text/grams.js';
import type { Db } from './db.js';
import type { NewTmUnit } from './tm.js';
import type { TmIndex } from './tm-index.js';

const UNIT_COLUMNS = '(source_lang, source_text, target_lang, target_text, origin, origin_name, tuid, document_id, author, changed_at, created_by, created_at, source_key, import_id, pair_key)';

type Pair = { sourceLang: string; targetLang: string; sourceText: string; targetText: string };
const samePair = (a: Pair, b: Pair) => a.sourceText === b.sourceText && a.targetText === b.targetText && a.sourceLang === b.sourceLang && a.targetLang === b.targetLang;

export function createTmUnitWriter(db: Db, index: TmIndex) {
  // Positional parameters: binding 15 named ones from an object cost more than SQLite's
  // own work for the row (bench/tm.ts). No OR IGNORE: a pair already stored is found first.
  const insertUnit = db.prepare(`INSERT INTO tm_units ${UNIT_COLUMNS} VALUES (${Array(15).fill('?').join(', ')})`);
  // Every stored unit (hidden ones of unfinished imports too) with one of these pair keys;
  // a hash collision only adds a row the texts rule out.
  const withKeys = db.prepare(`SELECT pair_key, source_lang, target_lang, source_text, target_text FROM tm_units
    WHERE pair_key IN (SELECT value FROM json_each(?))`).raw();

  /** Inserts the units whose pair is not stored yet (nor earlier in the batch); returns which were. Call in a transaction. */
  return function writeUnits(units: readonly NewTmUnit[], importId: number | null): boolean[] {
    const keys = units.map((u) => pairKey(u.sourceLang, u.targetLang, u.sourceText, u.targetText));
    // The pairs already holding each key: one per key as a rule (a Map of arrays, one a
    // pair, was garbage for every unit), a list only where keys repeat.
    const byKey = new Map<number, Pair | Pair[]>();
    const remember = (key: number, pair: Pair) => {
      const known = byKey.get(key);
      if (known === undefined) byKey.set(key, pair);
      else if (Array.isArray(known)) known.push(pair);
      else byKey.set(key, [known, pair]);
    };
    for (const [key, sourceLang, targetLang, sourceText, targetText] of withKeys.all(JSON.stringify(keys)) as [number, string, string, string, string][]) {
      remember(key, { sourceLang, targetLang, sourceText, targetText });
    }
    // A TMX unit gives one pair per target language, one after the other with the same
    // source: its key and tokens are made once for all of them.
    let lastSource: string | undefined;
    let sourceKey = 0;
    let grams = '';
    const added: boolean[] = new Array(units.length);
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!;
      const key = keys[i]!;
      const known = byKey.get(key);
      if (known !== undefined && (Array.isArray(known) ? known.some((p) => samePair(p, u)) : samePair(known, u))) {
        added[i] = false;
        continue;
      }
      remember(key, u);
      if (u.sourceText !== lastSource) {
        const folded = foldForIndex(u.sourceText);
        lastSource = u.sourceText;
        sourceKey = foldedSourceKey(folded);
        grams = indexedGrams(folded);
      }
      const id = insertUnit.run(u.sourceLang, u.sourceText, u.targetLang, u.targetText, u.origin, u.originName, u.tuid, u.documentId,
        u.author, u.changedAt, u.createdBy, u.createdAt, sourceKey, importId, key).lastInsertRowid;
      index.indexTokens(id, grams, u.targetText);
      added[i] = true;
    }
    return added;
  };
}
