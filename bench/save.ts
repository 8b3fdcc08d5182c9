/**
 * The service and store part of one slot save (issue #15), without HTTP: N users each saving
 * random slots of a shared 400-segment document through services.slots.editSlot, as the load
 * bench's clients do, on a file database with WAL on. Reports this process's CPU µs per save
 * (checkpoints on their own thread, as `serve` runs) and the WAL frames (database pages) each
 * save's commit writes, beside a bare UPDATE of the
 * slot text (of the other language, so the saves keep their versions) in the same run.
 *
 * Run: npm run bench:save [-- --saves 5000 --users 50]
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
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

const SCRYPT = { N: 1024, r: 8, p: 1 };
const cpuUs = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { saves: { type: 'string', default: '5000' }, users: { type: 'string', default: '50' } } });
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
    const runSaves = (n: number, tag: string) => {
      for (let i = 0; i < n; i++) {
        const segmentId = slots[Math.floor(rand() * slots.length)]!;
        const user = users[i % users.length]!;
        const saved = services.slots.editSlot({ documentId, segmentId, lang: 'en', text: `${tag} ${i} — «en» ✓ 𝒳`, version: versions.get(segmentId)!, user });
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

    const load = loadAverages();
    printTable(`Save bench (service + store, no HTTP), ${saves} saves by ${userCount} users, Node ${process.version}, load average ${load}`,
      ['what', 'CPU µs/save', 'WAL pages/save', 'vs baseline'], [
      ['editSlot', saveCpu.toFixed(1), saveFrames.toFixed(2), `CPU ${(saveCpu / bareCpu).toFixed(1)}×`],
      ['baseline: bare UPDATE of the slot (autocommit)', bareCpu.toFixed(1), bareFrames.toFixed(2), '1.0×'],
    ]);
    const rows: BenchRow[] = [
      { what: 'slot save (service + store) CPU per save', value: saveCpu, unit: 'µs', baseline: bareCpu, baselineWhat: 'bare UPDATE', ratio: ratioOf(saveCpu, bareCpu) },
      { what: 'slot save WAL pages per save', value: saveFrames, unit: 'pages', baseline: bareFrames, baselineWhat: 'bare UPDATE', ratio: ratioOf(saveFrames, bareFrames) },
    ];
    writeBenchResult('save', rows);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
