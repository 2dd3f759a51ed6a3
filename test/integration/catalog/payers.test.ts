import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { auditRows, count, makeCashier, makeCatalogCore, snapshot } from './fixtures';
import type { CatalogCore } from './fixtures';

describe('payers through invoke', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore();
  });
  afterEach(() => core.dispose());

  async function seed() {
    const cashier = makeCashier(core);
    const add = (payer: { name: string; email?: string | null; phone?: string | null; externalId?: string | null }) => core.ok('payers:create', { requestId: rid(), payer }, cashier);
    return {
      ana: await add({ name: 'Ana María López', email: 'Ana.Lopez@Example.org', phone: '+1 (555) 010-2030', externalId: 'STU-0001' }),
      bob: await add({ name: 'Bob Stone', email: 'bob@school.test', phone: null, externalId: 'STU-0002' }),
      carla: await add({ name: 'Carla Anand', email: null }),
    };
  }

  it('lets a cashier register payers, normalising email, with an audit entry each', async () => {
    const { ana } = await seed();
    expect(ana).toMatchObject({ name: 'Ana María López', email: 'ana.lopez@example.org', phone: '+1 (555) 010-2030', externalId: 'STU-0001' });
    expect(ana.id).toMatch(/^pyr_/);
    expect(auditRows(core, 'payer.create').map((r) => r.actor_name)).toEqual(['cashier1', 'cashier1', 'cashier1']);
  });

  it.each([
    ['a name prefix, any case', 'ana m', ['Ana María López']],
    ['an email prefix', 'BOB@', ['Bob Stone']],
    ['phone digits typed with other punctuation', '555-010', ['Ana María López']],
    ['an external id', 'STU-0002', ['Bob Stone']],
    ['an external id prefix', 'STU-', ['Ana María López', 'Bob Stone']],
    ['a part of a name (contains), after prefix matches', 'an', ['Ana María López', 'Carla Anand']],
    ['nothing that matches', 'zzz', []],
  ])('finds payers by %s', async (_label, query, names) => {
    await seed();
    const { payers } = await core.ok('payers:search', { query });
    expect(payers.map((p) => p.name)).toEqual(names);
  });

  it('treats LIKE wildcards in a query as plain text', async () => {
    await seed();
    expect((await core.ok('payers:search', { query: '%' })).payers).toEqual([]);
    expect((await core.ok('payers:search', { query: '_' })).payers).toEqual([]);
  });

  it.each([
    [{ name: 'X', email: 'not-an-email' }, 'payer.email'],
    [{ name: 'X', phone: 'call me' }, 'payer.phone'],
    [{ name: '' }, 'payer.name'],
    [{ name: 'X', nickname: 'x' }, 'payer.nickname'],
  ])('refuses %j naming %s and writes nothing', async (payer, field) => {
    const before = snapshot(core);
    const error = await core.fail('payers:create', { requestId: rid(), payer });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toHaveProperty(field);
    expect(snapshot(core)).toBe(before);
  });

  it('refuses a second payer with the same external id and replays a repeated request', async () => {
    const input = { requestId: rid(), payer: { name: 'Dee', externalId: 'EXT-9' } };
    const first = await core.ok('payers:create', input);
    expect(await core.ok('payers:create', input)).toEqual(first);
    const dup = await core.fail('payers:create', { requestId: rid(), payer: { name: 'Other Dee', externalId: 'EXT-9' } });
    expect(dup).toMatchObject({ code: 'CONFLICT', details: { payerId: first.id } });
    expect(count(core, 'payers')).toBe(1);
    expect(auditRows(core, 'payer.create')).toHaveLength(1);
    expect((await core.fail('payers:search', { query: 'Dee' }, null)).code).toBe('FORBIDDEN');
  });
});
