import { defineConfig } from '@playwright/test';

// Debian's Chromium; Playwright's own browser download is not possible on these machines.
const executablePath = process.env.BURSAR_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/globalSetup.ts',
  outputDir: 'test-results/playwright',
  // Budgets for a hang, not speed claims: a spec waits on what the screen shows, and a loaded
  // machine (two workers, a build beside them) stretches a 20 s test past a minute.
  timeout: 150_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // Two spec files at a time on CI's two cores: every test starts its own host and data folder
  // on an ephemeral port, so files share nothing; one worker left a core idle while the page,
  // the host and the core waited on one another. PW_WORKERS=1 runs them one by one.
  workers: Number(process.env.PW_WORKERS ?? 2),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 820 },
    launchOptions: {
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    // A trace costs about a sixth of the suite's CPU, and CI keeps only what it prints: trace
    // locally (kept for failures), not in CI.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
  },
});
