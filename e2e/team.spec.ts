// A team without a server: a colleague's Postil file becomes their layer of the sample (never
// mixed into the annotator's own), shown dashed on demand, kept over a reload, removed and
// brought back; a model's output imported as suggestions is reviewed from the keyboard, half
// accepted and half rejected, and the export holds both what was accepted and what is left.
import { test, expect, type Page } from '@playwright/test';
import { openApp, dragAcross, labeledSpans, storedText, TITLE, pySlice } from './helpers';

const DOC_ID = 'russia-pakistan-joint-drills';

type Upload = { name: string; mimeType: string; buffer: Buffer };
const upload = (name: string, text: string): Upload => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

/** The code-point span of the first `word` in `text` (Python `str` indices). */
function span(text: string, word: string): [number, number] {
  const at = text.indexOf(word);
  expect(at, `“${word}” is in the text`).toBeGreaterThanOrEqual(0);
  const start = Array.from(text.slice(0, at)).length;
  return [start, start + Array.from(word).length];
}

/** A Postil file of the sample by `annotator`, with `labels` as [word, label]. */
function postilFile(text: string, annotator: string, labels: [string, string][]) {
  return JSON.stringify({
    format: 'postil', version: 3, offset_unit: 'codepoint', annotator,
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }, { name: 'GPE', color: '#c7e8ff', key: 'g' }],
    documents: [{
      id: DOC_ID, title: TITLE, text,
      annotations: labels.map(([word, label], i) => {
        const [start, end] = span(text, word);
        return { id: i + 1, start, end, label, text: pySlice(text, start, end) };
      }),
    }],
  });
}

async function layer(page: Page, name: string) {
  return page.locator('.layer').filter({ has: page.locator('.layer-name', { hasText: new RegExp(`^${name}$`) }) });
}

test('a colleague’s file becomes their layer, shown on demand, kept, removed and brought back', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'Sergey Lavrov');
  await page.keyboard.press('p');
  const text = await storedText(page, DOC_ID);
  const ana = postilFile(text, 'Ana', [['Sergey Lavrov', 'PERSON'], ['Islamabad', 'GPE']]);
  await page.locator('input[data-testid="import-input"]').setInputFiles(upload('ana.postil.json', ana));
  await expect(page.locator('.notice')).toContainText('Imported “ana.postil.json”');
  await expect(page.locator('.notice')).toContainText('as the layer “Ana”');
  // Nothing was asked, and the annotator's own labels are as they were.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await labeledSpans(page)).toEqual(['PERSON: Sergey Lavrov']);

  const ana_ = await layer(page, 'Ana');
  await expect(ana_).toContainText('2 annotations · from ana.postil.json');
  // Another annotator's layer is hidden until asked for; then drawn dashed.
  await expect(page.locator('article .ghost')).toHaveCount(0);
  await ana_.getByRole('checkbox', { name: 'Show “Ana” in the article' }).check();
  await expect(page.locator('article .ghost').first()).toBeVisible();
  expect(await page.locator('article .ghost').allTextContents()).toEqual(expect.arrayContaining(['Islamabad']));

  await page.reload();
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await expect(await layer(page, 'Ana')).toContainText('2 annotations');

  await (await layer(page, 'Ana')).getByRole('button', { name: 'Remove the layer “Ana”' }).click();
  await expect(page.locator('.notice')).toContainText('Removed the layer “Ana” (2 annotations). Ctrl+Z brings it back.');
  await expect(page.locator('.layer')).toHaveCount(0);
  await page.locator('article').focus();
  await page.keyboard.press('Control+z');
  await expect(await layer(page, 'Ana')).toContainText('2 annotations');
  expect(await labeledSpans(page)).toEqual(['PERSON: Sergey Lavrov']);
});

test('a model’s output is reviewed from the keyboard: half accepted, half rejected', async ({ page }, info) => {
  await openApp(page);
  const text = await storedText(page, DOC_ID);
  const labels: [string, string][] = [['Sergey Lavrov', 'PERSON'], ['Islamabad', 'GPE'], ['Moscow', 'GPE'], ['Qureshi', 'PERSON']];
  const jsonl = JSON.stringify({ text, label: labels.map(([w, l]) => [...span(text, w), l]) }) + '\n';
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('dialog', { name: 'Import' }).getByRole('button', { name: 'Import as suggestions…' }).click();
  await page.locator('input[data-testid="suggestions-input"]').setInputFiles(upload('ner-model.jsonl', jsonl));
  const report = page.getByRole('dialog', { name: 'Import finished' });
  await expect(report).toContainText('read as suggestions: the layer “ner-model” of 1 document');
  await report.getByRole('button', { name: 'Close' }).click();

  const model = await layer(page, 'ner-model');
  await expect(model).toContainText('4 suggestions · from ner-model.jsonl');
  // Suggestions show at once, dashed, and are not the annotator's labels.
  await expect(page.locator('article .ghost')).toHaveCount(4);
  expect(await labeledSpans(page)).toEqual([]);

  await model.getByRole('button', { name: 'Review…' }).click();
  const review = page.getByRole('dialog', { name: 'Suggestions from “ner-model”' });
  await expect(review).toContainText('Suggestion 1 of 4');
  // In reading order: “Moscow and Islamabad”, then Lavrov and Qureshi.
  await expect(review.locator('mark.suggested')).toHaveText('Moscow');
  await page.keyboard.press('r'); // Moscow rejected
  await expect(review).toContainText('Suggestion 1 of 3');
  await expect(review.locator('mark.suggested')).toHaveText('Islamabad');
  await page.keyboard.press('a'); // Islamabad GPE
  await expect(review.locator('mark.suggested')).toHaveText('Sergey Lavrov');
  await page.keyboard.press('ArrowDown'); // skip Lavrov
  await expect(review.locator('mark.suggested')).toHaveText('Qureshi');
  await page.keyboard.press('Enter'); // Qureshi PERSON
  await expect(review).toContainText('Suggestion 1 of 1');
  // Undo works inside the review, one answer at a time.
  await page.keyboard.press('Control+z');
  await expect(review).toContainText('of 2');
  await page.keyboard.press('ArrowDown');
  await expect(review.locator('mark.suggested')).toHaveText('Qureshi');
  await page.keyboard.press('a');
  await page.keyboard.press('ArrowUp');
  await expect(review.locator('mark.suggested')).toHaveText('Sergey Lavrov');
  await page.keyboard.press('r');
  await expect(review).toContainText('No suggestions are left in “ner-model”.');
  await page.keyboard.press('Escape');
  await expect(review).toHaveCount(0);

  expect((await labeledSpans(page)).sort()).toEqual(['GPE: Islamabad', 'PERSON: Qureshi']);
  await expect(page.locator('article .ghost')).toHaveCount(0);

  // The export holds what was accepted as the annotator's own, and the (empty) layer.
  await page.getByRole('tab', { name: 'Documents' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all documents' }).click()]);
  const path = info.outputPath('out.postil.json');
  await download.saveAs(path);
  const file = JSON.parse(require('node:fs').readFileSync(path, 'utf8'));
  expect(file.version).toBe(5);
  const doc = file.documents.find((d: { id: string }) => d.id === DOC_ID);
  expect(doc.annotations.map((a: { text: string; label: string }) => `${a.label}: ${a.text}`).sort()).toEqual(['GPE: Islamabad', 'PERSON: Qureshi']);
  expect(doc.layers).toEqual([{ name: 'ner-model', kind: 'suggestions', annotations: [] }]);
});

test('all suggestions of one label are accepted at once, and Ctrl+Z takes them back', async ({ page }) => {
  await openApp(page);
  const text = await storedText(page, DOC_ID);
  const model = postilFile(text, 'model', [['Sergey Lavrov', 'PERSON'], ['Islamabad', 'GPE'], ['Qureshi', 'PERSON']]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('dialog', { name: 'Import' }).getByRole('button', { name: 'Import as suggestions…' }).click();
  await page.locator('input[data-testid="suggestions-input"]').setInputFiles(upload('model.postil.json', model));
  await expect(page.locator('.notice')).toContainText('Imported “model.postil.json” as suggestions (the layer “model”): 3 suggestions.');
  const layer_ = await layer(page, 'model');
  await layer_.getByRole('button', { name: 'Accept PERSON (2)' }).click();
  await expect(page.locator('.notice')).toContainText('Accepted 2 PERSON suggestions from “model”.');
  expect((await labeledSpans(page)).sort()).toEqual(['PERSON: Qureshi', 'PERSON: Sergey Lavrov']);
  await expect(layer_).toContainText('1 suggestion · from model.postil.json');
  await page.locator('article').focus();
  await page.keyboard.press('Control+z');
  expect(await labeledSpans(page)).toEqual([]);
  await expect(layer_).toContainText('3 suggestions');
});
