/**
 * WAL checkpoints and the commit path (issue #15): the same slot saves through the save
 * service in process, one at a time with the event loop turning between them as a server's
 * do, on a file database with WAL, once with SQLite's default (the committing connection
 * checkpoints inside the commit every 1,000 pages) and once with the checkpoint thread
 * (store/checkpointer.ts, as `serve` runs), alternating, in the same run. A checkpoint inside
 * a commit shows as a save of several ms: see p99, p99.9 and the saves over 2 ms.
 *
 * Run: npm run bench:checkpoint [-- --saves 4000 --rounds 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../src/services/index.js';
import { startCheckpointer, type CheckpointStats } from '../src/store/checkpointer.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import { printTable } from './load.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

interface Saves { p50: number; p99: number; p999: number; max: number; over2ms: number; over2msTotal: number; cpuPerSave: number; thread: CheckpointStats | null }

async function runSaves(saves: number, thread: boolean): Promise<Saves> {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-checkpoint-'));
  const { db } = openDatabase(join(dir, 'checkpoint.sqlite'));
  const checkpointer = thread ? startCheckpointer(db) : null;
  try {
    const store = createStore(db);
    const services = createServices({ store, scrypt: { N: 1024, r: 8, p: 1 } });
    const at = new Date().toISOString();
    const documentId = store.transaction(() => {
      const id = store.documents.insertDocument({ title: '检查点基准', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now: at });
      const ids = store.segments.insertSegments(id, Array.from({ length: 2000 }, (_, i) => ({ paragraph: Math.floor(i / 5), text: `第${i + 1}句：两国元首就双边关系深入交换意见。` })));
      ids.forEach((segmentId, i) => store.slots.insertHead({ segmentId, lang: 'en', text: `Sentence ${i + 1}`, status: 'translated', span: 1, updatedBy: null, now: at }));
      return id;
    });
    const { user } = await services.accounts.createUser({ name: 'bench', roles: ['translator'], password: 'bench password' });
    const ids = store.slots.listSlots(documentId, 'en').map((s) => s.segmentId);
    const versions = new Map<number, number>();
    // Let the seeding's WAL be checkpointed first, by whichever does it.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const samples: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < saves; i++) {
      const segmentId = ids[(i * 7) % ids.length]!;
      const version = versions.get(segmentId) ?? 1;
      const start = performance.now();
      services.slots.editSlot({ documentId, segmentId, lang: 'en', text: `Saved ${i}: the two heads of state exchanged views.`, version, user });
      samples.push(performance.now() - start);
      versions.set(segmentId, version + 1);
      if (i % 2 === 1) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const used = process.cpuUsage(cpu);
    const sorted = [...samples].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
    const over = samples.filter((ms) => ms > 2);
    return {
      p50: q(0.5), p99: q(0.99), p999: q(0.999), max: sorted.at(-1)!, over2ms: over.length, over2msTotal: over.reduce((a, b) => a + b, 0),
      // This process's CPU, the checkpoint thread's included.
      cpuPerSave: (used.user + used.system) / 1000 / saves, thread: checkpointer ? { ...checkpointer.stats } : null,
    };
  } finally {
    await checkpointer?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { saves: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '2' } } });
  const saves = Number(values.saves);
  const runs: { thread: boolean; result: Saves }[] = [];
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const thread of [false, true]) runs.push({ thread, result: await runSaves(saves, thread) });
  }
  const f = (n: number, d = 3) => n.toFixed(d);
  printTable(`Checkpoint bench, Node ${process.version}, load average ${loadAverages()} when it finished (${saves} saves a run)`,
    ['checkpoints', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'saves > 2 ms', 'their ms', 'CPU ms/save', 'thread'],
    runs.map(({ thread, result: r }) => [thread ? 'thread' : 'in commit (SQLite default)', f(r.p50), f(r.p99), f(r.p999, 2), f(r.max, 2), `${r.over2ms}`, f(r.over2msTotal, 0), f(r.cpuPerSave),
      r.thread ? `${r.thread.checkpoints} checkpoints, ${r.thread.restarts} restarts` : '']));
  const mean = (thread: boolean, key: 'p99' | 'p999' | 'over2ms' | 'cpuPerSave') => {
    const of = runs.filter((r) => r.thread === thread).map((r) => r.result[key]);
    return of.reduce((a, b) => a + b, 0) / of.length;
  };
  const baselineWhat = 'SQLite default: checkpoints inside commits, same run';
  const rows: BenchRow[] = (['p99', 'p999'] as const).map((key) => ({
    what: `slot save in process, ${key === 'p99' ? 'p99' : 'p99.9'}, checkpoint thread`, value: mean(true, key), unit: 'ms',
    baseline: mean(false, key), baselineWhat, ratio: ratioOf(mean(true, key), mean(false, key)),
  }));
  rows.push(
    { what: `slot saves over 2 ms per ${saves}, checkpoint thread`, value: mean(true, 'over2ms'), unit: 'saves', baseline: mean(false, 'over2ms'), baselineWhat, ratio: ratioOf(mean(true, 'over2ms'), mean(false, 'over2ms')) },
    { what: 'CPU per slot save in process (checkpoint thread included)', value: mean(true, 'cpuPerSave'), unit: 'ms', baseline: mean(false, 'cpuPerSave'), baselineWhat, ratio: ratioOf(mean(true, 'cpuPerSave'), mean(false, 'cpuPerSave')) },
  );
  writeBenchResult('checkpoint', rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
