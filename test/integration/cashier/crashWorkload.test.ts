import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore } from '../../support/core';
import type { TestCore } from '../../support/core';
import { paymentsWorkload } from '../../support/crash/paymentsWorkload';

describe('payments crash workload (for the harness)', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => core.dispose());

  it('sets up, runs its steps through invoke (repeats replay), and verifies clean; a lost payment is reported', async () => {
    await paymentsWorkload.setup(core, core.admin);
    const acks = [];
    for (let i = 0; i < 40; i++) {
      const step = paymentsWorkload.step(i);
      expect(paymentsWorkload.step(i)).toEqual(step);
      const r = await core.invoke(step.channel, step.input, core.admin);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (i % 7 === 0) expect((await core.invoke(step.channel, step.input, core.admin)).ok).toBe(true);
      acks.push({ workload: 'payments', i, requestId: step.requestId, channel: step.channel });
    }
    expect(paymentsWorkload.verify(core.store, acks)).toEqual([]);
    const lost = { workload: 'payments', i: 99, requestId: 'crash-pay-99', channel: 'payments:recordManual' };
    expect(paymentsWorkload.verify(core.store, [...acks, lost])).toEqual(['payment crash-pay-99 was acknowledged but is stored 0 times']);
  });
});
