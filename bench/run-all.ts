/**
 * `npm run bench`: runs every benchmark in bench/ and ends with one table of their figures
 * beside the baselines each measured in the same run (README "Benchmarks").
 *
 * Each bench (align, editor, load, tm, tmx, … — any bench/*.ts with a `bench:NAME` script)
 * runs as its own npm script, its full output shown as it comes, and writes
 * bench/results/NAME.json (bench/report.ts). The Summary is built from those files —
 * whatever files are there, so a result from an earlier run is shown too, marked with its date.
 *
 *   npm run bench                     everything at full size
 *   npm run bench -- --quick          smaller sizes (align --quick, 5 s load, 2,000 segments, …)
 *   npm run bench -- --only load,tmx  a subset
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatFigure, loadAverages, readBenchResults } from './report.js';

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** bench/*.ts files that are not benchmarks. */
const NOT_BENCHES = ['run-all', 'report'];
/** Smaller sizes for --quick, per bench. */
const QUICK_ARGS: Record<string, string[]> = {
  align: ['--quick'],
  pivot: ['--quick'],
  load: ['--clients', '20', '--seconds', '5'],
  cli: ['--runs', '7'],
  editor: ['--segments', '2000', '--saves', '300'],
  tmx: ['--groups', '20000'],
  tm: ['--units', '50000', '--large', '100000', '--queries', '100'],
  checkpoint: ['--saves', '2000', '--rounds', '1'],
  save: ['--saves', '2000'],
};

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
const found = readdirSync(BENCH_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3))
  .filter((n) => !NOT_BENCHES.includes(n) && scripts[`bench:${n}`] !== undefined);
const only = values.only?.split(',').map((s) => s.trim());
const unknown = (only ?? []).filter((n) => !found.includes(n));
if (unknown.length > 0) {
  console.error(`No benchmark named ${unknown.join(', ')}; there are ${found.join(', ')}.`);
  process.exit(2);
}
const benches = found.filter((n) => !only || only.includes(n)).sort();

/** Runs `npm run --silent bench:NAME`, echoing its output as it comes; resolves with its exit code. */
function runScript(name: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', `bench:${name}`, ...(args.length > 0 ? ['--', ...args] : [])], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) => resolve(code));
  });
}

const failed: string[] = [];
const started = new Date();
console.log(`Running ${benches.join(', ')}${values.quick ? ' (quick)' : ''}; Node ${process.version}; load ${loadAverages()}\n`);
for (const name of benches) {
  console.log(`── ${name} ${'─'.repeat(60)}`);
  const code = await runScript(name, values.quick ? QUICK_ARGS[name] ?? [] : []);
  if (code !== 0) failed.push(`${name} exited with ${code}`);
  console.log('');
}

const header = ['bench', 'what', 'value', 'same-run baseline', 'ratio', 'target', 'load'];
const rows: string[][] = [];
const results = readBenchResults();
for (const result of results) {
  const earlier = result.writtenAt < started ? ` (earlier run, ${result.writtenAt.toISOString().slice(0, 16).replace('T', ' ')})` : '';
  for (const row of result.rows) {
    rows.push([
      result.bench + earlier, row.what, `${formatFigure(row.value)} ${row.unit}`.trim(),
      row.baseline !== undefined ? `${formatFigure(row.baseline)} ${row.unit}${row.baselineWhat ? ` (${row.baselineWhat})` : ''}` : '',
      row.ratio !== undefined ? `${formatFigure(row.ratio)}×` : '', row.target ?? '', result.load,
    ]);
  }
}
for (const name of benches) {
  if (!results.some((r) => r.bench === name)) rows.push([name, `(wrote no bench/results/${name}.json)`, '', '', '', '', '']);
}
console.log(`Summary (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s, Node ${process.version}, load now ${loadAverages()}; ratios compare with baselines measured in the same run)`);
// A markdown table, so it pastes into an issue or a report as it is.
const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
console.log([line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n'));
if (failed.length > 0) {
  console.log(`\nFAILED: ${failed.join('\n')}`);
  process.exitCode = 1;
}
