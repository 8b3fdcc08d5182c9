/**
 * A thread of `align --batch`'s pool (cli-align-pool.ts): takes the run's settings and dictionary
 * once, then aligns and renders one pair a message, exactly as the command's own thread does
 * (cli-align-pair.ts). Built, it is dist/cli-align-worker.js, one bundle (scripts/build.mjs).
 */
import { parentPort } from 'node:worker_threads';
import { alignPair } from './cli-align-pair.js';
import type { PoolReply, PoolRequest, PoolSetup } from './cli-align-pool.js';

let setup: PoolSetup | undefined;

parentPort?.on('message', (message: PoolRequest) => {
  if (message.type === 'setup') {
    setup = message;
    return;
  }
  try {
    if (setup === undefined) throw new Error('a pair came before the settings');
    const output = alignPair(message.pair, setup.settings, setup.lexicon);
    parentPort?.postMessage({ type: 'done', index: message.index, output } satisfies PoolReply);
  } catch (error) {
    parentPort?.postMessage({ type: 'failed', index: message.index, message: error instanceof Error ? error.message : String(error) } satisfies PoolReply);
  }
});
