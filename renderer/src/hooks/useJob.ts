import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';
import { channelKey } from '../query/invalidation';
import { queryClient } from '../query/queryClient';
import { errorWords, useChannelQuery } from '../query/useChannelQuery';

export type Job = OutputOf<'jobs:status'>;

/**
 * A background job of the core followed from the window: `begin` takes the job a channel
 * started and reads `jobs:status` (a cached read keyed by the job) every `pollMs` while it
 * runs (`onDone` once when it finished well, `onError` with a refused read's words), `cancel`
 * asks the core to stop it. The polling stops when the job ends or the component goes away.
 */
export function useJob(options: { pollMs: number; onError(message: string): void; onDone?(jobId: string): void }) {
  const [started, setStarted] = useState<Job | null>(null);
  const jobId = started?.jobId ?? '';
  const status = useChannelQuery('jobs:status', { jobId }, {
    enabled: jobId !== '',
    refetchInterval: (query) => ((query.state.data?.state ?? 'running') === 'running' && !query.state.error ? options.pollMs : false),
  });
  const job: Job | null = started ? (status.data ?? started) : null;

  // Each job's end is told once, however often its status is read again.
  // (The callbacks are the caller's latest, kept aside so a new one each render tells nothing again.)
  const told = useRef<string | null>(null);
  const callbacks = useRef(options);
  callbacks.current = options;
  const state = status.data?.state;
  useEffect(() => {
    if (state === 'done' && jobId && told.current !== jobId) {
      told.current = jobId;
      callbacks.current.onDone?.(jobId);
    }
  }, [state, jobId]);
  const failed = status.error;
  useEffect(() => {
    if (failed) callbacks.current.onError(errorWords(failed));
  }, [failed]);

  const begin = (first: Job) => {
    queryClient.setQueryData(channelKey('jobs:status', { jobId: first.jobId }), first);
    setStarted(first);
  };

  const cancel = async () => {
    if (!job) return;
    const r = await invoke('jobs:cancel', { jobId: job.jobId });
    if (r.ok) queryClient.setQueryData(channelKey('jobs:status', { jobId: job.jobId }), r.value);
  };

  const percent = job && job.total > 0 ? Math.floor((job.done * 100) / job.total) : 0;
  return { job, begin, cancel, percent };
}
