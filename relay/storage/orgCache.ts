import type { Org } from './types';

/**
 * Orgs and their signing secrets, cached for the PostgreSQL store, which other relay instances
 * (and the CLI, and anyone with psql) change behind its back. The database announces every
 * committed change to an org on a LISTEN channel (`relay_org_changed`, schema step 4); this
 * cache is correct only while that channel is heard, so:
 *
 * - Before answering, a lookup waits for a round trip on the listening connection that STARTED
 *   after the lookup was asked (`ping`). PostgreSQL sends a listener its pending notifications
 *   before answering its next command, so once that ping is answered every change committed
 *   before the lookup arrived has been handled here: a secret rotated on another instance a
 *   moment ago is seen, and a removed one is refused, with no window. Lookups arriving together
 *   share one ping, which is why this is cheaper than reading the org each time.
 * - A read is put in the cache as its promise, before it is sent. A change heard while the read
 *   is in flight deletes that promise, so a read whose snapshot predates the change can answer
 *   only the lookups that were already waiting on it (which raced the change anyway), never a
 *   later one.
 * - Unknown orgs and failed reads are not kept (an unknown org id costs a read every time, and
 *   org ids come from the URL, so nobody can fill the cache with them).
 * - While the channel is down nothing is cached and everything cached is dropped: a change
 *   made meanwhile is never announced, so nothing read before can be trusted.
 */
export type OrgCache = {
  get(orgId: string): Promise<Org | null>;
  /** A committed change to this org was announced; `*` (or an empty payload): to any org. */
  invalidate(orgId: string): void;
  /** The channel is heard (true: LISTEN is in place) or lost (false). */
  setListening(up: boolean): void;
};

export type OrgCacheDeps = {
  /** Reads the org from the database, fresh. */
  read(orgId: string): Promise<Org | null>;
  /**
   * One round trip on the listening connection; resolves true once answered (with every
   * notification sent before the answer already handled), false if it failed or timed out.
   */
  ping(): Promise<boolean>;
};

export function createOrgCache(deps: OrgCacheDeps): OrgCache {
  const entries = new Map<string, Promise<Org | null>>();
  let listening = false;

  // Callers waiting for a ping that has not been sent yet. A ping already on the wire was sent
  // before they asked, so it proves nothing about what committed since: they wait for the next.
  let waiting: ((ok: boolean) => void)[] = [];
  let pinging = false;
  const pingLoop = async (): Promise<void> => {
    pinging = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const ok = await deps.ping().catch(() => false);
      for (const resolve of batch) resolve(ok);
    }
    pinging = false;
  };
  const synced = (): Promise<boolean> =>
    new Promise((resolve) => {
      waiting.push(resolve);
      if (!pinging) void pingLoop();
    });

  return {
    async get(orgId) {
      if (!listening) return deps.read(orgId);
      // If the ping fails, the channel is in doubt: read fresh (the store also drops the listener).
      if (!(await synced()) || !listening) return deps.read(orgId);
      const cached = entries.get(orgId);
      if (cached) return cached;
      const read = deps.read(orgId);
      entries.set(orgId, read);
      const forget = (): void => {
        if (entries.get(orgId) === read) entries.delete(orgId);
      };
      read.then((org) => {
        if (!org) forget();
      }, forget);
      return read;
    },
    invalidate(orgId) {
      if (orgId === '*' || orgId === '') entries.clear();
      else entries.delete(orgId);
    },
    setListening(up) {
      listening = up;
      entries.clear();
    },
  };
}
