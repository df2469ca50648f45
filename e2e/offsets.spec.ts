// Pointer selections become the right code-point offsets whatever the runs around them are:
// plain text (bare text nodes in the paragraph), labeled stretches, label tags, astral
// characters (two UTF-16 units, one code point) and combining marks before the word. The
// exported offsets are checked in Python's terms.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { clickWord, dragAcross, labeledSpans, openApp, pySlice } from './helpers';

const TEXT =
  'Offsets beside 𝔸lgebra\n\n' +
  'The 🙂 envoy q\u0307uoted Zoë in 𝔸thens, then 👩🏽‍🔬 Marta met Lavrov in Kraków and Moscow.';

test('words after astral characters, labels and tags are labeled at their code-point offsets', async ({ page }, info) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Paste…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste an article' });
  await dialog.getByLabel('Title').fill('Offsets');
  await dialog.getByLabel('Text').fill(TEXT);
  await dialog.getByRole('button', { name: 'Add article' }).click();
  await expect(page.locator('article')).toContainText('Marta met Lavrov');

  // Each label changes the runs (and so the text nodes) the next word is counted across.
  await clickWord(page, 'Zoë');
  await page.keyboard.press('p');
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await clickWord(page, 'Kraków');
  await page.keyboard.press('g');
  await clickWord(page, 'Lavrov');
  await page.keyboard.press('p');
  // A drag from plain text into a labeled word: the EVENT holds the PERSON.
  await dragAcross(page, 'Marta met Lavrov');
  await page.keyboard.press('e');
  await clickWord(page, '𝔸thens');
  await page.keyboard.press('g');
  await expect
    .poll(async () => (await labeledSpans(page)).sort())
    .toEqual(['EVENT: Marta met Lavrov', 'GPE: Kraków', 'GPE: Moscow', 'GPE: 𝔸thens', 'PERSON: Lavrov', 'PERSON: Zoë']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const path = info.outputPath('offsets.postil.json');
  await download.saveAs(path);
  const doc = JSON.parse(readFileSync(path, 'utf8')).documents[0];
  const got = doc.annotations.map((a: { start: number; end: number; label: string }) => `${a.label}: ${pySlice(doc.text, a.start, a.end)}`);
  expect(got.sort()).toEqual(['EVENT: Marta met Lavrov', 'GPE: Kraków', 'GPE: Moscow', 'GPE: 𝔸thens', 'PERSON: Lavrov', 'PERSON: Zoë']);
  for (const a of doc.annotations) expect(pySlice(doc.text, a.start, a.end)).toBe(a.text);
});
