/**
 * Benchmark results as JSON (issue #15 "Benchmarks write JSON"): each bench writes
 * bench/results/<bench>.json (git-ignored) with its figures beside the baselines it
 * measured in the same run, and `npm run bench` builds its Summary table from whatever
 * files are there instead of reading printed text.
 *
 *   { "bench": "tm", "load": "1.52, 1.10, 0.87", "rows": [
 *       { "what": "fuzzy look-up p95, 1,000,000 units", "value": 21.4, "unit": "ms", "target": "< 30 ms" } ] }
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** One figure of a bench, with the same-run baseline it should be read against. */
export interface BenchRow {
  what: string;
  value: number;
  unit: string;
  /** The same measure of the baseline, taken in the same run on the same machine. */
  baseline?: number;
  baselineWhat?: string;
  /** value ÷ baseline (or whatever ratio the bench states in `what`). */
  ratio?: number;
  /** The goal this figure is held to, in words (`≥ 10,000 units/s`). */
  target?: string;
}

export interface BenchResult {
  bench: string;
  /** The 1, 5 and 15 minute load averages when the bench finished, as `uptime` prints them. */
  load: string;
  rows: BenchRow[];
}

/** The load averages as `uptime` shows them: "1.52, 1.10, 0.87". */
export function loadAverages(): string {
  return loadavg().map((n) => n.toFixed(2)).join(', ');
}

/** The median of some timings (the mean of the middle two for an even count; NaN for none). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2;
}

/** value ÷ baseline, rounded to 3 significant digits (undefined when the baseline is 0 or not a number). */
export function ratioOf(value: number, baseline: number): number | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return Number((value / baseline).toPrecision(3));
}

function checkRow(name: string, row: BenchRow): void {
  if (typeof row.what !== 'string' || row.what.length === 0) throw new TypeError(`${name}: a row needs a "what"`);
  if (typeof row.value !== 'number') throw new TypeError(`${name}: row "${row.what}" has no numeric value`);
  if (typeof row.unit !== 'string') throw new TypeError(`${name}: row "${row.what}" has no unit`);
}

/**
 * Writes bench/results/<name>.json (via a temporary file, so a reader never sees half a
 * file) and returns its path. Non-finite values are written as null by JSON; the
 * Summary shows them as "—".
 */
export function writeBenchResult(name: string, rows: BenchRow[], dir: string = RESULTS_DIR): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new TypeError(`A bench name is lower-case letters, digits and dashes, not "${name}"`);
  rows.forEach((row) => checkRow(name, row));
  mkdirSync(dir, { recursive: true });
  const result: BenchResult = { bench: name, load: loadAverages(), rows };
  const path = `${dir}${dir.endsWith('/') ? '' : '/'}${name}.json`;
  writeFileSync(`${path}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Every bench/results/*.json there is, by bench name, with when it was written. */
export function readBenchResults(dir: string = RESULTS_DIR): (BenchResult & { writtenAt: Date })[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const path = `${dir}${dir.endsWith('/') ? '' : '/'}${file}`;
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as BenchResult;
    if (typeof parsed.bench !== 'string' || !Array.isArray(parsed.rows)) throw new TypeError(`${file} is not a bench result`);
    return { ...parsed, writtenAt: statSync(path).mtime };
  });
}

/** A figure for the table: 3 significant digits below 1000, grouped thousands above. */
export function formatFigure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  if (value === 0) return '0';
  return String(Number(value.toPrecision(3)));
}
