// Statistics: labels made on two days (the page's clock set, in Paris time) are counted per
// label and per day, the same text with two labels is listed and found in the article, each
// table downloads as CSV, and the times survive a reload and go into the Postil file.
import { test, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { clickWord, labeledSpans, openApp } from './helpers';

test.use({ timezoneId: 'Europe/Paris' });

const TEXT = 'Capitals\n\nWashington spoke in Paris.\n\nWashington and Paris met again, said Washington.';

async function openCapitals(page: Page) {
  await page.locator('input[data-testid="import-input"]').setInputFiles([
    { name: 'capitals.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT) },
  ]);
  // The import opens the new document and says what it took.
  await page.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('h1.doc-title')).toHaveText('Capitals');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function label(page: Page, word: string, occurrence: number, key: string) {
  const before = await page.locator('article .tag').count();
  await clickWord(page, word, occurrence);
  await page.keyboard.press(key);
  await expect(page.locator('article .tag')).toHaveCount(before + 1);
  // The offer to label the other occurrences comes once the label is painted, above the
  // article: let it come, and dismiss it, so that the next click meets the words where they are.
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await frames();
  if (await page.locator('.offer').count()) {
    await page.keyboard.press('Escape');
    await expect(page.locator('.offer')).toHaveCount(0);
    await frames();
  }
}

async function openStats(page: Page) {
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.getByRole('button', { name: 'Statistics…' }).click();
  return page.getByRole('dialog', { name: 'Statistics' });
}

/** A section's table body as rows of cell texts. */
function section(page: Page, heading: string) {
  return page.locator('.stats-view section.stat').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });
}

async function rows(page: Page, heading: string): Promise<string[][]> {
  return section(page, heading).locator('table').first().locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim())),
  );
}

test('labels per label and per day, the same text with two labels found, CSV, kept across a reload', async ({ page }, info) => {
  // 23:30 UTC on the 7th is already the 8th in Paris: days are the person's.
  await page.clock.setFixedTime(new Date('2026-12-07T09:00:00Z'));
  await openApp(page);
  await openCapitals(page);
  await label(page, 'Washington', 0, 'g');
  await label(page, 'Washington', 1, 'g');
  await page.clock.setFixedTime(new Date('2026-12-07T23:30:00Z'));
  await label(page, 'Washington', 2, 'p');
  await label(page, 'Paris', 0, 'g');
  await expect(page.locator('article .tag')).toHaveCount(4);

  let dialog = await openStats(page);
  await expect(dialog.locator('.stats-summary')).toHaveText('all documents: 2 documents, 4 annotations, 0 relations.');
  expect(await rows(page, 'Annotations per label')).toEqual([['GPE', '3'], ['PERSON', '1']]);
  await expect(dialog.locator('svg.stat-bars').first().locator('.row')).toHaveCount(2);
  expect(await rows(page, 'Annotations per day')).toEqual([['2026-12-08', '2', '0'], ['2026-12-07', '2', '0']]);
  await expect(dialog.locator('svg.stat-days .day')).toHaveCount(2);
  expect(await rows(page, 'Labels per document')).toEqual([
    ['Russia and Pakistan Strengthening Ties Against Terrorism Discussion to hold joint drills', '0', '0'],
    ['Capitals', '3', '1'],
  ]);
  expect(await rows(page, 'Documents by status')).toEqual([['new', '1'], ['in progress', '1'], ['done', '0']]);
  await dialog.screenshot({ path: info.outputPath('stats.png') });

  // Each table as CSV, byte for byte.
  const csv = section(page, 'Annotations per label').getByRole('button', { name: 'CSV' });
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  expect(download.suggestedFilename()).toBe('postil-all-labels.csv');
  const path = info.outputPath('labels.csv');
  await download.saveAs(path);
  expect(await readFile(path, 'utf8')).toBe('label,annotations\r\nGPE,3\r\nPERSON,1\r\n');

  // This document only.
  await dialog.getByLabel('Statistics of').selectOption('here');
  await expect(dialog.locator('.stats-summary')).toHaveText('“Capitals”: 1 document, 4 annotations, 0 relations.');

  // The same text given two labels: choosing it finds it in the article.
  expect(await rows(page, 'Same text, different labels')).toEqual([['Washington', 'GPE 2, PERSON 1']]);
  await dialog.getByRole('button', { name: 'Find “Washington”' }).first().click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('searchbox', { name: 'Find' })).toHaveValue('Washington');
  await expect(page.locator('.search-status')).toHaveText('3 hits');
  // The search has the keyboard; Esc gives it back to the article, where the PERSON one (the
  // third) is selected: O makes it an ORG.
  await expect(page.getByRole('searchbox', { name: 'Find' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Find' })).toHaveCount(0);
  await page.keyboard.press('o');
  await expect.poll(async () => (await labeledSpans(page)).sort()).toEqual(['GPE: Paris', 'GPE: Washington', 'GPE: Washington', 'ORG: Washington']);

  // After a reload the times are still there, and the Postil file says them.
  await page.reload();
  await expect(page.locator('h1.doc-title')).toHaveText('Capitals');
  dialog = await openStats(page);
  expect(await rows(page, 'Annotations per day')).toEqual([['2026-12-08', '2', '0'], ['2026-12-07', '2', '0']]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const file = JSON.parse(await readFile((await saved.path()) as string, 'utf8'));
  expect(file.version).toBe(6);
  const created = file.documents[0].annotations.map((a: { text: string; created: string }) => `${a.text} ${a.created}`);
  expect(created.sort()).toEqual([
    'Paris 2026-12-07T23:30:00.000Z',
    'Washington 2026-12-07T09:00:00.000Z',
    'Washington 2026-12-07T09:00:00.000Z',
    'Washington 2026-12-07T23:30:00.000Z',
  ]);
});
