// Postil offline: after one visit the service worker (dist/sw.js, written by scripts/offline.py)
// keeps the app's files, and the app starts and works with the network off: labelling, the
// import/export worker, downloads. A new build is picked up on the next start and announced
// once. The second test serves the build under a sub-path (/postil/) from its own small host,
// which also shows that every address in the build is relative.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickWord, labeledSpans, pySlice, TITLE } from './helpers';
import { serveUnder } from './static-server';

/** Waits until a service worker is active and controls the page. */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

async function started(page: Page) {
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await painted(page);
}

/** Two frames: what was dispatched before is on screen. */
async function painted(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const report = (page: Page) => page.getByRole('dialog', { name: 'Import finished' });

test('after one visit Postil starts, labels, imports and exports with the network off', async ({ page, context }, info) => {
  await page.goto('/');
  await started(page);
  await controlled(page);
  // Installable, as Chromium judges it: a manifest it reads without errors, icons, a worker.
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.errors).toEqual([]);
  expect(JSON.parse(manifest.data!).name).toBe('Postil');
  // A Playwright context is an off-the-record profile, where Chromium installs nothing: that
  // one reason is the browser's, not the app's.
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

  await context.setOffline(true);
  // The network is really off: nothing of this origin can be fetched past the service worker.
  expect(await page.evaluate(() => fetch('/not-kept.txt').then(() => 'fetched', () => 'failed'))).toBe('failed');
  await page.reload();
  await started(page);
  await expect(page.locator('.notice')).toHaveCount(0);

  await clickWord(page, 'Pakistan');
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan']);

  // The views loaded on demand, never opened on the first visit, come from the copy too.
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'Help' })).toContainText('Where your data lives');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The import/export worker's files come from the service worker's copy too.
  await page.locator('input[data-testid="import-input"]').setInputFiles([
    { name: 'field-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Field notes\n\nWritten on a train without a network.', 'utf8') },
  ]);
  await expect(report(page).locator('.report-summary')).toHaveText('1 article imported from 1 file, 0 skipped.');
  await report(page).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Documents' }).click();
  await expect(page.locator('.doc-row-title').getByText('Field notes', { exact: true })).toBeVisible();
  await page.locator('.doc-row-title').getByText(TITLE, { exact: true }).click();
  await started(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const path = info.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const bytes = await readFile(path);
  const file = JSON.parse(bytes.toString('utf8'));
  expect(file.format).toBe('postil');
  expect(file.documents).toHaveLength(1);
  const doc = file.documents[0];
  expect(doc.title).toBe(TITLE);
  expect(doc.annotations).toEqual([{ id: 1, start: 11, end: 19, label: 'GPE', text: 'Pakistan', created: expect.any(String) }]);
  expect(pySlice(doc.text, 11, 19)).toBe('Pakistan');
  await context.setOffline(false);
});

/** A copy of dist/ whose changes list is `changes`, made by the build's own step
 *  (scripts/offline.py): a new version.json and sw.js, as a new release build would have. */
function buildWith(dir: string, changes: string[]): string {
  cpSync('dist', dir, { recursive: true });
  const list = join(dir, '..', `${changes.length}-changes.json`);
  writeFileSync(list, JSON.stringify({ changes }));
  execFileSync('python3', ['scripts/offline.py', dir, '--changes', list]);
  return JSON.parse(readFileSync(join(dir, 'version.json'), 'utf8')).version;
}

/** Opens Postil under /postil/ in a new tab and waits until its service worker controls it. */
async function start(context: BrowserContext, origin: string) {
  const page = await context.newPage();
  await page.goto(`${origin}/postil/`);
  await started(page);
  await controlled(page);
  return page;
}

/** The version this browser last saw; written before the announcement is dispatched. */
function seenVersion(page: Page) {
  return page.evaluate(() => localStorage.getItem('postil/v1/seen-build'));
}

test('under a sub-path, a new build is picked up on the next start and announced once', async ({ context }, info) => {
  const work = mkdtempSync(join(tmpdir(), 'postil-update-'));
  const old = buildWith(join(work, 'old'), ['The build people had before.']);
  const next = buildWith(join(work, 'new'), ['Exports keep your notes.', 'Imports are faster.']);
  expect(next).not.toBe(old);
  const host = await serveUnder('/postil/', join(work, 'old'));
  try {
    // First start ever: nothing was updated for this person, so nothing is said.
    let page = await start(context, host.origin);
    await expect.poll(() => seenVersion(page)).toBe(old);
    await painted(page);
    await expect(page.locator('.notice')).toHaveCount(0);
    await clickWord(page, 'Pakistan');
    await page.keyboard.press('g');
    await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan']);
    await page.close();

    // The new build is deployed. The next start still runs the old one from the service
    // worker's copy (a running app is never swapped under the person), while the browser
    // installs the new worker beside it.
    host.root = join(work, 'new');
    page = await start(context, host.origin);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting !== null)))
      .toBe(true);
    expect(await seenVersion(page)).toBe(old);
    await expect(page.locator('.notice')).toHaveCount(0);
    await page.close();

    // With every Postil tab closed, the new version takes over (seen from another page of
    // the host, outside the app's scope).
    const outside = await context.newPage();
    await outside.goto(`${host.origin}/`);
    await expect
      .poll(() =>
        outside.evaluate(() =>
          navigator.serviceWorker.getRegistration('/postil/').then((r) => (r?.waiting === null && r?.installing === null ? 'settled' : 'pending')),
        ),
      )
      .toBe('settled');
    await outside.close();

    page = await start(context, host.origin);
    const notice = page.getByRole('status').filter({ hasText: 'Postil was updated' });
    await expect(notice.locator('.notice-text')).toHaveText('Postil was updated. What changed:');
    await expect(notice.locator('.notice-details li')).toHaveText(['Exports keep your notes.', 'Imports are faster.']);
    expect(await seenVersion(page)).toBe(next);
    // The work of the old version is there, in the new one.
    await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan']);
    await page.screenshot({ path: info.outputPath('update-notice.png') });

    // Announced once: the next start says nothing.
    await page.close();
    page = await start(context, host.origin);
    await expect.poll(() => seenVersion(page)).toBe(next);
    await painted(page);
    await expect(page.locator('.notice')).toHaveCount(0);
  } finally {
    await host.close();
    rmSync(work, { recursive: true, force: true });
  }
});

test('where service workers are unavailable, Postil starts and works as before, only not offline', async ({ page }) => {
  // As in an insecure context (plain http on another host than localhost): no serviceWorker.
  await page.addInitScript(() => {
    delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker;
  });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto('/');
  await started(page);
  expect(await page.evaluate(() => 'serviceWorker' in navigator)).toBe(false);
  // The build's version is still read (an update is still announced).
  await expect.poll(() => seenVersion(page)).toBe(JSON.parse(readFileSync('dist/version.json', 'utf8')).version);
  await clickWord(page, 'Pakistan');
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan']);
  await page.reload();
  await started(page);
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan']);
  expect(problems).toEqual([]);
});
