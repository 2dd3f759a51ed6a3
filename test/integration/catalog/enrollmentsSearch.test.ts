import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { createPayer, createPlan, createProduct, makeCatalogCore, threeMonthly } from './fixtures';
import type { CatalogCore } from './fixtures';

/**
 * enrollments:list with `payerQuery` (the Enrollments screen's "Find student"): every enrollment
 * whose student the one payer search finds (every typed word inside the name, or the text inside
 * the email; issue 17, bug 6), newest first, with the exact total — both when a few payers match
 * (their enrollments sorted) and when hundreds do (newest enrollments walked).
 */
let core: CatalogCore;
const names: string[] = [];
beforeAll(async () => {
  core = await makeCatalogCore('2025-03-15');
  const product = await createProduct(core, { name: 'Welding' });
  const plan = await createPlan(core, product.id, threeMonthly);
  const other = await createProduct(core, { name: 'Forklift' });
  const otherPlan = await createPlan(core, other.id, threeMonthly);
  for (let i = 0; i < 560; i++) {
    const name = i % 50 === 7 ? `Ánna Berg ${i}` : i % 50 === 9 ? `anna smith ${i}` : `Payer ${i}`;
    const payerId = (await createPayer(core, { name })).id;
    names.push(name);
    await core.ok('enrollments:create', { requestId: rid('enr'), payerId, productId: product.id, planId: plan.id });
    if (i % 3 === 0) await core.ok('enrollments:create', { requestId: rid('enr'), payerId, productId: other.id, planId: otherPlan.id });
  }
}, 240_000);
afterAll(() => core?.dispose());

async function all(input: { payerQuery?: string; status?: 'active' }) {
  const out: { payerName: string; payerId: string; id: string }[] = [];
  let total = -1;
  for (let offset = 0; ; offset += 200) {
    const r = await core.ok('enrollments:list', { ...input, limit: 200, offset });
    out.push(...r.enrollments);
    total = r.total;
    if (r.enrollments.length < 200) break;
  }
  return { rows: out, total };
}

describe('enrollments:list payerQuery', () => {
  it('matches any word of the name, case-insensitively, with the exact total, for few and many matching payers', async () => {
    const everyone = await all({});
    const emailOf = new Map((core.store.raw.prepare('SELECT id, email FROM payers').all() as { id: string; email: string | null }[]).map((r) => [r.id, r.email ?? '']));
    for (const typed of ['ann', 'Anna S', 'ánna b', 'p', 'Payer 1', 'payer 12', 'zz', 'smith', 'BERG 5']) {
      const key = typed.normalize('NFKC').toLowerCase();
      const words = key.split(/\s+/);
      // Every payer here has an email (student<n>@example.org): a typed text inside it finds them too.
      const expected = everyone.rows.filter((r) => {
        const name = r.payerName.normalize('NFKC').toLowerCase();
        return words.every((w) => name.includes(w)) || (emailOf.get(r.payerId) ?? '').includes(key);
      });
      const got = await all({ payerQuery: typed });
      expect(got.rows.map((r) => r.id), typed).toEqual(expected.map((r) => r.id));
      expect(got.total, typed).toBe(expected.length);
      const page = await core.ok('enrollments:list', { payerQuery: typed, limit: 7, offset: 3 });
      expect(page.enrollments.map((r) => r.id), typed).toEqual(expected.slice(3, 10).map((r) => r.id));
    }
    expect((await all({ payerQuery: 'p' })).total).toBeGreaterThan(500);
    expect((await all({ payerQuery: 'anna s' })).total).toBeGreaterThan(0);
    expect((await core.fail('enrollments:list', { payerQuery: 'x'.repeat(101) })).fields).toHaveProperty('payerQuery');
  });

  it('countUpTo stops the count there (the page is unchanged); below it the total is exact', async () => {
    const exact = await core.ok('enrollments:list', { payerQuery: 'p', limit: 10 });
    const capped = await core.ok('enrollments:list', { payerQuery: 'p', limit: 10, countUpTo: 100 });
    expect(exact.total).toBeGreaterThan(100);
    expect(capped.total).toBe(100);
    expect(capped.enrollments).toEqual(exact.enrollments);
    const few = await core.ok('enrollments:list', { payerQuery: 'anna s', limit: 10, countUpTo: 100 });
    expect(few.total).toBe((await core.ok('enrollments:list', { payerQuery: 'anna s', limit: 10 })).total);
    expect(few.total).toBeLessThan(100);
    expect((await core.ok('enrollments:list', { status: 'active', limit: 1, countUpTo: 7 })).total).toBe(7);
  });
});
