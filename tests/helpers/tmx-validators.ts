import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A copy of shared/standards/tmx14.dtd kept with the fixtures. */
export const TMX_DTD = fileURLToPath(new URL('../fixtures/tmx/tmx14.dtd', import.meta.url));
/** Debian's python3: translate-toolkit is installed for it, not for any pyenv python first on PATH. */
const SYSTEM_PYTHON = '/usr/bin/python3';

const haveXmllint = spawnSync('xmllint', ['--version']).status === 0;
const haveToolkit = existsSync(SYSTEM_PYTHON) && spawnSync(SYSTEM_PYTHON, ['-c', 'import translate.storage.tmx']).status === 0;
/** Outside CI a missing validator skips its checks with a message; under CI=true it fails. */
export const validatorsMissing = (!haveXmllint || !haveToolkit) && process.env.CI !== 'true';
if (validatorsMissing) console.warn('TMX validator checks skipped: install libxml2-utils and translate-toolkit (apt-get).');

function withFile<T>(content: string | Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-tmx-'));
  const path = join(dir, 'export.tmx');
  writeFileSync(path, content);
  // Our exports carry <!DOCTYPE tmx SYSTEM "tmx14.dtd">; the DTD sits beside them as it would for a user.
  copyFileSync(TMX_DTD, join(dir, 'tmx14.dtd'));
  try {
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `xmllint --noout --dtdvalid tmx14.dtd FILE`: exit code and messages. */
export function xmllintDtd(content: string | Uint8Array): { status: number | null; output: string } {
  return withFile(content, (path) => {
    const result = spawnSync('xmllint', ['--noout', '--dtdvalid', TMX_DTD, path], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  });
}

const TOOLKIT_SCRIPT = `
import json, sys
from translate.storage import tmx
from translate.misc.xml_helpers import getXMLlang
store = tmx.tmxfile.parsefile(sys.argv[1])
print(json.dumps([[[getXMLlang(n), u.getNodeText(n)] for n in u.getlanguageNodes()] for u in store.units], ensure_ascii=False))
`;

/** Every unit as translate-toolkit's TMX reader sees it: [[lang, text], …] per unit. */
export function toolkitUnits(content: string | Uint8Array): [string, string][][] {
  return withFile(content, (path) =>
    JSON.parse(execFileSync(SYSTEM_PYTHON, ['-c', TOOLKIT_SCRIPT, path], { encoding: 'utf8' })) as [string, string][][]);
}
