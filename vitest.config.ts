import { defineConfig } from 'vitest/config';

// The office's zone defaults to the machine's (settings/settingsRepo.ts): tests mean UTC days
// unless they set a zone, on any developer's machine. Set here, before the test processes fork,
// so each starts with it.
process.env.TZ = 'UTC';

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
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
