/**
 * Command start-up benchmark (issue #15): `bin/duizhao.js align` on two one-line files, the
 * built code exactly as `npx duizhao` and `npm run cli` run it, paired run by run with
 * `node -e 0` (Node's own start-up, the floor no command can go under), alternating so a
 * change in the machine's load moves both. Wall and CPU (user + system) of each child come
 * from /usr/bin/time; medians, and the median of the pairs' ratios.
 *
 * Run: npm run bench:cli [-- --runs 21]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable } from './load.js';
import { loadAverages, median, ratioOf, writeBenchResult, type BenchRow } from './report.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TIME = '/usr/bin/time';

interface Sample { wall: number; cpu: number }

/** One run of `args` under /usr/bin/time: its wall and CPU seconds; throws if it failed. */
function timed(args: string[]): Sample {
  const r = spawnSync(TIME, ['-f', '@@ %e %U %S', process.execPath, ...args], { encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@ '));
  if (r.status !== 0 || !line) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const [wall, user, system] = line.slice(3).split(' ').map(Number) as [number, number, number];
  return { wall, cpu: user + system };
}

export function runCliBench(runs: number): { table: string[][]; rows: BenchRow[] } {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('No build: run npm run build first.');
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to read each run's CPU time (apt-get install time).`);
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-cli-'));
  try {
    writeFileSync(join(dir, 'a.zh'), '两国元首举行会谈。\n');
    writeFileSync(join(dir, 'a.en'), 'The two heads of state held talks.\n');
    const align = [join(ROOT, 'bin/duizhao.js'), 'align', '--src-lang', 'zh', '--tgt-lang', 'en', join(dir, 'a.zh'), join(dir, 'a.en')];
    // Warm-up: the first runs read the files from disk into the page cache.
    timed(align);
    timed(['-e', '0']);
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(timed(align));
      b.push(timed(['-e', '0']));
    }
    const f = (n: number, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : '—');
    const wallRatio = median(a.map((s, i) => s.wall / b[i]!.wall));
    const cpuRatio = median(a.map((s, i) => s.cpu / b[i]!.cpu));
    const [aw, ac, bw, bc] = [median(a.map((s) => s.wall)), median(a.map((s) => s.cpu)), median(b.map((s) => s.wall)), median(b.map((s) => s.cpu))];
    const table = [
      ['cli', 'align, two one-line files (bin/duizhao.js, dist/)', `${runs}`, f(aw), f(ac), `${f(wallRatio, 2)}× node -e 0 wall, ${f(cpuRatio, 2)}× CPU; above it ${f(aw - bw)} s wall`],
      ['cli', 'baseline: node -e 0, paired run by run', `${runs}`, f(bw), f(bc), '1×'],
    ];
    const rows: BenchRow[] = [
      { what: 'CLI align, two one-line files, median wall', value: aw, unit: 's', baseline: bw, baselineWhat: 'node -e 0, paired run by run', ratio: ratioOf(aw, bw), target: '≤ 0.2 s' },
      { what: 'CLI align, two one-line files, median CPU (user + system)', value: ac, unit: 's', baseline: bc, baselineWhat: 'node -e 0, paired run by run', ratio: ratioOf(ac, bc) },
    ];
    return { table, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
  const result = runCliBench(Number(values.runs));
  printTable(`CLI start-up bench, Node ${process.version}, load average ${loadAverages()}`, ['bench', 'what', 'runs', 'wall s (median)', 'CPU s (median)', 'vs baseline'], result.table);
  writeBenchResult('cli', result.rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
