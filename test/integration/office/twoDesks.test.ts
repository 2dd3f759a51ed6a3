import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core';
import { rid } from '../../support/core';
import { TestHub, disposeDesk, makeDesk, settle } from '../../support/office/memoryHub';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { makeCashierCore, enroll, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

async function office() {
  const a = await makeCashierCore();
  cleanup.push(() => a.dispose());
  a.services.office.join({ officeId: 'office-1', deskId: 'desk-a', seed: true });
  const hub = new TestHub();
  const deskA: OfficeDesk = { core: a, deskId: 'desk-a', cursor: 0, dataDir: a.dataDir };
  const b = makeDesk('office-1', 'desk-b', 'DESK2', () => a.clock.at);
  cleanup.push(() => disposeDesk(b));
  settle(hub, [deskA, b]);
  return { a, hub, deskA, b };
}

const invokeOk = async (core: OfficeDesk['core'], channel: string, input: unknown, session: Session) => {
  const r = await core.invoke(channel, input, session);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as never;
};

async function digests(desks: OfficeDesk[], admin: Session) {
  return Promise.all(desks.map(async (d) => invokeOk(d.core, 'office:digest', {}, admin) as Promise<{ tables: { table: string; rows: number; digest: string }[]; derived: { ok: boolean; problems: string[] } }>));
}

describe('two desks of one office', () => {
  it('a desk not in an office journals nothing and has no capture triggers', async () => {
    const a = await makeCashierCore();
    cleanup.push(() => a.dispose());
    const { enrollment } = await enroll(a);
    await openDrawer(a);
    await payCash(a, enrollment.id, 50_00);
    expect(a.store.raw.prepare(`SELECT count(*) AS n FROM temp.sqlite_master WHERE type = 'trigger'`).get()).toEqual({ n: 0 });
    expect(a.store.raw.prepare('SELECT count(*) AS n FROM office_entries').get()).toEqual({ n: 0 });
    expect(a.services.office.unsentCount()).toBe(0);
  });

  it('after a restart the desk keeps capturing, numbering and its clock never goes back', async () => {
    const { a, hub, deskA, b } = await office();
    const product = (await a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Glass', price: 90_00, currency: 'USD' } })) as { id: string };
    settle(hub, [deskA, b]);
    await invokeOk(b.core, 'products:update', { requestId: rid('upd'), productId: product.id, patch: { price: 95_00 } }, a.admin);
    const before = b.core.store.raw.prepare('SELECT clock FROM office_desk').get() as { clock: string };
    const seqBefore = (b.core.store.raw.prepare('SELECT max(desk_seq) AS n FROM office_entries WHERE desk = ?').get('desk-b') as { n: number }).n;
    b.core.close();
    const { createCore } = await import('../../../electron/core');
    const reopened = createCore({ dataDir: b.dataDir, checkOutput: true, now: () => a.clock.at });
    b.core = reopened;
    await invokeOk(reopened, 'products:update', { requestId: rid('upd'), productId: product.id, patch: { price: 96_00 } }, a.admin);
    const after = reopened.store.raw.prepare('SELECT clock FROM office_desk').get() as { clock: string };
    expect(after.clock > before.clock).toBe(true);
    expect((reopened.store.raw.prepare('SELECT max(desk_seq) AS n FROM office_entries WHERE desk = ?').get('desk-b') as { n: number }).n).toBe(seqBefore + 1);
    settle(hub, [deskA, b]);
    expect((a.store.raw.prepare('SELECT price FROM products WHERE id = ?').get(product.id) as { price: number }).price).toBe(96_00);
  });

  it('the same student enrolled in the same product at two desks: both kept, flagged on both', async () => {
    const { a, hub, deskA, b } = await office();
    const product = (await a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Clay', price: 300_00, currency: 'USD' } })) as { id: string };
    const plan = (await a.ok('plans:create', { requestId: rid('pln'), plan: { productId: product.id, name: 'Full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } })) as { id: string };
    const payer = (await a.ok('payers:create', { requestId: rid('pyr'), payer: { name: 'Dana Twice' } })) as { id: string };
    settle(hub, [deskA, b]);
    const one = (await a.ok('enrollments:create', { requestId: rid('enr'), payerId: payer.id, productId: product.id, planId: plan.id })) as { enrollment: { id: string } };
    const two = (await invokeOk(b.core, 'enrollments:create', { requestId: rid('enr'), payerId: payer.id, productId: product.id, planId: plan.id }, a.admin)) as { enrollment: { id: string } };
    settle(hub, [deskA, b]);
    for (const d of [deskA, b]) {
      const active = d.core.store.raw.prepare(`SELECT id FROM enrollments WHERE payer_id = ? AND status = 'active' ORDER BY id`).all(payer.id);
      expect(active).toEqual([one.enrollment.id, two.enrollment.id].sort().map((id) => ({ id })));
      const flagged = (await invokeOk(d.core, 'office:conflicts', { open: true }, a.admin)) as { conflicts: { kind: string; detail: unknown }[] };
      expect(flagged.conflicts).toEqual([expect.objectContaining({ kind: 'duplicate_enrollment', detail: { enrollmentIds: [one.enrollment.id, two.enrollment.id].sort() } })]);
    }
    const [da, db] = await digests([deskA, b], a.admin);
    expect(db?.tables).toEqual(da?.tables);
  });

  it('a payment at desk A appears at desk B with equal digests', async () => {
    const { a, hub, deskA, b } = await office();
    const { enrollment, items } = await enroll(a as CashierCore);
    await openDrawer(a);
    await payCash(a, enrollment.id, 100_00);
    settle(hub, [deskA, b]);
    const paid = b.core.store.raw.prepare('SELECT paid_amount FROM schedule_items WHERE id = ?').get(items[0]?.id) as { paid_amount: number };
    expect(paid.paid_amount).toBe(100_00);
    const [da, db] = await digests([deskA, b], a.admin);
    expect(db?.derived).toEqual({ ok: true, problems: [] });
    expect(db?.tables).toEqual(da?.tables);
    expect(db?.tables.find((t) => t.table === "payments")?.rows).toBe(1);
    expect(db?.tables.find((t) => t.table === "audit")?.rows).toBeGreaterThan(3);
    expect(await invokeOk(b.core, 'ledger:verify', {}, a.admin)).toMatchObject({ ok: true });
    expect(await invokeOk(b.core, 'audit:verify', {}, a.admin)).toMatchObject({ ok: true });
  });

  it('the same item paid at two desks: the later payment in office order moves its excess to the next item, on both desks alike', async () => {
    const { a, hub, deskA, b } = await office();
    const { enrollment, items } = await enroll(a as CashierCore);
    settle(hub, [deskA, b]);
    await openDrawer(a);
    await invokeOk(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, a.cashier);
    const first = items[0]?.id ?? '';
    const second = items[1]?.id ?? '';
    // Both desks offline: each takes 100.00 for the first installment.
    await payCash(a, enrollment.id, 100_00, { itemIds: [first] });
    const late = (await invokeOk(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 100_00, currency: 'USD', itemIds: [first] }, a.cashier)) as { id: string };
    hub.push(a); // A's payment is first in the office order, B's second
    settle(hub, [deskA, b]);
    for (const d of [deskA, b]) {
      const paid = d.core.store.raw.prepare('SELECT id, paid_amount AS paid FROM schedule_items WHERE enrollment_id = ? ORDER BY seq').all(enrollment.id) as { id: string; paid: number }[];
      expect(paid.map((p) => p.paid)).toEqual([100_00, 100_00, 0]);
      const adj = d.core.store.raw.prepare('SELECT payment_id, item_id, amount FROM office_adjustments').all();
      expect(adj).toEqual([{ payment_id: late.id, item_id: first, amount: 100_00 }]);
      const rows = d.core.store.raw.prepare(`SELECT item_id, amount FROM ledger_entries WHERE event = 'adjustment' ORDER BY amount`).all();
      expect(rows).toEqual([{ item_id: first, amount: -100_00 }, { item_id: second, amount: 100_00 }]);
      const conflicts = (await invokeOk(d.core, 'office:conflicts', { open: true }, a.admin)) as { conflicts: { kind: string; entityId: string }[] };
      expect(conflicts.conflicts).toMatchObject([{ kind: 'same_item_paid', entityId: first }]);
      expect(await invokeOk(d.core, 'ledger:verify', {}, a.admin)).toMatchObject({ ok: true });
      expect(await invokeOk(d.core, 'audit:verify', {}, a.admin)).toMatchObject({ ok: true });
    }
    const [da, db] = await digests([deskA, b], a.admin);
    expect(db?.tables).toEqual(da?.tables);
    expect(da?.derived.ok && db?.derived.ok).toBe(true);
  });

  it('a payment taken for an enrollment another desk cancelled meanwhile is kept and flagged on both', async () => {
    const { a, hub, deskA, b } = await office();
    const { enrollment } = await enroll(a as CashierCore);
    settle(hub, [deskA, b]);
    await a.ok('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'moved away' });
    const paid = (await invokeOk(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'T-77' }, a.cashier)) as { id: string };
    settle(hub, [deskA, b]);
    for (const d of [deskA, b]) {
      expect(d.core.store.raw.prepare('SELECT status FROM payments WHERE id = ?').get(paid.id)).toEqual({ status: 'completed' });
      const flagged = (await invokeOk(d.core, 'office:conflicts', { open: true }, a.admin)) as { conflicts: { kind: string; entityId: string }[] };
      expect(flagged.conflicts).toEqual([expect.objectContaining({ kind: 'payment_on_cancelled_enrollment', entityId: paid.id })]);
      expect(await invokeOk(d.core, 'ledger:verify', {}, a.admin)).toMatchObject({ ok: true });
    }
    const [da, db] = await digests([deskA, b], a.admin);
    expect(db?.tables).toEqual(da?.tables);
  });

  it('a price edited at both desks: the later HLC wins on both, and both writes are in the audit', async () => {
    const { a, hub, deskA, b } = await office();
    const product = (await a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Pottery', price: 200_00, currency: 'USD' } })) as { id: string };
    settle(hub, [deskA, b]);
    await a.ok('products:update', { requestId: rid('upd'), productId: product.id, patch: { price: 210_00 } });
    await invokeOk(b.core, 'products:update', { requestId: rid('upd'), productId: product.id, patch: { price: 220_00 } }, a.admin);
    const clockOf = (d: OfficeDesk) => (d.core.store.raw.prepare(`SELECT hlc FROM office_field_clock WHERE tbl = 'products' AND col = 'price'`).get() as { hlc: string }).hlc;
    const winner = clockOf(deskA) > clockOf(b) ? 210_00 : 220_00;
    // B's write reaches the hub first: the order of arrival must not matter, only the HLC.
    hub.push(b.core);
    settle(hub, [deskA, b]);
    for (const d of [deskA, b]) {
      expect((d.core.store.raw.prepare('SELECT price FROM products WHERE id = ?').get(product.id) as { price: number }).price).toBe(winner);
      const writes = d.core.store.raw.prepare(`SELECT after_json FROM audit_log WHERE action = 'product.update' AND entity_id = ?
        UNION ALL SELECT after_json FROM office_audit_log WHERE action = 'product.update' AND entity_id = ?`).all(product.id, product.id) as { after_json: string }[];
      expect(writes.map((w) => (JSON.parse(w.after_json) as { price: number }).price).sort()).toEqual([210_00, 220_00]);
    }
    const [da, db] = await digests([deskA, b], a.admin);
    expect(db?.tables).toEqual(da?.tables);
  });
});
