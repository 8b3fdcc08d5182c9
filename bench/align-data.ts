/**
 * The aligner's development data for benches: MAC-Dev (../shared/eval/mac-dev, outside the
 * repository) and the demo's joint statement, as sentences with gold beads, and the fixed split
 * of MAC-Dev's chapters into a tuning half and a held-out half.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sentence } from '../src/align/aligner.js';
import { parseBeads, type BeadShape } from '../src/align/beads.js';
import { sharedDir } from './shared-data.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = sharedDir(ROOT) ?? resolve(ROOT, '../shared');
export const MAC_DEV = join(SHARED, 'eval/mac-dev');
const JOINT = join(ROOT, 'demo/joint-statement-2022');

/**
 * MAC-Dev chapters the aligner's weights and calibration may be tuned on; the others are only
 * ever reported. Chosen before looking at any per-chapter figure of the new model: the first
 * three chapters by number.
 */
export const TUNING_CHAPTERS = ['001', '002', '003'];

/** One aligned document of the development data. */
export interface Doc {
  name: string;
  src: Sentence[];
  tgt: Sentence[];
  /** The raw lines (one sentence each), for building other input forms. */
  srcLines: string[];
  tgtLines: string[];
  gold: BeadShape[];
  lang: string;
}

export function readLines(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function doc(name: string, srcPath: string, tgtPath: string, goldPath: string, lang: string): Doc {
  const srcLines = readLines(srcPath);
  const tgtLines = readLines(tgtPath);
  return {
    name, lang, srcLines, tgtLines,
    src: srcLines.map((text) => ({ text })),
    tgt: tgtLines.map((text) => ({ text })),
    gold: parseBeads(readFileSync(goldPath, 'utf8')),
  };
}

/** The six MAC-Dev chapters, or undefined when the shared data is not there. */
export function macDevDocs(): Doc[] | undefined {
  if (!existsSync(MAC_DEV)) return undefined;
  return readdirSync(MAC_DEV)
    .filter((f) => f.endsWith('.gold'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -5);
      return doc(name, join(MAC_DEV, `${name}.zh`), join(MAC_DEV, `${name}.en`), join(MAC_DEV, f), 'en');
    });
}

/** The demo's joint statement in one target language. */
export function jointDoc(lang: string): Doc {
  return doc(`joint-${lang}`, join(JOINT, 'zh.sentences'), join(JOINT, `${lang}.sentences`), join(JOINT, `${lang}.gold`), lang);
}

/** MAC-Dev split into the tuning and the held-out chapters. */
export function macDevHalves(docs: readonly Doc[]): { tuning: Doc[]; heldOut: Doc[] } {
  return { tuning: docs.filter((d) => TUNING_CHAPTERS.includes(d.name)), heldOut: docs.filter((d) => !TUNING_CHAPTERS.includes(d.name)) };
}
