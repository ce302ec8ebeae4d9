import { defineConfig } from '@playwright/test'

// The Electron smoke test (`npm run e2e:electron`, under xvfb-run where there is no display). It skips itself,
// saying why, where the Electron binary is not installed.
export default defineConfig({
  testDir: 'e2e/electron',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/electron',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: process.env['PLAYWRIGHT_JSON_OUTPUT_FILE'] ?? '.ci-results/playwright-electron.json' }]],
})
