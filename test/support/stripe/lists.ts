import { invalidParam, noSuch } from './errors';
import type { Params } from './params';

export type StripeList<T> = { object: 'list'; data: T[]; has_more: boolean; url: string };

/**
 * Stripe's cursor pagination over newest-first lists: `starting_after` continues to older
 * objects, `ending_before` walks back to newer ones (the page is still newest-first).
 */
export function paginate<T extends { id: string }>(newestFirst: T[], p: Params, url: string, what: string): StripeList<T> {
  const limit = p.int('limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam('limit', 'This value must be between 1 and 100 (inclusive).', 'parameter_invalid_integer');
  const after = p.str('starting_after');
  const before = p.str('ending_before');
  if (after && before) throw invalidParam('ending_before', 'You may only specify one of these parameters: ending_before, starting_after.', 'parameter_invalid_empty');
  const indexOf = (id: string, param: string) => {
    const i = newestFirst.findIndex((o) => o.id === id);
    if (i === -1) throw noSuch(what, id, param);
    return i;
  };
  if (before) {
    const end = indexOf(before, 'ending_before');
    const start = Math.max(0, end - limit);
    return { object: 'list', data: newestFirst.slice(start, end), has_more: start > 0, url };
  }
  const start = after ? indexOf(after, 'starting_after') + 1 : 0;
  const data = newestFirst.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < newestFirst.length, url };
}

/** Filters on `created` like Stripe: `created=123` or `created[gte]=…&created[lt]=…`. */
export function createdFilter(p: Params): (created: number) => boolean {
  const exact = p.has('created') && typeof p.raw['created'] === 'string' ? p.int('created') : undefined;
  if (exact !== undefined) return (c) => c === exact;
  const range = p.obj('created');
  if (!range) return () => true;
  const gt = range.int('gt');
  const gte = range.int('gte');
  const lt = range.int('lt');
  const lte = range.int('lte');
  return (c) =>
    (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
}

/** Records are kept in creation order; Stripe lists newest first. */
export const newestFirst = <T>(records: Record<string, T>): T[] => Object.values(records).reverse();
