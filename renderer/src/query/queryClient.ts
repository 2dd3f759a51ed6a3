import { QueryClient } from '@tanstack/react-query';
import type { Query } from '@tanstack/react-query';
import type { ChangeNotice } from '../../../shared/api';
import { invalidatedBy } from './invalidation';

/**
 * The window's one query cache. Reads are fresh by the core's change notices, not by the
 * clock: no refetch on focus, and no automatic retry (a refusal is shown with its words and a
 * Retry button; the core's "starting" answers are already waited out in `invoke`).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();

/** Reads whose refetch a notice reached while it was in flight: read once more when it lands. */
const againAfter = new WeakSet<Query>();

/**
 * A change notice marks every read it may have changed as stale and reads the shown ones
 * again. A refetch already in flight is not cancelled: while another desk's week of work
 * arrives a page at a time, a notice comes every few hundred milliseconds, and a read that takes
 * longer (a report, the dashboard) would be cancelled by each one and never land. It lands, and
 * the read runs once more after it (however many notices came meanwhile), so the screen shows
 * the newest books one read later, and answers land in the order they were asked.
 */
export async function applyNotice(client: QueryClient, notice: Pick<ChangeNotice, 'channel'>): Promise<void> {
  const reached = (key: readonly unknown[]) => invalidatedBy(notice.channel, key);
  const cache = client.getQueryCache();
  // A first read still in flight (no answer yet) is not cancelled by an invalidation, only
  // joined; it may have been answered from before this change, so it is asked again.
  const firstReads = cache.findAll({ predicate: (q) => reached(q.queryKey) && q.state.data === undefined && q.state.fetchStatus === 'fetching' });
  await Promise.all(firstReads.map((q) => q.cancel({ revert: true, silent: true })));
  const inFlight = cache.findAll({ predicate: (q) => reached(q.queryKey) && q.state.data !== undefined && q.state.fetchStatus === 'fetching' });
  for (const q of inFlight) {
    if (againAfter.has(q)) continue;
    againAfter.add(q);
    // With cancelRefetch off, fetch() joins the read in flight.
    void q.fetch(undefined, { cancelRefetch: false }).catch(() => undefined).finally(() => {
      againAfter.delete(q);
      void client.invalidateQueries({ queryKey: q.queryKey, exact: true });
    });
  }
  await client.invalidateQueries({ predicate: (query) => reached(query.queryKey) && !inFlight.includes(query) }, { cancelRefetch: false });
}
