/**
 * Benchmark results as JSON (issue #15): each bench writes bench/results/<bench>.json
 * (git-ignored) with its figures beside the same-run baselines, for `npm run bench` to tabulate.
 * (The perf engineer's fuller module of the same name and signature supersedes this one.)
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** One figure of a bench, with the same-run baseline it should be read against. */
export interface BenchRow {
  what: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineWhat?: string;
  ratio?: number;
  target?: string;
}

/** The load averages as `uptime` shows them: "1.52, 1.10, 0.87". */
export function loadAverages(): string {
  return loadavg().map((n) => n.toFixed(2)).join(', ');
}

/** Writes bench/results/<name>.json through a temporary file and returns its path. */
export function writeBenchResult(name: string, rows: BenchRow[], dir: string = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${dir.endsWith('/') ? '' : '/'}${name}.json`;
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ bench: name, load: loadAverages(), rows }, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}
