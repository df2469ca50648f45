// The page's own copy of a first visit's first screen (index.html, core::first_screen): the
// sample can be read while the app's wasm is still on its way; the app then takes its place;
// a visit after one that stored work sees "Opening your documents…" instead.
import { test, expect, type Page } from '@playwright/test';
import { TITLE, clickWord } from './helpers';

// The app's wasm is held below; the service worker would answer from its copy instead.
test.use({ serviceWorkers: 'block' });

const APP_WASM = /\/postil-app-[0-9a-f]+_bg\.wasm$/;

/** Holds the app's wasm until the returned function is called. */
async function holdApp(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(APP_WASM, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('a first visit reads the sample before the app starts; the app then takes its place', async ({ page }) => {
  const release = await holdApp(page);
  await page.goto('/', { waitUntil: 'commit' });
  const first = page.locator('#first-screen');
  await expect(first.locator('h1')).toHaveText(TITLE);
  await expect(first.getByRole('status')).toHaveText('Starting Postil…');
  await expect(first.locator('article')).toContainText('On the second day of a two-day visit to Pakistan, Sergey Lavrov spoke.');
  await expect(first.locator('article h2')).toHaveCount(3);
  await expect(first.locator('.label-button')).toHaveText(['PERSONp', 'ORGo', 'GPEg', 'LOCl', 'DATEd', 'EVENTe', 'MISCm']);
  await expect(page.locator('#boot')).toBeHidden();
  await expect(page.locator('h1.doc-title')).toHaveCount(0);
  // Where the article stands is where the app draws it (once every stylesheet is in: the
  // last ones size the article too).
  await page.waitForFunction(() => [...document.querySelectorAll('link[rel=stylesheet]')].every((l) => (l as HTMLLinkElement).sheet));
  const before = await first.locator('h1').boundingBox();
  const para = await first.locator('article p').first().boundingBox();

  release();
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await expect(page.locator('#first-screen')).toHaveCount(0);
  const after = await page.locator('h1.doc-title').boundingBox();
  const appPara = await page.locator('article p').first().boundingBox();
  expect(after!.x).toBeCloseTo(before!.x, 0);
  expect(after!.y).toBeCloseTo(before!.y, 0);
  expect(after!.width).toBeCloseTo(before!.width, 0);
  expect(appPara!.height).toBeCloseTo(para!.height, 0);

  // The app answers: a label, kept.
  await clickWord(page, 'Lavrov', 0);
  await page.keyboard.press('p');
  await expect(page.locator('article .tag')).toHaveCount(1);
});

test('a visit after one that stored work shows "Opening your documents…", not the sample', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await clickWord(page, 'Lavrov', 0);
  await page.keyboard.press('p');
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  const release = await holdApp(page);
  await page.reload({ waitUntil: 'commit' });
  await expect(page.locator('#boot')).toBeVisible();
  await expect(page.locator('#boot')).toHaveText('Opening your documents…');
  await expect(page.locator('#first-screen')).toBeHidden();
  release();
  await expect(page.locator('article .tag')).toHaveCount(1);
  await expect(page.locator('#first-screen')).toHaveCount(0);
  await expect(page.locator('#boot')).toHaveCount(0);
});
