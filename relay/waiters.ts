/**
 * Long-poll wake-ups: a request parked on an org resolves when a commit for that org is reported
 * (or when the server closes). Register before reading, so a commit between the read and the wait
 * is never missed.
 */
export type Waiters = {
  arm(orgId: string): { woken: Promise<void>; cancel(): void };
  wake(orgId: string): void;
  wakeAll(): void;
};

export function createWaiters(): Waiters {
  const byOrg = new Map<string, Set<() => void>>();
  return {
    arm(orgId) {
      let resolve = (): void => undefined;
      const woken = new Promise<void>((r) => (resolve = r));
      const set = byOrg.get(orgId) ?? new Set();
      byOrg.set(orgId, set);
      set.add(resolve);
      const cancel = (): void => {
        set.delete(resolve);
        if (set.size === 0 && byOrg.get(orgId) === set) byOrg.delete(orgId);
      };
      return { woken, cancel };
    },
    wake(orgId) {
      const set = byOrg.get(orgId);
      if (!set) return;
      byOrg.delete(orgId);
      for (const fn of set) fn();
    },
    wakeAll() {
      const sets = [...byOrg.values()];
      byOrg.clear();
      for (const set of sets) for (const fn of set) fn();
    },
  };
}
