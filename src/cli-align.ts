/**
 * `duizhao align`: align two texts and print the beads.
 *
 *   align --src-lang zh --tgt-lang en [--presplit] [--format beads|json|tsv] SRC TGT
 *
 * I/O comes in through `io` so tests can run the command without files or a process.
 */
import { ALIGN_LANGS, align, type Sentence } from './align/aligner.js';
import { formatBead } from './align/beads.js';
import { segment } from './text/segment.js';

/** What the align command needs from the outside world. */
export interface AlignIo {
  readFile(path: string): Promise<Uint8Array>;
  readStdin(): Promise<Uint8Array>;
  out(s: string): void;
  err(s: string): void;
}

const FORMATS = ['beads', 'json', 'tsv'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = 'usage: align --src-lang zh --tgt-lang en|ru [--presplit] [--format beads|json|tsv] SRC TGT  (one of SRC/TGT may be -)';

interface Parsed {
  srcLang: string;
  tgtLang: string;
  presplit: boolean;
  format: Format;
  files: string[];
}

class AlignUsageError extends Error {}

function parseArgs(args: string[]): Parsed {
  let srcLang: string | undefined;
  let tgtLang: string | undefined;
  let presplit = false;
  let format: Format = 'beads';
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
    else if (a === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new AlignUsageError(`unknown format "${f}" (beads, json or tsv)`);
      format = f as Format;
    } else if (a.startsWith('--')) throw new AlignUsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (srcLang === undefined || tgtLang === undefined) throw new AlignUsageError('--src-lang and --tgt-lang are required');
  for (const lang of [srcLang, tgtLang]) {
    if (!(ALIGN_LANGS as readonly string[]).includes(lang)) {
      throw new AlignUsageError(`unknown language "${lang}" (supported: ${ALIGN_LANGS.join(', ')})`);
    }
  }
  if (files.length !== 2) throw new AlignUsageError('give exactly two files, SRC and TGT');
  if (files[0] === '-' && files[1] === '-') throw new AlignUsageError('only one of SRC and TGT can be - (standard input)');
  return { srcLang, tgtLang, presplit, format, files };
}

async function readText(path: string, io: AlignIo): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AlignUsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${String(error)})`);
  }
  let text: string;
  try {
    // fatal: refuse invalid UTF-8 instead of silently inserting U+FFFD into an alignment.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AlignUsageError(`${path === '-' ? 'standard input' : path}: not valid UTF-8`);
  }
  if (text.trim().length === 0) throw new AlignUsageError(`${path === '-' ? 'standard input' : path}: empty input`);
  return text;
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

const tsvCell = (s: string): string => s.replace(/[\t\n\r]/g, ' ');

/**
 * Run `align` with its arguments; returns the exit code (0 ok, 2 usage or input error).
 * @example await alignCommand(['--src-lang', 'zh', '--tgt-lang', 'en', '--presplit', 'a.zh', 'a.en'], io) // prints `[0]:[0]` … → 0
 */
export async function alignCommand(args: string[], io: AlignIo): Promise<number> {
  let parsed: Parsed;
  let src: Sentence[];
  let tgt: Sentence[];
  try {
    parsed = parseArgs(args);
    const [srcText, tgtText] = [await readText(parsed.files[0] ?? '', io), await readText(parsed.files[1] ?? '', io)];
    src = toSentences(srcText, parsed.srcLang, parsed.presplit);
    tgt = toSentences(tgtText, parsed.tgtLang, parsed.presplit);
  } catch (error) {
    if (error instanceof AlignUsageError) {
      io.err(`align: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const beads = align(src, tgt, { sourceLang: parsed.srcLang, targetLang: parsed.tgtLang });
  const lines: string[] = [];
  for (const b of beads) {
    if (parsed.format === 'beads') lines.push(formatBead(b));
    else if (parsed.format === 'json') {
      lines.push(JSON.stringify({ source: b.source, target: b.target, bead: formatBead(b), confidence: b.confidence, reasons: b.reasons }));
    } else {
      const s = b.source.map((i) => src[i]?.text ?? '').join(' ');
      const t = b.target.map((j) => tgt[j]?.text ?? '').join(' ');
      lines.push(`${tsvCell(s)}\t${tsvCell(t)}\t${b.confidence.toFixed(3)}`);
    }
  }
  if (parsed.format === 'json') {
    // One JSON array, one bead a line: valid JSON that still diffs and greps well.
    io.out(lines.length > 0 ? `[\n${lines.join(',\n')}\n]\n` : '[]\n');
  } else {
    io.out(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  }
  return 0;
}
