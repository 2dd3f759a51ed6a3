import type { Engine } from './engine';
import { invalidRequest } from './errors';
import { snapshot } from './state';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function lookup(engine: Engine, id: string): unknown {
  const d = engine.data;
  const tables: [string, Record<string, unknown>][] = [
    ['cus_', d.customers],
    ['pi_', d.paymentIntents],
    ['ch_', d.charges],
    ['re_', d.refunds],
    ['in_', d.invoices],
    ['ii_', d.invoiceItems],
    ['sub_', d.subscriptions],
    ['price_', d.prices],
    ['prod_', d.products],
    ['cs_', d.checkoutSessions],
  ];
  for (const [prefix, table] of tables) if (id.startsWith(prefix)) return table[id];
  return undefined;
}

/** Fields Stripe only returns when asked for (`includable`), computed on demand. */
function includable(engine: Engine, owner: Json, field: string): unknown {
  if (owner['object'] !== 'invoice') return undefined;
  const invoiceId = owner['id'];
  if (field === 'payments') {
    const data = Object.values(engine.data.invoicePayments)
      .filter((p) => p.invoice === invoiceId)
      .reverse();
    return { object: 'list', data, has_more: false, url: `/v1/invoice_payments?invoice=${String(invoiceId)}` };
  }
  if (field === 'confirmation_secret') {
    const payment = Object.values(engine.data.invoicePayments).find((p) => p.invoice === invoiceId && p.is_default);
    const pi = payment?.payment.payment_intent;
    const intent = typeof pi === 'string' ? engine.data.paymentIntents[pi] : undefined;
    return intent ? { client_secret: intent.client_secret, type: 'payment_intent' } : null;
  }
  return undefined;
}

function expandPath(engine: Engine, target: unknown, path: string[], full: string): void {
  if (!isObject(target) || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  if ((target['object'] === 'list' || target['object'] === 'search_result') && head === 'data' && Array.isArray(target['data'])) {
    for (const item of target['data']) expandPath(engine, item, rest, full);
    return;
  }
  const current = target[head];
  if (typeof current === 'string') {
    const found = lookup(engine, current);
    if (found === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`);
    target[head] = snapshot(found);
  } else if (current === undefined) {
    const extra = includable(engine, target, head);
    if (extra === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`);
    target[head] = snapshot(extra);
  }
  expandPath(engine, target[head], rest, full);
}

/** Applies `expand[]` paths (dot-separated, up to four levels, `data.` for lists) to a response copy. */
export function expandResponse<T>(engine: Engine, response: T, paths: string[]): T {
  const copy = snapshot(response) as unknown;
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.length > 4) throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`);
    expandPath(engine, copy, parts, path);
  }
  return copy as T;
}
