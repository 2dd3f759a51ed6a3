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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
