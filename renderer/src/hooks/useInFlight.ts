import { useCallback, useRef, useState } from 'react';

/**
 * One mutation at a time from a button or form: a second press (a double-click, Enter held
 * down) while the first call is in flight is ignored rather than sent again. The request id
 * already keeps the core from writing twice; this keeps the screen from reacting twice
 * (two toasts, two navigations). `busy` disables the control meanwhile.
 */
export function useInFlight(): { busy: boolean; run(work: () => Promise<void>): Promise<void> } {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
