import { describe, expect, it } from 'vitest';
import { GROUPING_CHANGED as shown } from '../../../src/client/alignment-reasons.js';
import { GROUPING_CHANGED as given } from '../../../src/services/grouping-ops.js';

describe('the re-opened approval reason', () => {
  it('is the one the server writes, so the grid and the review list recognise it', () => {
    expect(shown).toBe(given);
  });
});
