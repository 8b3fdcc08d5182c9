import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry is `name` (e.g. 'docx-worker') beside the module at
 * `beside` (by default this one, in services/). Built, the entry is NAME.js there, e.g.
 * dist/services/NAME.js (`npm run build` compiles it with everything else; nothing is compiled
 * at run time). From sources (vitest, tsx) a worker cannot load TypeScript by itself: it
 * registers tsx's loader first, then imports NAME.ts.
 */
export function startWorker(name: string, resourceLimits?: ResourceLimits, beside: string = import.meta.url): Worker {
  const options = resourceLimits ? { resourceLimits } : {};
  if (beside.endsWith('.js')) return new Worker(new URL(`./${name}.js`, beside), options);
  const loader = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, beside).href;
  const code = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, ...options });
}
