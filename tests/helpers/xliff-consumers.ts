import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's python3: translate-toolkit is installed for it, not for a pyenv python first on PATH. */
const SYSTEM_PYTHON = '/usr/bin/python3';
const OMEGAT = '/usr/bin/omegat';

const haveToolkit = existsSync(SYSTEM_PYTHON) && spawnSync(SYSTEM_PYTHON, ['-c', 'import translate.storage.xliff']).status === 0;
const haveXmllint = spawnSync('xmllint', ['--version']).status === 0;
/** Outside CI a missing consumer skips its checks with a message; under CI=true it fails. */
export const toolkitMissing = (!haveToolkit || !haveXmllint) && process.env.CI !== 'true';
export const omegatMissing = !existsSync(OMEGAT) && process.env.CI !== 'true';
if (toolkitMissing) console.warn('XLIFF consumer checks skipped: install translate-toolkit and libxml2-utils (apt-get).');
if (omegatMissing) console.warn(`OmegaT round trip skipped: ${OMEGAT} is missing (apt-get install omegat).`);

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-xliff-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TOOLKIT_SCRIPT = `
import json, sys
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
print(json.dumps([[u.source, u.target, u.getnotes()] for u in store.units if not u.isheader()], ensure_ascii=False))
`;

/** Every unit of an XLIFF 1.2 file as translate-toolkit reads it: [source, target, notes]. */
export function toolkitXliffUnits(xml: string): [string, string | null, string][] {
  return inTempDir((dir) => {
    const path = join(dir, 'export.xlf');
    writeFileSync(path, xml);
    return JSON.parse(execFileSync(SYSTEM_PYTHON, ['-c', TOOLKIT_SCRIPT, path], { encoding: 'utf8' })) as [string, string | null, string][];
  });
}

/** translate-toolkit's `xliff2po` converter on the file: its exit code and the PO it wrote. */
export function xliff2po(xml: string): { status: number | null; po: string; output: string } {
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'in.xlf'), xml);
    const result = spawnSync('/usr/bin/xliff2po', ['-i', join(dir, 'in.xlf'), '-o', join(dir, 'out.po')], { encoding: 'utf8' });
    return { status: result.status, po: existsSync(join(dir, 'out.po')) ? readFileSync(join(dir, 'out.po'), 'utf8') : '', output: `${result.stdout}${result.stderr}` };
  });
}

/** `xmllint --noout`: well-formedness as libxml2 judges it. */
export function xmllintWellFormed(xml: string): { status: number | null; output: string } {
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'f.xml'), xml);
    const result = spawnSync('xmllint', ['--noout', join(dir, 'f.xml')], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  });
}

const PROJECT = (source: string, target: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>${source}</source_lang>
    <target_lang>${target}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
`;

/**
 * OmegaT in console mode on a project made of our XLIFF (source/) and TMX (tm/auto/): the
 * translated XLIFF it writes into target/, and its log.
 */
export function omegatTranslate(input: { xliff: string; tmx: string; source: string; target: string }): { status: number | null; xliff: string; log: string } {
  return inTempDir((dir) => {
    for (const sub of ['source', 'target', 'tm/auto', 'omegat', 'glossary', 'dictionary']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'omegat.project'), PROJECT(input.source, input.target));
    writeFileSync(join(dir, 'source', 'document.xlf'), input.xliff);
    writeFileSync(join(dir, 'tm', 'auto', 'duizhao.tmx'), input.tmx);
    // OmegaT writes its settings under the home folder: give it a throwaway one.
    const home = join(dir, 'home');
    mkdirSync(home);
    const result = spawnSync(OMEGAT, [dir, '--mode=console-translate'], {
      encoding: 'utf8', timeout: 180_000, env: { ...process.env, HOME: home, JAVA_TOOL_OPTIONS: '-Djava.awt.headless=true' },
    });
    const out = join(dir, 'target', 'document.xlf');
    return { status: result.status, xliff: existsSync(out) ? readFileSync(out, 'utf8') : '', log: `${result.stdout}${result.stderr}` };
  });
}
