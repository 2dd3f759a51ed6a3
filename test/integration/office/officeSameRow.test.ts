import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscribed } from '../../support/billing/billingFixture';
import { enrolled, makeCardCore, standinEnv } from '../../support/card/cardFixture';
import { rid } from '../../support/core';
import { TestHub, disposeDesk, makeDesk, settle } from '../../support/office/memoryHub';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { expectConverged, invokeOk } from '../../support/office/threeDesks';
import { startStripeStandin } from '../../support/stripe/server';
import type { StripeStandin } from '../../support/stripe/server';

/**
 * A row whose key is what it is about (a payer's Stripe customer) made at two desks before
 * either heard of the other's: Stripe answers both with the same customer (one idempotency
 * key per payer), and each desk keeps the row with its own time. The first creation in the
 * office order is the row on every desk; before, the desk whose creation came second kept its
 * own time and the office's books differed.
 */
let standin: StripeStandin;
beforeAll(async () => {
  standin = await startStripeStandin();
});
afterAll(async () => {
  await standin?.stop();
});
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

describe('the same keyed row made at two desks at once', () => {
  it("a payer's Stripe customer noted at two desks: one row, the first in the office order, on every desk", async () => {
    for (const first of ['a', 'b'] as const) {
      let at = new Date('2025-03-15T10:00:00Z');
      const now = () => at;
      const a = await makeCardCore(standin);
      a.services.office.join({ officeId: 'office-1', deskId: 'desk-a', seed: true });
      const aDesk: OfficeDesk = { core: a, deskId: 'desk-a', cursor: 0, dataDir: a.dataDir };
      const b = makeDesk('office-1', 'desk-b', 'DESK2', now, standinEnv(standin));
      cleanup.push(() => disposeDesk(b), () => a.dispose());
      const hub = new TestHub();
      const desks = [aDesk, b];
      const { enrollmentId } = await enrolled(a);
      settle(hub, desks);
      // Both offline from each other, both reach Stripe: a card payment started at each.
      await a.ok('card:createIntent', { requestId: rid('card'), enrollmentId });
      at = new Date('2025-03-15T10:05:00Z');
      await invokeOk(b.core, 'card:createIntent', { requestId: rid('card'), enrollmentId }, a.admin);
      const customers = (d: OfficeDesk) => d.core.store.raw.prepare('SELECT payer_id, customer_id, created_at FROM stripe_customers').all();
      expect(customers(aDesk)).toHaveLength(1);
      expect((customers(b)[0] as { customer_id: string }).customer_id).toBe((customers(aDesk)[0] as { customer_id: string }).customer_id);
      hub.push(first === 'a' ? a : b.core);
      settle(hub, desks);
      const held = customers(first === 'a' ? aDesk : b);
      for (const d of desks) expect(customers(d), `${d.deskId}, ${first} first`).toEqual(held);
      await expectConverged(desks, a.admin, expect);
      for (const c of cleanup.splice(0)) c();
    }
  });

  it('a Stripe subscription for one enrollment set up at two desks at once: both stand on every desk (both bill), the later is flagged for an admin', async () => {
    for (const first of ['a', 'b'] as const) {
      const a = await makeCardCore(standin);
      a.services.office.join({ officeId: 'office-1', deskId: 'desk-a', seed: true });
      const aDesk: OfficeDesk = { core: a, deskId: 'desk-a', cursor: 0, dataDir: a.dataDir };
      const b = makeDesk('office-1', 'desk-b', 'DESK2', undefined, standinEnv(standin));
      cleanup.push(() => disposeDesk(b), () => a.dispose());
      const hub = new TestHub();
      const desks = [aDesk, b];
      const { enrollmentId } = await subscribed(a);
      settle(hub, desks);
      const atA = await a.ok('subscriptions:create', { requestId: rid('sub'), enrollmentId });
      const atB = await invokeOk<{ id: string; subscriptionId: string }>(b.core, 'subscriptions:create', { requestId: rid('sub'), enrollmentId }, a.admin);
      expect(atB.subscriptionId).not.toBe(atA.subscriptionId);
      hub.push(first === 'a' ? a : b.core);
      settle(hub, desks);
      for (const d of desks) {
        const rows = d.core.store.raw.prepare('SELECT id FROM stripe_subscriptions WHERE enrollment_id = ? ORDER BY id').all(enrollmentId);
        expect(rows, `${d.deskId}, ${first} first`).toEqual([atA.id, atB.id].sort().map((id) => ({ id })));
        const flagged = await invokeOk<{ conflicts: { kind: string; payerName: string | null }[] }>(d.core, 'office:conflicts', { open: true }, a.admin);
        expect(flagged.conflicts.map((c) => [c.kind, c.payerName])).toEqual([['duplicate_subscription', 'Sub Payer']]);
      }
      await expectConverged(desks, a.admin, expect);
      for (const c of cleanup.splice(0)) c();
    }
  });
});
