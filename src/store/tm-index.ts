/**
 * The translation memory's look-up indexes (db/migrations "tm_grams", positions dropped
 * by "tm_bulk_index": every query here is a token, a token prefix or an AND of tokens,
 * never a phrase, so `detail=none` answers them all): a contentless FTS5
 * index of trigram tokens of the Chinese side, one of words of the target side, and the
 * reads that turn them into fuzzy candidates and concordance hits. tm.ts calls
 * `index`/`unindex` for every unit it writes.
 *
 * Where a look-up's time went before (500,000 units, bench/tm.ts, 150 look-ups profiled):
 * 8 ms on an exact-text phrase query, 18 ms reading ~11,400 rows of 4-character phrase
 * probes of which 11 of 16 hit their 1,000-row cap and were thrown away, 8 ms on three
 * AND probes, 2 ms fetching 120 units, 2 ms scoring. Candidate generation was 90 % of it,
 * nearly all of that reading index rows that could not tell candidates apart; an AND of
 * common tokens, tried next, costs in proportion to their posting lists (it grows with
 * the TM). Now: exact matches are one seek on source_key; each trigram of the segment
 * is probed for at most PROBE_CAP + 1 rows in rowid order (the cheap direction), so a
 * rare one is read completely and a common one stops early; a look-up reads at most
 * MAX_PROBES × (PROBE_CAP + 1) index rows whatever the TM's size.
 */
import { bigramTokens, foldForIndex, gramTerm, gramTokens, indexedGrams, indexedWords, innerGramTokens, shortQuery, wordTerms } from '../text/grams.js';
import type { Db } from './db.js';

/**
 * A token in at most this many units counts as rare, and its units are all candidates.
 * bench/tm.ts at 200k units: 256 cost 12 ms CPU a look-up, 64 about half, and found the
 * same best matches; the probe of a common token reads PROBE_CAP + 1 rows for nothing.
 */
const PROBE_CAP = 64;
/** Tokens probed per look-up, spread evenly over a long segment (a 60-character sentence has 60 trigrams). */
const MAX_PROBES = 32;
/** Fewer candidates than this from rare trigrams, and the segment's bigrams are probed too (short or very common text). */
const FEW_CANDIDATES = 50;
/** Concordance of one character: newest units checked in SQL before asking the index (~5 ms of CPU at 1M units). */
const RECENT_SCAN = 20_000;
/** Concordance: index rows checked against the text at most, so a query whose trigrams rarely stand together still ends. */
const MAX_CONCORDANCE_SCAN = 20_000;

/** FTS5's defaults: 'automerge' merges a level once it holds 4 segments, 'crisismerge' at once at 16. */
const AUTOMERGE = 4n;
const CRISISMERGE = 16n;
/**
 * Segments one level holds before FTS5 merges it during a bulk load. A 5,000-pair batch
 * writes about one, so 64 leave a 200,000-pair import nearly unmerged until its final
 * merge (bench at 1M units: merging at 1,000 cost no less than this).
 */
const BULK_CRISISMERGE = 64n;
/** Pages merged per step when a bulk load ends (FTS5's own incremental merges take a few hundred). */
const TIDY_PAGES = 1000;

export interface FuzzyCandidateIds {
  /** Units whose normalised source is the segment's (same source_key). */
  exact: number[];
  /** Other units, most shared trigrams first. */
  ranked: number[];
}

export function createTmIndex(db: Db) {
  const insertSource = db.prepare('INSERT INTO tm_source_grams (rowid, grams) VALUES (?, ?)');
  const insertTarget = db.prepare('INSERT INTO tm_target_words (rowid, words) VALUES (?, ?)');
  const deleteSource = db.prepare('DELETE FROM tm_source_grams WHERE rowid = ?');
  const deleteTarget = db.prepare('DELETE FROM tm_target_words WHERE rowid = ?');
  const optimizeSource = db.prepare("INSERT INTO tm_source_grams (tm_source_grams) VALUES ('optimize')");
  const optimizeTarget = db.prepare("INSERT INTO tm_target_words (tm_target_words) VALUES ('optimize')");
  const mergeSource = db.prepare("INSERT INTO tm_source_grams (tm_source_grams, rank) VALUES ('merge', ?)");
  const mergeTarget = db.prepare("INSERT INTO tm_target_words (tm_target_words, rank) VALUES ('merge', ?)");
  // FTS5 takes a setting's value only as an SQL integer (a JS number binds as a real): BigInt.
  const configSource = db.prepare('INSERT INTO tm_source_grams (tm_source_grams, rank) VALUES (?, ?)');
  const configTarget = db.prepare('INSERT INTO tm_target_words (tm_target_words, rank) VALUES (?, ?)');
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const probe = db.prepare('SELECT rowid FROM tm_source_grams WHERE tm_source_grams MATCH ? LIMIT ?').pluck();
  const exactKey = db.prepare('SELECT id FROM tm_units WHERE source_key = ? ORDER BY id DESC LIMIT 50').pluck();

  /**
   * Part of what `optimize` does: merges about `pages` pages of each index (FTS5 'merge'
   * with a negative count, which merges segments across levels like 'optimize'), so a
   * large import compacts them in short transactions. False once neither index had work
   * (FTS5: a change count that grew by less than 2 means nothing was merged). With
   * `across` false, a positive count: only levels of 4 or more segments are merged, the
   * work automatic merging does.
   */
  function mergeStep(pages: number, across = true): boolean {
    const count = across ? -pages : pages;
    const before = totalChanges.get() as number;
    mergeSource.run(count);
    const source = (totalChanges.get() as number) - before >= 2;
    const middle = totalChanges.get() as number;
    mergeTarget.run(count);
    return source || (totalChanges.get() as number) - middle >= 2;
  }

  function setMerging(bulk: boolean): void {
    for (const config of [configSource, configTarget]) {
      config.run('automerge', bulk ? 0n : AUTOMERGE);
      config.run('crisismerge', bulk ? BULK_CRISISMERGE : CRISISMERGE);
    }
  }

  return {
    /** Adds a unit's tokens to both indexes (its source as foldForIndex gives it). */
    index(id: number | bigint, foldedSource: string, targetText: string): void {
      insertSource.run(id, indexedGrams(foldedSource));
      insertTarget.run(id, indexedWords(targetText));
    },
    /** As `index`, with the source's tokens already made (indexedGrams), for units sharing a source. */
    indexTokens(id: number | bigint, sourceGrams: string, targetText: string): void {
      insertSource.run(id, sourceGrams);
      insertTarget.run(id, indexedWords(targetText));
    },
    /** Removes a unit's tokens. */
    unindex(id: number | bigint): void {
      deleteSource.run(id);
      deleteTarget.run(id);
    },

    /**
     * Candidate units for a fuzzy look-up of `text`, any language: exact ones by key, then
     * units ranked by how many of the segment's trigrams they share — all holders of the
     * rare ones (and of rare bigrams when those leave few candidates); when that leaves
     * fewer than `max`, also the first PROBE_CAP holders of each common token.
     */
    listFuzzyCandidateIds(text: string, key: number, max: number): FuzzyCandidateIds {
      const exact = exactKey.all(key) as number[];
      const folded = foldForIndex(text);
      const spread = (tokens: string[]) => {
        const distinct = [...new Set(tokens)];
        const step = distinct.length / MAX_PROBES;
        return distinct.length <= MAX_PROBES ? distinct : Array.from({ length: MAX_PROBES }, (_, i) => distinct[Math.floor(i * step)]!);
      };
      const votes = new Map<number, number>();
      const vote = (id: number) => votes.set(id, (votes.get(id) ?? 0) + 1);
      const common: number[][] = [];
      const probeAll = (tokens: string[]) => {
        for (const gram of spread(tokens)) {
          const ids = probe.all(gramTerm(gram), PROBE_CAP + 1) as number[];
          if (ids.length <= PROBE_CAP) ids.forEach(vote);
          else common.push(ids);
        }
      };
      probeAll(gramTokens(folded));
      if (votes.size < FEW_CANDIDATES) probeAll(bigramTokens(folded));
      if (votes.size < max) for (const ids of common) ids.forEach(vote);
      for (const id of exact) votes.delete(id);
      const ranked = [...votes].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, max).map(([id]) => id);
      return { exact, ranked };
    },

    /**
     * The FTS5 query for source-side concordance (checked against the text afterwards): a
     * 1- or 2-character query as a token prefix, a longer one as an AND of trigrams that
     * cover it.
     */
    sourceMatch(q: string): string | undefined {
      const folded = foldForIndex(q);
      const length = [...folded].length;
      if (length === 0) return undefined;
      if (length <= 2) return shortQuery(folded);
      const inner = innerGramTokens(folded);
      // Every third trigram (and the last) covers every character; 16 narrow as well as all.
      const cover = [...new Set([...inner.filter((_, i) => i % 3 === 0), inner[inner.length - 1]!])];
      return cover.slice(0, 16).map(gramTerm).join(' ');
    },
    /**
     * The FTS5 query for target-side concordance: an AND of the query's words, the last
     * one as a word beginning when `prefix` (FTS5 merges every posting of a prefix before
     * answering, so callers try whole words first: "partnership*" in a TM where most
     * targets hold it cost a second at 500k units, "partnership" a millisecond).
     */
    targetMatch(q: string, prefix: boolean): string | undefined {
      const words = wordTerms(q, prefix);
      return words.length > 0 ? words.slice(-16).join(' ') : undefined;
    },
    /**
     * Merges each index into one segment (FTS5 'optimize'). A bulk import leaves many
     * segments, and every probe seeks each of them: at 200k units this halved a look-up's
     * CPU time. Costs about 8 µs of CPU a unit of the whole TM (bench/tm.ts).
     */
    optimize(): void {
      optimizeSource.run();
      optimizeTarget.run();
    },
    mergeStep,
    /**
     * Turns FTS5's automatic merging off for a bulk load (`true`) or back to its default.
     * Each segment a load writes is otherwise merged again and again as the levels fill
     * (about log4 of the segment count), and the load's final 'optimize' writes it all
     * once more anyway: off, TM seeding cost ~15 % less CPU (bench at 300k units, same
     * run; at 1M units 18 %, where merging a level at 16 segments instead saved 13 %).
     * FTS5 still merges a level that reaches BULK_CRISISMERGE segments, so a look-up
     * meanwhile seeks a bounded number. The settings are stored in the index, so callers
     * switch them back in the transaction that switched them off.
     */
    setBulkLoading(on: boolean): void {
      // Back on: the merging it skipped first, so a load that ends without 'optimize' leaves
      // no pile of segments for every probe to seek (after an 'optimize' this finds nothing),
      // and no level is left over the default crisis threshold for the next writer to merge.
      if (!on) while (mergeStep(TIDY_PAGES, false)) { /* next pages */ }
      setMerging(on);
    },
    /**
     * `setBulkLoading`'s settings alone, for a load written in many transactions that
     * merges what it skipped in parts of its own (mergeStep) before switching back.
     * bench/tmx.ts, job import of 100k units: a crisis level of 256 segments instead of 64
     * cost no less CPU and made others' look-ups meanwhile slower (p50 28 ms against 17).
     */
    setMerging,
    RECENT_SCAN,
    MAX_CONCORDANCE_SCAN,
  };
}

export type TmIndex = ReturnType<typeof createTmIndex>;
