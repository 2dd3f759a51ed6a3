import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/invoke';
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
 * `terms`, which checks them exactly as saving does) once typing pauses. An answer to an
 * older draft that arrives after a newer one was typed is dropped.
 */
export function useDraftPreview(productId: string, terms: Terms | null, blankReason: string | null, enrollmentDate: string): DraftPreview {
  // NaN (a number field left unreadable) becomes null on the wire; the key keeps it apart from a valid number.
  const key = terms ? JSON.stringify(terms, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v)) : null;
  const latest = useRef(terms);
  latest.current = terms;
  const asked = useRef(0);
  const [state, setState] = useState<DraftPreview>({ state: 'empty', reason: blankReason ?? '' });

  useEffect(() => {
    const mine = ++asked.current;
    const draft = latest.current;
    if (blankReason !== null || draft === null || key === null) {
      setState({ state: 'empty', reason: blankReason ?? '' });
      return;
    }
    setState((s) => ({ state: 'loading', previous: s.state === 'ready' ? s.preview : s.state === 'loading' ? s.previous : null }));
    const timer = setTimeout(() => {
      void invoke('plans:preview', { productId, terms: draft, ...(enrollmentDate ? { enrollmentDate } : {}) }).then((r) => {
        if (mine !== asked.current) return;
        setState(r.ok ? { state: 'ready', preview: r.value } : { state: 'invalid', error: r.error });
      });
    }, DRAFT_PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [productId, key, blankReason, enrollmentDate]);

  return state;
}
