import { mkdirSync } from 'node:fs';
import { createCore } from '../../electron/core';
import type { Core, Session } from '../../electron/core';
import type { IncomingEntry } from '../../electron/office/journalPort';
import { writeSettings } from '../../electron/services/settings/settingsRepo';

/** Desks of one office over an in-memory hub, for the office benchmarks (officeApply and its cached week offline). */
export const OFFICE = 'bench-office';
// The transport applies pages of up to 500 entries, one transaction each (officeTransport.ts).
export const PAGE = 500;

/** The hub's part without network or crypto (as test/support/office/memoryHub.ts): order what desks push, hand pages out by cursor. */
export class Hub {
  readonly log: IncomingEntry[] = [];
  push(core: Core, limit = 500): number {
    const out = core.services.office.unsent(limit);
    const acks = out.map((e) => {
      const cursor = this.log.length + 1;
      this.log.push({ cursor, id: e.id, desk: e.desk, deskSeq: e.deskSeq, body: e.body });
      return { id: e.id, cursor };
    });
    core.services.office.markSent(acks);
    return out.length;
  }
  /** One page applied as the puller applies it: one transaction, the page (the puller's cursor is saved in the same one). */
  pull(core: Core, after: number, size: number): number {
    const page = this.log.slice(after, after + size);
    if (page.length === 0) return after;
    core.store.transaction(() => core.services.office.applyPage(page));
    return page.at(-1)?.cursor ?? after;
  }
}

/** Milliseconds of process CPU (user + system) since `since`. */
export const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

export type Desk = { core: Core; admin: Session; cursor: number };

/**
 * A desk whose commits are not waited for on disk (`synchronous = OFF`): only for the throwaway
 * desks that produce a benchmark's entries through the real mutation code. A desk whose
 * applying is timed keeps the store's own setting (FULL).
 */
export const throwaway = (d: Desk): Desk => {
  d.core.store.raw.pragma('synchronous = OFF');
  return d;
};

export async function firstDesk(dir: string): Promise<Desk> {
  mkdirSync(dir, { recursive: true });
  const core = createCore({ dataDir: dir, checkOutput: false, version: 'bench' });
  const conn = core.connect();
  const r = await conn.invoke('auth:setup', { requestId: 'bench-office-setup', username: 'admin', displayName: 'Office Admin', password: 'admin-pass' });
  const admin = conn.session();
  if (!r.ok || !admin) throw new Error(`auth:setup: ${r.ok ? 'no session' : r.error.message}`);
  writeSettings(core.store, { deskCode: 'DA' }, new Date());
  core.services.office.join({ officeId: OFFICE, deskId: 'desk-a', seed: true });
  return { core, admin, cursor: 0 };
}

/** A desk that joins the office empty and applies everything the hub holds so far. */
export function laterDesk(dir: string, deskId: string, code: string, hub: Hub): Desk {
  mkdirSync(dir, { recursive: true });
  const core = createCore({ dataDir: dir, checkOutput: false, version: 'bench' });
  writeSettings(core.store, { deskCode: code }, new Date());
  core.services.office.join({ officeId: OFFICE, deskId, seed: false });
  let cursor = 0;
  while (cursor < hub.log.length) cursor = hub.pull(core, cursor, PAGE);
  return { core, admin: adminOf(core), cursor };
}

/** A session of the office's admin on this desk. */
export function adminOf(core: Core): Session {
  const adminId = core.store.raw.prepare(`SELECT id FROM users WHERE username = 'admin'`).get() as { id: string };
  return core.sessionFor(adminId.id);
}

async function ok(d: Desk, channel: string, input: unknown): Promise<Record<string, unknown>> {
  const r = await d.core.invoke(channel, input, d.admin);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
}

export type Catalog = { products: { id: string; planId: string }[] };

/** Products and plans every desk's mix uses: made at desk A before anyone goes offline. */
export async function catalog(a: Desk): Promise<Catalog> {
  const products = [];
  for (let i = 0; i < 5; i += 1) {
    const p = await ok(a, 'products:create', { requestId: `bench-prd-${i}`, product: { type: 'course', name: `Course ${i}`, price: 300_00, currency: 'USD' } });
    const plan = await ok(a, 'plans:create', { requestId: `bench-pln-${i}`, plan: { productId: p.id, name: 'Full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } });
    products.push({ id: String(p.id), planId: String(plan.id) });
  }
  return { products };
}

/**
 * A realistic mix of office work at one desk through the contract, one mutation per call: a new
 * payer enrolled (2 entries), payments by bank transfer on the desk's enrollments, price edits
 * and payer phone edits (field writes).
 */
export function mixAt(d: Desk, tag: string, cat: Catalog) {
  const enrollments: string[] = [];
  const payers: string[] = [];
  let n = 0;
  return async (): Promise<void> => {
    const i = n;
    n += 1;
    const kind = enrollments.length === 0 ? 0 : i % 5;
    const product = cat.products[i % cat.products.length] ?? { id: '', planId: '' };
    if (kind === 0) {
      const payer = await ok(d, 'payers:create', { requestId: `bench-${tag}-pyr-${i}`, payer: { name: `Payer ${tag} ${i}` } });
      payers.push(String(payer.id));
      const e = await ok(d, 'enrollments:create', { requestId: `bench-${tag}-enr-${i}`, payerId: payer.id, productId: product.id, planId: product.planId });
      enrollments.push(String((e.enrollment as { id: string }).id));
    } else if (kind === 1 || kind === 2) {
      await ok(d, 'payments:recordManual', { requestId: `bench-${tag}-pay-${i}`, enrollmentId: enrollments[(i * 7) % enrollments.length], method: 'bank_transfer', amount: 10_00 + (i % 7) * 100, currency: 'USD', reference: `T-${i}` });
    } else if (kind === 3) {
      await ok(d, 'products:update', { requestId: `bench-${tag}-upd-${i}`, productId: product.id, patch: { price: 300_00 + (i % 50) * 100 } });
    } else {
      await ok(d, 'payers:update', { requestId: `bench-${tag}-phn-${i}`, payerId: payers[(i * 3) % payers.length], patch: { phone: `555-01${String(i % 100).padStart(2, '0')}` } });
    }
  };
}

/**
 * Makes at least `count` entries at the desk with `make`, pushing them to the hub as it goes
 * (the producing desk is online: the hub orders its entries while it works).
 */
export async function entriesFrom(d: Desk, hub: Hub, count: number, make: () => Promise<void>, progress?: (made: number) => void): Promise<void> {
  let made = 0;
  let told = 0;
  while (made < count) {
    await make();
    made += hub.push(d.core);
    if (progress && made - told >= 2_000) {
      told = made;
      progress(made);
    }
  }
}
