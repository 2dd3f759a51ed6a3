import type Stripe from 'stripe';
import { previousAttributes } from '../engine';
import { invalidParam } from '../errors';
import { createdFilter, newestFirst, paginate } from '../lists';
import { buildCustomer } from '../objects/customer';
import { mergeMetadata } from '../params';
import type { Params } from '../params';
import { resolvePaymentMethod } from '../paymentMethods';
import { matchesSearch, parseSearchQuery, searchPage } from '../search';
import { snapshot } from '../state';
import type { Engine } from '../engine';
import { find, id0, route } from './types';
import type { Route } from './types';

/** `invoice_settings[default_payment_method]` may name the test token just attached in the same call, as on Stripe. */
function defaultPaymentMethod(engine: Engine, p: Params, attached: string | null, attachedToken: string | undefined): string | null | undefined {
  const settings = p.obj('invoice_settings');
  if (!settings?.has('default_payment_method')) return undefined;
  const wanted = settings.str('default_payment_method');
  if (wanted === undefined) return null;
  if (attached && wanted === attachedToken) return attached;
  return resolvePaymentMethod(engine, wanted, 'invoice_settings[default_payment_method]').id;
}

export const customerRoutes: Route[] = [
  route('POST', '/v1/customers', ({ engine, params: p }) => {
    p.allow('email', 'name', 'phone', 'description', 'metadata', 'payment_method', 'invoice_settings', 'preferred_locales', 'address');
    const token = p.str('payment_method');
    const customer = buildCustomer(
      { email: p.str('email') ?? null, name: p.str('name') ?? null, phone: p.str('phone') ?? null, description: p.str('description') ?? null, metadata: p.metadata() ?? {}, defaultPaymentMethod: null },
      engine.now(),
    );
    const attached = token ? resolvePaymentMethod(engine, token, 'payment_method', customer.id).id : null;
    customer.invoice_settings.default_payment_method = defaultPaymentMethod(engine, p, attached, token) ?? null;
    engine.data.customers[customer.id] = customer;
    engine.data.counters.customersCreated += 1;
    engine.emit('customer.created', customer);
    return customer;
  }),
  route('GET', '/v1/customers/search', ({ engine, params: p }) => {
    p.allow('query', 'limit', 'page');
    const query = parseSearchQuery(p.reqStr('query'));
    const limit = p.int('limit') ?? 10;
    if (limit < 1 || limit > 100) throw invalidParam('limit', 'This value must be between 1 and 100 (inclusive).', 'parameter_invalid_integer');
    const matches = newestFirst(engine.data.customers).filter((c) => matchesSearch(c, query, ['email', 'name', 'phone', 'metadata', 'description']));
    return searchPage(matches, limit, p.str('page'), '/v1/customers/search');
  }),
  route('GET', '/v1/customers', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'email', 'created');
    const email = p.str('email');
    const created = createdFilter(p);
    const all = newestFirst(engine.data.customers).filter((c) => (email === undefined || c.email === email) && created(c.created));
    return paginate(all, p, '/v1/customers', 'customer');
  }),
  route('GET', '/v1/customers/:id', (ctx) => find(ctx.engine.data.customers, id0(ctx), 'customer')),
  route('POST', '/v1/customers/:id', (ctx) => {
    const { engine, params: p } = ctx;
    p.allow('email', 'name', 'phone', 'description', 'metadata', 'invoice_settings', 'preferred_locales', 'address');
    const customer = find(engine.data.customers, id0(ctx), 'customer');
    const before = snapshot(customer);
    if (p.has('email')) customer.email = p.str('email') ?? null;
    if (p.has('name')) customer.name = p.str('name') ?? null;
    if (p.has('phone')) customer.phone = p.str('phone') ?? null;
    if (p.has('description')) customer.description = p.str('description') ?? null;
    customer.metadata = mergeMetadata(customer.metadata, p.metadata());
    const pm = defaultPaymentMethod(engine, p, null, undefined);
    if (pm !== undefined) {
      if (pm && engine.data.paymentMethods[pm]) (engine.data.paymentMethods[pm] as { customer: string | null }).customer ??= customer.id;
      customer.invoice_settings.default_payment_method = pm;
    }
    const prev = previousAttributes(before, customer);
    if (prev) engine.emit('customer.updated', customer, prev);
    return customer;
  }),
  route('DELETE', '/v1/customers/:id', (ctx) => {
    const customer = find(ctx.engine.data.customers, id0(ctx), 'customer');
    delete ctx.engine.data.customers[customer.id];
    ctx.engine.touch();
    return { id: customer.id, object: 'customer', deleted: true } satisfies Stripe.DeletedCustomer;
  }),
];
