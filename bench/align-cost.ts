/**
 * What an aligner change costs in CPU time, against another checkout of the code (paired runs):
 * each run is a fresh process that aligns MAC-Dev 001–003 and the demo (en, ru) once to warm up,
 * then three times, plainly and with every fourth gold bead given as an anchor (as after
 * confirms in the editor), and reports its CPU time (user + system) per pass. Runs alternate
 * their order pair by pair; the medians and the median of the pairs' ratios are printed with the
 * load average. The data is read from this checkout, the aligner from each.
 *
 *   git worktree add --detach /tmp/base main && cp -r node_modules /tmp/base/
 *   npm run bench:align-cost -- --base /tmp/base [--pairs 3]
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jointDoc, macDevDocs, macDevHalves, ROOT } from './align-data.js';
import { loadAverages, median, writeBenchResult, type BenchRow } from './report.js';

interface Cost { plain: number; anchored: number }

/** In a child process: the CPU seconds per pass of the aligner found under `root`. */
async function child(root: string): Promise<void> {
  const { align } = (await import(resolve(root, 'src/align/aligner.ts'))) as typeof import('../src/align/aligner.js');
  const mac = macDevDocs();
  if (mac === undefined) throw new Error('MAC-Dev not found');
  const docs = [...macDevHalves(mac).tuning, jointDoc('en'), jointDoc('ru')];
  const pass = (anchored: boolean) => {
    for (const d of docs) align(d.src, d.tgt, { sourceLang: 'zh', targetLang: d.lang, ...(anchored && { anchors: d.gold.filter((_, k) => k % 4 === 0) }) });
  };
  const cpu = (anchored: boolean): number => {
    pass(anchored);
    const c0 = process.cpuUsage();
    for (let r = 0; r < 3; r++) pass(anchored);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6 / 3;
  };
  const out: Cost = { plain: cpu(false), anchored: cpu(true) };
  console.log(JSON.stringify(out));
}

function measure(root: string): Cost {
  const r = spawnSync('npx', ['tsx', fileURLToPath(import.meta.url), '--child', root], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the run under ${root} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Cost;
}

function main(): void {
  const { values } = parseArgs({ options: { base: { type: 'string' }, pairs: { type: 'string', default: '3' }, child: { type: 'string' } } });
  if (values.child !== undefined) {
    void child(values.child);
    return;
  }
  if (values.base === undefined) throw new Error('--base DIR: the checkout to compare against (with its node_modules)');
  const base = resolve(values.base);
  const pairs = Number(values.pairs);
  if (!(Number.isInteger(pairs) && pairs >= 1)) throw new Error(`--pairs is a whole number from 1, not ${values.pairs}`);
  const runs: { base: Cost; here: Cost }[] = [];
  const loads: string[] = [];
  for (let k = 0; k < pairs; k++) {
    // Alternate the order, so a load that rises or falls during a pair favours neither side.
    const first = k % 2 === 0 ? measure(base) : measure(ROOT);
    const second = k % 2 === 0 ? measure(ROOT) : measure(base);
    runs.push(k % 2 === 0 ? { base: first, here: second } : { base: second, here: first });
    loads.push(loadAverages());
  }
  const rows: BenchRow[] = [];
  console.log(`Align CPU seconds per pass (MAC-Dev 001–003 + demo en, ru), ${pairs} paired runs, this checkout against ${base}`);
  console.log('| pass | base median | this median | median ratio | ratios |');
  console.log('|---|---|---|---|---|');
  for (const kind of ['plain', 'anchored'] as const) {
    const ratios = runs.map((r) => r.here[kind] / r.base[kind]);
    const b = median(runs.map((r) => r.base[kind]));
    const h = median(runs.map((r) => r.here[kind]));
    console.log(`| ${kind} | ${b.toFixed(3)} s | ${h.toFixed(3)} s | ${median(ratios).toFixed(3)} | ${ratios.map((x) => x.toFixed(2)).join(', ')} |`);
    rows.push({ what: `align CPU per pass, ${kind}`, value: Number(h.toFixed(3)), unit: 's', baseline: Number(b.toFixed(3)), baselineWhat: base, ratio: Number(median(ratios).toFixed(3)) });
  }
  console.log(`Load average after each pair: ${loads.join(' | ')} (2 cores)`);
  console.log(`Results: ${writeBenchResult('align-cost', rows)}`);
}

main();
