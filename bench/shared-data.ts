/**
 * Where the development data outside the repository lives: the nearest `shared/` folder beside
 * the checkout or one of its parents (a clone at /work/main has it at ../shared, a worktree at
 * /work/wt/NAME at ../../shared). `DUIZHAO_SHARED` overrides. Benches only: runtime code never
 * reads it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The shared folder, or undefined when there is none. */
export function sharedDir(root: string): string | undefined {
  const fromEnv = process.env.DUIZHAO_SHARED;
  if (fromEnv !== undefined && fromEnv.length > 0) return existsSync(fromEnv) ? resolve(fromEnv) : undefined;
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared');
    if (existsSync(join(candidate, 'eval'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
