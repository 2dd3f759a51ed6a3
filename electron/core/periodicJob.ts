/** Background work that runs one pass at a time, now and then every interval. */
export type PeriodicJob<T> = {
  /** Runs a pass; a call while one is running gets that pass's result instead of a second pass. */
  runOnce(): Promise<T>;
  /** Runs at once (work missed while the desk was closed goes now), then every `intervalMs`. */
  start(intervalMs?: number): void;
  stop(): void;
};

export function createPeriodicJob<T>(name: string, pass: () => Promise<T>, defaultIntervalMs: number, logError: (message: string, error: unknown) => void): PeriodicJob<T> {
  let running: Promise<T> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const job: PeriodicJob<T> = {
    runOnce() {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
    start(intervalMs = defaultIntervalMs) {
      if (timer) return;
      const tick = () => {
        job.runOnce().catch((e: unknown) => logError(`${name} run failed`, e));
      };
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return job;
}
