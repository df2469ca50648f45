// Views loaded on demand (src/later.rs): the first load leaves out the statistics, agreement,
// help, shortcuts, label editor, Team sync, Paste and Import…'s formats; the first one opened
// loads their module, the next ones open at once; a module that cannot be loaded is said, the
// work stays as it was, and it opens once it can; a file dropped over one of them is imported;
// a module that stops (a panic in it) takes its views away and says so, and the app goes on.
import { test, expect, type Page } from '@playwright/test';
import { clickWord, openApp } from './helpers';

// The release build asks for the module with a digest of its content (scripts/version-names.py).
const MORE = /postil-more(_bg\.wasm|\.js)(\?v=[0-9a-f]{16})?$/;

function requests(page: Page, whole = false): string[] {
  const urls: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    urls.push(whole ? url.pathname + url.search : url.pathname);
  });
  return urls;
}

/** Some work to keep: "Lavrov" labeled PERSON. */
async function labelLavrov(page: Page) {
  await clickWord(page, 'Lavrov', 0);
  await page.keyboard.press('p');
  await expect(page.locator('article .tag')).toHaveCount(1);
}

/** Watches, from now, for an element matching `selector` ever appearing; the function returned
 * says whether one did. */
async function watchFor(page: Page, selector: string): Promise<() => Promise<boolean>> {
  const flag = `__seen_${selector.replace(/\W/g, '_')}`;
  await page.evaluate(([selector, flag]) => {
    (window as any)[flag] = false;
    new MutationObserver(() => {
      if (document.querySelector(selector)) (window as any)[flag] = true;
    }).observe(document.body, { childList: true, subtree: true });
  }, [selector, flag]);
  return () => page.evaluate((flag) => (window as any)[flag] as boolean, flag);
}

async function openStats(page: Page) {
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.getByRole('button', { name: 'Statistics…' }).click();
}

test('the first load leaves the views loaded on demand out; the first opened brings them, the next open at once', async ({ page }) => {
  const urls = requests(page);
  const whole = requests(page, true);
  await openApp(page);
  expect(urls.some((u) => /postil-app-.*_bg\.wasm$/.test(u))).toBe(true);
  expect(urls.filter((u) => MORE.test(u))).toEqual([]);

  await labelLavrov(page);

  await openStats(page);
  const stats = page.getByRole('dialog', { name: 'Statistics' });
  await expect(stats).toBeVisible();
  await expect(stats.locator('.stats-summary')).toHaveText('all documents: 1 document, 1 annotation, 0 relations.');
  expect(urls.filter((u) => MORE.test(u)).sort()).toEqual(['/postil-more.js', '/postil-more_bg.wasm']);
  // The first view of the module answers its own controls (the app's Yew, listening on the same
  // page, once took them for its own and ran one of its handlers instead).
  await stats.getByRole('combobox', { name: 'Statistics of' }).selectOption('here');
  await expect(stats.locator('.stats-summary')).toHaveText(/^“.+”: 1 document, 1 annotation, 0 relations\.$/);
  await expect(page.getByRole('tab', { name: 'Documents' })).toHaveAttribute('aria-selected', 'true');
  // What keeps them apart: the view's root is marked with another Yew app number than the
  // app's (src/more.rs).
  const marks = await page.evaluate(() => [
    (document.body as any).__yew_subtree_id,
    (document.querySelector('.later') as any).__yew_subtree_id,
  ]);
  expect(marks[0]).toBe(1);
  expect(marks[1]).toBeGreaterThan(1);
  await page.keyboard.press('Escape');
  await expect(stats).toHaveCount(0);

  // Loaded: the label editor shows with no "Opening…" line (watched from before the click),
  // and its changes reach the app.
  const opened = await watchFor(page, '.later-loading');
  await page.getByRole('tab', { name: 'Labels' }).click();
  const editor = page.getByRole('region', { name: 'Label editor' });
  await expect(editor).toBeVisible();
  expect(await opened()).toBe(false);
  await editor.getByRole('checkbox', { name: 'Allow overlapping and nested spans' }).uncheck();
  await expect(editor.locator('#overlaps-hint')).toHaveText('Existing overlaps stay; new ones will be refused.');
  await page.reload();
  await expect(page.locator('h1.doc-title')).toBeVisible();
  await page.getByRole('tab', { name: 'Labels' }).click();
  await expect(page.getByRole('checkbox', { name: 'Allow overlapping and nested spans' })).not.toBeChecked();
  // A file dropped over the label editor (the module's own tree) is imported, not opened by
  // the browser in Postil's place.
  const kept = await page.locator('.schema-editor').evaluate((el) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Dropped notes\n\nDropped over the label editor.'], 'dropped.txt', { type: 'text/plain' }));
    return el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  expect(kept).toBe(false);
  const report = page.getByRole('dialog', { name: 'Import finished' });
  await expect(report.locator('.report-summary')).toHaveText('1 article imported from 1 file, 0 skipped.');
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('h1.doc-title')).toHaveText('Dropped notes');
  // Two pages, each fetched the module once: the first for three views, the second for one.
  expect(urls.filter((u) => u === '/postil-more_bg.wasm')).toHaveLength(2);
  // Files whose names stay the same across builds are asked for with their build's digest, so
  // that no cache pairs this app with another build's module or worker (the drop above started
  // the worker).
  const versioned = whole.filter((u) => /\/postil-(more|worker)/.test(u));
  expect(versioned.map((u) => u.replace(/\?v=[0-9a-f]{16}$/, '')).sort()).toEqual([
    '/postil-more.js', '/postil-more.js', '/postil-more_bg.wasm', '/postil-more_bg.wasm',
    '/postil-worker.js', '/postil-worker_bg.wasm', '/postil-worker_loader.js',
  ]);
  expect(versioned.every((u) => /\?v=[0-9a-f]{16}$/.test(u))).toBe(true);
});

test.describe('without the network for the module', () => {
  // The service worker would answer from its copy; this is the first visit's case.
  test.use({ serviceWorkers: 'block' });

  test('a view that cannot be loaded is said, the work stays, and it opens once it can', async ({ page }) => {
    await page.route(MORE, (route) => route.abort('internetdisconnected'));
    await openApp(page);
    await labelLavrov(page);

    await openStats(page);
    const failed = page.getByRole('alertdialog', { name: 'Postil could not open the statistics' });
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('could not load it now (the file postil-more.js could not be fetched)');
    await expect(failed.getByRole('button', { name: 'Try again' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(failed).toHaveCount(0);
    await expect(page.locator('article .tag')).toHaveCount(1);

    // F1: the same, and Try again once the module can be fetched.
    await page.locator('article').focus();
    await page.keyboard.press('F1');
    const help = page.getByRole('alertdialog', { name: 'Postil could not open the help page' });
    await expect(help).toBeVisible();
    await page.unroute(MORE);
    await help.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
    await page.keyboard.press('Escape');
    await openStats(page);
    await expect(page.getByRole('dialog', { name: 'Statistics' })).toContainText('1 annotation');
  });

  test('a view closed while its module loads does not open when the module arrives', async ({ page }) => {
    // The module's script is held until the view is closed.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/postil-more\.js(\?|$)/, async (route) => {
      await held;
      await route.continue();
    });
    await openApp(page);
    await labelLavrov(page);
    await openStats(page);
    const opening = page.getByRole('dialog', { name: 'Opening the statistics' });
    await expect(opening).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(opening).toHaveCount(0);
    // Watched from now: the closed view must never be drawn.
    const drawn = await watchFor(page, '.stats-summary');
    release();
    // The help page waits for the same load as the closed view did: once it shows, the module
    // has arrived and the closed view's turn has passed.
    await page.locator('article').focus();
    await page.keyboard.press('F1');
    await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
    expect(await drawn()).toBe(false);
    await expect(page.locator('.later')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(page.locator('.later')).toHaveCount(0);
    await expect(page.locator('article .tag')).toHaveCount(1);
    // Opened again, it shows.
    await openStats(page);
    await expect(page.getByRole('dialog', { name: 'Statistics' })).toContainText('1 annotation');
  });

  test('when the script came but its wasm did not, trying again fetches only the wasm', async ({ page }) => {
    const urls = requests(page);
    await page.route(/postil-more_bg\.wasm(\?|$)/, (route) => route.abort('internetdisconnected'));
    await openApp(page);
    await page.locator('article').focus();
    await page.keyboard.press('F1');
    const failed = page.getByRole('alertdialog', { name: 'Postil could not open the help page' });
    await expect(failed).toContainText('could not load it now');
    await page.unroute(/postil-more_bg\.wasm(\?|$)/);
    await failed.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
    expect(urls.filter((u) => u === '/postil-more.js')).toHaveLength(1);
    expect(urls.filter((u) => u === '/postil-more_bg.wasm')).toHaveLength(2);
  });
});

test('a view whose module stops is taken away and said; the work and the rest of the app go on', async ({ page }) => {
  const urls = requests(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // `?later-panic-test`: the module panics on the first thing a view sends the app (src/more.rs).
  await page.goto('/?later-panic-test');
  await expect(page.locator('h1.doc-title')).toBeVisible();
  await labelLavrov(page);

  await openStats(page);
  const stats = page.getByRole('dialog', { name: 'Statistics' });
  await expect(stats).toContainText('1 annotation');
  // The view's own Close sends "close": the module panics there.
  await stats.getByRole('button', { name: 'Close' }).click();
  const stopped = page.getByRole('alertdialog', { name: 'Postil cannot show the statistics now' });
  await expect(stopped).toBeVisible();
  await expect(stopped).toContainText('a test panic (?later-panic-test)');
  await expect(stopped).toContainText('Your documents and annotations are as they were');
  await expect(stopped.getByRole('button', { name: 'Close' })).toBeFocused();
  // The stopped view is off the page; the app's own panic panel is not shown.
  await expect(stats).toHaveCount(0);
  await expect(page.locator('.later')).toBeEmpty();
  await expect(page.locator('.fatal')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(stopped).toHaveCount(0);

  // The app goes on: a second label, both kept across a reload.
  await clickWord(page, 'Qureshi', 0);
  await page.keyboard.press('p');
  await expect(page.locator('article .tag')).toHaveCount(2);

  // Another view is not mounted in the stopped module: said at once, nothing fetched again.
  await page.locator('article').focus();
  await page.keyboard.press('F1');
  const help = page.getByRole('alertdialog', { name: 'Postil cannot show the help page now' });
  await expect(help).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Help' })).toHaveCount(0);
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toHaveCount(0);
  expect(urls.filter((u) => u === '/postil-more_bg.wasm')).toHaveLength(1);
  // What the browser reports is the module's trap, and only that.
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.every((e) => /unreachable/i.test(e))).toBe(true);

  await page.goto('/');
  await expect(page.locator('article .tag')).toHaveCount(2);
  await openStats(page);
  await expect(page.getByRole('dialog', { name: 'Statistics' })).toContainText('2 annotations');
});
