import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Browser tests load public/build/main.js: build it from the current sources before any test runs. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-client.mjs'], { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: 'inherit' });
}
