import { QueryClient } from '@tanstack/react-query';
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

/**
 * A change notice marks every read it may have changed as stale and reads the shown ones
 * again. A newer notice cancels a refetch still in flight, so an older answer never lands
 * over a newer one (what the hand-rolled "newest answer wins" counters did).
 */
export async function applyNotice(client: QueryClient, notice: Pick<ChangeNotice, 'channel'>): Promise<void> {
  const reached = (key: readonly unknown[]) => invalidatedBy(notice.channel, key);
  // A first read still in flight (no answer yet) is not cancelled by an invalidation, only
  // joined; it may have been answered from before this change, so it is asked again.
  const firstReads = client.getQueryCache().findAll({ predicate: (q) => reached(q.queryKey) && q.state.data === undefined && q.state.fetchStatus === 'fetching' });
  await Promise.all(firstReads.map((q) => q.cancel({ revert: true, silent: true })));
  await client.invalidateQueries({ predicate: (query) => reached(query.queryKey) });
}
