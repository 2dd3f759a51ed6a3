import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { InfiniteData, UseQueryOptions } from '@tanstack/react-query';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke } from '../api/invoke';
import { channelKey } from './invalidation';
import { t } from '../i18n';

/** A refusal of a read, kept whole so a screen can still switch on `code` or name a field. */
export class ChannelError extends Error {
  constructor(readonly error: AppErrorData) {
    super(error.message);
    this.name = 'ChannelError';
  }
}

/** Reads a channel, throwing its refusal (the query's error state) instead of returning it. */
export async function readChannel<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await invoke(channel, input);
  if (!r.ok) throw new ChannelError(r.error);
  return r.value;
}

type Options<C extends Channel, T> = Omit<UseQueryOptions<OutputOf<C>, ChannelError, T, readonly [C, unknown]>, 'queryKey' | 'queryFn'>;

/** One read of the core, cached under `[channel, input]` and read again on the change notices that reach it. */
export function useChannelQuery<C extends Channel, T = OutputOf<C>>(channel: C, input: InputOf<C>, options?: Options<C, T>) {
  return useQuery({ queryKey: channelKey(channel, input), queryFn: () => readChannel(channel, input), ...options });
}

/**
 * A newest-first list paged by a channel's keyset cursor: the first page, then `fetchNextPage`
 * appends the next. A change notice reads again every page shown (TanStack Query refetches an
 * infinite query page by page from the first cursor), so rows keep their place.
 */
export function useChannelPages<C extends Channel>(
  channel: C,
  input: (cursor: string | undefined) => InputOf<C>,
  keyInput: unknown,
  nextCursor: (page: OutputOf<C>) => string | null,
  options?: { enabled?: boolean },
) {
  return useInfiniteQuery<OutputOf<C>, ChannelError, InfiniteData<OutputOf<C>, string | undefined>, readonly [C, unknown], string | undefined>({
    queryKey: channelKey(channel, keyInput),
    queryFn: ({ pageParam }) => readChannel(channel, input(pageParam)),
    initialPageParam: undefined,
    getNextPageParam: (last) => nextCursor(last) ?? undefined,
    ...options,
  });
}

/** The words of a read's error, for screens that show it inline. */
export const errorWords = (error: unknown): string => (error instanceof ChannelError || error instanceof Error ? error.message : t('common.somethingWentWrong'));
