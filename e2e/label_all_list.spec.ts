// "Label all" with hundreds of hits: the dialog draws only the rows in view (and a few around
// them), yet every hit can be reached by scrolling, unchecked, and is labeled or left as chosen.
import { test, expect } from '@playwright/test';
import { labeledSpans, openApp } from './helpers';

const HITS = 400;

test('the label-all list draws the rows in view; a hit far down can be scrolled to and left out', async ({ page }, info) => {
  await openApp(page);
  const lines = Array.from({ length: HITS }, (_, i) => `Line ${i + 1}: the pipeline from Karachi reached stop ${i + 1} today.`);
  await page.locator('input[data-testid="import-input"]').setInputFiles({
    name: 'pipeline.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(['Pipeline stops', ...lines].join('\n\n')),
  });
  await expect(page.locator('h1.doc-title')).toHaveText('Pipeline stops');
  await page.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Close' }).click();

  await page.locator('article').focus();
  await page.keyboard.press('Control+f');
  await page.getByRole('searchbox', { name: 'Find' }).fill('Karachi');
  await expect(page.locator('#search-status')).toHaveText(`${HITS} hits`);
  await page.getByRole('combobox', { name: 'Label for all hits' }).selectOption('GPE');
  await page.getByRole('button', { name: 'Label all…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText(`Label ${HITS} hits GPE`);
  const rows = dialog.locator('li.hit-row');
  const drawn = await rows.count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(100);
  // Each row says where it is in the whole list, for screen readers.
  await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(HITS));
  await expect(rows.first()).toContainText('pipeline from Karachi reached stop 1 today');
  // The list is as tall as all its rows, so the scroll bar tells the length.
  const heights = await dialog.locator('ul.hit-list').evaluate((ul) => ({ scroll: ul.scrollHeight, row: ul.querySelector('li.hit-row').getBoundingClientRect().height }));
  expect(heights.row).toBe(36);
  expect(heights.scroll).toBeGreaterThanOrEqual(HITS * 36);

  // Leave out the first hit, then scroll to the end and leave out the last.
  await rows.first().getByRole('checkbox').uncheck();
  await dialog.locator('ul.hit-list').evaluate((ul) => { ul.scrollTop = ul.scrollHeight; });
  const last = dialog.locator(`li.hit-row[aria-posinset="${HITS}"]`);
  await expect(last).toBeInViewport();
  await expect(last).toContainText(`stop ${HITS} today`);
  expect(await rows.count()).toBeLessThan(100);
  await last.getByRole('checkbox').uncheck();
  await page.screenshot({ path: info.outputPath('label-all-scrolled.png') });
  // Back at the top, the first row is still unchecked.
  await dialog.locator('ul.hit-list').evaluate((ul) => { ul.scrollTop = 0; });
  await expect(rows.first().getByRole('checkbox')).not.toBeChecked();
  await expect(rows.nth(1).getByRole('checkbox')).toBeChecked();

  // The keyboard walks the list past the rows first drawn: the focused row scrolls into view,
  // the rows after it are drawn, and the focus stays on it while they are.
  await rows.nth(1).getByRole('checkbox').focus();
  const focused = page.locator('.hit-list :focus');
  const at = () => focused.evaluate((box) => box.closest('li')?.getAttribute('aria-posinset')).catch(() => null);
  // One Tab at a time, each once the last has landed: the rows after the focused one are drawn
  // a frame later, and a loaded machine may not have drawn them yet (a person's key repeat
  // faster than the list draws can leave it: a known limit of drawing only the rows in view).
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    await expect.poll(at).toBe(String(i + 3));
  }
  await expect(focused).toHaveAttribute('type', 'checkbox');
  expect(await focused.evaluate((box) => box.closest('li').getAttribute('aria-posinset'))).toBe('82');
  await expect(focused).toBeInViewport();
  await page.keyboard.press('Shift+Tab');
  expect(await focused.evaluate((box) => box.closest('li').getAttribute('aria-posinset'))).toBe('81');

  await dialog.getByRole('button', { name: `Label ${HITS - 2} as GPE` }).click();
  await expect(dialog).toHaveCount(0);
  const spans = await labeledSpans(page);
  expect(spans.filter((s) => s === 'GPE: Karachi')).toHaveLength(HITS - 2);
  // The first and the last Karachi are the ones left unlabeled.
  const marks = await page.locator('article p.doc-para').evaluateAll((ps) => ps.map((p) => p.querySelector('mark') !== null));
  expect(marks[0]).toBe(false);
  expect(marks[1]).toBe(true);
  expect(marks[HITS - 1]).toBe(false);
});
