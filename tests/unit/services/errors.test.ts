import { describe, expect, it } from 'vitest';
import { NotFoundError, StaleVersionError } from '../../../src/services/errors.js';
import type { HeadSlot } from '../../../src/domain.js';

const current: HeadSlot = { kind: 'head', segmentId: 3, lang: 'en', text: 'Now.', status: 'draft', version: 4, span: 1, confidence: null, reasons: [], updatedBy: 1, updatedAt: '' };

describe('StaleVersionError', () => {
  it('carries its code, message and the current slot, without capturing a stack', () => {
    const error = new StaleVersionError('Someone else changed this slot.', current);
    expect([error.code, error.message, error.current, error.details]).toEqual(['stale_version', 'Someone else changed this slot.', current, { current }]);
    expect(error).toBeInstanceOf(Error);
    expect(error.stack ?? '').not.toMatch(/\n\s+at /);
  });

  it('leaves other errors their stacks', () => {
    const limit = Error.stackTraceLimit;
    new StaleVersionError('stale', current);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new NotFoundError('gone').stack).toMatch(/\n\s+at /);
  });
});
