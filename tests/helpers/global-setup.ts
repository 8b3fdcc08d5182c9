import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Build from the current sources before any test runs: browser tests load public/build/main.js,
 * and process-level CLI tests run bin/duizhao.js, which runs dist/ as users do.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: 'inherit' });
}
