import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { writeLargeBundle } from '../../support/oneRoster';
import { count, rosterCore } from './fixtures';
import type { RosterCore } from './fixtures';

let core: RosterCore;
afterEach(() => core?.dispose());

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('roster: a large bundle streams, reports progress and can be cancelled', () => {
  it('reads the files a chunk at a time, applies in batches, stops on cancel and finishes on re-import', { timeout: 180_000 }, async () => {
    core = await rosterCore();
    const path = await writeLargeBundle(join(core.dir, 'large'), { students: 1000, classes: 30, enrollments: 3000 });
    const requestId = rid('roster');
    const running = core.ok('roster:import', { requestId, path, mode: 'bulk' });
    let settled = false;
    void running.finally(() => (settled = true));

    // Mid-file: rows counted while most bytes are still unread, so the file was never read whole.
    let midway = false;
    let cancelled = false;
    while (!settled) {
      const p = await core.ok('roster:progress', { requestId });
      if (p && p.phase === 'checking' && p.rows > 0 && p.bytesDone > 0 && p.bytesDone < p.bytesTotal / 4) midway = true;
      if (p && p.phase === 'applying' && p.rows > 100 && !cancelled) {
        expect((await core.ok('roster:cancel', { requestId: rid('cancel'), importRequestId: requestId })).cancelled).toBe(true);
        cancelled = true;
      }
      await tick();
    }
    const result = await running;
    expect(midway).toBe(true);
    expect(result.state).toBe('cancelled');
    expect(await core.ok('roster:progress', { requestId })).toBeNull();
    const partial = count(core, 'enrollments');
    expect(partial).toBeLessThan(3000);
    expect((await core.ok('roster:history', {})).imports[0]).toMatchObject({ state: 'cancelled', counts: null });

    // Idempotent by sourcedId: the next import does the rest, and only the rest.
    const rest = await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    expect(rest.state).toBe('done');
    expect(rest.report.counts.enrollments.new + rest.report.counts.enrollments.unchanged).toBe(3000);
    expect(rest.report.counts.enrollments.unchanged).toBe(partial);
    expect(count(core, 'enrollments')).toBe(3000);
    expect(count(core, 'payers')).toBe(1000);
    expect(count(core, 'payer_contacts')).toBe(1000);
  });
});
