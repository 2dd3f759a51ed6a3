import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../../electron/store/sql';
import { rid } from '../../support/core';
import { freshDesk, joinFromFirstRun, must, OFFICE_PASSPHRASE, signIn, startRelayOffice, until } from '../../support/office/relayDesks';
import type { RelayOffice } from '../../support/office/relayDesks';
import { createProduct, makeCatalogCore } from '../catalog/fixtures';
import type { CatalogCore } from '../catalog/fixtures';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function office(): Promise<RelayOffice> {
  const o = await startRelayOffice();
  cleanup.push(() => o.dispose());
  return o;
}

async function firstDesk(o: RelayOffice): Promise<CatalogCore> {
  const a = await makeCatalogCore();
  cleanup.push(() => a.dispose());
  a.services.officeLink.start();
  await createProduct(a, { name: 'Pottery', price: 250_00, currency: 'USD' });
  await a.ok('office:join', { requestId: rid('join'), relayUrl: o.url, joinCode: await o.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' });
  return a;
}

describe('the office link carries the office books', () => {
  it('the first desk seeds the office in the transaction that makes it a member, and its link pushes the seed', async () => {
    const o = await office();
    const a = await firstDesk(o);
    const membership = a.store.get<{ desk: string; seeded: number }>(sql`SELECT desk, seeded FROM office_membership`);
    expect(membership?.seeded).toBe(1);
    expect(a.store.get(sql`SELECT desk_id AS desk FROM office_desk`)).toEqual({ desk: membership?.desk });
    const seed = a.store.get<{ desk: string; desk_seq: number }>(sql`SELECT desk, desk_seq FROM office_entries ORDER BY desk_seq LIMIT 1`);
    expect(seed).toEqual({ desk: membership?.desk, desk_seq: 1 });
    // The link carries the journal with no test wiring: the hub receives the seed entry.
    await until(async () => (await o.relay.store.journal.listDesks(o.org)).length === 1 && a.services.office.unsentCount() === 0, 30_000, 'the seed pushed');
  });

  it('a desk with books of its own cannot join an office that has books, and nothing is written', async () => {
    const o = await office();
    await firstDesk(o);
    const c = await makeCatalogCore();
    cleanup.push(() => c.dispose());
    await createProduct(c, { name: 'Welding', price: 100_00, currency: 'USD' });
    const code = await o.code();
    const audit = c.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`)?.n;
    const error = await c.fail('office:join', { requestId: rid('join'), relayUrl: o.url, joinCode: code, passphrase: OFFICE_PASSPHRASE, deskName: 'Back office' });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/already has its own books.*Join an existing office/);
    expect(error.message).not.toMatch(/office:join|journal|seed/);
    expect(c.store.get(sql`SELECT count(*) AS n FROM office_membership`)).toEqual({ n: 0 });
    expect(c.store.get(sql`SELECT count(*) AS n FROM office_desk`)).toEqual({ n: 0 });
    expect(c.store.get(sql`SELECT count(*) AS n FROM office_entries`)).toEqual({ n: 0 });
    expect(c.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`)?.n).toBe(audit);
    expect(c.services.secrets.get('office.key')).toBeNull();
    expect(c.services.secrets.get('office.token')).toBeNull();
    // Refused before the code was spent: the hub still has one desk, and a fresh desk can use the code.
    expect(await o.relay.store.journal.listDesks(o.org)).toHaveLength(1);
    const b = freshDesk();
    cleanup.push(() => b.dispose());
    await must(b.core, 'office:join', { requestId: rid('join'), relayUrl: o.url, joinCode: code, passphrase: OFFICE_PASSPHRASE, deskName: 'Back office' }, null);
  });

  it('a new desk joins from its first start: no admin of its own, the office users and books arrive, and it signs in with them', async () => {
    const o = await office();
    const a = await firstDesk(o);
    const b = freshDesk({ now: () => a.clock.at });
    cleanup.push(() => b.dispose());
    expect(await must(b.core, 'auth:status', {}, null)).toMatchObject({ setupRequired: true });
    // Anyone at a desk with no user may join it; an admin is needed once it has one.
    const joined = await joinFromFirstRun(b.core, o, 'Back office');
    expect(joined).toMatchObject({ joined: true, office: { seeded: false, deskName: 'Back office' } });
    expect(b.core.store.get(sql`SELECT count(*) AS n FROM office_desk`)).toEqual({ n: 1 });
    // No setup of its own while the office's users are on their way.
    expect(await must(b.core, 'auth:status', {}, null)).toMatchObject({ setupRequired: false, user: null });
    const setup = await b.core.invoke('auth:setup', { requestId: rid('setup'), username: 'local', displayName: 'Local', password: 'local-pass-1' }, null);
    expect(setup.ok ? null : setup.error.code).toBe('CONFLICT');
    // The progress is readable with no one signed in while the desk catches up; once it has
    // the office's users and journal, the status needs a session again.
    const seen: { cursor: number; head: number | null }[] = [];
    await until(async () => {
      const r = await b.core.invoke('office:status', {}, null);
      if (!r.ok) return r.error.code === 'FORBIDDEN';
      seen.push({ cursor: r.value.cursor, head: r.value.head });
      return false;
    }, 30_000, 'the office journal applied at the new desk');
    expect(seen.length).toBeGreaterThan(0);
    expect(b.core.store.get(sql`SELECT count(*) AS n FROM users`)).toEqual({ n: 1 });
    const admin = await signIn(b.core, 'admin', 'admin-pass');
    const products = await must(b.core, 'products:list', {}, admin);
    expect(JSON.stringify(products)).toContain('Pottery');
    const settings = await must(b.core, 'settings:get', {}, admin);
    const settingsA = await a.ok('settings:get', {});
    expect(settings.deskCode).toMatch(/^D[0-9A-F]{7}$/);
    expect(settings.deskCode).not.toBe(settingsA.deskCode);
    const status = await must(b.core, 'office:status', {}, admin);
    expect(status.head).not.toBeNull();
    expect(status.cursor).toBeGreaterThanOrEqual(status.head ?? Infinity);
    // The desk has users now: joining again, or by anyone not an admin, is refused.
    expect((await b.core.invoke('office:join', { requestId: rid('join'), relayUrl: o.url, joinCode: await o.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'X' }, null)).ok).toBe(false);
  });

  it('the first start cannot join an office that has no desk yet: there would be no one to sign in as', async () => {
    const o = await office();
    const b = freshDesk();
    cleanup.push(() => b.dispose());
    const r = await b.core.invoke('office:join', { requestId: rid('join'), relayUrl: o.url, joinCode: await o.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Back office' }, null);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/no desk yet.*Settings → Office/) });
    expect(b.core.store.get(sql`SELECT count(*) AS n FROM office_membership`)).toEqual({ n: 0 });
    expect(await o.relay.store.journal.listDesks(o.org)).toHaveLength(0);
  });
});
