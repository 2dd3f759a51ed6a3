import type Stripe from 'stripe';
import { invalidParam } from '../errors';
import { newestFirst, paginate } from '../lists';
import { buildPrice, buildProduct } from '../objects/catalog';
import type { RecurringInput } from '../objects/catalog';
import type { Engine } from '../engine';
import { currencyParam } from '../params';
import type { Params } from '../params';
import { find, id0, route } from './types';
import type { Route } from './types';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

function recurringParam(p: Params, name: string): RecurringInput {
  const r = p.obj(name);
  if (!r) return null;
  const interval = r.reqStr('interval');
  if (!(INTERVALS as readonly string[]).includes(interval)) throw invalidParam(`${name}[interval]`, `Invalid interval: must be one of day, month, week, or year`, 'parameter_invalid_string');
  const intervalCount = r.int('interval_count') ?? 1;
  return { interval: interval as Stripe.Price.Recurring.Interval, intervalCount };
}

export function createProduct(engine: Engine, input: { name: string; description: string | null; metadata: Record<string, string> }): Stripe.Product {
  const product = buildProduct({ ...input, active: true }, engine.now());
  engine.data.products[product.id] = product;
  engine.emit('product.created', product);
  return product;
}

/** Also used for inline `price_data` (checkout sessions, invoice items), which Stripe turns into a hidden price. */
export function createPrice(
  engine: Engine,
  input: { product: string; currency: string; unitAmount: number; recurring: RecurringInput; nickname: string | null; lookupKey: string | null; metadata: Record<string, string>; active?: boolean },
): Stripe.Price {
  const price = buildPrice({ ...input, active: input.active ?? true }, engine.now());
  engine.data.prices[price.id] = price;
  engine.emit('price.created', price);
  return price;
}

/** Reads `price_data` (`currency`, `unit_amount`, `product` or `product_data[name]`, `recurring`). */
export function priceFromData(engine: Engine, data: Params, param: string): Stripe.Price {
  const unitAmount = data.reqInt('unit_amount');
  if (unitAmount < 0) throw invalidParam(`${param}[unit_amount]`, 'Invalid non-negative integer', 'parameter_invalid_integer');
  const productData = data.obj('product_data');
  const product = productData
    ? createProduct(engine, { name: productData.reqStr('name'), description: productData.str('description') ?? null, metadata: productData.metadata() ?? {} }).id
    : find(engine.data.products, data.reqStr('product'), 'product', `${param}[product]`).id;
  return createPrice(engine, { product, currency: currencyParam(data), unitAmount, recurring: recurringParam(data, 'recurring'), nickname: null, lookupKey: null, metadata: {}, active: false });
}

export const catalogRoutes: Route[] = [
  route('POST', '/v1/products', ({ engine, params: p }) => {
    p.allow('name', 'description', 'metadata', 'active', 'default_price_data', 'type');
    const product = createProduct(engine, { name: p.reqStr('name'), description: p.str('description') ?? null, metadata: p.metadata() ?? {} });
    const dpd = p.obj('default_price_data');
    if (dpd) {
      const price = createPrice(engine, {
        product: product.id,
        currency: currencyParam(dpd),
        unitAmount: dpd.reqInt('unit_amount'),
        recurring: recurringParam(dpd, 'recurring'),
        nickname: null,
        lookupKey: null,
        metadata: {},
      });
      product.default_price = price.id;
    }
    return product;
  }),
  route('GET', '/v1/products/:id', (ctx) => find(ctx.engine.data.products, id0(ctx), 'product')),
  route('GET', '/v1/products', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'active');
    const active = p.bool('active');
    return paginate(newestFirst(engine.data.products).filter((x) => active === undefined || x.active === active), p, '/v1/products', 'product');
  }),
  route('POST', '/v1/prices', ({ engine, params: p }) => {
    p.allow('product', 'product_data', 'currency', 'unit_amount', 'recurring', 'nickname', 'lookup_key', 'metadata', 'active');
    const unitAmount = p.reqInt('unit_amount');
    if (unitAmount < 0) throw invalidParam('unit_amount', 'Invalid non-negative integer', 'parameter_invalid_integer');
    const productData = p.obj('product_data');
    const product = productData
      ? createProduct(engine, { name: productData.reqStr('name'), description: null, metadata: productData.metadata() ?? {} }).id
      : find(engine.data.products, p.reqStr('product'), 'product', 'product').id;
    return createPrice(engine, {
      product,
      currency: currencyParam(p),
      unitAmount,
      recurring: recurringParam(p, 'recurring'),
      nickname: p.str('nickname') ?? null,
      lookupKey: p.str('lookup_key') ?? null,
      metadata: p.metadata() ?? {},
    });
  }),
  route('GET', '/v1/prices/:id', (ctx) => find(ctx.engine.data.prices, id0(ctx), 'price')),
  route('GET', '/v1/prices', ({ engine, params: p }) => {
    p.allow('limit', 'starting_after', 'ending_before', 'product', 'active');
    const product = p.str('product');
    return paginate(newestFirst(engine.data.prices).filter((x) => product === undefined || x.product === product), p, '/v1/prices', 'price');
  }),
];
