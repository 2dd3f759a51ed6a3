import { defineConfig } from '@playwright/test';

// Debian's Chromium; Playwright's own browser download is not possible on these machines.
const executablePath = process.env.BURSAR_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/globalSetup.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
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
