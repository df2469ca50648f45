// Pasted text and regular-expression searches are the worker's work (the app's own wasm carries
// neither the normalisation tables nor the regular-expression engine): the person sees what
// they saw when the app did both itself, at the same offsets.
import { test, expect } from '@playwright/test';
import { labeledSpans, openApp } from './helpers';

test('a pasted article comes back normalised; a regular expression finds, highlights and labels its words', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Paste…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste an article' });
  // "ë" as e + U+0308, an astral emoji, and CRLF line breaks: the stored text has "ë" as one
  // character and \n, and every offset after the emoji counts it as one.
  await dialog.getByLabel('Title').fill('Zoe\u0308 \u{1F44B} notes');
  await dialog.getByLabel('Text').fill('Zoe\u0308 \u{1F44B} met Ada in Krak\u00f3w.\r\n\r\nAda and Adam met Zoe\u0308 \u{1F44B} again; ADA left.');
  await dialog.getByRole('button', { name: 'Add article' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('h1.doc-title')).toHaveText('Zo\u00eb \u{1F44B} notes');
  expect(await page.locator('h1.doc-title').textContent()).toBe('Zo\u00eb \u{1F44B} notes');

  await page.locator('article').focus();
  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Find' });
  const status = page.locator('#search-status');
  await page.getByRole('checkbox', { name: 'Regular expression' }).check();
  await find.fill('ad\\w*');
  await expect(status).toHaveText('4 hits');
  await expect(page.locator('article .hit')).toHaveText(['Ada', 'Ada', 'Adam', 'ADA']);
  // Whole words: "Ada" inside "Adam" is not one. Then case counts too.
  await find.fill('Ad\\w');
  await page.getByRole('checkbox', { name: 'Whole word' }).check();
  await expect(status).toHaveText('3 hits');
  await expect(page.locator('article .hit')).toHaveText(['Ada', 'Ada', 'ADA']);
  await page.getByRole('checkbox', { name: 'Match case' }).check();
  await expect(status).toHaveText('2 hits');

  // A pattern that is not one says why, and marks the field.
  await find.fill('Ad(');
  await expect(status).toContainText('the regular expression is not valid');
  await expect(find).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('article .hit')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Label all…' })).toBeDisabled();

  // Label all hits of a good one.
  await find.fill('Ad\\w');
  await expect(status).toHaveText('2 hits');
  await page.getByRole('combobox', { name: 'Label for all hits' }).selectOption('PERSON');
  await page.getByRole('button', { name: 'Label all…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /Label 2/ }).click();
  await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Ada', 'PERSON: Ada']);
});
