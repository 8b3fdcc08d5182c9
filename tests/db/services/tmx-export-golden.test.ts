/**
 * Issue #15: the TMX export was rewritten for speed; its bytes must not change. The files
 * in tests/fixtures/tmx/export-*.tmx were written by the implementation before that
 * rewrite (commit "Pin the TMX export's bytes …") from the varied documents of
 * helpers/varied-export.ts. Each export must give back those bytes exactly, with stats
 * that agree, written in this thread or by worker threads (one, or two sharing blocks so
 * small that slots spanning segments straddle their nominal starts).
 *
 * A deliberate change of the format rewrites the fixtures: DUIZHAO_WRITE_GOLDEN=1 npx vitest run
 * tests/db/services/tmx-export-golden.test.ts, then review the diff of the .tmx files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExchangeService, type ExchangeServiceOptions } from '../../../src/services/exchange.js';
import { tempDb } from '../../helpers/temp-db.js';
import { validatorsMissing, xmllintDtd } from '../../helpers/tmx-validators.js';
import { EXPORTS, seedVaried } from '../../helpers/varied-export.js';

const NOW = () => new Date('2026-11-23T12:00:00.000Z');
const fixtureUrl = (name: string) => new URL(`../../fixtures/tmx/${name}`, import.meta.url);

let temp: ReturnType<typeof tempDb>;
beforeEach(() => {
  temp = tempDb();
});
afterEach(() => temp.cleanup());

/** How the units are written: in this thread, by one worker, by two sharing blocks of 2 segments. */
const WRITERS: [string, ExchangeServiceOptions['tmxWorkers']][] = [
  ['in this thread', { producers: 0 }],
  ['by a worker', { producers: 1, minSegments: 0 }],
  ['by two workers', { producers: 2, minSegments: 0, blockSegments: 2 }],
];

describe('TMX export bytes', () => {
  for (const [name, optionsOf] of EXPORTS) for (const [writer, tmxWorkers] of WRITERS) {
    it(`are those of the previous implementation: ${name}, written ${writer}`, async () => {
      const ids = seedVaried(temp.store);
      const exchange = createExchangeService({ store: temp.store, now: NOW, version: '0.1.0', tmxWorkers });
      const result = exchange.exportDocuments({ ...optionsOf(ids), format: 'tmx', user: null });
      const parts: Uint8Array[] = [];
      for await (const chunk of result.body) parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      const bytes = Buffer.concat(parts);
      if (process.env.DUIZHAO_WRITE_GOLDEN === '1') writeFileSync(fixtureUrl(name), bytes);
      const expected = readFileSync(fixtureUrl(name));
      expect(bytes.toString('utf8')).toBe(expected.toString('utf8'));
      expect(bytes.equals(expected)).toBe(true);
      expect(result.stats.bytes).toBe(expected.length);
      expect(result.stats.units).toBe(expected.toString('utf8').split('<tu ').length - 1);
      const removed = /removed (\d+) character/.exec(expected.toString('utf8'));
      expect(result.stats.removedChars).toBe(removed ? Number(removed[1]) : 0);
      if (!validatorsMissing) expect(xmllintDtd(bytes.toString('utf8'))).toEqual({ status: 0, output: '' });
    });
  }
});
