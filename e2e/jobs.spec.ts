// Import and export jobs never leave the app waiting: the progress bar cancels an import, the
// export dialog's Cancel stops an export, and a worker that never answers, answers a request
// never sent, or sends garbage ends the job with a sentence. Each time the app stays usable and
// the next job starts a fresh worker.
//
// The broken workers are test doubles: the page's request for Trunk's worker loader is answered
// with a few lines of script instead (nothing in the shipped app changes). Timeouts are reached
// with Playwright's clock, which moves the page's time forward without waiting.
import { test, expect, type Page } from '@playwright/test';
import { clickWord, labeledSpans, openApp, TITLE } from './helpers';

/** What each broken worker does once loaded. */
const WORKERS = {
  /** Listens, and never answers (it counts what it got, for the test to know it was sent). */
  hung: 'postMessage({ ready: true }); onmessage = () => { self.got = (self.got || 0) + 1; };',
  /** Never even says it listens. */
  silent: '',
  /** Answers a request that was never sent. */
  unknownId: "postMessage({ ready: true }); onmessage = (e) => postMessage({ id: e.data.id + 1000, json: '{}' });",
  /** Sends what no Postil worker sends. */
  garbage: "postMessage({ ready: true }); onmessage = () => postMessage('garbage');",
  /** Answers with JSON that is no answer. */
  badJson: "postMessage({ ready: true }); onmessage = (e) => postMessage({ id: e.data.id, json: '{not json' });",
};

// page.route cannot see a request the service worker answers from its copy (offline/sw.js
// takes the page it installed in), so these doubles would never load: the tests here run
// without it, as the app runs where service workers are unavailable.
test.use({ serviceWorkers: 'block' });

// The release build asks for the loader with its build's digest (scripts/version-names.py).
const LOADER = /\/postil-worker_loader\.js(\?|$)/;

async function brokenWorker(page: Page, kind: keyof typeof WORKERS) {
  await page.route(LOADER, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: WORKERS[kind] }),
  );
}

/** The real worker again, for the job after. */
async function realWorker(page: Page) {
  await page.unroute(LOADER);
}

function txt(name: string, text: string) {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

async function importFiles(page: Page, files: ReturnType<typeof txt>[]) {
  await page.locator('input[data-testid="import-input"]').setInputFiles(files);
}

const report = (page: Page) => page.getByRole('dialog', { name: 'Import finished' });

/** The app still works: a label goes on and comes off, and another file imports. */
async function stillUsable(page: Page) {
  await report(page).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.locator('.doc-row-title').getByText(TITLE, { exact: true }).click();
  await clickWord(page, 'Pakistan');
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toContain('GPE: Pakistan');
  await page.keyboard.press('Control+z');
  await expect.poll(() => labeledSpans(page)).not.toContain('GPE: Pakistan');
  await realWorker(page);
  await importFiles(page, [txt('after.txt', 'After the failure\n\nThe next import works.')]);
  await expect(report(page).locator('.report-summary')).toHaveText('1 article imported from 1 file, 0 skipped.');
}

test('an import is cancelled from the progress bar; the files after it are not read', async ({ page }) => {
  await brokenWorker(page, 'hung');
  await openApp(page);
  await importFiles(page, [txt('first.txt', 'First\n\nOne.'), txt('second.txt', 'Second\n\nTwo.')]);
  const progress = page.getByRole('status').filter({ hasText: 'Importing' });
  await expect(progress).toContainText('Importing: 0 of 2 files read');
  await progress.getByRole('button', { name: 'Cancel import' }).click();
  await expect(progress).toHaveCount(0);
  await expect(report(page).locator('.skipped li')).toHaveText([
    'first.txt: not imported: the import was cancelled',
    'second.txt: not imported: the import was cancelled',
  ]);
  await expect(report(page).locator('.report-summary')).toHaveText('0 articles imported from 2 files, 2 skipped.');
  await stillUsable(page);
});

const IMPORT_ENDINGS: [keyof typeof WORKERS, number, string][] = [
  // 20 s and 2 s for each MiB begun; the file is a few bytes.
  ['hung', 22_000, 'the import/export worker gave no answer within 22 seconds, so Postil stopped it'],
  // 30 s to start, then the job's own time.
  ['silent', 52_000, 'the import/export worker gave no answer within 52 seconds, so Postil stopped it'],
  ['unknownId', 0, 'the import/export worker answered request 1001, which was never sent, so Postil stopped it'],
  ['garbage', 0, 'the import/export worker sent a message Postil does not read, so Postil stopped it'],
  ['badJson', 0, 'the import/export worker answered request 1 in a way Postil does not read, so Postil stopped it'],
];

for (const [kind, wait, why] of IMPORT_ENDINGS) {
  test(`an import ends with a sentence when the worker is ${kind}`, async ({ page }) => {
    await page.clock.install();
    await brokenWorker(page, kind);
    await openApp(page);
    const worker = page.waitForEvent('worker');
    await importFiles(page, [txt('news.txt', 'News\n\nA short text.')]);
    if (wait > 0) {
      await expect(page.getByRole('status').filter({ hasText: 'Importing' })).toContainText('0 of 1 file read');
      // The clock of a request starts when it is made (the worker is made with it), and again
      // when it is handed to a listening worker.
      const w = await worker;
      if (kind === 'hung') await expect.poll(() => w.evaluate(() => (self as any).got ?? 0)).toBe(1);
      // A moment short of the deadline, it still waits; at the deadline it gives up.
      await page.clock.fastForward(wait - 1_000);
      await expect(page.getByRole('status').filter({ hasText: 'Importing' })).toBeVisible();
      await expect(report(page)).toHaveCount(0);
      await page.clock.fastForward(2_000);
    }
    await expect(report(page).locator('.skipped li')).toContainText([`news.txt: “news.txt” was not imported: ${why}`]);
    await stillUsable(page);
  });
}

test('an export waiting on a hung worker is stopped by Cancel, and the work is unchanged', async ({ page }) => {
  await brokenWorker(page, 'hung');
  await openApp(page);
  await clickWord(page, 'Pakistan');
  await page.keyboard.press('g');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  for (const how of ['Cancel', 'Escape']) {
    await page.getByRole('button', { name: 'Export…' }).click();
    await dialog.locator('.format-choice', { hasText: 'CoNLL-2003' }).getByRole('radio').check();
    await expect(dialog.locator('.export-loss')).toHaveText('Checking what this format holds…');
    await dialog.getByRole('button', { name: /^Download/ }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Exporting' })).toHaveText('Exporting… Cancel stops it.');
    if (how === 'Cancel') await dialog.getByRole('button', { name: 'Cancel' }).click();
    else await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('.notice')).toContainText('Nothing was exported: it was cancelled. Your work is unchanged.');
    await page.locator('.notice').getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.locator('.notice')).toHaveCount(0);
    await expect.poll(() => labeledSpans(page)).toContain('GPE: Pakistan');
  }

  // The next export starts a fresh worker and downloads.
  await realWorker(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  await dialog.locator('.format-choice', { hasText: 'CoNLL-2003' }).getByRole('radio').check();
  await expect(dialog.locator('.export-loss')).not.toHaveText('Checking what this format holds…');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /^Download/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.conll$/);
});

test('a paste or a regular-expression search that the worker fails says so; the next one works', async ({ page }) => {
  await brokenWorker(page, 'garbage');
  await openApp(page);
  await page.locator('article').focus();
  await page.keyboard.press('Control+f');
  await page.getByRole('checkbox', { name: 'Regular expression' }).check();
  const find = page.getByRole('searchbox', { name: 'Find' });
  await find.fill('st\\w+');
  const status = page.locator('#search-status');
  await expect(status).toContainText('the search did not run:');
  await page.getByRole('button', { name: 'Close search' }).click();

  // Each job starts a fresh worker after one failed: this one is broken too.
  await page.getByRole('button', { name: 'Paste…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste an article' });
  await dialog.getByLabel('Text').fill('Kept text\n\nWhat was pasted stays in the dialog.');
  await dialog.getByRole('button', { name: 'Add article' }).click();
  await expect(page.locator('.notice')).toContainText('Nothing was added:');
  await expect(dialog.getByRole('button', { name: 'Add article' })).toBeEnabled();
  await expect(dialog.getByLabel('Text')).toHaveValue('Kept text\n\nWhat was pasted stays in the dialog.');
  await realWorker(page);
  await dialog.getByRole('button', { name: 'Add article' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('h1.doc-title')).toHaveText('Kept text');

  await page.locator('article').focus();
  await page.keyboard.press('Control+f');
  await page.getByRole('checkbox', { name: 'Regular expression' }).check();
  await find.fill('sta\\w*');
  await expect(status).toHaveText('1 hit');
  await expect(page.locator('article .hit')).toHaveText(['stays']);
});
