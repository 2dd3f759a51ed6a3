import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../../scripts/bench/report';
import { runSuites } from '../../../scripts/bench/runner';
import { suites } from '../../../scripts/bench/suites';
import type { BenchSuite } from '../../../scripts/bench/types';
import { seeders } from '../../../scripts/seed/seeders';

describe('bench and seed registration', () => {
  it('registers a suite per domain with a measured target, and seeders for every count', () => {
    expect(suites.map((s) => s.name)).toEqual(['foundation', 'catalog', 'cashier', 'reports', 'tableFilter', 'relay', 'relayHostile', 'sync', 'office', 'officeVisible', 'officeApply', 'officeJoin', 'portal', 'portalPublish', 'roster', 'mail', 'coreHost']);
    expect(new Set(seeders.flatMap((s) => s.provides))).toEqual(new Set(['users', 'settingsUpdates', 'enrollments', 'payments']));
  });

  it('a run gives well-formed JSON: a failing case is an error line, NaN becomes null', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'bursar-bench-unit-'));
    try {
      const tiny: BenchSuite = {
        name: 'tiny',
        prepare: () => Promise.resolve({
          cases: [
            { kind: 'timed', name: 'tiny: add', iterations: 20, run: (i) => i + 1, baseline: { name: 'noop', iterations: 20, setup: () => () => 0 }, targets: [{ kind: 'ratioMax', max: 1_000_000 }] },
            { kind: 'sampled', name: 'tiny: sampled', unit: 'MB', sample: () => Promise.resolve([1, 2, 3]), targets: [{ kind: 'maxValue', value: 2 }] },
            { kind: 'timed', name: 'tiny: broken', iterations: 1, run: () => { throw new Error('boom'); } },
          ],
        }),
      };
      const results = await runSuites([tiny], { quick: true, workDir, storeDir: null, seed: 1, log: () => {} });
      const parsed = JSON.parse(toJson(results, { quick: true })) as { quick: boolean; results: { name: string; count: number; median: number | null; met: boolean | null; error: string | null; baseline: { count: number } | null }[] };
      expect(parsed.quick).toBe(true);
      expect(parsed.results.map((r) => [r.name, r.count, r.met, r.error])).toEqual([
        ['tiny: add', 20, true, null],
        ['tiny: sampled', 3, true, null],
        ['tiny: broken', 0, false, 'boom'],
      ]);
      expect(parsed.results[0]?.baseline?.count).toBe(20);
      expect(parsed.results[2]?.median).toBeNull();
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
