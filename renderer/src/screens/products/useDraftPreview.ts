import { useEffect, useRef, useState } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { useChannelQuery } from '../../query/useChannelQuery';
import type { Terms } from './planTerms';

type Preview = OutputOf<'plans:preview'>;

export type DraftPreview =
  | { state: 'empty'; reason: string }
  | { state: 'loading'; previous: Preview | null }
  | { state: 'ready'; preview: Preview }
  | { state: 'invalid'; error: AppErrorData };

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
export const DRAFT_PREVIEW_DELAY_MS = 200;

/**
 * The schedule the draft terms would produce, asked of the core (`plans:preview` with
 * `terms`, which checks them exactly as saving does) once typing pauses. Each settled draft is
 * its own cached read, keyed by the draft: an answer to an older draft never lands over a
 * newer one, and the last good schedule stays shown while the next is read.
 */
export function useDraftPreview(productId: string, terms: Terms | null, blankReason: string | null, enrollmentDate: string): DraftPreview {
  // NaN (a number field left unreadable) becomes null on the wire; the key keeps it apart from a valid number.
  const key = terms ? JSON.stringify(terms, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v)) : null;
  const latest = useRef(terms);
  latest.current = terms;
  // The draft once typing has paused on it.
  const [settled, setSettled] = useState<{ key: string; terms: Terms } | null>(null);
  useEffect(() => {
    const draft = latest.current;
    if (key === null || draft === null) return;
    const timer = setTimeout(() => setSettled({ key, terms: draft }), DRAFT_PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key]);

  const blank = blankReason !== null || terms === null || key === null;
  const input = { productId, terms: settled?.terms, ...(enrollmentDate ? { enrollmentDate } : {}) } as InputOf<'plans:preview'>;
  const query = useChannelQuery('plans:preview', input, { enabled: !blank && settled !== null, placeholderData: (previous) => previous });

  if (blank) return { state: 'empty', reason: blankReason ?? '' };
  const waiting = settled?.key !== key || query.isPending || query.isPlaceholderData;
  if (!waiting && query.isError) return { state: 'invalid', error: query.error.error };
  if (!waiting && query.data) return { state: 'ready', preview: query.data };
  return { state: 'loading', previous: query.data ?? null };
}
