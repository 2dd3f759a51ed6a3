import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

// The office's zone defaults to the machine's (settings/settingsRepo.ts): tests mean UTC days
// unless they set a zone, on any developer's machine. Set here, before the test processes fork,
// so each starts with it.
process.env.TZ = 'UTC';

/**
 * Seconds each of the slowest files took in a clean-clone CI run (2 workers, 2 cores). On a
 * clean clone vitest has no timings of its own and starts the largest files first, so a
 * 60–100 s file that happens to be short could start last and run alone while the other
 * worker idles (officeSim started at 654 s of a 714 s run). Listed files start first, the
 * longest first; the rest follow in vitest's order. A file missing here only loses its place.
 */
const SLOW_FILES: Readonly<Record<string, number>> = {
  'test/integration/crash/crash.test.ts': 97,
  'test/integration/security/sqlInjection.test.ts': 63,
  'test/integration/office/officeSim.test.ts': 60,
  'test/integration/mail/crash.test.ts': 58,
  'test/integration/crash/deskApply.test.ts': 46,
  'test/integration/fuzz/contract.fuzz.test.ts': 41,
  'test/integration/stripe/outbox.test.ts': 31,
  'test/integration/corehost/protocol.test.ts': 24,
  'test/integration/office/crash/officeCrash.test.ts': 23,
  'test/integration/office/officeConflicts.test.ts': 20,
  'test/integration/relay/hostile/hostilePages.test.ts': 19,
  'test/integration/relay/crash.test.ts': 18,
  'test/integration/sync/sync.test.ts': 18,
  'test/integration/relay/hostile/hostileWebhook.test.ts': 16,
  'test/integration/cashier/ledgerProperty.test.ts': 14,
  'test/integration/relay/journalCrash.test.ts': 14,
  'test/unit/bench/stats.test.ts': 13,
  'test/integration/relay/journal.test.ts': 13,
  'test/integration/corehost/responsive.test.ts': 12,
  'test/integration/relay/events.test.ts': 12,
  'test/integration/office/crash/officeRestoreCrash.test.ts': 12,
  'test/integration/catalog/scheduleTotals.test.ts': 11,
  'test/integration/relay/webhook.test.ts': 10,
  'test/integration/security/diskFaults.test.ts': 10,
  'test/integration/fuzz/errorWords.test.ts': 10,
};

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const weight = (spec: TestSpecification) => SLOW_FILES[relative(this.ctx.config.root, spec.moduleId).split('\\').join('/')] ?? 0;
    // Array.prototype.sort is stable: unlisted files (weight 0) keep vitest's order.
    return base.map((spec, i) => ({ spec, i, w: weight(spec) })).sort((a, b) => b.w - a.w || a.i - b.i).map((x) => x.spec);
  }
}

// Playwright specs live in test/e2e and are run by `playwright test`, never by vitest.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    pool: 'forks',
    // Two workers on CI's 2 cores: vitest's default (cores − 1) leaves one core idle while a
    // test waits on its child processes (relays, desks, the stand-in Stripe) or on fsync.
    // Every test uses its own folders and ephemeral ports, so files never share state.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    // Budgets for a hung test, not speed claims: tests wait on conditions, and a loaded machine
    // (two workers beside a build and helpers) stretches a 5 s test past 30 s.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // The slowest files first, so none starts late and runs alone at the end (see above).
    sequence: { sequencer: SlowFirstSequencer },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
