import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/services/errors.js';
import { createJobRegistry } from '../../../src/services/jobs.js';

describe('the job registry', () => {
  it('reports phases, results and clear failures to the owner only, and says when all jobs are done', async () => {
    const jobs = createJobRegistry();
    let finish: (value: string) => void = () => undefined;
    const started = jobs.start(7, 'aligning', (control) => {
      control.phase('aligning', 41.6);
      return new Promise<string>((resolve) => { finish = resolve; });
    });
    expect(jobs.get(started.id, 7)).toMatchObject({ state: 'running', phase: 'aligning', percent: 42 });
    expect(() => jobs.get(started.id, 8)).toThrow(/no such job/);
    let idle = false;
    const whenIdle = jobs.whenIdle().then(() => { idle = true; });
    await Promise.resolve();
    expect(idle).toBe(false);
    finish('summary');
    await whenIdle;
    expect(jobs.get(started.id, 7)).toMatchObject({ state: 'done', percent: 100, result: 'summary' });
    const failed = jobs.start(7, 'aligning', () => Promise.reject(new ValidationError('The Chinese segments changed.')));
    await jobs.whenIdle();
    expect(jobs.get(failed.id, 7)).toMatchObject({ state: 'failed', error: { code: 'validation_failed', message: 'The Chinese segments changed.' } });
  });
});
