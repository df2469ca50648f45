import { defineConfig } from '@playwright/test';

// End-to-end tests against the release build in dist/ (scripts/build-release.sh).
// Playwright cannot download its own browser here: it drives Debian's Chromium.
// Python 3.11's http.server serves .wasm as application/wasm, as the browser requires.
// POSTIL_E2E_PORT lets two checkouts run their suites at once, each on its own port.
const port = Number(process.env.POSTIL_E2E_PORT ?? 8091);
// The reader's preferences with the tour dismissed (core/src/store/prefs.rs).
const TOUR_SEEN = JSON.stringify({ format: 'postil-prefs', version: 1, text_size: 100, tour_seen: true });

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    // Every test starts as a returning reader who has dismissed the first-run tour, so the
    // tour's band is not on the pages the older tests measure and click; the specs about the
    // tour (help.spec.ts, a11y.spec.ts) start with empty storage instead.
    storageState: {
      cookies: [],
      origins: [
        {
          origin: `http://127.0.0.1:${port}`,
          localStorage: [{ name: 'postil/v1/prefs', value: TOUR_SEEN }],
        },
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory dist`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
