import fc from 'fast-check';

/** Keys that pollute a prototype when merged or assigned carelessly. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const own = (entries: [string, unknown][]): Record<string, unknown> => {
  const obj: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(obj, k, { value: v, enumerable: true, configurable: true, writable: true });
  return obj;
};

/** `{"__proto__": {...}}` as JSON.parse and structured clone deliver it: an own property, not a prototype change. */
const pollutionObject = fc.tuple(fc.constantFrom(...POLLUTION_KEYS), fc.constantFrom('polluted', 'isAdmin', 'role', 'toString')).map(([key, prop]) =>
  key === 'constructor' ? own([['constructor', own([['prototype', own([[prop, 'yes']])]])]]) : own([[key, own([[prop, 'yes']])]]),
);

function deep(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

// Built once: generating megabyte strings per case would dominate the run.
const HUGE = ['x'.repeat(1024 * 1024), '\u00e9'.repeat(200_000), '😀'.repeat(100_000), `${'a'.repeat(5000)}\u0000${'b'.repeat(5000)}`];
const DEEP = [deep(100, 'array'), deep(100, 'object'), deep(5_000, 'array'), deep(5_000, 'object')];

/** Inputs no honest renderer sends: anything a structured clone can carry, at its worst. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, true, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, '', [], {}) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...HUGE) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...DEEP) },
  { weight: 2, arbitrary: pollutionObject },
);

/** Puts `value` under `key` of a copy of `base` (or a fresh object), as an own property. */
export function withKey(base: unknown, key: string, value: unknown): Record<string, unknown> {
  const entries = base && typeof base === 'object' && !Array.isArray(base) ? Object.entries(base) : [];
  return own([...entries.filter(([k]) => k !== key), [key, value]]);
}

export const hostileKey = fc.oneof(fc.constantFrom(...POLLUTION_KEYS, 'requestId', 'patch', 'id', 'role', 'admin'), fc.string({ maxLength: 20 }));
