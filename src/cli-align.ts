/**
 * `duizhao align`: align two texts and print the beads, or a whole corpus in one process.
 *
 *   align --src-lang zh --tgt-lang en [--presplit] [--format beads|json|tsv] [--anchors FILE] SRC TGT
 *   align --src-lang zh --tgt-lang en [--presplit] [--format …] [--jobs N] --batch LIST
 *   align --src-lang zh --tgt-lang ru [--pivot en:PIVOT_FILE:PIVOT_BEADS] … SRC TGT
 *
 * --pivot gives the same source already aligned to a third language (PIVOT_BEADS: source ↔
 * pivot beads, in the beads format): its evidence joins the alignment (align/pivot.ts).
 *
 * LIST holds one pair a line, `SRC<TAB>TGT<TAB>OUT[<TAB>ANCHORS]` (blank lines and lines starting
 * with # are skipped); every input is read and checked before anything is aligned or written.
 * The pairs are aligned on --jobs N threads (cli-align-pool.ts; by default one a core but one, at most
 * one a pair; --jobs 1 aligns them in this thread), and written in the list's order whatever the
 * number: the outputs, and where a failed or interrupted batch stops, are the same for every N.
 * I/O comes in through `io` so tests can run the command without files or a process.
 */
import { availableParallelism } from 'node:os';
import { ALIGN_LANGS, AnchorError, PivotError, type PivotInput, type Sentence } from './align/aligner.js';
import { planAnchors } from './align/anchors.js';
import { parseBeads, type BeadShape } from './align/beads.js';
import { lexiconFor, type Lexicon } from './align/lexicon.js';
import { checkPivot } from './align/pivot.js';
import { FORMATS, alignPair, type Format, type PairInput, type PairSettings } from './cli-align-pair.js';
import { startAlignPool, type PairOutcome } from './cli-align-pool.js';
import { segment } from './text/segment.js';

/** What the align command needs from the outside world. */
export interface AlignIo {
  readFile(path: string): Promise<Uint8Array>;
  readStdin(): Promise<Uint8Array>;
  /** Writes a whole file (the CLI writes a temporary file and renames it into place). */
  writeFile(path: string, text: string): Promise<void>;
  /** Whether `path` is a directory one can write a file into. */
  isWritableDirectory(path: string): Promise<boolean>;
  out(s: string): void;
  err(s: string): void;
  /**
   * Calls `stop` on Ctrl-C (SIGINT) or SIGTERM instead of ending the process, until the returned
   * function is called: a batch on threads stops them and says what it wrote. Absent, nothing
   * listens (tests; and a batch in this thread, which a signal ends as before).
   */
  onInterrupt?(stop: () => void): () => void;
}

const USAGE = [
  'usage: align --src-lang zh --tgt-lang en|ru [--presplit] [--format beads|json|tsv] [--anchors FILE] [--pivot LANG:FILE:BEADS] SRC TGT  (one of SRC/TGT may be -)',
  '       align --src-lang zh --tgt-lang en|ru [--presplit] [--format beads|json|tsv] [--jobs N] --batch LIST  (LIST: SRC<TAB>TGT<TAB>OUT[<TAB>ANCHORS] a line; N threads, by default one a core but one)',
].join('\n');

interface Parsed {
  srcLang: string;
  tgtLang: string;
  presplit: boolean;
  format: Format;
  anchors: string | undefined;
  pivot: PivotSpec | undefined;
  batch: string | undefined;
  /** --jobs: threads for a batch (undefined: defaultThreads()). */
  jobs: number | undefined;
  files: string[];
}

/** `--pivot LANG:FILE:BEADS`: the pivot's language, its text and its source ↔ pivot beads. */
interface PivotSpec {
  lang: string;
  file: string;
  beads: string;
}

/**
 * Reads `LANG:FILE:BEADS`; the file names are what lies between the first and the last colon
 * and after the last one (a file name may hold colons, the beads file's cannot).
 */
function parsePivotSpec(spec: string): PivotSpec {
  const first = spec.indexOf(':');
  const last = spec.lastIndexOf(':');
  if (first < 0 || last === first) throw new AlignUsageError(`--pivot needs LANG:FILE:BEADS (e.g. en:doc.en:doc.zh-en.beads), got "${spec}"`);
  const lang = spec.slice(0, first);
  const file = spec.slice(first + 1, last);
  const beads = spec.slice(last + 1);
  if (file.length === 0 || beads.length === 0) throw new AlignUsageError(`--pivot needs LANG:FILE:BEADS with both files named, got "${spec}"`);
  if (file === '-' || beads === '-') throw new AlignUsageError('--pivot files cannot be - (standard input)');
  return { lang, file, beads };
}

class AlignUsageError extends Error {}

function parseArgs(args: string[]): Parsed {
  let srcLang: string | undefined;
  let tgtLang: string | undefined;
  let presplit = false;
  let format: Format = 'beads';
  let anchors: string | undefined;
  let pivot: PivotSpec | undefined;
  let batch: string | undefined;
  let jobs: number | undefined;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k] ?? '';
    const value = (): string => {
      const v = args[++k];
      if (v === undefined) throw new AlignUsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--src-lang') srcLang = value();
    else if (a === '--tgt-lang') tgtLang = value();
    else if (a === '--presplit') presplit = true;
    else if (a === '--anchors') anchors = value();
    else if (a === '--pivot') pivot = parsePivotSpec(value());
    else if (a === '--batch') batch = value();
    else if (a === '--jobs') {
      const v = value();
      if (!/^[1-9][0-9]{0,5}$/.test(v)) throw new AlignUsageError(`--jobs takes a number of threads from 1 up, not "${v}"`);
      jobs = Number(v);
    }
    else if (a === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new AlignUsageError(`unknown format "${f}" (beads, json or tsv)`);
      format = f as Format;
    } else if (a.startsWith('--')) throw new AlignUsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (srcLang === undefined || tgtLang === undefined) throw new AlignUsageError('--src-lang and --tgt-lang are required');
  for (const lang of [srcLang, tgtLang, ...(pivot ? [pivot.lang] : [])]) {
    if (!(ALIGN_LANGS as readonly string[]).includes(lang)) {
      throw new AlignUsageError(`unknown language "${lang}" (supported: ${ALIGN_LANGS.join(', ')})`);
    }
  }
  if (pivot !== undefined && pivot.lang === srcLang) throw new AlignUsageError(`the pivot must be a translation of the source, not in its language (${srcLang})`);
  if (batch !== undefined) {
    if (pivot !== undefined) throw new AlignUsageError('--pivot aligns one pair: it cannot be combined with --batch');
    if (files.length > 0) throw new AlignUsageError('--batch takes its files from LIST: give no SRC or TGT');
    if (anchors !== undefined) throw new AlignUsageError('with --batch, give each pair\'s anchors in the fourth column of LIST');
  } else {
    if (jobs !== undefined) throw new AlignUsageError('--jobs sets the threads of a --batch: one pair aligns in one');
    if (files.length !== 2) throw new AlignUsageError('give exactly two files, SRC and TGT');
    if (files[0] === '-' && files[1] === '-') throw new AlignUsageError('only one of SRC and TGT can be - (standard input)');
  }
  return { srcLang, tgtLang, presplit, format, anchors, pivot, batch, jobs, files };
}

const named = (path: string): string => (path === '-' ? 'standard input' : path);

async function readBytes(path: string, io: AlignIo): Promise<Uint8Array> {
  try {
    return path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AlignUsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${String(error)})`);
  }
}

function decode(bytes: Uint8Array, path: string): string {
  try {
    // fatal: refuse invalid UTF-8 instead of silently inserting U+FFFD into an alignment.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AlignUsageError(`${named(path)}: not valid UTF-8`);
  }
}

async function readText(path: string, io: AlignIo): Promise<string> {
  const text = decode(await readBytes(path, io), path);
  if (text.trim().length === 0) throw new AlignUsageError(`${named(path)}: empty input`);
  return text;
}

async function readAnchors(path: string, io: AlignIo): Promise<BeadShape[]> {
  try {
    return parseBeads(decode(await readBytes(path, io), path));
  } catch (error) {
    if (error instanceof AlignUsageError) throw error;
    throw new AlignUsageError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function toSentences(text: string, lang: string, presplit: boolean): Sentence[] {
  if (presplit) {
    // Line N is sentence N-1, exactly as given; only a final newline does not make a sentence.
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.map((line) => ({ text: line }));
  }
  return segment(text, lang);
}

/** One pair to align, read and checked. */
interface Job extends PairInput {
  out?: string;
  label: string;
}

async function readJob(parsed: Parsed, srcPath: string, tgtPath: string, anchorsPath: string | undefined, io: AlignIo): Promise<Job> {
  const srcText = await readText(srcPath, io);
  const tgtText = await readText(tgtPath, io);
  return {
    src: toSentences(srcText, parsed.srcLang, parsed.presplit),
    tgt: toSentences(tgtText, parsed.tgtLang, parsed.presplit),
    anchors: anchorsPath === undefined ? [] : await readAnchors(anchorsPath, io),
    label: `${srcPath} ↔ ${tgtPath}`,
  };
}

/** The pivot's text, segmented as SRC and TGT are, and its beads (read, not yet checked). */
async function readPivot(spec: PivotSpec, presplit: boolean, io: AlignIo): Promise<PivotInput> {
  const sentences = toSentences(await readText(spec.file, io), spec.lang, presplit);
  return { lang: spec.lang, sentences, beads: await readAnchors(spec.beads, io) };
}

/** The lines of a batch LIST as jobs, every file read and every output place checked. */
async function readBatch(parsed: Parsed, list: string, io: AlignIo): Promise<Job[]> {
  const text = await readText(list, io);
  const jobs: Job[] = [];
  const outputs = new Map<string, number>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] ?? '';
    if (line.trim().length === 0 || line.startsWith('#')) continue;
    const where = `${list} line ${k + 1}`;
    const fields = line.split('\t');
    if (fields.length < 3 || fields.length > 4 || fields.some((f) => f.length === 0)) {
      throw new AlignUsageError(`${where}: expected SRC<TAB>TGT<TAB>OUT[<TAB>ANCHORS], got ${fields.length} field(s)`);
    }
    const [src = '', tgt = '', out = '', anchors] = fields;
    if ([src, tgt, out].includes('-')) throw new AlignUsageError(`${where}: standard input and output (-) cannot be used in a batch`);
    if (out === src || out === tgt || out === anchors) throw new AlignUsageError(`${where}: OUT ${out} would overwrite an input`);
    const earlier = outputs.get(out);
    if (earlier !== undefined) throw new AlignUsageError(`${where}: OUT ${out} is already the output of line ${earlier}`);
    outputs.set(out, k + 1);
    const slash = out.lastIndexOf('/');
    const dir = slash < 0 ? '.' : slash === 0 ? '/' : out.slice(0, slash);
    if (!(await io.isWritableDirectory(dir))) throw new AlignUsageError(`${where}: cannot write ${out}: ${dir} is not a writable directory`);
    try {
      jobs.push({ ...(await readJob(parsed, src, tgt, anchors, io)), out, label: `${src} ↔ ${tgt}` });
    } catch (error) {
      if (error instanceof AlignUsageError) throw new AlignUsageError(`${where}: ${error.message}`);
      throw error;
    }
  }
  if (jobs.length === 0) throw new AlignUsageError(`${list}: no pairs to align`);
  // An output that is another line's input would be overwritten before it is read.
  const inputs = new Set(lines.flatMap((l) => l.split('\t').slice(0, 2)).concat(lines.flatMap((l) => l.split('\t').slice(3, 4))));
  for (const [out, line] of outputs) if (inputs.has(out)) throw new AlignUsageError(`${list} line ${line}: OUT ${out} is an input of another line`);
  return jobs;
}

const settingsOf = (parsed: Parsed): PairSettings => ({ srcLang: parsed.srcLang, tgtLang: parsed.tgtLang, format: parsed.format });

/**
 * One dictionary for a whole batch: the entries any of its texts can use (lexicon.ts
 * `lexiconFor`), read once instead of once a pair. Each pair sees the same words as with its own:
 * an entry only matters where its word occurs in the text, and then its own would hold it too.
 */
function batchLexicon(jobs: readonly Job[]): Lexicon {
  return lexiconFor((function* texts(): Generator<string> {
    for (const job of jobs) for (const s of [...job.src, ...job.tgt]) yield s.text;
  })());
}

/**
 * Run `align` with its arguments; returns the exit code (0 ok, 2 usage or input error).
 * @example await alignCommand(['--src-lang', 'zh', '--tgt-lang', 'en', '--presplit', 'a.zh', 'a.en'], io) // prints `[0]:[0]` … → 0
 */
export async function alignCommand(args: string[], io: AlignIo): Promise<number> {
  try {
    const parsed = parseArgs(args);
    if (parsed.batch !== undefined) return await runBatch(parsed, parsed.batch, io);
    const job = await readJob(parsed, parsed.files[0] ?? '', parsed.files[1] ?? '', parsed.anchors, io);
    if (parsed.pivot !== undefined) job.pivot = await readPivot(parsed.pivot, parsed.presplit, io);
    checkAnchors(job);
    io.out(alignPair(job, settingsOf(parsed)).text);
    return 0;
  } catch (error) {
    if (error instanceof AlignUsageError) {
      io.err(`align: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * Threads for a batch without --jobs: one a core but one. A batch in one thread already keeps
 * about 1.4 cores busy (V8 compiles and collects garbage on threads of its own: MAC-Dev with
 * --jobs 1 took 2.9-3.4 s of CPU in 2.2-2.5 s of wall, load 1.4-2.1; per thread from /proc, the
 * aligning thread 1.96 s and V8's four 1.26 s), and every further thread compiles the aligner
 * again (--jobs 2: 3.6-3.9 s of CPU): on this project's 2-core machine two threads were slower
 * than one (MAC-Dev --presplit, medians of 5 in turn, load 1.4-3.3: 3.91 s against 2.71 s wall;
 * README "Benchmarks").
 */
export function defaultThreads(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/**
 * A batch: every pair read and checked, then aligned (in this thread or on a pool of threads) and
 * written in the list's order; exit code 0, 1 when a pair fails or its output cannot be written
 * (the outputs before it are written, none after), 130 when interrupted.
 */
async function runBatch(parsed: Parsed, list: string, io: AlignIo): Promise<number> {
  const jobs = await readBatch(parsed, list, io);
  // Anchors are checked for every pair before the first output is written.
  for (const job of jobs) checkAnchors(job);
  const threads = Math.min(parsed.jobs ?? defaultThreads(), jobs.length);
  const settings = settingsOf(parsed);
  const pool = threads > 1 ? startAlignPool(jobs, settings, () => batchLexicon(jobs), threads) : undefined;
  const stopListening = pool === undefined ? undefined : io.onInterrupt?.(() => void pool.close());
  io.err(`align: ${jobs.length} pairs on ${threads} thread${threads === 1 ? '' : 's'}\n`);
  const inThisThread = (lexicon: Lexicon) => (job: Job, _k: number): PairOutcome => {
    try {
      return { ok: true, output: alignPair(job, settings, lexicon) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error), interrupted: false };
    }
  };
  const outcomeOf = pool === undefined ? inThisThread(batchLexicon(jobs)) : (_job: Job, k: number) => pool.outcome(k);
  try {
    for (const [k, job] of jobs.entries()) {
      const where = `${k + 1}/${jobs.length} ${job.label}`;
      const outcome = await outcomeOf(job, k);
      const written = k === 0 ? 'nothing written' : `the outputs of pairs 1–${k} written, none after`;
      if (!outcome.ok) {
        io.err(outcome.interrupted ? `align: interrupted before ${where}: ${written}\n` : `align: ${where} failed: ${outcome.message} (${written})\n`);
        return outcome.interrupted ? 130 : 1;
      }
      if (job.out === undefined) continue;
      try {
        await io.writeFile(job.out, outcome.output.text);
      } catch (error) {
        io.err(`align: ${where}: cannot write ${job.out}: ${error instanceof Error ? error.message : String(error)} (${written})\n`);
        return 1;
      }
      io.err(`align: ${where} → ${job.out} (${outcome.output.beads} beads)\n`);
    }
    return 0;
  } finally {
    stopListening?.();
    await pool?.close();
  }
}

/** Anchors checked against their texts, without aligning (batch: before any output is written). */
function checkAnchors(job: Job): void {
  try {
    planAnchors(job.anchors, job.src.length, job.tgt.length);
  } catch (error) {
    if (error instanceof AnchorError) throw new AlignUsageError(`${job.label}: ${error.message}`);
    throw error;
  }
  if (job.pivot === undefined) return;
  try {
    checkPivot(job.pivot, job.src.length);
  } catch (error) {
    if (error instanceof PivotError) throw new AlignUsageError(`--pivot: ${error.message} (the source has ${job.src.length} sentences, the ${job.pivot.lang} text ${job.pivot.sentences.length})`);
    throw error;
  }
}
