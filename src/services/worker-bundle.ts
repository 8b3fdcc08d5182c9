import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundles = new Map<string, Promise<string>>();

/**
 * A worker entry (a .ts file next to this one) as one ES module file, built once per
 * process with esbuild, the way services/align-runner.ts builds the aligner's worker: a
 * worker thread cannot load TypeScript by itself under vitest, tsx or a plain install.
 * `entry` is the file name, e.g. 'docx-worker.ts'.
 */
export function workerBundle(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (bundle) return bundle;
  bundle = (async () => {
    // Inside node_modules/.cache so the bundle resolves packages from the project's node_modules.
    const cache = fileURLToPath(new URL('../../node_modules/.cache/duizhao/', import.meta.url));
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'worker-'));
    const outfile = join(dir, entry.replace(/\.ts$/, '.mjs'));
    await build({
      entryPoints: [fileURLToPath(new URL(`./${entry}`, import.meta.url))],
      bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error',
      // mammoth and its dependencies are CommonJS: give the ES module a require().
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })();
  bundles.set(entry, bundle);
  bundle.catch(() => bundles.delete(entry));
  return bundle;
}
