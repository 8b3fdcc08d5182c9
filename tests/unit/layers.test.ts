import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** DESIGN.md "Layers": arrows are the only imports allowed. This keeps them honest. */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function filesUnderAny(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnderAny(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const source = readFileSync(path, 'utf8');
  const patterns = [
    /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] ?? ''));
}

const files = filesUnder(SRC).map((path) => ({ path, name: relative(SRC, path), imports: importsOf(path) }));
const layerOf = (name: string) => name.split('/')[0] ?? '';

describe('layering', () => {
  it.each(files.filter((f) => ['text', 'align', 'formats', 'qa'].includes(layerOf(f.name))).map((f) => [f.name, f]))(
    '%s is pure: no Node I/O, store, services or web',
    (_name, file) => {
      // lexicon-data.ts is the one documented exception: it loads the CC-CEDICT file the registry package ships.
      const allowed = file.name === 'align/lexicon-data.ts' ? ['node:fs', 'node:module', 'node:path', 'node:url'] : [];
      const bad = file.imports.filter((spec) =>
        (spec.startsWith('node:') && !allowed.includes(spec))
        || ['fs', 'path', 'http', 'https', 'net', 'child_process', 'better-sqlite3', 'express'].includes(spec)
        || /\/(store|services|web|client)\//.test(spec) || spec.includes('cli'));
      expect(bad).toEqual([]);
    },
  );

  it('only src/store imports better-sqlite3', () => {
    const offenders = files.filter((f) => f.imports.includes('better-sqlite3') && layerOf(f.name) !== 'store').map((f) => f.name);
    expect(offenders).toEqual([]);
  });

  it('the store does not reach up into services or web', () => {
    const offenders = files.filter((f) => layerOf(f.name) === 'store' && f.imports.some((s) => /\/(services|web)\//.test(s) || s.startsWith('../web') || s.startsWith('../services')));
    expect(offenders.map((f) => f.name)).toEqual([]);
  });

  it('services do not import the web layer', () => {
    const offenders = files.filter((f) => layerOf(f.name) === 'services' && f.imports.some((s) => s.startsWith('../web') || s === 'express'));
    expect(offenders.map((f) => f.name)).toEqual([]);
  });

  it('the alignment transforms (services/alignment-ops.ts) import nothing impure', () => {
    // Following one operation's data should stay inside pure code: domain types, text
    // functions and the error classes, never the store, mammoth or another service.
    const pure = (spec: string) => spec === '../domain.js' || spec.startsWith('../text/') || spec === './errors.js';
    const ops = files.find((f) => f.name === 'services/alignment-ops.ts')!;
    const errors = files.find((f) => f.name === 'services/errors.ts')!;
    expect(ops.imports.filter((spec) => !pure(spec))).toEqual([]);
    expect(errors.imports.filter((spec) => spec !== '../domain.js')).toEqual([]);
  });

  it('permissions are decided only by the policy (services/access.ts)', () => {
    // A role test anywhere else ("admin or translator") is a rule outside the one policy.
    // Roles as data (the demo accounts, the user form, whether an assignee holds a role) are fine.
    const roleCheck = /roles\.(?:includes|some|every)\(\s*(?:'(?:admin|translator|reviewer)'|\(?\s*\w+\s*\)?\s*=>\s*\w+\s*===)/;
    const viewsDir = fileURLToPath(new URL('../../views/', import.meta.url));
    const views = filesUnderAny(viewsDir, '.ejs').map((path) => ({ name: relative(viewsDir, path), source: readFileSync(path, 'utf8') }));
    const offenders = [...files.map((f) => ({ name: f.name, source: readFileSync(f.path, 'utf8') })), ...views]
      .filter((f) => f.name !== 'services/access.ts' && f.name !== 'services/assignments.ts' && roleCheck.test(f.source))
      .map((f) => f.name);
    expect(offenders).toEqual([]);
  });

  it('the browser client imports only types from the server', () => {
    const offenders = files.filter((f) => layerOf(f.name) === 'client').flatMap((f) => {
      const source = readFileSync(f.path, 'utf8');
      // Value imports may reach other client modules (in sub-folders too), never outside src/client.
      return [...source.matchAll(/(?:^|\n)\s*import\s+(?!type\b)[^;]*?from\s*['"](\.\.?\/[^'"]+)['"]/g)]
        .filter((m) => layerOf(relative(SRC, join(f.path, '..', m[1] ?? ''))) !== 'client')
        .map((m) => `${f.name}: ${m[1]}`);
    });
    expect(offenders).toEqual([]);
  });
});
