import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payerCandidates, payerMatch } from '../../../electron/services/payers/payerMatch';
import { sql } from '../../../electron/store/sql';
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

/** Every payer id the rule finds, by reading every payer (no index). */
function scanned(query: string): string[] {
  const q = sql`SELECT p.id FROM payers p WHERE ${payerMatch(query) ?? sql`0`} ORDER BY p.id`;
  return (core.store.raw.prepare(q.text).all(...q.params) as { id: string }[]).map((r) => r.id);
}

/** The gram rows migration 0025's triggers should hold, recomputed from the payers as they are. */
function rebuiltGrams(): string[] {
  const out = new Set<string>();
  const rows = core.store.raw.prepare('SELECT id, name_key, email, lower(external_id) AS ext, phone_digits FROM payers').all() as { id: string; name_key: string; email: string | null; ext: string | null; phone_digits: string | null }[];
  for (const r of rows) {
    for (const v of [r.name_key, r.email, r.ext, r.phone_digits]) {
      if (v === null) continue;
      const chars = Array.from(`${v}\u001f\u001f`);
      for (let i = 0; i + 2 < chars.length; i++) out.add(`${chars.slice(i, i + 3).join('')}|${r.id}`);
    }
  }
  return [...out].sort();
}
const storedGrams = () => (core.store.raw.prepare('SELECT gram, payer_id FROM payer_grams').all() as { gram: string; payer_id: string }[]).map((r) => `${r.gram}|${r.payer_id}`).sort();

describe('the gram index of the one payer search (migration 0025)', () => {
  it('offers a superset of the payers the rule finds, so the indexed search finds exactly what a scan finds', async () => {
    const p = await createPayer(core, { name: 'Łukasz Nguyễn Văn An', email: 'l.nguyen@school.test', phone: '+1 (555) 010-4477', externalId: 'S1001' });
    let indexed = 0;
    for (const typed of ['ann', 'Anna S', 'ánna b', 'p', 'a', 'Payer 1', 'payer 12', 'payer 123', 'zz', 'smith', 'BERG 5', 'berg 507', 'nguyễn', 'ễn v', 'łu', 'văn an',
      'l.nguyen@', 'school.test', 's1001', 'S10', '0104477', '555 010', '(555) 010-4477', '4477', 'example.org', 'student5', '9@ex', ' payer  3 ']) {
      const few = payerCandidates(core.store, typed);
      if (few) {
        indexed += 1;
        const q = sql`SELECT p.id FROM payers p WHERE p.id IN (${few}) AND ${payerMatch(typed) ?? sql`0`} ORDER BY p.id`;
        expect((core.store.raw.prepare(q.text).all(...q.params) as { id: string }[]).map((r) => r.id), typed).toEqual(scanned(typed));
      }
    }
    // Most of these are rare enough to be read from the index: the test would prove nothing otherwise.
    expect(indexed).toBeGreaterThan(15);
    for (const typed of ['nguyễn', 's1001', '0104477', 'văn an']) {
      expect((await core.ok('payers:search', { query: typed, limit: 5 })).payers.map((x) => x.id), typed).toEqual([p.id]);
    }
    expect(storedGrams()).toEqual(rebuiltGrams());
  });

  it("follows a payer's rename, new email and phone (the update trigger), and a payer inserted as the office journal applies one", async () => {
    const product = await createProduct(core, { name: 'Grams' });
    const plan = await createPlan(core, product.id, threeMonthly);
    const p = await createPayer(core, { name: 'Quentin Oldname', email: 'quentin@old.test', phone: '555 777 1234' });
    const enr = await core.ok('enrollments:create', { requestId: rid('enr'), payerId: p.id, productId: product.id, planId: plan.id });
    const found = async (typed: string) => (await core.ok('enrollments:list', { payerQuery: typed, limit: 10, countUpTo: 50 })).enrollments.map((e) => e.id);
    expect(await found('oldname')).toEqual([enr.enrollment.id]);
    await core.ok('payers:update', { requestId: rid('pyr'), payerId: p.id, patch: { name: 'Quentin Newname', email: 'quentin@new.test', phone: '555 888 9999' } });
    expect(await found('oldname')).toEqual([]);
    expect(await found('old.test')).toEqual([]);
    expect(await found('7771234')).toEqual([]);
    expect(await found('newname')).toEqual([enr.enrollment.id]);
    expect(await found('new.test')).toEqual([enr.enrollment.id]);
    expect(await found('888 9999')).toEqual([enr.enrollment.id]);
    // A payer row written by plain SQL, as the office journal applies another desk's payer.
    core.store.raw.prepare(`INSERT INTO payers (id, name, name_key, email, phone, phone_digits, external_id, created_at, updated_at)
      VALUES ('pyr_applied_from_desk_b', 'Zoë Applied', 'zoë applied', NULL, NULL, NULL, 'EXT-77', '2025-03-15T00:00:00.000Z', '2025-03-15T00:00:00.000Z')`).run();
    expect((await core.ok('payers:search', { query: 'zoë app', limit: 5 })).payers.map((x) => x.id)).toEqual(['pyr_applied_from_desk_b']);
    expect((await core.ok('payers:search', { query: 'ext-7', limit: 5 })).payers.map((x) => x.id)).toEqual(['pyr_applied_from_desk_b']);
    expect(storedGrams()).toEqual(rebuiltGrams());
  });
});
