import { describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load.js';

describe('load: simulated translators saving at once (bench/load.ts at small size)', () => {
  it('loses no acknowledged save, answers every conflict 409, keeps the tiling, never 5xx', async () => {
    const result = await runLoad({ clients: 8, seconds: 3, segments: 120, baselines: false });
    expect(result.problems).toEqual([]);
    expect(result.saves.acknowledged).toBeGreaterThan(0);
    expect(result.saves.deliberateConflicts).toBeGreaterThan(0);
    expect(Object.keys(result.saves.statuses).sort()).toEqual(['200', '409']);
  }, 60_000);
});
