import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/core/canonicalJson';

/** The form every stored input hash and audit hash was made with. */
const reference = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });

const awkwardKeys = fc.constantFrom('0', '1', '10', '9', '01', '-1', '1.5', '4294967294', '4294967295', '9007199254740993', '', 'a', 'B', 'é', '\u2028', '__proto__', 'toJSON', 'constructor');
const key = fc.oneof(fc.string(), awkwardKeys);
const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: false }), fc.constant(() => 1));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj')),
  arr: fc.oneof(fc.array(tie('v'), { maxLength: 5 }), fc.sparseArray(tie('v'), { maxLength: 5 })),
  obj: fc.dictionary(key, tie('v'), { maxKeys: 6 }),
})).v;

describe('canonicalJson', () => {
  it('writes exactly the text of JSON.stringify with entries sorted, for any JSON-ish value', () => {
    fc.assert(fc.property(value, (v) => {
      expect(canonicalJson(v)).toBe(reference(v));
    }), { numRuns: 3000 });
  });

  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }, 3], 10: 'x', 2: 'y', A: null, u: undefined })).toBe('{"2":"y","10":"x","A":null,"a":[{"c":2,"d":1},3],"b":1}');
    expect(canonicalJson([undefined, () => 1, new Date('2025-01-01T00:00:00Z')])).toBe('[null,null,"2025-01-01T00:00:00.000Z"]');
    expect(canonicalJson(undefined)).toBeUndefined();
  });
});
