import { randomUUID } from 'node:crypto';
import { CancelledError, DomainError, InvalidTransitionError, NotFoundError, type ErrorCode } from './errors.js';

export interface JobStatus<R> {
  id: string;
  state: 'running' | 'done' | 'failed';
  phase: string;
  /** 0..100, or null while the phase cannot say how far it is. */
  percent: number | null;
  result?: R;
  error?: { code: ErrorCode; message: string };
  /** The owner asked to stop it; it stops at its next safe point (before it writes). */
  cancelRequested?: boolean;
}

export interface JobControl {
  phase(name: string, percent?: number | null): void;
  /** Throws CancelledError once the owner has cancelled: called by the work between its steps. */
  throwIfCancelled?(): void;
  /**
   * Aborted (with a CancelledError as its reason) the moment the owner cancels: work that cannot
   * stop between steps, such as an alignment running in a worker thread, ends that worker on it.
   */
  signal?: AbortSignal;
}

/**
 * Long work (aligning a 10,000-sentence translation) runs in the background and is
 * polled by its owner. Kept in memory: a restart loses running jobs, whose work was
 * not committed yet, so nothing half-done is left behind.
 */
export function createJobRegistry(options: { now?: () => number; keepMs?: number } = {}) {
  const now = options.now ?? Date.now;
  const keepMs = options.keepMs ?? 60 * 60 * 1000;
  type Job = { ownerId: number; status: JobStatus<unknown>; finishedAt?: number; cancel?: () => void };
  const jobs = new Map<string, Job>();
  let running = 0;
  const idleWaiters: (() => void)[] = [];
  const finished = () => {
    running -= 1;
    if (running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  function sweep(): void {
    for (const [id, job] of jobs) if (job.finishedAt !== undefined && now() - job.finishedAt > keepMs) jobs.delete(id);
  }

  return {
    start<R>(ownerId: number, firstPhase: string, work: (control: JobControl) => Promise<R>): JobStatus<R> {
      sweep();
      const status: JobStatus<R> = { id: randomUUID(), state: 'running', phase: firstPhase, percent: null };
      const job: Job = { ownerId, status };
      jobs.set(status.id, job);
      const cancelled = new AbortController();
      job.cancel = () => cancelled.abort(new CancelledError('The import was cancelled; nothing was imported.'));
      const control: JobControl = {
        signal: cancelled.signal,
        phase(name, percent = null) {
          status.phase = name;
          status.percent = percent === null ? null : Math.max(0, Math.min(100, Math.round(percent)));
        },
        throwIfCancelled() {
          if (status.cancelRequested) throw new CancelledError('The import was cancelled; nothing was imported.');
        },
      };
      running += 1;
      work(control).then((result) => {
        Object.assign(status, { state: 'done', phase: 'done', percent: 100, result });
        job.finishedAt = now();
        finished();
      }, (error: unknown) => {
        finished();
        const known = error instanceof DomainError;
        if (!known) console.error('Background job failed', error);
        Object.assign(status, {
          state: 'failed',
          error: known ? { code: error.code, message: error.message } : { code: 'internal_error', message: 'The work failed on the server; nothing was changed. Try again, and tell an admin if it persists.' },
        });
        job.finishedAt = now();
      });
      return { ...status };
    },
    /** Resolves once no job is running (at once when none is): a stopping server waits for imports. */
    whenIdle(): Promise<void> {
      return running === 0 ? Promise.resolve() : new Promise((resolve) => { idleWaiters.push(resolve); });
    },
    /** Asks the owner's running job to stop at its next safe point; a finished job cannot be. */
    cancel(id: string, ownerId: number): JobStatus<unknown> {
      const job = jobs.get(id);
      if (!job || job.ownerId !== ownerId) throw new NotFoundError('There is no such job (it may have finished more than an hour ago).');
      if (job.status.state !== 'running') throw new InvalidTransitionError(`The job has already ${job.status.state === 'done' ? 'finished' : 'failed'}; there is nothing to cancel.`);
      job.status.cancelRequested = true;
      job.cancel?.();
      return { ...job.status };
    },
    get(id: string, ownerId: number): JobStatus<unknown> {
      const job = jobs.get(id);
      if (!job || job.ownerId !== ownerId) throw new NotFoundError('There is no such job (it may have finished more than an hour ago).');
      return { ...job.status };
    },
  };
}

export type JobRegistry = ReturnType<typeof createJobRegistry>;
