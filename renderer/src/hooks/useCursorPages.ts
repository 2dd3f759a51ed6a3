import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../../shared/result';
import { getApi } from '../api/bridge';

/** The channels' own page maximum: a refresh of more rows than this walks several pages. */
const MAX_PAGE = 500;

export type CursorPage<T> = { rows: T[]; nextCursor: string | null };

/**
 * A newest-first list paged by a channel's keyset cursor: the first `pageSize` rows, then
 * `loadMore` appends the next page. A change notice reloads from the top as many rows as are
 * shown, so rows that changed are fresh and the bursar keeps their place; an answer to a
 * superseded load (older filter, older notice) is dropped.
 */
export function useCursorPages<T, P>(options: {
  pageSize: number;
  /** A new key (the filters) starts again from the newest page. */
  key: string;
  fetch(cursor: string | undefined, limit: number): Promise<Result<P>>;
  page(answer: P): CursorPage<T>;
}) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [head, setHead] = useState<P | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);
  const shown = useRef(0);
  const latest = useRef(options);
  latest.current = options;

  /** Reads from the newest row down to at least `count` rows (or the end). */
  const reload = useCallback(async (count: number) => {
    const mine = ++generation.current;
    const { fetch, page } = latest.current;
    const all: T[] = [];
    let cursor: string | undefined;
    let first: P | null = null;
    for (;;) {
      const r = await fetch(cursor, Math.min(MAX_PAGE, Math.max(latest.current.pageSize, count - all.length)));
      if (mine !== generation.current) return;
      if (!r.ok) return setError(r.error.message);
      first ??= r.value;
      const p = page(r.value);
      all.push(...p.rows);
      cursor = p.nextCursor ?? undefined;
      if (!cursor || all.length >= count) break;
    }
    setError(null);
    shown.current = all.length;
    setRows(all);
    setHead(first);
    setNextCursor(cursor ?? null);
  }, []);

  useEffect(() => {
    shown.current = 0;
    void reload(options.pageSize);
    return getApi().onChange(() => void reload(Math.max(shown.current, latest.current.pageSize)));
  }, [options.key, options.pageSize, reload]);

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const r = await latest.current.fetch(nextCursor, latest.current.pageSize);
      // A reload started meanwhile replaced the list; its answer wins.
      if (mine !== generation.current) return;
      if (!r.ok) return setError(r.error.message);
      const p = latest.current.page(r.value);
      setRows((prev) => {
        const next = [...(prev ?? []), ...p.rows];
        shown.current = next.length;
        return next;
      });
      setNextCursor(p.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  };

  /** Reloads the rows shown, for a change the core sends no notice of. */
  const refresh = () => void reload(Math.max(shown.current, latest.current.pageSize));
  return { rows, head, error, hasMore: nextCursor !== null, loadingMore, loadMore, refresh };
}
