// A team without a server: a colleague's Postil file becomes their layer of the sample (never
// mixed into the annotator's own), shown dashed on demand, kept over a reload, removed and
// brought back; a model's output imported as suggestions is reviewed from the keyboard, half
// accepted and half rejected, and the export holds both what was accepted and what is left.
import { test, expect, type Page } from '@playwright/test';
import { openApp, dragAcross, labeledSpans, storedText, TITLE, pySlice, span, postilFile } from './helpers';

const DOC_ID = 'russia-pakistan-joint-drills';

/** The sample document of a Postil file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const doc0 = (file: any) => file.documents.find((d: { id: string }) => d.id === DOC_ID);

type Upload = { name: string; mimeType: string; buffer: Buffer };
const upload = (name: string, text: string): Upload => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

async function layer(page: Page, name: string) {
  return page.locator('.layer').filter({ has: page.locator('.layer-name', { hasText: new RegExp(`^${name}$`) }) });
}

async function setName(page: Page, name: string) {
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.getByLabel('Your name, in exports').fill(name);
  await page.getByLabel('Your name, in exports').press('Tab');
  await page.getByRole('tab', { name: 'Annotations' }).click();
}

test('a colleague’s file becomes their layer, shown on demand, kept, removed and brought back', async ({ page }) => {
  await openApp(page);
  await setName(page, 'Ben');
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
  // Version 6: what was accepted says when (a model's suggestion brings no time of its own).
  expect(file.version).toBe(6);
  expect(doc0(file).annotations.every((a: { created?: string }) => typeof a.created === 'string')).toBe(true);
  const doc = doc0(file);
  expect(doc.annotations.map((a: { text: string; label: string }) => `${a.label}: ${a.text}`).sort()).toEqual(['GPE: Islamabad', 'PERSON: Qureshi']);
  expect(doc.layers).toEqual([{ name: 'ner-model', kind: 'suggestions', source: 'ner-model.jsonl', annotations: [] }]);
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

test('two colleagues’ files: agreement with its charts, every disagreement settled by keyboard, the gold set exported and read in a fresh profile', async ({ page, browser }, info) => {
  await openApp(page);
  await setName(page, 'Rev');
  const text = await storedText(page, DOC_ID);
  const ana = postilFile(text, 'Ana', [['Moscow', 'GPE'], ['Islamabad', 'GPE'], ['Sergey Lavrov', 'PERSON']]);
  const ben = postilFile(text, 'Ben', [['Islamabad', 'GPE'], ['Sergey Lavrov', 'GPE'], ['Qureshi', 'PERSON']]);
  await page.locator('input[data-testid="import-input"]').setInputFiles([upload('ana.postil.json', ana), upload('ben.postil.json', ben)]);
  await expect(await layer(page, 'Ben')).toContainText('3 annotations');
  await expect(await layer(page, 'Ana')).toContainText('3 annotations');

  // Agreement: Ben against Ana agree on Islamabad only (1 of 3 each way).
  await page.getByRole('button', { name: 'Agreement…' }).click();
  const view = page.getByRole('dialog', { name: 'Agreement between annotators' });
  const row = view.locator('table.overall tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.locator('th')).toHaveText('Ana → Ben');
  // κ and unitized α are the figures verify/check_agreement.py recomputes with scikit-learn and
  // krippendorff-unitized-alpha for this fixture (target/verify/sample).
  expect(await row.locator('td').allTextContents()).toEqual(['0.333', '0.333', '0.333', '0.333', '0.497', '0.541', '—', expect.any(String)]);
  await expect(view.locator('svg.bars .row')).toHaveCount(2); // GPE and PERSON
  await expect(view.locator('svg.heat .row')).toHaveCount(1);
  const kappa = await row.locator('td').nth(4).textContent();
  await view.screenshot({ path: info.outputPath('agreement.png') });
  await page.keyboard.press('Escape');

  // Review: Moscow only in Ana, Lavrov labelled differently, Qureshi only in Ben.
  await page.getByRole('button', { name: 'Review disagreements…' }).click();
  const review = page.getByRole('dialog', { name: `Review “${TITLE}”` });
  await expect(review).toContainText('0 of 3 settled here · 3 left in all documents');
  await expect(review.locator('.review-where')).toContainText('Disagreement 1 of 3: only in Ana');
  await expect(review.locator('mark.suggested')).toHaveText('Moscow');
  // The review leaves the article in view, with the open disagreements marked and listed.
  await expect(page.locator('article .ghost')).toHaveCount(3);
  await expect(review.locator('.disagreement-list li')).toHaveCount(3);
  await page.screenshot({ path: info.outputPath('review-page.png') });
  await page.keyboard.press('g'); // take what both agree on: Islamabad
  await expect(page.locator('.notice')).toContainText('Took what Ana and Ben agree on: 1 annotation or relation.');
  await page.keyboard.press('1'); // Moscow: Ana's
  await expect(review).toContainText('1 of 3 settled here');
  await expect(page.locator('article .ghost')).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await expect(review.locator('mark.suggested')).toHaveText('Sergey Lavrov');
  await expect(review.locator('.versions')).toContainText('PERSON “Sergey Lavrov”');
  await expect(review.locator('.versions')).toContainText('GPE “Sergey Lavrov”');
  await page.keyboard.press('1'); // Lavrov: Ana's PERSON
  await page.keyboard.press('ArrowDown');
  await expect(review.locator('mark.suggested')).toHaveText('Qureshi');
  await page.keyboard.press('x'); // Qureshi: none
  await expect(review).toContainText('3 of 3 settled here · 0 left in all documents');
  await expect(page.locator('article .ghost')).toHaveCount(0);
  await review.screenshot({ path: info.outputPath('review.png') });
  await page.keyboard.press('Escape');
  expect((await labeledSpans(page)).sort()).toEqual(['GPE: Islamabad', 'GPE: Moscow', 'PERSON: Sergey Lavrov']);

  // The gold set, with who was taken where, exported and read back in a fresh profile.
  await page.getByRole('tab', { name: 'Documents' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all documents' }).click()]);
  const path = info.outputPath('gold.postil.json');
  await download.saveAs(path);
  const gold = JSON.parse(require('node:fs').readFileSync(path, 'utf8'));
  const doc = gold.documents.find((d: { id: string }) => d.id === DOC_ID);
  expect(doc.annotations.map((a: { label: string; text: string }) => `${a.label}: ${a.text}`).sort())
    .toEqual(['GPE: Islamabad', 'GPE: Moscow', 'PERSON: Sergey Lavrov']);
  expect(doc.review.map((r: { text: string; taken: string }) => `${r.text}: ${r.taken}`))
    .toEqual(['Moscow: Ana', 'Sergey Lavrov: Ana', 'Qureshi: rejected']);
  expect(doc.layers.map((l: { name: string }) => l.name)).toEqual(['Ana', 'Ben']);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other);
  await other.locator('input[data-testid="import-input"]').setInputFiles(path);
  // Someone who has not set a name is asked whose the file is; as Rev's, the gold set is
  // Rev's layer, with Ana's and Ben's beside it.
  const whose = other.getByRole('dialog', { name: 'Import “gold.postil.json”' });
  await expect(whose).toContainText('The file holds Rev’s annotations.');
  await whose.getByRole('button', { name: 'They are Rev’s: add as a layer' }).click();
  await expect(other.locator('.notice')).toContainText('Imported “gold.postil.json”');
  await expect(await layer(other, 'Rev')).toContainText('3 annotations');
  await expect(other.locator('.layer')).toHaveCount(3);
  await fresh.close();
  expect(kappa).not.toBe('—');
});

test('a Label Studio file’s predictions arrive as its model’s suggestions; half are accepted', async ({ page }) => {
  await openApp(page);
  const text = 'Lavrov met Qureshi in Islamabad on Tuesday.';
  const region = (id: string, start: number, end: number, label: string) =>
    ({ id, type: 'labels', from_name: 'label', to_name: 'text', value: { start, end, text: pySlice(text, start, end), labels: [label] } });
  const tasks = [{
    id: 1, data: { text },
    predictions: [{ model_version: 'ner-v3', result: [region('a', 0, 6, 'PERSON'), region('b', 11, 18, 'PERSON'), region('c', 22, 31, 'GPE'), region('d', 35, 42, 'DATE')] }],
  }];
  await page.locator('input[data-testid="import-input"]').setInputFiles(upload('tasks.json', JSON.stringify(tasks)));
  const report = page.getByRole('dialog', { name: 'Import finished' });
  await expect(report).toContainText('the first prediction of 1 task was read as suggestions');
  await report.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Annotations' }).click();
  const model = await layer(page, 'ner-v3');
  await expect(model).toContainText('4 suggestions · from tasks.json task 1');
  expect(await labeledSpans(page)).toEqual([]);
  await model.getByRole('button', { name: 'Accept PERSON (2)' }).click();
  expect(await labeledSpans(page)).toEqual(['PERSON: Lavrov', 'PERSON: Qureshi']);
  await expect(model).toContainText('2 suggestions');
  await expect(page.locator('article .ghost')).toHaveCount(2);
});

test('a layer imported in one tab shows in the other, and a suggestion accepted there shows back here', async ({ page, context }) => {
  await openApp(page);
  const other = await context.newPage();
  await openApp(other);
  const text = await storedText(page, DOC_ID);
  const model = postilFile(text, 'model', [['Islamabad', 'GPE'], ['Qureshi', 'PERSON']]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('dialog', { name: 'Import' }).getByRole('button', { name: 'Import as suggestions…' }).click();
  await page.locator('input[data-testid="suggestions-input"]').setInputFiles(upload('model.postil.json', model));
  await expect(await layer(page, 'model')).toContainText('2 suggestions');
  await expect(await layer(other, 'model')).toContainText('2 suggestions');
  await (await layer(other, 'model')).getByRole('button', { name: 'Accept GPE (1)' }).click();
  await expect(await layer(page, 'model')).toContainText('1 suggestion');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Islamabad']);
});
