import { describe, expect, it } from 'vitest';
import { newId } from '../../../electron/store/ids';

describe('newId', () => {
  it('gives unique ids that sort in creation order, within and across milliseconds', () => {
    const ids = [...Array.from({ length: 500 }, () => newId('itm', 1_700_000_000_000)), ...Array.from({ length: 500 }, () => newId('itm', 1_700_000_000_001))];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^itm_[0-9a-f]{32}$/);
  });
});
