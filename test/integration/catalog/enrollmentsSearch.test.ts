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

describe("a payer's edit rewrites only the grams that changed (migration 0026)", () => {
  const raw = () => core.store.raw;
  const update = (id: string, set: string, ...values: (string | null)[]) => raw().prepare(`UPDATE payers SET ${set} WHERE id = ?`).run(...values, id);
  const gramsOf = (id: string) => (raw().prepare('SELECT gram FROM payer_grams WHERE payer_id = ? ORDER BY gram').all(id) as { gram: string }[]).map((r) => r.gram);
  const totalChanges = () => (raw().prepare('SELECT total_changes() AS n').get() as { n: number }).n;

  it('holds exactly the grams of a full rebuild after every field is edited, alone or together, to and from nothing, and after an id change', async () => {
    const p = await createPayer(core, { name: 'Grace Hopper', email: 'grace@navy.test', phone: '555 123 4567', externalId: 'S5551234' });
    const steps: [string, ...(string | null)[]][] = [
      ['name_key = ?', 'grace brewster hopper'],
      ['email = ?', 'g.hopper@navy.test'],
      ['email = ?', null],
      ['email = ?', 'amazing@grace.test'],
      // The phone's digits are grams of the student id too: they stay while the id holds them.
      ['phone_digits = ?', '5551234'],
      ['phone_digits = ?', '999'],
      ['phone_digits = ?', null],
      ['phone_digits = ?', '5551234'],
      ['external_id = ?', 's5551234'],
      ['external_id = ?', 'X-77'],
      ['external_id = ?', null],
      ['name_key = ?, email = ?, phone_digits = ?, external_id = ?', 'grace', 'grace@grace.test', '12', 'G1'],
      ['name_key = ?, email = ?, phone_digits = ?, external_id = ?', 'grace', 'grace@grace.test', '12', 'G1'],
      ['name_key = ?, email = ?', 'ab', null],
    ];
    for (const [set, ...values] of steps) {
      update(p.id, set, ...values);
      expect(storedGrams(), `${set} ${values.join(' ')}`).toEqual(rebuiltGrams());
    }
    // Through the contract too (payers:update writes every column, changed or not).
    await core.ok('payers:update', { requestId: rid('pyr'), payerId: p.id, patch: { name: 'Grace Murray Hopper', email: 'grace@yale.test', phone: '+1 555 010 9999' } });
    expect(storedGrams()).toEqual(rebuiltGrams());
    // A payer's id changing (never done by the app) moves all its grams.
    const q = await createPayer(core, { name: 'Ada Lovelace', email: 'ada@engine.test', phone: '555 000 1815' });
    update(q.id, 'id = ?', 'pyr_renamed_for_the_test');
    expect(gramsOf(q.id)).toEqual([]);
    expect(storedGrams()).toEqual(rebuiltGrams());
    update('pyr_renamed_for_the_test', 'id = ?, name_key = ?', q.id, 'ada king');
    expect(storedGrams()).toEqual(rebuiltGrams());
  });

  it('writes only the grams that differ: a phone edit touches its few changed grams, an unchanged save none', async () => {
    const p = await createPayer(core, { name: 'Katherine Johnson', email: 'katherine@nasa.test', phone: '555 0112', externalId: 'KJ-1918' });
    const all = gramsOf(p.id).length;
    let before = totalChanges();
    update(p.id, 'phone = ?, phone_digits = ?', '555 0147', '5550147');
    // The row itself, then '011' '112' '12␟' '2␟␟' out and '014' '147' '47␟' '7␟␟' in: 0025 rewrote all of them.
    expect(totalChanges() - before).toBe(1 + 4 + 4);
    expect(all).toBeGreaterThan(30);
    expect(storedGrams()).toEqual(rebuiltGrams());
    before = totalChanges();
    update(p.id, 'name_key = ?, email = ?, phone_digits = ?, external_id = ?', 'katherine johnson', 'katherine@nasa.test', '5550147', 'KJ-1918');
    expect(totalChanges() - before).toBe(1);
    expect(gramsOf(p.id).length).toBe(all);
  });
});
