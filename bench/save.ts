/**
 * The service and store part of one slot save (issue #15), without HTTP: N users each saving
 * random slots of a shared 400-segment document through services.slots.editSlot, as the load
 * bench's clients do, on a file database with WAL on. Reports this process's CPU µs per save
 * (checkpoints on their own thread, as `serve` runs) and the WAL frames (database pages) each
 * save's commit writes, beside a bare UPDATE of the
 * slot text (of the other language, so the saves keep their versions) in the same run.
 *
 * Then *where it goes*: the same saves through a second store whose statements are counted and
 * timed one by one (bench/statement-meter.ts): each statement's calls and CPU per save, the
 * transactions' BEGIN … COMMIT, the rest (the service's own JavaScript), and the query plan of
 * each statement (`--explain`).
 *
 * Run: npm run bench:save [-- --saves 5000 --users 50 --explain]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../src/services/index.js';
import { startCheckpointer } from '../src/store/checkpointer.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import type { User } from '../src/store/users.js';
import { seeded } from '../tests/helpers/random.js';
import { printTable } from './load.js';
import { meterStatements, type StatementFigure } from './statement-meter.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

const SCRYPT = { N: 1024, r: 8, p: 1 };
const cpuUs = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { saves: { type: 'string', default: '5000' }, users: { type: 'string', default: '50' }, explain: { type: 'boolean', default: false } } });
  const saves = Number(values.saves);
  const userCount = Number(values.users);
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-save-'));
  const path = join(dir, 'save.sqlite');
  const { db } = openDatabase(path);
  try {
    db.pragma('wal_autocheckpoint = 0');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const store = createStore(db);
    const services = createServices({ store, scrypt: SCRYPT });
    const text = Array.from({ length: 400 }, (_, i) => `第${i + 1}句，两国元首就双边关系深入交换意见。${i % 5 === 4 ? '\n' : ''}`).join('');
    const { documentId } = await services.documents.importDocument({ title: '保存', text, langs: ['en', 'ru'], user: null });
    const users: User[] = [];
    for (let u = 0; u < userCount; u++) users.push((await services.accounts.createUser({ name: `save${u}`, roles: ['translator'], password: 'save bench password' })).user);
    const slots = store.slots.listSlots(documentId, 'en').flatMap((s) => (s.kind === 'head' ? [s.segmentId] : []));
    const versions = new Map(slots.map((id) => {
      const slot = store.slots.findSlot(id, 'en');
      return [id, slot?.kind === 'head' ? slot.version : 1];
    }));
    const walBytes = () => { try { return statSync(`${path}-wal`).size; } catch { return 0; } };
    const rand = seeded(7);

    const bare = db.prepare(`UPDATE slots SET text = @text, version = version + 1 WHERE segment_id = @segmentId AND lang = 'ru'`);
    const runBare = (n: number) => {
      for (let i = 0; i < n; i++) bare.run({ segmentId: slots[Math.floor(rand() * slots.length)]!, text: `bare ${i} ✓` });
    };
    const runSaves = (n: number, tag: string, through = services) => {
      for (let i = 0; i < n; i++) {
        const segmentId = slots[Math.floor(rand() * slots.length)]!;
        const user = users[i % users.length]!;
        const saved = through.slots.editSlot({ documentId, segmentId, lang: 'en', text: `${tag} ${i} — «en» ✓ 𝒳`, version: versions.get(segmentId)!, user });
        versions.set(segmentId, saved.slot.kind === 'head' ? saved.slot.version : 0);
      }
    };
    runSaves(500, 'warm');
    runBare(500);

    // Pages: from an emptied WAL with checkpoints off, the WAL's growth is what the commits wrote.
    const pagesPerCommit = (run: () => void, n: number) => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const wal = walBytes();
      run();
      return (walBytes() - wal) / (pageSize + 24) / n;
    };
    const pageRuns = Math.min(saves, 1000);
    const saveFrames = pagesPerCommit(() => runSaves(pageRuns, 'pages'), pageRuns);
    const bareFrames = pagesPerCommit(() => runBare(pageRuns), pageRuns);
    db.pragma('wal_checkpoint(TRUNCATE)');

    // CPU: with WAL checkpoints on their own thread as `serve` runs them (the thread's CPU is
    // this process's too), the saves and the bare UPDATEs in alternating rounds.
    const checkpointer = startCheckpointer(db);
    let saveCpu = 0;
    let bareCpu = 0;
    const rounds = 5;
    const perRound = Math.ceil(saves / rounds);
    try {
      for (let r = 0; r < rounds; r++) {
        let cpu = cpuUs();
        runSaves(perRound, `save${r}`);
        saveCpu += cpuUs() - cpu;
        cpu = cpuUs();
        runBare(perRound);
        bareCpu += cpuUs() - cpu;
      }
    } finally {
      await checkpointer.close();
    }
    saveCpu /= perRound * rounds;
    bareCpu /= perRound * rounds;

    // Where it goes: the same saves through a store whose every statement is counted and timed.
    // With no checkpoint thread (process CPU would count its work inside the statements), the WAL
    // is kept as short as the thread keeps it: a PASSIVE checkpoint every 100 saves (the thread
    // looks every 100 ms) and a RESTART every 1,000 (it restarts from 8,000 frames, about 1,100
    // saves), each outside the figures.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const meter = meterStatements(db);
    const metered = createServices({ store: createStore(meter.db), scrypt: SCRYPT });
    runSaves(500, 'meter warm', metered);
    db.pragma('wal_checkpoint(TRUNCATE)');
    meter.reset();
    const meteredSaves = Math.min(saves, 2000);
    let checkpointCpu = 0;
    let cpu = cpuUs();
    for (let done = 0; done < meteredSaves; done += 100) {
      runSaves(Math.min(100, meteredSaves - done), 'meter', metered);
      const start = cpuUs();
      db.pragma((done + 100) % 1000 === 0 ? 'wal_checkpoint(RESTART)' : 'wal_checkpoint(PASSIVE)');
      checkpointCpu += cpuUs() - start;
    }
    const meteredCpu = (cpuUs() - cpu - checkpointCpu) / meteredSaves;
    const statements = meter.figures().sort((a, b) => b.cpuUs - a.cpuUs);
    const preparedBySaves = meter.prepared();

    // The same for a page of rows as the load bench's clients read it (20 rows from a page start).
    for (let i = 0; i < 200; i++) metered.slots.listRows(documentId, { offset: 20 * (i % 20), limit: 20 });
    meter.reset();
    const reads = 2000;
    cpu = cpuUs();
    for (let i = 0; i < reads; i++) JSON.stringify(metered.slots.listRows(documentId, { offset: 20 * Math.floor(rand() * 20), limit: 20 }));
    const readCpu = (cpuUs() - cpu) / reads;
    const readStatements = meter.figures().sort((a, b) => b.cpuUs - a.cpuUs);
    const preparedByReads = meter.prepared();

    const load = loadAverages();
    printTable(`Save bench (service + store, no HTTP), ${saves} saves by ${userCount} users, Node ${process.version}, load average ${load}`,
      ['what', 'CPU µs/save', 'WAL pages/save', 'vs baseline'], [
      ['editSlot', saveCpu.toFixed(1), saveFrames.toFixed(2), `CPU ${(saveCpu / bareCpu).toFixed(1)}×`],
      ['baseline: bare UPDATE of the slot (autocommit)', bareCpu.toFixed(1), bareFrames.toFixed(2), '1.0×'],
    ]);
    printWhereItGoes(`Where a save's CPU goes (${meteredSaves} metered saves`, statements, meteredSaves, meteredCpu, 'checks, regions, JSON of the undo step, figures');
    printWhereItGoes(`Where a page of rows' CPU goes (${reads} metered reads of 20 rows, answer JSON included`, readStatements, reads, readCpu, 'rows, grouping marks, comment counts, the answer\'s JSON');
    console.log(`statements prepared during the metered saves: ${preparedBySaves.length}, reads: ${preparedByReads.length}${[...preparedBySaves, ...preparedByReads].map((q) => `\n  ${q}`).join('')}`);
    if (values.explain) explainStatements(db, [...statements, ...readStatements]);
    const sqlCount = statements.filter((f) => !f.sql.includes('…')).reduce((n, f) => n + f.calls, 0) / meteredSaves;
    const rows: BenchRow[] = [
      { what: 'slot save (service + store) CPU per save', value: saveCpu, unit: 'µs', baseline: bareCpu, baselineWhat: 'bare UPDATE', ratio: ratioOf(saveCpu, bareCpu) },
      { what: 'slot save WAL pages per save', value: saveFrames, unit: 'pages', baseline: bareFrames, baselineWhat: 'bare UPDATE', ratio: ratioOf(saveFrames, bareFrames) },
      { what: 'slot save SQL statements per save (besides BEGIN and COMMIT)', value: sqlCount, unit: 'statements' },
    ];
    writeBenchResult('save', rows);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The statements of the metered saves, most CPU first, with the transactions and the rest. */
function printWhereItGoes(title: string, statements: StatementFigure[], count: number, cpuEach: number, rest: string): void {
  const inSql = statements.reduce((sum, f) => sum + f.cpuUs, 0) / count;
  const rows = statements.map((f) => [f.sql.length > 100 ? `${f.sql.slice(0, 99)}…` : f.sql, (f.calls / count).toFixed(2), (f.cpuUs / f.calls).toFixed(1), (f.cpuUs / count).toFixed(1)]);
  rows.push([`the rest: JavaScript (${rest}), garbage collection, the meter`, '', '', (cpuEach - inSql).toFixed(1)]);
  rows.push(['all (metered; the meter adds its own cost)', '', '', cpuEach.toFixed(1)]);
  printTable(`\n${title}; a statement's time includes better-sqlite3 binding its parameters and building its answer)`,
    ['statement', 'calls each', 'CPU µs/call', 'CPU µs each'], rows);
}

/** EXPLAIN QUERY PLAN of each metered statement, with the arguments of its last call. */
function explainStatements(db: ReturnType<typeof openDatabase>['db'], statements: StatementFigure[]): void {
  console.log('\nQuery plans:');
  for (const f of statements) {
    if (f.sql.includes('…')) continue;
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${f.sql}`).all(...f.lastArgs) as { detail: string }[];
    console.log(`${f.sql}\n${plan.map((p) => `  ${p.detail}`).join('\n')}`);
  }
}

await main();
