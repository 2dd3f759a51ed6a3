import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core';
import { rid } from '../../support/core';
import { TestHub, disposeDesk, makeDesk, settle } from '../../support/office';
import type { OfficeDesk } from '../../support/office';
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
    void rid;
  });
});
