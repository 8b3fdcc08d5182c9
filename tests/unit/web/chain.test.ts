import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { chain } from '../../../src/web/chain.js';

const req = {} as Request;
const res = {} as Response;

/** Runs the chain and resolves with what it passed to the outer next. */
function run(handler: RequestHandler): Promise<{ error: unknown }> {
  return new Promise((resolve) => {
    const next: NextFunction = (error?: unknown) => resolve({ error });
    void handler(req, res, next);
  });
}

describe('chain', () => {
  it('runs the steps in order, async ones too, then calls next once', async () => {
    const seen: string[] = [];
    const result = await run(chain(
      (_q, _s, next) => { seen.push('a'); next(); },
      (_q, _s, next) => { seen.push('b'); setImmediate(next); },
      (_q, _s, next) => { seen.push('c'); next(); },
    ));
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(result.error).toBeUndefined();
  });

  it('skips the steps after an error passed to next, thrown, or rejected', async () => {
    for (const failing of [
      ((_q, _s, next) => next(new Error('passed'))) as RequestHandler,
      (() => { throw new Error('thrown'); }) as RequestHandler,
      (async () => { throw new Error('rejected'); }) as RequestHandler,
    ]) {
      const seen: string[] = [];
      const result = await run(chain((_q, _s, next) => { seen.push('before'); next(); }, failing, (_q, _s, next) => { seen.push('after'); next(); }));
      expect(seen).toEqual(['before']);
      expect(result.error).toBeInstanceOf(Error);
    }
  });

  it('leaves the answer to a step that sends it without calling next', async () => {
    let nextCalled = false;
    const seen: string[] = [];
    void chain((_q, _s, next) => { seen.push('a'); next(); }, () => { seen.push('answers'); }, () => { seen.push('never'); })(req, res, () => { nextCalled = true; });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['a', 'answers']);
    expect(nextCalled).toBe(false);
  });
});
