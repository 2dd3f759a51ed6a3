import type { Engine } from '../engine';
import { noSuch } from '../errors';
import type { Params } from '../params';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type RouteContext = {
  engine: Engine;
  params: Params;
  /** The captured path segments (ids) of the route pattern. */
  ids: string[];
};

export type Route = {
  method: HttpMethod;
  pattern: RegExp;
  handler: (ctx: RouteContext) => unknown;
};

export const route = (method: HttpMethod, path: string, handler: Route['handler']): Route => ({
  method,
  pattern: new RegExp(`^${path.replace(/:[a-z]+/g, '([^/]+)')}$`),
  handler,
});

/** Fetches a record or fails like Stripe: `No such payment_intent: 'pi_x'`. */
export function find<T>(table: Record<string, T>, id: string, what: string, param = 'id'): T {
  const found = Object.hasOwn(table, id) ? table[id] : undefined;
  if (found === undefined) throw noSuch(what, id, param);
  return found;
}

export const id0 = (ctx: RouteContext): string => ctx.ids[0] ?? '';
