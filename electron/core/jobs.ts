import { randomUUID } from 'node:crypto';
import type { JobStatus } from '../../shared/contract/data';
import { AppError, notFound } from './errors';

export type JobControl = {
  progress(done: number, total: number): void;
  /** True once someone asked the job to stop; check between chunks. */
  readonly cancelled: boolean;
};

export type JobRunner = (control: JobControl) => Promise<{ output: string | null; message?: string }>;

export type Jobs = {
  start(kind: string, ownerId: string | null, run: JobRunner, onCancelled?: () => void): JobStatus;
  status(jobId: string, ownerId: string | null): JobStatus;
  cancel(jobId: string, ownerId: string | null): JobStatus;
  /** Resolves when the job stops (tests, shutdown). */
  settled(jobId: string): Promise<void>;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
};

type Entry = { status: JobStatus; ownerId: string | null; cancelled: boolean; settled: Promise<void>; onCancelled?: (() => void) | undefined };

/** Long work (exports) runs in the background with progress and can be cancelled. Kept in memory. */
export function createJobs(logError: (message: string, error: unknown) => void): Jobs {
  const entries = new Map<string, Entry>();
  const find = (jobId: string, ownerId: string | null): Entry => {
    const entry = entries.get(jobId);
    if (!entry || entry.ownerId !== ownerId) throw notFound('Task', jobId);
    return entry;
  };
  return {
    start(kind, ownerId, run, onCancelled) {
      const jobId = `job_${randomUUID()}`;
      const status: JobStatus = { jobId, kind, state: 'running', done: 0, total: 0, message: null, output: null };
      const entry: Entry = { status, ownerId, cancelled: false, settled: Promise.resolve(), onCancelled };
      const control: JobControl = {
        progress: (done, total) => {
          status.done = done;
          status.total = total;
        },
        get cancelled() {
          return entry.cancelled;
        },
      };
      entry.settled = run(control).then(
        (result) => {
          if (entry.cancelled) {
            status.state = 'cancelled';
            entry.onCancelled?.();
          } else {
            status.state = 'done';
            status.output = result.output;
            status.message = result.message ?? null;
          }
        },
        (error: unknown) => {
          status.state = entry.cancelled ? 'cancelled' : 'failed';
          status.message = error instanceof AppError ? error.message : 'The job failed; the error was logged.';
          if (!(error instanceof AppError)) logError(`job ${kind} failed`, error);
          if (entry.cancelled) entry.onCancelled?.();
        },
      );
      entries.set(jobId, entry);
      return { ...status };
    },
    status: (jobId, ownerId) => ({ ...find(jobId, ownerId).status }),
    cancel(jobId, ownerId) {
      const entry = find(jobId, ownerId);
      if (entry.status.state === 'running') entry.cancelled = true;
      return { ...entry.status };
    },
    settled: (jobId) => entries.get(jobId)?.settled ?? Promise.resolve(),
    idle: async () => {
      await Promise.all([...entries.values()].filter((e) => e.status.state === 'running').map((e) => e.settled));
    },
  };
}
