import { describe, expect, it } from 'vitest';
import { createRng } from '../../../scripts/seed/prng';

describe('seeded PRNG', () => {
  it('the same seed gives the same sequence; another seed another one', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 50 }, () => r.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('forked streams are independent of how much the parent drew', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 100; i++) b.next();
    expect(a.fork('payments').string(20)).toBe(b.fork('payments').string(20));
    expect(a.fork('payments').string(20)).not.toBe(a.fork('catalog').string(20));
  });

  it('stays in range and covers it', () => {
    const r = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const v = r.int(-3, 3);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
      const f = r.next();
      expect(f >= 0 && f < 1).toBe(true);
    }
    expect(seen.size).toBe(7);
    expect(() => r.int(2, 1)).toThrow(RangeError);
  });
});
