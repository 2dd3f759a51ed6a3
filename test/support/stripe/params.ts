import { invalidParam, missingParam, unknownParam } from './errors';
import type { FormObject, FormValue } from './formBody';

/** Typed readers over a decoded form body that fail the way Stripe's parameter validation does. */
export type Params = {
  raw: FormObject;
  has(key: string): boolean;
  str(key: string): string | undefined;
  reqStr(key: string): string;
  int(key: string): number | undefined;
  reqInt(key: string): number;
  bool(key: string): boolean | undefined;
  obj(key: string): Params | undefined;
  list(key: string): Params[];
  strList(key: string): string[];
  metadata(key?: string): Record<string, string> | undefined;
  /** Rejects any top-level key not named, like Stripe's `parameter_unknown`. */
  allow(...keys: string[]): void;
};

const INT = /^-?\d+$/;

export function params(raw: FormObject, prefix = ''): Params {
  const name = (key: string) => (prefix ? `${prefix}[${key}]` : key);
  const scalar = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidParam(name(key), `Invalid string: ${JSON.stringify(v)}`, 'parameter_invalid_string');
    return v;
  };
  const self: Params = {
    raw,
    has: (key) => raw[key] !== undefined,
    str: (key) => {
      const v = scalar(key);
      return v === '' ? undefined : v;
    },
    reqStr: (key) => {
      const v = scalar(key);
      if (v === undefined || v === '') throw missingParam(name(key));
      return v;
    },
    int: (key) => {
      const v = scalar(key);
      if (v === undefined || v === '') return undefined;
      if (!INT.test(v)) throw invalidParam(name(key), `Invalid integer: ${v}`, 'parameter_invalid_integer');
      const n = Number(v);
      if (!Number.isSafeInteger(n)) throw invalidParam(name(key), `Invalid integer: ${v}`, 'parameter_invalid_integer');
      return n;
    },
    reqInt: (key) => {
      const n = self.int(key);
      if (n === undefined) throw missingParam(name(key));
      return n;
    },
    bool: (key) => {
      const v = scalar(key);
      if (v === undefined || v === '') return undefined;
      if (v !== 'true' && v !== 'false') throw invalidParam(name(key), `Invalid boolean: ${v}`, 'parameter_invalid_boolean');
      return v === 'true';
    },
    obj: (key) => {
      const v = raw[key];
      if (v === undefined || v === '') return undefined;
      if (typeof v === 'string' || Array.isArray(v)) throw invalidParam(name(key), `Invalid hash`, 'parameter_invalid_hash');
      return params(v, name(key));
    },
    list: (key) => {
      const v = raw[key];
      if (v === undefined || v === '') return [];
      if (!Array.isArray(v)) throw invalidParam(name(key), `Invalid array`, 'parameter_invalid_array');
      return v.map((item: FormValue, i) => {
        if (typeof item === 'string' || Array.isArray(item)) throw invalidParam(`${name(key)}[${i}]`, 'Invalid hash', 'parameter_invalid_hash');
        return params(item, `${name(key)}[${i}]`);
      });
    },
    strList: (key) => {
      const v = raw[key];
      if (v === undefined || v === '') return [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidParam(name(key), 'Invalid array', 'parameter_invalid_array');
      return v as string[];
    },
    metadata: (key = 'metadata') => {
      const v = raw[key];
      if (v === undefined) return undefined;
      // `metadata=` (empty) unsets all keys, like Stripe.
      if (v === '') return {};
      if (typeof v === 'string') throw invalidParam(name(key), 'Invalid hash', 'parameter_invalid_hash');
      const out: Record<string, string> = {};
      // `metadata[0]=a&metadata[1]=b` decodes as an array; metadata keys are strings all the same.
      const entries = Array.isArray(v) ? v.map((val, i) => [String(i), val] as const) : Object.entries(v);
      for (const [k, val] of entries) {
        if (typeof val !== 'string') throw invalidParam(`${name(key)}[${k}]`, 'Invalid string', 'parameter_invalid_string');
        if (k.length > 40) throw invalidParam(`${name(key)}[${k}]`, 'Metadata keys must be at most 40 characters.', 'parameter_invalid_string');
        if (val.length > 500) throw invalidParam(`${name(key)}[${k}]`, 'Metadata values must be at most 500 characters.', 'parameter_invalid_string');
        out[k] = val;
      }
      return out;
    },
    allow: (...keys) => {
      const allowed = new Set([...keys, 'expand']);
      for (const k of Object.keys(raw)) if (!allowed.has(k)) throw unknownParam(name(k));
    },
  };
  return self;
}

/** Applies a metadata update: an empty value removes that key (Stripe's unset). */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (Object.keys(update).length === 0) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}

const CURRENCY = /^[a-z]{3}$/;
export function currencyParam(p: Params, key = 'currency'): string {
  const c = p.reqStr(key).toLowerCase();
  if (!CURRENCY.test(c)) throw invalidParam(key, `Invalid currency: ${c}. Stripe currently supports these currencies: usd, eur, gbp, …`, 'parameter_invalid_string');
  return c;
}
