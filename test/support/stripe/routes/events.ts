import { createdFilter, paginate } from '../lists';
import { noSuch } from '../errors';
import { id0, route } from './types';
import type { Route } from './types';

/** `payment_intent.*` matches every payment_intent event, as Stripe's `type` filter does. */
const typeMatcher = (patterns: string[]) => (type: string) =>
  patterns.length === 0 || patterns.some((p) => (p.endsWith('.*') ? type.startsWith(p.slice(0, -1)) : type === p));

export const eventRoutes: Route[] = [
  route('GET', '/v1/events', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'type', 'types', 'created', 'delivery_success');
    const type = p.str('type');
    const matches = typeMatcher(type ? [type] : p.strList('types'));
    const created = createdFilter(p);
    const all = [...engine.data.events].reverse().filter((e) => matches(e.type) && created(e.created));
    return paginate(all, p, '/v1/events', 'event');
  }),
  route('GET', '/v1/events/:id', (ctx) => {
    const event = ctx.engine.eventById(id0(ctx));
    if (!event) throw noSuch('event', id0(ctx));
    return event;
  }),
];
