// Bundles src/client/*.ts for the browser into public/build/ (git-ignored).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/client/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outdir: 'public/build',
  sourcemap: true,
  minify: process.env.NODE_ENV === 'production',
  logLevel: 'warning',
});
