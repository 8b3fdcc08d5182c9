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
    const meter = meterStatements(db);
    const metered = createServices({ store: createStore(meter.db), scrypt: SCRYPT });
    runSaves(500, 'meter warm', metered);
    meter.reset();
    const meteredSaves = Math.min(saves, 2000);
    let cpu = cpuUs();
    runSaves(meteredSaves, 'meter', metered);
    const meteredCpu = (cpuUs() - cpu) / meteredSaves;
    const statements = meter.figures().sort((a, b) => b.cpuUs - a.cpuUs);

    const load = loadAverages();
    printTable(`Save bench (service + store, no HTTP), ${saves} saves by ${userCount} users, Node ${process.version}, load average ${load}`,
      ['what', 'CPU µs/save', 'WAL pages/save', 'vs baseline'], [
      ['editSlot', saveCpu.toFixed(1), saveFrames.toFixed(2), `CPU ${(saveCpu / bareCpu).toFixed(1)}×`],
      ['baseline: bare UPDATE of the slot (autocommit)', bareCpu.toFixed(1), bareFrames.toFixed(2), '1.0×'],
    ]);
    printWhereItGoes(statements, meteredSaves, meteredCpu);
    if (values.explain) explainStatements(db, statements);
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
function printWhereItGoes(statements: StatementFigure[], saves: number, cpuPerSave: number): void {
  const inSql = statements.reduce((sum, f) => sum + f.cpuUs, 0) / saves;
  const rows = statements.map((f) => [f.sql.length > 100 ? `${f.sql.slice(0, 99)}…` : f.sql, (f.calls / saves).toFixed(2), (f.cpuUs / f.calls).toFixed(1), (f.cpuUs / saves).toFixed(1)]);
  rows.push(['the rest: the service\'s JavaScript (checks, regions, JSON of the undo step, figures) and the meter', '', '', (cpuPerSave - inSql).toFixed(1)]);
  rows.push(['all (metered saves; the meter adds its own cost)', '', '', cpuPerSave.toFixed(1)]);
  printTable(`\nWhere a save's CPU goes (${saves} metered saves; a statement's time includes better-sqlite3 binding its parameters and building its answer)`,
    ['statement', 'calls/save', 'CPU µs/call', 'CPU µs/save'], rows);
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
