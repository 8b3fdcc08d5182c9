/**
 * Editor re-alignment benchmark (issue #11): what the automatic re-alignment after a confirm
 * costs inside the request, by the length of the run of unconfirmed slots below it, beside the
 * same confirm with re-alignment off (same run, same document); and "Re-align unconfirmed" of a
 * whole column. CPU time of the process (user + system), median of the repeats; each confirm is
 * undone before the next, so every repeat starts from the same column.
 * The document is the demo joint statement repeated in numbered parts (bench/editor.ts), which
 * the aligner's constants were not tuned on in this form.
 *
 * A second table holds the run fixed (about a dozen segments) and grows the document from 25 to
 * 1,000 segments, with every fourth slot outside the run confirmed (anchors throughout): the
 * re-alignment reads a window around the run (ANCHOR_REACH), so its cost should stay flat.
 *
 * Run: npm run bench:realign [-- --segments 900 --repeats 5]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { recutFlags } from '../src/services/flag-cut.js';
import { createServices, type Services } from '../src/services/index.js';
import { openDatabase } from '../src/store/db.js';
import { createStore, type Store } from '../src/store/index.js';
import type { User } from '../src/store/users.js';
import { repeatedDemo } from './editor.js';
import { printTable } from './load.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

const RUNS = [25, 50, 100, 200, 400];
const DOCUMENT_SIZES = [25, 100, 200, 1000];
/** Segments between the confirmed slot and the confirmed slot that ends the run, in the size table. */
const SIZE_RUN = 12;
const DEMO = fileURLToPath(new URL('../demo/joint-statement-2022/', import.meta.url));

/**
 * The demo repeated in numbered parts, cut after the gold bead that reaches `segments` Chinese
 * sentences, one sentence per line on both sides (the import's line-per-sentence form).
 */
function demoOfSize(segments: number): { zh: string; en: string } {
  const lines = (name: string) => readFileSync(join(DEMO, name), 'utf8').split('\n').filter((l) => l.length > 0);
  const zh = lines('zh.sentences');
  const en = lines('en.sentences');
  const gold = lines('en.gold').map((l) => l.split(':').map((side) => JSON.parse(side) as number[]) as [number[], number[]]);
  const zhOut: string[] = [];
  const enOut: string[] = [];
  for (let part = 1; zhOut.length < segments; part++) {
    for (const [s, t] of gold) {
      if (zhOut.length >= segments) break;
      zhOut.push(...s.map((i) => zh[i]!));
      enOut.push(...t.map((j) => en[j]!));
    }
    if (part > 1000) throw new Error('the demo has no sentences');
  }
  return { zh: zhOut.join('\n'), en: enOut.join('\n') };
}

function cpuMs<T>(work: () => T): { ms: number; value: T } {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function heads(store: Store, documentId: number): number[] {
  return store.slots.listSlots(documentId, 'en').flatMap((s, p) => (s.kind === 'head' ? [p] : []));
}

function confirmAt(services: Services, store: Store, documentId: number, position: number, user: User) {
  const segmentId = store.segments.listSegments(documentId)[position]!.id;
  const slot = store.slots.findSlot(segmentId, 'en');
  if (slot?.kind !== 'head') throw new Error(`no head at ${position}`);
  return services.slots.editSlot({ documentId, segmentId, lang: 'en', text: slot.text, version: slot.version, user, confirm: true });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { segments: { type: 'string', default: '900' }, repeats: { type: 'string', default: '5' } } });
  const repeats = Number(values.repeats);
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-realign-'));
  const { db } = openDatabase(join(dir, 'realign.sqlite'));
  try {
    const store = createStore(db);
    const services = createServices({ store, scrypt: { N: 1024, r: 8, p: 1 } });
    const { user } = await services.accounts.createUser({ name: 'bench', password: 'bench-password-1', roles: ['translator'] });
    const input = repeatedDemo(Number(values.segments));
    const { documentId } = await services.documents.importDocument({ title: 'bench', text: input.zh, langs: ['en'], user: null });
    await services.translations.run(await services.translations.prepare({ documentId, lang: 'en', text: input.en, replace: false, user }));
    const starts = heads(store, documentId);
    const segments = store.regions.segmentCount(documentId);

    const table: string[][] = [];
    const rows: BenchRow[] = [];
    let at = 10;
    for (const run of RUNS) {
      // A confirmed slot `run` segments below the one confirmed bounds the run to re-align.
      const fixed = starts.find((p) => p >= at)!;
      const stop = starts.find((p) => p > fixed + run)!;
      services.slots.saveAlignmentPreferences(user.id, { autoRealign: false });
      confirmAt(services, store, documentId, stop, user);
      const time = (on: boolean) => {
        services.slots.saveAlignmentPreferences(user.id, { autoRealign: on });
        const samples: number[] = [];
        let moved = 0;
        for (let r = 0; r < repeats + 1; r++) {
          const { ms, value } = cpuMs(() => confirmAt(services, store, documentId, fixed, user));
          services.slots.undo({ documentId, user });
          if (r > 0) samples.push(ms); // the first warms the JIT up
          moved = value.realigned?.moved ?? 0;
        }
        return { ms: median(samples), moved };
      };
      const off = time(false);
      const on = time(true);
      table.push([String(stop - fixed - 1), on.ms.toFixed(1), off.ms.toFixed(1), String(ratioOf(on.ms, off.ms) ?? '—'), String(on.moved)]);
      rows.push({ what: `confirm re-aligning ${stop - fixed - 1} segments below, CPU`, value: Number(on.ms.toFixed(2)), unit: 'ms', baseline: Number(off.ms.toFixed(2)), baselineWhat: 'the same confirm, re-alignment off', ratio: ratioOf(on.ms, off.ms) });
      at = stop + 10;
    }

    // What a re-alignment adds to cut its column's flag again (services/flag-cut.ts): one read of the
    // column's calibrated slots and a write of the confidences that changed; it grows with the column.
    const recutTable: string[][] = [];
    const recutCost = (doc: number, docSegments: number) => {
      const samples: number[] = [];
      for (let r = 0; r < repeats + 1; r++) {
        const { ms } = cpuMs(() => store.transaction(() => recutFlags(store, doc, 'en')));
        if (r > 0) samples.push(ms);
      }
      recutTable.push([String(docSegments), median(samples).toFixed(2)]);
      rows.push({ what: `cutting the flag again, ${docSegments}-segment column, CPU`, value: Number(median(samples).toFixed(3)), unit: 'ms' });
    };
    recutCost(documentId, segments);

    const sizeTable: string[][] = [];
    for (const size of DOCUMENT_SIZES) {
      const sized = demoOfSize(size);
      const { documentId: doc } = await services.documents.importDocument({ title: `bench ${size}`, text: sized.zh, langs: ['en'], user: null });
      await services.translations.run(await services.translations.prepare({ documentId: doc, lang: 'en', text: sized.en, replace: false, user }));
      const docStarts = heads(store, doc);
      const docSegments = store.regions.segmentCount(doc);
      // The run sits in the middle of the document; every fourth slot outside it is confirmed.
      const fixed = docStarts.find((p) => p >= Math.max(0, Math.floor(docSegments / 2) - SIZE_RUN))!;
      const stop = docStarts.find((p) => p > fixed + SIZE_RUN) ?? docStarts[docStarts.length - 1]!;
      services.slots.saveAlignmentPreferences(user.id, { autoRealign: false });
      for (const [k, p] of docStarts.entries()) if ((k % 4 === 0 && (p < fixed || p > stop)) || p === stop) confirmAt(services, store, doc, p, user);
      const time = (on: boolean) => {
        services.slots.saveAlignmentPreferences(user.id, { autoRealign: on });
        const samples: number[] = [];
        let moved = 0;
        for (let r = 0; r < repeats + 1; r++) {
          const { ms, value } = cpuMs(() => confirmAt(services, store, doc, fixed, user));
          services.slots.undo({ documentId: doc, user });
          if (r > 0) samples.push(ms);
          moved = value.realigned?.moved ?? 0;
        }
        return { ms: median(samples), moved };
      };
      const off = time(false);
      const on = time(true);
      recutCost(doc, docSegments);
      sizeTable.push([String(docSegments), String(stop - fixed - 1), on.ms.toFixed(1), off.ms.toFixed(1), String(ratioOf(on.ms, off.ms) ?? '—'), String(on.moved)]);
      rows.push({ what: `confirm re-aligning ${stop - fixed - 1} segments below, ${docSegments}-segment document, CPU`, value: Number(on.ms.toFixed(2)), unit: 'ms', baseline: Number(off.ms.toFixed(2)), baselineWhat: 'the same confirm, re-alignment off', ratio: ratioOf(on.ms, off.ms) });
    }

    const column = await (async () => {
      const start = process.cpuUsage();
      const wall = performance.now();
      const result = await services.slots.realignUnconfirmed({ documentId, lang: 'en', user });
      const used = process.cpuUsage(start);
      return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall, moved: result.moved, runs: result.runs };
    })();
    rows.push({ what: `"Re-align unconfirmed", ${segments} segments, CPU`, value: Number(column.cpu.toFixed(1)), unit: 'ms' });
    rows.push({ what: `"Re-align unconfirmed", ${segments} segments, wall`, value: Number(column.wall.toFixed(1)), unit: 'ms' });

    printTable(`Re-alignment after a confirm, ${segments}-segment document, median of ${repeats} (load ${loadAverages()})`,
      ['segments re-aligned', 'CPU ms (on)', 'CPU ms (off)', 'ratio', 'slots moved'], table);
    printTable(`\nRe-alignment after a confirm by document size, every fourth slot outside the run confirmed, median of ${repeats} (load ${loadAverages()})`,
      ['document segments', 'segments re-aligned', 'CPU ms (on)', 'CPU ms (off)', 'ratio', 'slots moved'], sizeTable);
    printTable(`\nCutting a column's flag again (part of each re-alignment above), median of ${repeats} (load ${loadAverages()})`, ['column segments', 'CPU ms'], recutTable);
    console.log(`\n"Re-align unconfirmed", whole column of ${segments} segments: ${column.cpu.toFixed(0)} ms CPU, ${column.wall.toFixed(0)} ms wall, ${column.moved} slots moved in ${column.runs} runs`);
    console.log(`wrote ${writeBenchResult('realign', rows)}`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
