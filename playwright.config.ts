import { execSync } from 'node:child_process'
import { defineConfig } from '@playwright/test'

// Debian's Chromium: Playwright cannot download its own browser on our machines (stack-notes 4.4).
function chromiumPath(): string {
  if (process.env['CHROMIUM_PATH']) return process.env['CHROMIUM_PATH']
  try {
    return execSync('command -v chromium', { encoding: 'utf8' }).trim()
  } catch {
    return '/usr/bin/chromium'
  }
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  testIgnore: '**/electron/**',
  outputDir: 'test-results',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env['PLAYWRIGHT_JSON_OUTPUT_FILE'] ?? '.ci-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    // The specs select elements by their English names: the pages must start in English whatever the machine's language.
    locale: 'en-US',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
