// Faults the browser or another tab can cause, each checked end to end: nothing the user saw
// is lost, and the user is told. IndexedDB that never answers, is missing, or fails its
// writes; another tab writing what this Postil cannot read; a document whose text is missing;
// a panic; leaving the page while changes are not stored for good.
import { test, expect } from '@playwright/test';
import { clickWord, labeledSpans, openApp, TITLE } from './helpers';

const ANN_KEY = 'postil/v1/ann/russia-pakistan-joint-drills';
const status = (page: import('@playwright/test').Page) => page.getByTestId('save-status');

test('IndexedDB that never answers: the app starts after a few seconds, says so, and saves to localStorage', async ({ page }) => {
  await page.addInitScript(() => {
    // An open request whose events never fire, as a wedged browser database behaves.
    IDBFactory.prototype.open = function () {
      return {} as IDBOpenDBRequest;
    };
  });
  const started = Date.now();
  await page.goto('/');
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE, { timeout: 15_000 });
  const waited = Date.now() - started;
  console.log(`faults: start with IndexedDB not answering took ${waited} ms`);
  expect(waited).toBeLessThan(10_000);
  await expect(page.locator('.notice')).toContainText('did not answer within 4 seconds');
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect(status(page)).toHaveText('Saved (no crash copy)');
  await expect
    .poll(() => page.evaluate((k) => localStorage.getItem(k), ANN_KEY))
    .toContain('"label":"GPE"');
});

test('no IndexedDB at all: texts and work go to localStorage, and the user is told', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  await openApp(page);
  await expect(page.locator('.notice')).toContainText('no IndexedDB');
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect(status(page)).toHaveText('Saved (no crash copy)');
  await page.reload();
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
});

for (const [how, breakWrites] of [
  [
    'throwing on put',
    () => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The disk is failing.', 'UnknownError');
      };
    },
  ],
  [
    'aborting its transactions',
    () => {
      const put = (window as any).__put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: [any, IDBValidKey?]) {
        const request = put.apply(this, args);
        this.transaction.abort();
        return request;
      };
    },
  ],
] as const) {
  test(`IndexedDB ${how}: "Not saved" says why, and the next good write clears it`, async ({ page }) => {
    await openApp(page);
    await clickWord(page, 'Moscow');
    await page.keyboard.press('g');
    await expect(status(page)).toHaveText('Saved');
    await page.evaluate(() => {
      (window as any).__put = IDBObjectStore.prototype.put;
    });
    await page.evaluate(breakWrites);
    await clickWord(page, 'Islamabad');
    await page.keyboard.press('g');
    await expect(status(page)).toContainText('Not saved: the crash-safe copy failed');
    await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow', 'GPE: Islamabad']);
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = (window as any).__put;
    });
    await clickWord(page, 'Karachi');
    await page.keyboard.press('g');
    await expect(status(page)).toHaveText('Saved');
    await page.reload();
    await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow', 'GPE: Islamabad', 'GPE: Karachi']);
  });
}

for (const [what, value, reason] of [
  ['a newer Postil', (v: string) => v.replace('"version":1', '"version":9'), 'version 9'],
  ['broken JSON', (_: string) => '{"version":1,"rev":"9-x","annot', 'EOF while parsing'],
] as const) {
  test(`another tab writes ${what}: it is backed up, reported, and never written over`, async ({ context }) => {
    const a = await context.newPage();
    await openApp(a);
    await clickWord(a, 'Moscow');
    await a.keyboard.press('g');
    await expect(status(a)).toHaveText('Saved');
    // The other tab is a Postil that has finished starting (one still starting would itself
    // back up a damaged value and put the journal's copy back, as a restart does).
    const b = await context.newPage();
    await openApp(b);
    await expect(status(b)).toHaveText('Saved');
    const written = await b.evaluate(
      ([key, source]) => {
        const now = localStorage.getItem(key)!;
        // eslint-disable-next-line no-new-func
        const next = new Function('v', `return (${source})(v)`)(now);
        localStorage.setItem(key, next);
        return next;
      },
      [ANN_KEY, value.toString()] as const,
    );
    await b.close();
    await expect(a.locator('.notice.error')).toContainText('in a form this Postil cannot read');
    await expect(a.locator('.notice.error')).toContainText(reason);
    // This tab's next label writes nothing over it, and says it is not saved.
    await clickWord(a, 'Islamabad');
    await a.keyboard.press('g');
    await expect(status(a)).toContainText('Not saved');
    expect(await a.evaluate((k) => localStorage.getItem(k), ANN_KEY)).toBe(written);
    const backups = await a.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('postil/v1/backup/ann/')).map((k) => localStorage.getItem(k)),
    );
    expect(backups).toEqual([written]);
  });
}

test('a document whose text is missing, listed or not, is reported, its annotations left untouched', async ({ page }) => {
  await openApp(page);
  await expect(status(page)).toHaveText('Saved');
  const ghost = '{"version":1,"rev":"1-x","next_id":2,"annotations":[{"id":1,"start":0,"end":4,"label":"ORG"}]}';
  await page.evaluate(([ghost]) => {
    const index = JSON.parse(localStorage.getItem('postil/v1/index')!);
    index.documents.push('ghost');
    localStorage.setItem('postil/v1/index', JSON.stringify(index));
    localStorage.setItem('postil/v1/ann/ghost', ghost);
    localStorage.setItem('postil/v1/ann/stray', ghost);
  }, [ghost]);
  await page.reload();
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await expect(page.locator('.notice')).toContainText('“ghost” is listed, but its text is missing');
  await expect(page.locator('.notice')).toContainText('Annotations of “stray” are in this browser’s storage');
  // Labeling (which saves the list of documents too) leaves both as they were.
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect(status(page)).toHaveText('Saved');
  for (const id of ['ghost', 'stray']) {
    expect(await page.evaluate((k) => localStorage.getItem(k), `postil/v1/ann/${id}`)).toBe(ghost);
  }
});

test('a panic shows what happened, and what was saved is there after a reload', async ({ page }) => {
  await openApp(page);
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect(status(page)).toHaveText('Saved');
  await page.goto('/?panic-test');
  await expect(page.locator('.fatal')).toContainText('Postil stopped because of an internal error');
  await expect(page.locator('.fatal')).toContainText('a test panic');
  await page.goto('/');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
});

test('leaving while a change is not stored for good asks first', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('exceeded the quota.', 'QuotaExceededError');
    };
  });
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect(status(page)).toHaveText('Not saved: browser storage is full');
  let asked = '';
  page.once('dialog', async (d) => {
    asked = d.type();
    await d.dismiss();
  });
  await page.reload({ timeout: 3_000 }).catch(() => {});
  expect(asked).toBe('beforeunload');
  // Staying on the page keeps the edit on screen.
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
});
