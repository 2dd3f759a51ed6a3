import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData } from '@tanstack/react-query';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract';
import { channelKey } from '../query/invalidation';
import { errorWords, readChannel } from '../query/useChannelQuery';
import type { ChannelError } from '../query/useChannelQuery';

export type CursorPage<T> = { rows: T[]; nextCursor: string | null };

/** Channels read page by page with `limit` and a keyset `cursor`. */
type PagedChannel = 'sync:events' | 'reminders:list' | 'outbox:list';

/**
 * A newest-first list paged by a channel's keyset cursor, on TanStack Query's infinite query:
 * the first `pageSize` rows, then `loadMore` appends the next page. Keyed by
 * `[channel, filters and page size]`; a change notice reads again every page shown, from the
 * newest (TanStack Query refetches an infinite query page by page), so rows that changed are
 * fresh and the bursar keeps their place, and a newer read cancels an older one.
 */
export function useCursorPages<C extends PagedChannel, T>(options: {
  channel: C;
  /** The filters; a change starts again from the newest page. */
  input: Omit<InputOf<C>, 'limit' | 'cursor'>;
  pageSize: number;
  page(answer: OutputOf<C>): CursorPage<T>;
}) {
  const { channel, input, pageSize, page } = options;
  const query = useInfiniteQuery<OutputOf<C>, ChannelError, InfiniteData<OutputOf<C>, string | undefined>, readonly [Channel, unknown], string | undefined>({
    queryKey: channelKey(channel, { ...input, limit: pageSize }),
    queryFn: ({ pageParam }) => readChannel(channel, { ...input, limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) } as InputOf<C>),
    initialPageParam: undefined,
    getNextPageParam: (last) => page(last).nextCursor ?? undefined,
  });
  const pages = query.data?.pages ?? null;
  const rows = pages ? pages.flatMap((p) => page(p).rows) : null;
  return {
    rows,
    head: pages?.[0] ?? null,
    error: query.isError ? errorWords(query.error) : null,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void (query.hasNextPage && !query.isFetchingNextPage ? query.fetchNextPage() : undefined),
    /** Reads the rows shown again, for a change the core sends no notice of. */
    refresh: () => void query.refetch(),
    query,
  };
}
