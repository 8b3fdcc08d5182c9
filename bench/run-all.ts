/**
 * `npm run bench`: runs every benchmark in bench/ and ends with one table of their figures
 * beside the baselines each measured in the same run (README "Benchmarks").
 *
 * load and editor run in this process; the others (align, tmx, tm, … — any bench/*.ts with a
 * `bench:NAME` script) run as their own npm scripts, their full output is shown as it comes,
 * and their summary lines are lifted into the table.
 *
 *   npm run bench                     everything at full size
 *   npm run bench -- --quick          smaller sizes (align --quick, 20 s load, 2,000 segments)
 *   npm run bench -- --only load,tmx  a subset
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTable, printTable, runLoad } from './load.js';
import { runEditorBench } from './editor.js';

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const IN_PROCESS = ['load', 'editor'];
const NOT_BENCHES = ['run-all'];

type Row = [bench: string, what: string, figures: string, baseline: string];

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
const found = readdirSync(BENCH_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).filter((n) => !NOT_BENCHES.includes(n))
  .filter((n) => IN_PROCESS.includes(n) || scripts[`bench:${n}`] !== undefined);
const only = values.only?.split(',').map((s) => s.trim());
const benches = found.filter((n) => !only || only.includes(n)).sort();

/** Runs `npm run --silent bench:NAME`, echoing its output, and returns it. */
function runScript(name: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', `bench:${name}`, ...(args.length > 0 ? ['--', ...args] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const echo = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      process.stdout.write(chunk);
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Summary rows lifted from a child bench's own output. */
function summarize(name: string, output: string): Row[] {
  const lines = output.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
  if (name === 'align') {
    // The first markdown table: | set | P strict | R strict | F1 strict | … | beads | time |
    const table = lines.filter((l) => /^\| /.test(l) && !/^\|[-|]+\|$/.test(l) && !l.startsWith('| set') && !l.startsWith('| confidence') && !/^\| \[/.test(l));
    const scores: Row[] = table.map((l) => l.split('|').map((c) => c.trim()).filter((c) => c.length > 0))
      .filter((cells) => cells.length >= 8)
      .map((cells) => ['align', `F1 on ${cells[0]}`, `strict ${cells[3]}, lax ${cells[6]}, ${cells[7]} beads, ${cells[8] ?? ''}`.trim(), '']);
    const others: Row[] = lines.filter((l) => /confidence ≥ 0\.9|10,?000|peak|CPU|baseline/i.test(l) && !l.startsWith('|')).slice(0, 6).map((l) => {
      const colon = l.indexOf(':');
      return colon > 0 && colon < 70 ? ['align', l.slice(0, colon), l.slice(colon + 1).trim(), ''] : ['align', l.slice(0, 70), l.slice(70), ''];
    });
    return [...scores, ...others];
  }
  if (name === 'tmx') {
    const header = lines.findIndex((l) => l.startsWith('step '));
    return lines.slice(header + 1).filter(() => header >= 0).map((l) => {
      const cells = l.split(/ {2,}/);
      const baseline = cells[0]?.startsWith('plain') ? 'baseline' : '';
      const units = cells[1] && cells[1] !== '—' ? `${cells[1]} units, ` : '';
      return ['tmx', cells[0] ?? l, `${units}${cells[2] ?? ''} MB in ${cells[3] ?? ''} s (${cells[5] ?? ''} MB/s), peak RSS ${cells[6] ?? ''} MB`, baseline];
    });
  }
  // Any other bench: its two-column markdown table (| measure | value |), else its last lines.
  const pairs = lines.filter((l) => /^\|[^|]+\|[^|]+\|$/.test(l) && !/^\|[-| ]+\|$/.test(l)).map((l) => l.split('|').map((c) => c.trim()))
    .filter((c) => c[1] !== 'measure');
  if (pairs.length > 0) return pairs.map((c) => [name, c[1] ?? '', c[2] ?? '', '']);
  return lines.slice(-5).map((l) => [name, l.slice(0, 70), l.slice(70), '']);
}

const summary: Row[] = [];
const failed: string[] = [];
const started = performance.now();
console.log(`Running ${benches.join(', ')}${values.quick ? ' (quick)' : ''}; Node ${process.version}\n`);
for (const name of benches) {
  console.log(`── ${name} ${'─'.repeat(60)}`);
  try {
    if (name === 'load') {
      const result = await runLoad(values.quick ? { clients: 20, seconds: 5 } : { clients: 50, seconds: 10 });
      const table = loadTable(result);
      printTable('', ['bench', 'what', 'throughput', 'p50 ms', 'p99 ms', 'vs baseline'], table);
      for (const r of table) summary.push([r[0]!, r[1]!, `${r[2]}, p50 ${r[3]} ms, p99 ${r[4]} ms`, r[5]!]);
      const s = result.saves;
      summary.push(['load', 'checks', `${s.acknowledged} saves kept, ${s.conflicts} conflicts all 409, ${result.problems.length} problems`, '']);
      if (result.problems.length > 0) failed.push(`load: ${result.problems.slice(0, 3).join('; ')}`);
    } else if (name === 'editor') {
      const rows = await runEditorBench({ segments: values.quick ? 2000 : 10_000, saves: values.quick ? 300 : 1000, align: true, rowsRequests: 200 });
      printTable('', ['bench', 'what', 'n', 'p50 ms', 'p95 ms', 'vs baseline'], rows);
      for (const r of rows) summary.push([r[0]!, r[1]!, r[3] ? `n=${r[2]}, p50 ${r[3]}${r[4] ? `, p95/p99 ${r[4]}` : ''}` : '', r[5]!]);
    } else {
      const args = values.quick && name === 'align' ? ['--quick'] : values.quick && name === 'tmx' ? ['--groups', '20000'] : [];
      const { code, output } = await runScript(name, args);
      if (code !== 0) failed.push(`${name} exited with ${code}`);
      summary.push(...summarize(name, output));
    }
  } catch (error) {
    failed.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log('');
}

printTable(`Summary (${((performance.now() - started) / 1000).toFixed(0)} s, Node ${process.version}; ratios compare with baselines measured in this run)`,
  ['bench', 'what', 'figures', 'vs same-run baseline'], summary);
if (!existsSync(`${BENCH_DIR}tm.ts`)) console.log('(no bench/tm.ts yet: the TM benchmark joins this table when it exists)');
if (failed.length > 0) {
  console.log(`\nFAILED: ${failed.join('\n')}`);
  process.exitCode = 1;
}
