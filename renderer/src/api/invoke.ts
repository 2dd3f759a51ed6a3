import type { Channel, InputOf, OutputOf } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { getApi } from './bridge';

/** Dispatched on window when the core says this desk is no longer signed in. */
export const SIGNED_OUT_EVENT = 'bursar:signed-out';

export async function invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  const result = await getApi().invoke(channel, input);
  if (!result.ok && result.error.code === 'FORBIDDEN' && (result.error.details?.locked === true || result.error.message === 'Please sign in first')) {
    window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  return result;
}

/** A fresh id per user action; a retried submit of the same action reuses it. */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `r-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
