import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry is `name` (e.g. 'docx-worker') beside this module, the
 * way services/align-runner.ts starts the aligner's. Built, the entry is dist/services/NAME.js
 * (`npm run build` compiles it with everything else; nothing is compiled at run time). From
 * sources (vitest, tsx) a worker cannot load TypeScript by itself: it registers tsx's loader
 * first, then imports NAME.ts.
 */
export function startWorker(name: string, resourceLimits?: ResourceLimits): Worker {
  const options = resourceLimits ? { resourceLimits } : {};
  if (import.meta.url.endsWith('.js')) return new Worker(new URL(`./${name}.js`, import.meta.url), options);
  const loader = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const code = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, ...options });
}
