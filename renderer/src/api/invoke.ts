import type { Channel, InputOf, OutputOf } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { getApi } from './bridge';

export const invoke = <C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> => getApi().invoke(channel, input);

/** A fresh id per user action; a retried submit of the same action reuses it. */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `r-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
