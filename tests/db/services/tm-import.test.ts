import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/services/errors.js';
import { createExchangeService, LONG_UNIT_CHARS, type ExchangeService } from '../../../src/services/exchange.js';
import { discardUnfinishedTmImports, importTmxInParts } from '../../../src/services/tm-import.js';
import { createTmService } from '../../../src/services/tm.js';
import { openDatabase, type Db } from '../../../src/store/db.js';
import { createStore, type Store } from '../../../src/store/index.js';
import { tempDb } from '../../helpers/temp-db.js';

const NOW = () => new Date('2026-11-23T12:00:00.000Z');
const LONG = '上海合作组织成员国元首理事会会议在撒马尔罕举行。'.repeat(100);

/** A TMX file of `count` units: every 1,000th long (over 2,000 characters a side), every 700th a repeat of unit 0. */
function tmx(count: number, tail = '</body></tmx>'): Uint8Array {
  let xml = '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>';
  for (let i = 0; i < count; i++) {
    const n = i > 0 && i % 700 === 0 ? 0 : i;
    const zh = i % 1000 === 999 ? `${LONG}第${i}次。` : `第${n}句：两国元首就双边关系深入交换意见。`;
    const en = i % 1000 === 999 ? `${'The summit was held in Samarkand. '.repeat(70)}${i}.` : `Sentence ${n}.`;
    xml += `<tu tuid="t${i}"><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv><tuv xml:lang="en-US"><seg>${en}</seg></tuv></tu>`;
  }
  return new TextEncoder().encode(xml + tail);
}

let temp: ReturnType<typeof tempDb>;
/** The look-up indexes' automatic merging as stored (FTS5 keeps it in a config table; no row means the default). */
const automerge = (db: Db = temp.store.db) => ['tm_source_grams', 'tm_target_words'].flatMap((t) => ['automerge', 'crisismerge']
  .map((k) => db.prepare(`SELECT v FROM ${t}_config WHERE k = ?`).pluck().get(k) ?? 'default'));
/** FTS5's defaults, stored explicitly by a load that switched merging off and back on. */
const MERGING_ON = [4, 16, 4, 16];
/** tm-index.ts setBulkLoading: automatic merging off, crisis merges at 64 segments. */
const MERGING_DEFERRED = [0, 64, 0, 64];
let exchange: ExchangeService;
beforeEach(() => {
  temp = tempDb();
  exchange = createExchangeService({ store: temp.store, now: NOW, version: 'test' });
});
afterEach(() => temp.cleanup());

describe('importing a TMX file into the TM', () => {
  it('imports every unit across batches, long ones included and counted, repeats skipped', () => {
    const report = exchange.importTmx({ file: { name: 'big.tmx', bytes: tmx(12_000) }, user: null });
    const repeats = Math.floor(11_999 / 700);
    expect(report).toMatchObject({ unitsRead: 12_000, unitsImported: 12_000 - repeats, pairsImported: 12_000 - repeats, longUnits: 12 });
    expect(report.skipped).toEqual([{ reason: 'duplicate', count: repeats, examples: ['t700', 't1400', 't2100', 't2800', 't3500'] }]);
    expect(temp.store.tm.countTmUnits()).toBe(12_000 - repeats);
    expect(LONG.length).toBeGreaterThan(LONG_UNIT_CHARS);
    const tm = createTmService({ store: temp.store, now: NOW });
    expect(tm.lookupText(`${LONG}第5999次。`, 'en')[0]).toMatchObject({ percent: 100 });
    expect(tm.concordance({ q: '第11999次' })).toHaveLength(1);
    // The import turned merging off while it wrote, and back on before it committed.
    expect(automerge()).toEqual(MERGING_ON);
  }, 90_000);

  it('imports nothing from a file refused after its first batches', () => {
    expect(() => exchange.importTmx({ file: { name: 'broken.tmx', bytes: tmx(11_000, '</body>') }, user: null })).toThrow(/not well-formed/);
    expect(temp.store.tm.countTmUnits()).toBe(0);
    expect(createTmService({ store: temp.store, now: NOW }).concordance({ q: '两国元首' })).toEqual([]);
    expect(automerge()).toEqual(['default', 'default', 'default', 'default']);
  }, 90_000);
});

/** Units another translator stored before a job import started; look-ups must find them throughout. */
const other = (i: number) => ({ zh: `其他译者的第${i}条译文：会议通过了联合声明。`, en: `Other unit ${i}: the meeting adopted a joint statement.` });
function storeOthers(store: Store): void {
  store.transaction(() => store.tm.insertTmUnits(Array.from({ length: 50 }, (_, i) => ({
    sourceLang: 'zh-CN', sourceText: other(i).zh, targetLang: 'en', targetText: other(i).en, origin: 'tmx' as const, originName: 'others.tmx',
    tuid: null, documentId: null, author: null, changedAt: null, createdBy: null, createdAt: NOW().toISOString(),
  }))));
}
/** Whether the others' units are all found by fuzzy look-up and concordance, and none of the job's units by concordance. */
function othersOnly(store: Store): boolean {
  const tm = createTmService({ store, now: NOW });
  return Array.from({ length: 50 }, (_, i) => i).every((i) => tm.lookupText(other(i).zh, 'en')[0]?.target === other(i).en
    && tm.concordance({ q: `unit ${i}:`, side: 'target' }).some((h) => h.target === other(i).en))
    && tm.concordance({ q: '两国元首' }).length === 0;
}
/** Segments of the source index (FTS5 gives each segment's leaf pages rows in its _idx table). */
const segments = () => temp.db.prepare('SELECT COUNT(DISTINCT segid) FROM tm_source_grams_idx').pluck().get() as number;

describe('importing a large TMX file into the TM as a job (in parts)', () => {
  // One 1,000-pair step a part, so these tests see many parts however fast the machine.
  const deps = () => ({ store: temp.store, exchange, partMs: 0 });

  it('defers index merging while its parts commit, merges at the end and switches it back on', async () => {
    storeOthers(temp.store);
    const during: unknown[][] = [];
    const seenByOthers: boolean[] = [];
    const report = await importTmxInParts(deps(), { file: { name: 'job.tmx', bytes: tmx(12_000) }, user: null }, {
      phase: (name) => {
        if (name !== 'importing') return;
        during.push(automerge());
        seenByOthers.push(othersOnly(temp.store));
      },
    });
    expect(report.unitsRead).toBe(12_000);
    // The first phase is reported before the import's first transaction.
    expect(during.length).toBeGreaterThan(10);
    expect(during.slice(1)).toEqual(during.slice(1).map(() => MERGING_DEFERRED));
    expect(seenByOthers.every(Boolean)).toBe(true);
    expect(automerge()).toEqual(MERGING_ON);
    expect(segments()).toBeLessThan(4);
    const tm = createTmService({ store: temp.store, now: NOW });
    expect(tm.lookupText('第4321句：两国元首就双边关系深入交换意见。', 'en')[0]).toMatchObject({ percent: 100, target: 'Sentence 4321.' });
    expect(tm.concordance({ q: '第11998句' })).toHaveLength(1);
    expect(tm.lookupText(other(7).zh, 'en')[0]).toMatchObject({ percent: 100, target: other(7).en });
  }, 90_000);

  it('merges and switches merging back on after a smaller import too', async () => {
    await importTmxInParts(deps(), { file: { name: 'job.tmx', bytes: tmx(5_000) }, user: null });
    expect(automerge()).toEqual(MERGING_ON);
    expect(segments()).toBeLessThan(4);
    expect(createTmService({ store: temp.store, now: NOW }).concordance({ q: '第4998句' })).toHaveLength(1);
  }, 90_000);

  it('switches merging back on when the file is refused after parts were written, keeping none of them', async () => {
    storeOthers(temp.store);
    await expect(importTmxInParts(deps(), { file: { name: 'broken.tmx', bytes: tmx(5_000, '</body>') }, user: null })).rejects.toThrow(/not well-formed/);
    expect(automerge()).toEqual(MERGING_ON);
    expect(temp.store.tm.countTmUnits()).toBe(50);
    expect(othersOnly(temp.store)).toBe(true);
  }, 90_000);

  it('switches merging back on when cancelled between parts, keeping none of them', async () => {
    storeOthers(temp.store);
    let checks = 0;
    const control = {
      phase: () => {},
      throwIfCancelled: () => {
        if (++checks > 3) throw new CancelledError('Cancelled by its owner.');
      },
    };
    await expect(importTmxInParts(deps(), { file: { name: 'job.tmx', bytes: tmx(5_000) }, user: null }, control)).rejects.toBeInstanceOf(CancelledError);
    expect(checks).toBe(4);
    expect(automerge()).toEqual(MERGING_ON);
    expect(temp.store.tm.countTmUnits()).toBe(50);
    expect(othersOnly(temp.store)).toBe(true);
  }, 90_000);

  it('writes as many steps in one part as its time budget allows, each step its own part at 0', async () => {
    storeOthers(temp.store);
    const phases = (partMs: number, clock: () => number) => async (file: string) => {
      let importing = 0;
      const report = await importTmxInParts({ store: temp.store, exchange, partMs, clock }, { file: { name: file, bytes: tmx(5_000) }, user: null }, {
        phase: (name) => {
          if (name === 'importing') importing += 1;
        },
      });
      return { importing, report };
    };
    // A clock that never moves: the budget is never spent, so after the first part (one
    // step, so the job's first answer waits for no more) the rest of the file is one part.
    const whole = await phases(200, () => 0)('whole.tmx');
    expect(whole.importing).toBe(2);
    expect(whole.report.pairsImported).toBe(5_000 - 7);
    expect(temp.store.tm.countTmUnits()).toBe(50 + 5_000 - 7);
    // A clock that moves 150 ms a reading against a 200 ms budget: one step, then two a part (5 steps).
    let t = 0;
    const paired = await phases(200, () => (t += 150))('again.tmx');
    expect(paired.importing).toBe(1 + 3);
    expect(paired.report.skipped).toEqual([expect.objectContaining({ reason: 'duplicate', count: 5_000 })]);
    expect(createTmService({ store: temp.store, now: NOW }).concordance({ q: '第4998句' })).toHaveLength(1);
  }, 90_000);

  it('cancels inside a part, keeping none of it', async () => {
    storeOthers(temp.store);
    let checks = 0;
    const control = {
      phase: () => {},
      throwIfCancelled: () => {
        if (++checks > 2) throw new CancelledError('Cancelled by its owner.');
      },
    };
    // The budget is never spent, so the third check is between two steps of the second part.
    await expect(importTmxInParts({ store: temp.store, exchange, clock: () => 0 }, { file: { name: 'job.tmx', bytes: tmx(5_000) }, user: null }, control))
      .rejects.toBeInstanceOf(CancelledError);
    expect(checks).toBe(3);
    expect(automerge()).toEqual(MERGING_ON);
    expect(temp.store.tm.countTmUnits()).toBe(50);
    expect(othersOnly(temp.store)).toBe(true);
  }, 90_000);

  it('leaves merging off when an in-thread import ends while a job import is still writing', () => {
    const { store } = temp;
    const importId = store.transaction(() => store.tm.beginTmImport(NOW().toISOString()));
    exchange.importTmx({ file: { name: 'small.tmx', bytes: tmx(300) }, user: null });
    expect(automerge()).toEqual(MERGING_DEFERRED);
    store.transaction(() => store.tm.finishTmImport(importId));
    expect(store.transaction(() => store.tm.resumeTmIndexMerging())).toBe(true);
    expect(automerge()).toEqual(MERGING_ON);
    expect(createTmService({ store, now: NOW }).concordance({ q: '第299句' })).toHaveLength(1);
  });

  it('switches merging back on at start-up after a server stopped in the middle of an import', () => {
    storeOthers(temp.store);
    const { store } = temp;
    // What a stopped server leaves: an import begun, three parts committed, never finished.
    const importId = store.transaction(() => store.tm.beginTmImport(NOW().toISOString()));
    const steps = exchange.startTmImport({ file: { name: 'job.tmx', bytes: tmx(5_000) }, user: null }, importId, 1000).steps();
    for (let i = 0; i < 3; i++) store.transaction(() => steps.next());
    expect(automerge()).toEqual(MERGING_DEFERRED);
    temp.db.close();

    const { db } = openDatabase(temp.path);
    try {
      const restarted = createStore(db);
      expect(discardUnfinishedTmImports(restarted)).toBe(1);
      expect(automerge(db)).toEqual(MERGING_ON);
      expect(restarted.tm.countTmUnits()).toBe(50);
      expect(db.prepare('SELECT COUNT(*) FROM tm_units').pluck().get()).toBe(50);
      expect(othersOnly(restarted)).toBe(true);
    } finally {
      db.close();
    }
  });
});
