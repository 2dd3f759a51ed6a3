import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';

export type Job = OutputOf<'jobs:status'>;

/**
 * A background job of the core followed from the window: `begin` takes the job a channel
 * started and polls `jobs:status` every `pollMs` until it ends (`onDone` when it finished well),
 * `cancel` asks the core to stop it. The poll stops when the component goes away.
 */
export function useJob(options: { pollMs: number; onError(message: string): void; onDone?(jobId: string): void }) {
  const [job, setJob] = useState<Job | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const follow = (jobId: string) => {
    timer.current = window.setTimeout(async () => {
      const r = await invoke('jobs:status', { jobId });
      if (!r.ok) return options.onError(r.error.message);
      setJob(r.value);
      if (r.value.state === 'running') follow(jobId);
      else if (r.value.state === 'done') options.onDone?.(jobId);
    }, options.pollMs);
  };

  const begin = (started: Job) => {
    setJob(started);
    follow(started.jobId);
  };

  const cancel = async () => {
    if (!job) return;
    const r = await invoke('jobs:cancel', { jobId: job.jobId });
    if (r.ok) setJob(r.value);
  };

  const percent = job && job.total > 0 ? Math.floor((job.done * 100) / job.total) : 0;
  return { job, begin, cancel, percent };
}
