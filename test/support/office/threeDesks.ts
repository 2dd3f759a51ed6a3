import type { Session } from '../../../electron/core';
import { TestHub, disposeDesk, makeDesk, settle } from './memoryHub';
import type { OfficeDesk } from './memoryHub';
import { makeCashierCore } from '../../integration/cashier/fixtures';
import type { CashierCore } from '../../integration/cashier/fixtures';

export type Office = { a: CashierCore; hub: TestHub; deskA: OfficeDesk; others: OfficeDesk[]; desks: OfficeDesk[]; dispose: () => void };

/** An office over the memory hub: desk A (a cashier core, seeding the office) and `n - 1` empty desks that joined it. */
export async function makeOffice(n = 3): Promise<Office> {
  const a = await makeCashierCore();
  a.services.office.join({ officeId: 'office-1', deskId: 'desk-a', seed: true });
  const hub = new TestHub();
  const deskA: OfficeDesk = { core: a, deskId: 'desk-a', cursor: 0, dataDir: a.dataDir };
  const others = Array.from({ length: n - 1 }, (_, i) => makeDesk('office-1', `desk-${String.fromCharCode(98 + i)}`, `DESK${i + 2}`, () => a.clock.at));
  const desks = [deskA, ...others];
  settle(hub, desks);
  return { a, hub, deskA, others, desks, dispose: () => { for (const d of others) disposeDesk(d); a.dispose(); } };
}

export async function invokeOk<T = never>(core: OfficeDesk['core'], channel: string, input: unknown, session: Session): Promise<T> {
  const r = await core.invoke(channel, input, session);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

/** Pulls the hub's entries into one desk without pushing what it holds (it learns, the office does not). */
export function pullOnly(hub: TestHub, d: OfficeDesk): void {
  while (d.cursor < hub.log.length) d.cursor = hub.pull(d.core, d.cursor);
}

type Digest = { tables: { table: string; rows: number; digest: string }[]; derived: { ok: boolean; problems: string[] } };

/** Every desk: equal digests, derived tables equal to their GROUP BY, and ledger:verify and audit:verify passing. */
export async function expectConverged(desks: OfficeDesk[], admin: Session, expect: (v: unknown, m?: string) => { toEqual: (x: unknown) => void; toMatchObject: (x: object) => void }): Promise<void> {
  const digests = await Promise.all(desks.map((d) => invokeOk<Digest>(d.core, 'office:digest', {}, admin)));
  for (const [i, d] of digests.entries()) {
    expect(d.derived, `derived tables of ${desks[i]?.deskId}`).toEqual({ ok: true, problems: [] });
    expect(d.tables, `digest of ${desks[i]?.deskId} against ${desks[0]?.deskId}`).toEqual(digests[0]?.tables);
  }
  for (const d of desks) {
    expect(await invokeOk(d.core, 'ledger:verify', {}, admin), `ledger of ${d.deskId}`).toMatchObject({ ok: true });
    expect(await invokeOk(d.core, 'audit:verify', {}, admin), `audit of ${d.deskId}`).toMatchObject({ ok: true });
  }
}

export { settle };
