import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExchangeService, LONG_UNIT_CHARS, type ExchangeService } from '../../../src/services/exchange.js';
import { createTmService } from '../../../src/services/tm.js';
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
const automerge = () => ['tm_source_grams', 'tm_target_words'].flatMap((t) => ['automerge', 'crisismerge']
  .map((k) => temp.store.db.prepare(`SELECT v FROM ${t}_config WHERE k = ?`).pluck().get(k) ?? 'default'));
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
    expect(automerge()).toEqual([4, 16, 4, 16]);
  }, 90_000);

  it('imports nothing from a file refused after its first batches', () => {
    expect(() => exchange.importTmx({ file: { name: 'broken.tmx', bytes: tmx(11_000, '</body>') }, user: null })).toThrow(/not well-formed/);
    expect(temp.store.tm.countTmUnits()).toBe(0);
    expect(createTmService({ store: temp.store, now: NOW }).concordance({ q: '两国元首' })).toEqual([]);
    expect(automerge()).toEqual(['default', 'default', 'default', 'default']);
  }, 90_000);
});
