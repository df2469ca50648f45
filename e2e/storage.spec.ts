// The storage adapter in a real browser: blocked storage, full storage, and stored data that
// cannot be read. In each case the app keeps working, says what is happening, and never
// writes less over what it could not read.
import { test, expect } from '@playwright/test';
import { clickWord, dragAcross, labeledSpans, openApp } from './helpers';

const ANN_KEY = 'postil/v1/ann/russia-pakistan-joint-drills';

test('blocked storage: work goes on in memory with a warning that says how to keep it', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  await openApp(page);
  const warning = page.locator('.storage-warning');
  await expect(warning).toContainText('does not let Postil use local storage');
  await expect(warning).toContainText('Export JSON');
  await dragAcross(page, 'Sergey Lavrov');
  await page.keyboard.press('p');
  await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Sergey Lavrov']);
  await expect(warning).toBeVisible();
  // Export still works, so the work can be kept.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.postil\.json$/);
});

test('full storage: the edit stays on screen and a warning says it is not saved', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'Sergey Lavrov');
  await page.keyboard.press('p');
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), ANN_KEY)).toContain('"start":457');

  // Fill the quota from now on: every write fails as Chromium's does when storage is full.
  await page.evaluate(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException("Failed to execute 'setItem' on 'Storage': exceeded the quota.", 'QuotaExceededError');
    };
  });
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow', 'PERSON: Sergey Lavrov']);
  const warning = page.locator('.storage-warning');
  await expect(warning).toContainText('Browser storage is full, so your latest changes are not saved');
  await expect(warning).toContainText('Export JSON');
  // What was saved before is intact.
  const stored = await page.evaluate((k) => localStorage.getItem(k), ANN_KEY);
  expect(stored).toContain('"start":457');
  expect(stored).not.toContain('GPE');
});

test('full storage clears its warning once a save succeeds again', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    const real = Storage.prototype.setItem;
    (window as any).__realSetItem = real;
    Storage.prototype.setItem = function () {
      throw new DOMException('exceeded the quota', 'QuotaExceededError');
    };
  });
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect(page.locator('.storage-warning')).toBeVisible();
  await page.evaluate(() => { Storage.prototype.setItem = (window as any).__realSetItem; });
  await clickWord(page, 'Islamabad');
  await page.keyboard.press('g');
  await expect(page.locator('.storage-warning')).toHaveCount(0);
  // Both edits, including the one that failed before, are now stored.
  await page.reload();
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow', 'GPE: Islamabad']);
});

test('damaged stored data is backed up and put back from the IndexedDB journal', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'Sergey Lavrov');
  await page.keyboard.press('p');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  const damaged = '{"version":1,"rev":"2-x","next_id":2,"annotations":[{"id":1,"start":457,"end":47';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [ANN_KEY, damaged]);
  await page.reload();
  const notice = page.locator('.notice');
  await expect(notice).toContainText(`${ANN_KEY} could not be read (a copy is kept under “postil/v1/backup/ann/russia-pakistan-joint-drills@`);
  await expect(notice).toContainText('the copy kept in IndexedDB was put back');
  await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Sergey Lavrov']);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  const backup = keys.find((k) => k.startsWith('postil/v1/backup/ann/russia-pakistan-joint-drills@'));
  expect(await page.evaluate((k) => localStorage.getItem(k!), backup)).toBe(damaged);
  expect(await page.evaluate((k) => localStorage.getItem(k), ANN_KEY)).toContain('"start":457,"end":470');
});

test('unreadable stored data is backed up, reported, and not overwritten by an empty state', async ({ page }) => {
  // Without IndexedDB there is no journal to put it back from.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  await openApp(page);
  await dragAcross(page, 'Sergey Lavrov');
  await page.keyboard.press('p');
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), ANN_KEY)).toContain('457');
  const corrupt = '{"version":1,"next_id":2,"annotations":[{"id":1,"start":457,"end":47';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [ANN_KEY, corrupt]);

  await page.reload();
  const notice = page.locator('.notice.error');
  await expect(notice).toContainText('Some saved work could not be read');
  await expect(notice).toContainText(ANN_KEY);
  await expect(notice).toContainText('a copy is kept under “postil/v1/backup/ann/russia-pakistan-joint-drills@');
  // Everything else loaded: the article is there, without the unreadable annotations.
  await expect(page.locator('article mark.seg')).toHaveCount(0);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  const backup = keys.find((k) => k.startsWith('postil/v1/backup/ann/russia-pakistan-joint-drills@'));
  expect(backup).toBeTruthy();
  expect(await page.evaluate((k) => localStorage.getItem(k!), backup)).toBe(corrupt);
  // Loading wrote nothing over the unreadable value.
  expect(await page.evaluate((k) => localStorage.getItem(k), ANN_KEY)).toBe(corrupt);

  // A new edit is saved (the original stays in its backup).
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), ANN_KEY)).toContain('GPE');
  expect(await page.evaluate((k) => localStorage.getItem(k!), backup)).toBe(corrupt);
});

test('unreadable data that cannot be backed up is never written over', async ({ page }) => {
  await openApp(page);
  const corrupt = 'not json at all';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [ANN_KEY, corrupt]);
  // Storage is full from the next start on, until the test frees space: so the backup fails
  // at start, and later writes would succeed if Postil tried them.
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    (window as any).__full = true;
    Storage.prototype.setItem = function (key: string, value: string) {
      if ((window as any).__full) throw new DOMException('exceeded the quota', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.reload();
  await expect(page.locator('.notice.error')).toContainText('could not be copied to a backup, so Postil will not write over it');
  await page.evaluate(() => { (window as any).__full = false; });
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
  // The save after the edit held back the one write, and said so.
  await expect(page.locator('.storage-warning')).toContainText(`“${ANN_KEY}” holds data that could not be read nor backed up`);
  expect(await page.evaluate((k) => localStorage.getItem(k), ANN_KEY)).toBe(corrupt);
});

test('two tabs on the same work see each other’s changes and lose nothing', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a);
  await openApp(b);
  // A person works in the tab in front; the other one updates in the background.
  await a.bringToFront();
  await clickWord(a, 'Islamabad');
  await a.keyboard.press('g');
  await expect.poll(() => labeledSpans(b)).toEqual(['GPE: Islamabad']);
  await b.bringToFront();
  await clickWord(b, 'Moscow');
  await b.keyboard.press('g');
  await expect.poll(() => labeledSpans(a)).toEqual(['GPE: Moscow', 'GPE: Islamabad']);
  await a.bringToFront();
  await clickWord(a, 'Karachi');
  await a.keyboard.press('g');
  await a.reload();
  await b.reload();
  for (const page of [a, b]) {
    await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow', 'GPE: Islamabad', 'GPE: Karachi']);
  }
});
