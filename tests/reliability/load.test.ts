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

  it('holds the same checks with the clients in a process of their own on the lean client, and counts the server CPU apart', async () => {
    const result = await runLoad({ clients: 4, seconds: 2, segments: 120, baselines: false, modes: ['client-process'], httpClients: ['lean'] });
    expect(result.problems).toEqual([]);
    expect(result.saves.acknowledged).toBeGreaterThan(0);
    expect(result.saves.deliberateConflicts).toBeGreaterThan(0);
    expect(Object.keys(result.saves.statuses).sort()).toEqual(['200', '409']);
    const [run] = result.runs;
    expect(run?.mode).toBe('client-process');
    expect(run?.client).toBe('lean');
    // Both processes did work for every request: neither CPU figure is missing or zero.
    expect(run?.app.serverCpuPerRequest).toBeGreaterThan(0);
    expect(run?.app.cpuPerRequest).toBeGreaterThan(0);
  }, 60_000);
});
