import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { auditRows, count, createPlan, createProduct, makeCashier, makeCatalogCore, snapshot } from './fixtures';
import type { CatalogCore } from './fixtures';

describe('products through invoke', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore();
  });
  afterEach(() => core.dispose());

  it('creates, lists, updates and deactivates a product, auditing each change', async () => {
    const created = await createProduct(core, { externalId: 'WLD-101', startDate: '2025-09-01', endDate: '2025-12-19' });
    expect(created).toMatchObject({ externalId: 'WLD-101', type: 'course', price: 120_000, currency: 'USD', active: true, autoAssignPaymentPlan: true, refundPolicy: 'prorata' });
    expect(created.id).toMatch(/^prd_/);
    await createProduct(core, { name: 'Night Program', type: 'program', currency: 'EUR' });

    const all = await core.ok('products:list', {});
    expect(all.total).toBe(2);
    expect(all.products.map((p) => p.name)).toEqual(['Night Program', 'Welding 101']);
    expect((await core.ok('products:list', { query: 'wld-1' })).products.map((p) => p.id)).toEqual([created.id]);
    expect((await core.ok('products:list', { type: 'program' })).total).toBe(1);

    const updated = await core.ok('products:update', { requestId: rid(), productId: created.id, patch: { price: 130_000, active: false } });
    expect(updated).toMatchObject({ price: 130_000, active: false, name: 'Welding 101' });
    expect((await core.ok('products:list', { active: true })).products.map((p) => p.name)).toEqual(['Night Program']);
    const [audit] = auditRows(core, 'product.update');
    expect(JSON.parse(audit?.before_json ?? '{}')).toMatchObject({ price: 120_000, active: true });
    expect(JSON.parse(audit?.after_json ?? '{}')).toMatchObject({ price: 130_000, active: false });
    expect(auditRows(core, 'product.create')).toHaveLength(2);
  });

  it.each([
    [{ price: 0 }, 'product.price'],
    [{ price: -5 }, 'product.price'],
    [{ price: 10.5 }, 'product.price'],
    [{ currency: 'XYZ' }, 'product.currency'],
    [{ startDate: '2025-02-30' }, 'product.startDate'],
    [{ startDate: '2025-09-01', endDate: '2025-08-01' }, 'product.endDate'],
    [{ type: 'seminar' }, 'product.type'],
    [{ name: '  ' }, 'product.name'],
    [{ colour: 'red' }, 'product.colour'],
  ])('refuses %j naming %s and writes nothing', async (over, field) => {
    const before = snapshot(core);
    const error = await core.fail('products:create', { requestId: rid(), product: { type: 'course', name: 'X', price: 100, currency: 'USD', ...over } });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toHaveProperty(field);
    expect(error.message).toContain(field);
    expect(snapshot(core)).toBe(before);
  });

  it('refuses a duplicate external id, an unknown id and a currency change under existing plans', async () => {
    const p = await createProduct(core, { externalId: 'A-1' });
    await createPlan(core, p.id);
    const before = snapshot(core);
    const dup = await core.fail('products:create', { requestId: rid(), product: { externalId: 'A-1', type: 'course', name: 'Other', price: 5, currency: 'USD' } });
    expect(dup).toMatchObject({ code: 'CONFLICT', details: { productId: p.id } });
    expect((await core.fail('products:update', { requestId: rid(), productId: 'prd_nope', patch: { name: 'Y' } })).code).toBe('NOT_FOUND');
    const cur = await core.fail('products:update', { requestId: rid(), productId: p.id, patch: { currency: 'EUR' } });
    expect(cur.fields).toHaveProperty('patch.currency');
    expect(snapshot(core)).toBe(before);
  });

  it('replays a repeated requestId without a second product or audit entry', async () => {
    const requestId = rid();
    const input = { requestId, product: { type: 'course' as const, name: 'Once', price: 100, currency: 'USD' } };
    const first = await core.ok('products:create', input);
    const second = await core.ok('products:create', input);
    expect(second).toEqual(first);
    expect(count(core, 'products')).toBe(1);
    expect(auditRows(core, 'product.create')).toHaveLength(1);
  });

  it('lets a cashier read but not change products', async () => {
    const cashier = makeCashier(core);
    const p = await createProduct(core);
    expect((await core.ok('products:list', {}, cashier)).total).toBe(1);
    const before = snapshot(core);
    for (const [channel, input] of [
      ['products:create', { requestId: rid(), product: { type: 'course', name: 'X', price: 1, currency: 'USD' } }],
      ['products:update', { requestId: rid(), productId: p.id, patch: { name: 'Y' } }],
      ['products:import', { requestId: rid(), csv: 'external_id,type,name,price,currency\nA,course,X,1,USD\n' }],
    ] as const) {
      expect((await core.fail(channel, input, cashier)).code).toBe('FORBIDDEN');
    }
    expect((await core.fail('products:list', {}, null)).code).toBe('FORBIDDEN');
    expect(snapshot(core)).toBe(before);
  });
});

describe('products:import', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore();
  });
  afterEach(() => core.dispose());

  const csv = [
    'external_id,type,name,price,currency,start_date,end_date',
    'C-100,course,Intro to Welding,450.00,USD,2025-09-01,2025-12-15',
    'P-200,program,Nursing Assistant,"3,200.00",USD,2025-10-01,2026-06-30',
    'C-300,course,Bad date,100.00,USD,2025-13-01,',
    'C-400,seminar,Bad type,100.00,USD,,',
    'C-500,course,Japanese for beginners,12000,JPY,,',
  ].join('\n');

  it('reports created and rejected rows, then re-imports idempotently and updates only what changed', async () => {
    const first = await core.ok('products:import', { requestId: rid(), csv });
    expect(first.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 2 });
    expect(first.rows.map((r) => [r.line, r.externalId, r.outcome, r.field])).toEqual([
      [2, 'C-100', 'created', null],
      [3, 'P-200', 'created', null],
      [4, 'C-300', 'rejected', 'start_date'],
      [5, 'C-400', 'rejected', 'type'],
      [6, 'C-500', 'created', null],
    ]);
    expect(first.rows[2]?.reason).toContain('start_date');
    expect(count(core, 'products')).toBe(3);
    const nursing = (await core.ok('products:list', { query: 'nursing' })).products[0];
    expect(nursing).toMatchObject({ externalId: 'P-200', type: 'program', price: 320_000, startDate: '2025-10-01', endDate: '2026-06-30' });

    const again = await core.ok('products:import', { requestId: rid(), csv });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 2 });
    expect(count(core, 'products')).toBe(3);

    const changed = csv.replace('450.00', '475.00').replace('2025-13-01', '2025-11-01');
    const third = await core.ok('products:import', { requestId: rid(), csv: changed });
    expect(third.counts).toEqual({ created: 1, updated: 1, unchanged: 2, rejected: 1 });
    expect(third.rows.find((r) => r.externalId === 'C-100')).toMatchObject({ outcome: 'updated', productId: first.rows[0]?.productId });
    expect(count(core, 'products')).toBe(4);
    const [update] = auditRows(core, 'product.import.update');
    expect(JSON.parse(update?.before_json ?? '{}').price).toBe(45_000);
    expect(JSON.parse(update?.after_json ?? '{}').price).toBe(47_500);
    expect(auditRows(core, 'products.import')).toHaveLength(3);
  });

  it('refuses a file missing required columns as a whole, writing nothing', async () => {
    const before = snapshot(core);
    const error = await core.fail('products:import', { requestId: rid(), csv: 'external_id,type,name\nA,course,X\n' });
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['csv.currency', 'csv.price']);
    expect(error.message).toContain('price');
    const broken = await core.fail('products:import', { requestId: rid(), csv: 'external_id,type,name,price,currency\n"A,course,X,1,USD\n' });
    expect(broken.fields).toHaveProperty('csv');
    expect(snapshot(core)).toBe(before);
  });

  it('refuses a file over the size limit', async () => {
    const error = await core.fail('products:import', { requestId: rid(), csv: 'x'.repeat(5 * 1024 * 1024 + 1) });
    expect(error.fields).toHaveProperty('csv');
  });

  it('rejects a currency change for a product that has plans, keeping the rest of the file', async () => {
    await core.ok('products:import', { requestId: rid(), csv });
    const product = (await core.ok('products:list', { query: 'C-100' })).products[0];
    await createPlan(core, product?.id ?? '');
    const report = await core.ok('products:import', { requestId: rid(), csv: csv.replace('450.00,USD', '450.00,EUR') });
    expect(report.rows[0]).toMatchObject({ outcome: 'rejected', field: 'currency' });
    expect(report.counts.unchanged).toBe(2);
  });

  it('replays the first report for the same requestId', async () => {
    const requestId = rid();
    const first = await core.ok('products:import', { requestId, csv });
    const second = await core.ok('products:import', { requestId, csv });
    expect(second).toEqual(first);
    expect(auditRows(core, 'products.import')).toHaveLength(1);
  });
});
