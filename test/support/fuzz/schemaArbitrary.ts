import fc from 'fast-check';
import type { z } from 'zod';
import { checksOf, defOf, unwrap } from '../zodWalk';

/**
 * Inputs derived from a channel's zod input schema, in two modes:
 * - `valid`: inside every constraint the walker can read (length, regex, range, enum,
 *   required keys, no unknown keys); where a refinement cannot be read (currency codes,
 *   locales) the value at the same path of the channel's example is used half the time.
 * - `boundary`: at, just inside and just past each limit, odd characters, NaN and
 *   infinities, optional fields dropped, now and then an unknown extra field.
 */
export type SchemaArbMode = 'valid' | 'boundary';

const MAX_DEPTH = 6;
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).concat(['é', 'ß', 'Ω', '中', '😀']);
const SAFE_TEXT = PRINTABLE.filter((c) => c !== ' ');

type Limits = { min: number; max: number; pattern: RegExp | null; trims: boolean; refined: boolean };

function stringLimits(schema: z.ZodType): Limits {
  const l: Limits = { min: 0, max: Number.POSITIVE_INFINITY, pattern: null, trims: false, refined: false };
  for (const c of checksOf(schema)) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') l.min = Math.max(l.min, c.minimum);
    if (c.check === 'max_length' && typeof c.maximum === 'number') l.max = Math.min(l.max, c.maximum);
    if (c.check === 'length_equals' && typeof c.length === 'number') l.min = l.max = c.length;
    if (c.check === 'string_format' && c.pattern instanceof RegExp) l.pattern = c.pattern;
    if (c.check === 'overwrite') l.trims = true;
    if (c.check === 'custom') l.refined = true;
  }
  return l;
}

/** `^[class]+$`, `^[class]{m,n}$` and the like: the characters the class admits (found by testing each) and the quantifier's lengths. */
function classChars(pattern: RegExp): { chars: string[]; min: number; max: number } | null {
  const m = /^\^(\[[^\]]+\])(?:([+*])|\{(\d+)(?:(,)(\d*))?\})\$$/.exec(pattern.source);
  if (!m) return null;
  const cls = new RegExp(`^${m[1]}$`, pattern.flags.replace('g', ''));
  const chars = PRINTABLE.filter((c) => cls.test(c));
  if (!chars.length) return null;
  if (m[2]) return { chars, min: m[2] === '+' ? 1 : 0, max: Number.POSITIVE_INFINITY };
  const lo = Number(m[3]);
  return { chars, min: lo, max: m[4] ? (m[5] ? Number(m[5]) : Number.POSITIVE_INFINITY) : lo };
}

function validString(schema: z.ZodType, example: unknown): fc.Arbitrary<string> {
  const l = stringLimits(schema);
  const cap = Number.isFinite(l.max) ? l.max : 60;
  const min = l.trims ? Math.max(l.min, 0) : l.min;
  let derived: fc.Arbitrary<string>;
  const cls = l.pattern ? classChars(l.pattern) : null;
  if (cls) {
    const lo = Math.max(min, cls.min);
    const hi = Math.max(lo, Math.min(cap, cls.max, 60));
    derived = fc.string({ unit: fc.constantFrom(...cls.chars), minLength: lo, maxLength: hi });
  }
  else if (l.pattern) derived = fc.stringMatching(l.pattern).filter((s) => s.length >= min && s.length <= cap);
  else derived = fc.string({ unit: fc.constantFrom(...SAFE_TEXT), minLength: Math.max(min, 1), maxLength: Math.max(Math.min(cap, 40), Math.max(min, 1)) });
  if (typeof example === 'string') return fc.oneof({ weight: l.refined ? 3 : 1, arbitrary: fc.constant(example) }, { weight: 1, arbitrary: derived });
  return derived;
}

function boundaryString(schema: z.ZodType): fc.Arbitrary<string> {
  const l = stringLimits(schema);
  const cap = Number.isFinite(l.max) ? l.max : 300;
  const sizes = [l.min, Math.max(0, l.min - 1), cap, cap + 1].filter((n, i, a) => a.indexOf(n) === i);
  const options: fc.Arbitrary<string>[] = [
    fc.string({ minLength: 0, maxLength: Math.min(cap + 2, 64) }),
    fc.constantFrom(...sizes).chain((n) => fc.constantFrom('a'.repeat(n), ' '.repeat(n), 'é'.repeat(n), '😀'.repeat(Math.ceil(n / 2)), `${' '.repeat(Math.min(n, 3))}${'b'.repeat(Math.max(0, n - 3))}`)),
    fc.constantFrom('', ' ', '\u0000', '\n', "'", '"', '%', '_', '\\', 'null', 'undefined', '0', '\u202e', '\ud800'),
  ];
  if (l.pattern) options.push(fc.stringMatching(l.pattern).map((s) => `${s}${s}`.slice(0, cap + 1)));
  return fc.oneof(...options);
}

function numberArb(schema: z.ZodType, mode: SchemaArbMode, example: unknown): fc.Arbitrary<number> {
  const s = schema as unknown as { minValue?: number | null; maxValue?: number | null; isInt?: boolean };
  const lo = Math.max(typeof s.minValue === 'number' && Number.isFinite(s.minValue) ? s.minValue : -1e9, Number.MIN_SAFE_INTEGER);
  const hi = Math.min(typeof s.maxValue === 'number' && Number.isFinite(s.maxValue) ? s.maxValue : 1e9, Number.MAX_SAFE_INTEGER);
  // A strictly-positive check gives minValue 0 exclusive: start one above.
  const exclusiveLow = checksOf(schema).some((c) => c.check === 'greater_than' && c.inclusive === false && c.value === lo);
  const from = s.isInt ? Math.ceil(lo) + (exclusiveLow ? 1 : 0) : lo;
  const inRange = s.isInt ? fc.integer({ min: from, max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true, minExcluded: exclusiveLow });
  if (mode === 'valid') return typeof example === 'number' ? fc.oneof(fc.constant(example), inRange, fc.constantFrom(from, Math.floor(hi))) : fc.oneof(inRange, fc.constantFrom(from, Math.floor(hi)));
  return fc.oneof(inRange, fc.constantFrom(lo, hi, lo - 1, hi + 1, 0, -0, -1, 0.5, 1e-9, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
}

const at = (example: unknown, key: string | number): unknown =>
  example && typeof example === 'object' && Object.prototype.hasOwnProperty.call(example, key) ? (example as Record<string, unknown>)[key] : undefined;

export function arbitraryFor(schema: z.ZodType, mode: SchemaArbMode = 'valid', example?: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const outer = defOf(schema);
  const optional = outer.type === 'optional' || outer.type === 'default' || outer.type === 'prefault';
  const nullable = outer.type === 'nullable';
  const s = unwrap(schema, 'input');
  const d = defOf(s);
  const child = (c: z.ZodType, ex: unknown) => arbitraryFor(c, mode, ex, depth + 1);
  let arb: fc.Arbitrary<unknown>;
  switch (d.type) {
    case 'string':
      arb = mode === 'valid' ? validString(s, example) : boundaryString(s);
      break;
    case 'number':
    case 'int':
      arb = numberArb(s, mode, example);
      break;
    case 'bigint':
      arb = fc.bigInt();
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'literal':
      arb = fc.constantFrom(...((d.values ?? [null]) as unknown[]));
      break;
    case 'enum':
      arb = fc.constantFrom(...Object.values(d.entries ?? { x: 'x' }));
      break;
    case 'null':
      arb = fc.constant(null);
      break;
    case 'object': {
      const entries = Object.entries(d.shape ?? {});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of entries) record[k] = child(v, at(example, k));
      const base = fc.record(record, { requiredKeys: entries.filter(([, v]) => !isOptional(v)).map(([k]) => k) });
      if (mode === 'valid') {
        arb = base;
        break;
      }
      // One case in ten carries a field the schema does not know (strict objects must refuse it).
      arb = fc.tuple(base, fc.option(fc.tuple(fc.constantFrom('extra', 'id', 'role', 'admin', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 1 })), { freq: 9 })).map(([obj, extra]) => {
        if (!extra) return obj;
        const copy = { ...(obj as Record<string, unknown>) };
        Object.defineProperty(copy, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
        return copy;
      });
      break;
    }
    case 'array': {
      const checks = checksOf(s);
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 8;
      const firstExample = Array.isArray(example) ? example[0] : undefined;
      const elem = d.element ? child(d.element, firstExample) : fc.jsonValue({ maxDepth: 1 });
      const inside = fc.array(elem, { minLength: min, maxLength: Math.max(min, Math.min(max, 8)) });
      arb = mode === 'valid' ? inside : fc.oneof(inside, fc.array(elem, { minLength: max + 1, maxLength: max + 2 }));
      break;
    }
    case 'tuple':
      arb = fc.tuple(...(d.items ?? []).map((item, i) => child(item, at(example, i))));
      break;
    case 'union':
      arb = (d.options ?? []).length ? fc.oneof(...(d.options ?? []).map((o) => child(o, example))) : fc.constant(null);
      break;
    case 'intersection':
      arb = fc.tuple(d.left ? child(d.left, example) : fc.constant({}), d.right ? child(d.right, example) : fc.constant({})).map(([a, b]) =>
        a && b && typeof a === 'object' && typeof b === 'object' ? { ...a, ...b } : a,
      );
      break;
    case 'record':
      arb = fc.dictionary(d.keyType ? (child(d.keyType, undefined).filter((k) => typeof k === 'string') as fc.Arbitrary<string>) : fc.string(), d.valueType ? child(d.valueType, undefined) : fc.jsonValue(), { maxKeys: 5 });
      break;
    default:
      arb = fc.jsonValue({ maxDepth: 2 });
  }
  if (optional) arb = fc.option(arb, { nil: undefined, freq: mode === 'valid' ? 2 : 4 });
  if (nullable) arb = fc.option(arb, { nil: null, freq: 4 });
  return arb;
}

function isOptional(schema: z.ZodType): boolean {
  const t = defOf(schema).type;
  return t === 'optional' || t === 'default' || t === 'prefault';
}
