// Help for a first-time reader: the tour shows on a first run without getting in the way of a
// first label and never comes back once dismissed; the help page opens from the toolbar and
// F1, holds the focus, closes on Esc and gives the focus back; the text size is set with the
// keyboard and kept over a reload.
import { test, expect, type Page } from '@playwright/test';
import { clickWord, labeledSpans, openApp } from './helpers';

// A first run: nothing stored (the config marks the tour seen for the other specs).
const FIRST_RUN = { storageState: { cookies: [], origins: [] } };

const tourStep = (page: Page) => page.locator('.tour h2');
const prefs = (page: Page) => page.evaluate(() => localStorage.getItem('postil/v1/prefs'));

test.describe('first run', () => {
  test.use(FIRST_RUN);

  test('the tour does not take the focus or the keys: a first label works with it on screen', async ({ page }) => {
    await openApp(page);
    await expect(tourStep(page)).toHaveText('The article: select words');
    // Nothing was written for the reader yet, and the focus is where the page put it.
    expect(await prefs(page)).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.closest('.tour') ?? null)).toBeNull();
    await clickWord(page, 'Qureshi');
    await page.keyboard.press('p');
    await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Qureshi']);
    await expect(tourStep(page)).toHaveText('The article: select words');
    // Esc answers the offer (Qureshi is named again) and clears the selection first, then
    // closes the tour, for good.
    await expect(page.locator('.offer')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('.offer')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.locator('article .tag.selected')).toHaveCount(0);
    await expect(page.locator('.tour')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('.tour')).toHaveCount(0);
    await expect.poll(() => prefs(page)).toContain('"tour_seen":true');
    await page.reload();
    await expect(page.locator('h1.doc-title')).toBeVisible();
    await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Qureshi']);
    await expect(page.locator('.tour')).toHaveCount(0);
  });

  test('the tour goes through its four steps, outlining what each speaks of, and Finish ends it', async ({ page }) => {
    await openApp(page);
    const steps = ['The article: select words', 'Label them with a key', 'The side panel', 'Your files, in this browser'];
    const outlined = ['.article', '.palette', '.side-panel', '.toolbar .import'];
    for (let i = 0; i < steps.length; i++) {
      await expect(page.getByRole('region', { name: steps[i] })).toContainText(`${i + 1} of 4`);
      await expect(page.locator(outlined[i])).toHaveCSS('outline-style', 'dashed');
      if (i + 1 < steps.length) await page.getByRole('button', { name: 'Next', exact: true }).click();
    }
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect(tourStep(page)).toHaveText(steps[2]);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await expect(page.locator('.tour')).toHaveCount(0);
    await expect(page.locator('.palette')).not.toHaveCSS('outline-style', 'dashed');
    await page.reload();
    await expect(page.locator('h1.doc-title')).toBeVisible();
    await expect(page.locator('.tour')).toHaveCount(0);
    // The help page shows it again.
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    await page.getByRole('button', { name: 'Show the tour again' }).click();
    await expect(tourStep(page)).toHaveText(steps[0]);
    await page.getByRole('button', { name: 'Close tour' }).click();
    await expect(page.locator('.tour')).toHaveCount(0);
  });
});

test('the help page: from the toolbar and F1, headed sections, Esc closes it and the focus comes back', async ({ page }) => {
  await openApp(page);
  const help = page.getByRole('dialog', { name: 'Help' });
  const button = page.getByRole('button', { name: 'Help', exact: true });
  await button.click();
  await expect(help).toBeVisible();
  await expect(help.getByRole('button', { name: 'Close (Esc)' })).toBeFocused();
  expect(await help.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
    'Labeling', 'Relations', 'Keys', 'Formats', 'Teams', 'Where your data lives',
  ]);
  // Every format Export… offers is named, and where the data lives is said plainly.
  for (const format of ['doccano', 'spaCy', 'brat', 'CoNLL', 'W3C', 'Label Studio']) await expect(help).toContainText(format);
  await expect(help).toContainText('In this browser only');
  await expect(help).toContainText('Keep my data');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(button).toBeFocused();

  // F1 from the article; ? goes on to the shortcut sheet, F1 back.
  await page.locator('article').focus();
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Open the help page');
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'All keyboard shortcuts (?)' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('text size: A+ and A− from the keyboard, + and −, kept over a reload', async ({ page }) => {
  await openApp(page);
  const size = () => page.locator('article.article').evaluate((a) => parseFloat(getComputedStyle(a).fontSize));
  const base = await size();
  const larger = page.getByRole('button', { name: 'Larger text' });
  await larger.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Article text size' })).toContainText('130%');
  expect(await size()).toBeCloseTo(base * 1.3, 1);
  await expect(larger).toBeFocused();
  await page.reload();
  await expect(page.locator('h1.doc-title')).toBeVisible();
  expect(await size()).toBeCloseTo(base * 1.3, 1);
  await page.locator('article').focus();
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(page.getByRole('group', { name: 'Article text size' })).toContainText('90%');
  expect(await size()).toBeCloseTo(base * 0.9, 1);
  const smaller = page.getByRole('button', { name: 'Smaller text' });
  await smaller.click();
  // At the smallest step the button says so, keeps the focus, and a press does nothing.
  await expect(smaller).toHaveAttribute('aria-disabled', 'true');
  await expect(smaller).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Article text size' })).toContainText('80%');
  await expect.poll(() => prefs(page)).toContain('"text_size":80');
});
