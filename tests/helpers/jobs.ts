import type { Login, TestApp } from './test-app.js';

/**
 * Polls a job's URL (as `as`) until it is no longer running, every 100 ms for at most 30 s,
 * and returns its last state.
 */
export async function waitForJob<J extends { id: string; state: string }>(app: TestApp, url: string, as: Login): Promise<J> {
  for (let i = 0; i < 300; i++) {
    const { job } = (await (await app.request(url, { as })).json()) as { job: J };
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the job at ${url} did not finish in 30 s`);
}
