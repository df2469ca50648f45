// Every exchange format from the app: the export dialog says what each holds and what this
// work would lose, downloads the file, and a colleague's fresh profile imports it back.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { clickWord, labeledSpans, openApp, pySlice } from './helpers';

async function exportAs(page: Page, format: string, scope: 'This document' | 'All', path: string) {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: new RegExp(`^ ?${scope}`) }).check();
  await dialog.locator('.format-choice', { hasText: format }).getByRole('radio').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: /^Download/ }).click(),
  ]);
  await download.saveAs(path);
  await expect(dialog).toHaveCount(0);
  return download.suggestedFilename();
}

/** Labels "Wilson Center in Washington" as ORG with "Washington" inside it as GPE, and two more. */
async function labelNested(page: Page) {
  await page.getByRole('button', { name: 'Paste…' }).click();
  const paste = page.getByRole('dialog', { name: 'Paste an article' });
  await paste.getByLabel('Title').fill('Talks 👩‍👩‍👧 in Washington');
  await paste.getByLabel('Text').fill('Talks 👩‍👩‍👧 in Washington\n\nLavrov spoke at the Wilson Center in Washington 🇺🇸 on Tuesday.\n\n北京 and Café talks.');
  await paste.getByRole('button', { name: 'Add article' }).click();
  await expect(page.locator('h1.doc-title')).toHaveText('Talks 👩‍👩‍👧 in Washington');
  await clickWord(page, 'Lavrov');
  await page.keyboard.press('p');
  await clickWord(page, 'Washington', 1);
  await page.keyboard.press('g');
  await page.keyboard.press('Escape');
  await clickWord(page, 'Wilson');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('o');
  await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Lavrov', 'GPE: Washington', 'ORG: Wilson Center in Washington']);
}

test('the export dialog lists every format, says what CoNLL would drop, and downloads it', async ({ page }, info) => {
  await openApp(page);
  await labelNested(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.locator('.format-choice')).toHaveCount(8);
  for (const name of ['Postil JSON', 'doccano JSONL', 'spaCy training JSON', 'spaCy DocBin', 'brat standoff', 'CoNLL-2003', 'W3C Web Annotation', 'Label Studio JSON']) {
    await expect(dialog.locator('.format-choice', { hasText: name })).toHaveCount(1);
  }
  await dialog.getByRole('radio', { name: /This document/ }).check();
  await dialog.locator('.format-choice', { hasText: 'CoNLL-2003' }).getByRole('radio').check();
  await expect(dialog.locator('.export-loss')).toContainText('overlapping');
  await expect(dialog.locator('.export-loss')).toContainText('Washington');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  const path = info.outputPath('talks.conll');
  const name = await exportAs(page, 'CoNLL-2003', 'This document', path);
  expect(name).toMatch(/\.conll$/);
  const conll = readFileSync(path, 'utf8');
  expect(conll).toContain('-DOCSTART-');
  expect(conll).toMatch(/^Lavrov[ \t]B-PERSON$/m);
  expect(conll).toMatch(/^Wilson[ \t]B-ORG$/m);
  expect(conll).toMatch(/^Center[ \t]I-ORG$/m);
});

const ROUND_TRIP: [string, boolean][] = [
  ['doccano JSONL', true],
  ['spaCy training JSON', true],
  ['spaCy DocBin', true],
  ['brat standoff', true],
  ['W3C Web Annotation', true],
  ['Label Studio JSON', true],
  ['CoNLL-2003', false],
];

for (const [format, exact] of ROUND_TRIP) {
  test(`${format}: exported here, imported in a fresh profile, the labels come back`, async ({ page, browser }, info) => {
    await openApp(page);
    await labelNested(page);
    const path = info.outputPath(`export-${format.replace(/\W+/g, '-')}`);
    const name = await exportAs(page, format, 'This document', path);
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await openApp(other);
    await other.locator('input[data-testid="import-input"]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: readFileSync(path) });
    const report = other.getByRole('dialog', { name: 'Import finished' });
    await expect(report).toContainText('1 article imported from 1 file');
    await report.getByRole('button', { name: 'Close' }).click();
    const spans = await labeledSpans(other);
    if (exact) {
      expect(spans).toEqual(['PERSON: Lavrov', 'GPE: Washington', 'ORG: Wilson Center in Washington']);
      await expect(other.locator('article')).toContainText('Lavrov spoke at the Wilson Center in Washington 🇺🇸 on Tuesday.');
    } else {
      // CoNLL keeps the outermost of overlapping spans, and not the original spacing.
      expect(spans).toEqual(['PERSON: Lavrov', 'ORG: Wilson Center in Washington']);
    }
    await fresh.close();
  });
}

test('the import dialog lists what Postil reads, then opens the file picker', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await expect(dialog.locator('dt')).toHaveCount(12);
  await expect(dialog).toContainText('CoNLL-2003');
  await expect(dialog).toContainText('Web page (.html, .htm)');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: 'Choose files…' }).click(),
  ]);
  expect(chooser.isMultiple()).toBe(true);
  await expect(dialog).toHaveCount(0);
});

test('an exported doccano file slices exactly in Python terms, emoji and all', async ({ page }, info) => {
  await openApp(page);
  await labelNested(page);
  const path = info.outputPath('talks.jsonl');
  await exportAs(page, 'doccano JSONL', 'This document', path);
  const line = JSON.parse(readFileSync(path, 'utf8').trim());
  const got = line.label.map(([s, e, l]: [number, number, string]) => `${l}: ${pySlice(line.text, s, e)}`);
  expect(got.sort()).toEqual(['GPE: Washington', 'ORG: Wilson Center in Washington', 'PERSON: Lavrov']);
});

test('files as other tools write them come in (Label Studio 0.x, doccano ids, BIOES columns), and the report says what was read differently', async ({ page }) => {
  await openApp(page);
  // Label Studio 0.x: the work under "completions", end offsets inclusive.
  const labelStudio = JSON.stringify([{
    id: 1,
    data: { text: 'Talks on February 22 in Islamabad.' },
    completions: [{ id: 1, result: [
      { id: 'a', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 9, end: 19, text: 'February 22', labels: ['DATE'] } },
      { id: 'b', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 24, end: 32, text: 'Islamabad', labels: ['GPE'] } },
    ] }],
  }]);
  // doccano: labels by their project ids, one pretty-printed object with a relation.
  const doccano = JSON.stringify({
    id: 7,
    text: 'Lavrov met Qureshi in Islamabad.',
    entities: [
      { id: 1, label: 1, start_offset: 0, end_offset: 6 },
      { id: 2, label: 1, start_offset: 11, end_offset: 18 },
    ],
    relations: [{ id: 1, from_id: 1, to_id: 2, type: 'met' }],
  }, null, 2);
  await page.locator('input[data-testid="import-input"]').setInputFiles([
    { name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(labelStudio) },
    { name: 'relations.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(doccano) },
    // CoNLL columns with BIOES tags, under a name that does not say so.
    { name: 'eng.train', mimeType: 'application/octet-stream', buffer: Buffer.from('-DOCSTART- -X- -X- O\n\nSergey NNP B-PER\nLavrov NNP E-PER\nvisited VBD O\nLahore NNP S-GPE\n') },
  ]);
  const report = page.getByRole('dialog', { name: 'Import finished' });
  await expect(report).toContainText('3 articles imported from 3 files, 0 skipped.');
  const careful = report.locator('ul.adjusted li');
  await expect(careful).toHaveText([
    /^project\.json: the work of 1 task was under “completions” \(Label Studio 0\.x\)/,
    /^project\.json: end offsets were inclusive.*2 regions were moved by one character$/,
    /^relations\.jsonl: labels were given as numbers \(doccano label id 1\), not names: it is named “1”;/,
    /^relations\.jsonl: its JSON objects run over several lines each, not one per line: read as 1 record$/,
    'eng.train: its name does not say what it is: read as CoNLL columns',
    /^eng\.train: 2 tags were BIOES or BILOU/,
  ]);
  // The relation came in with its ends: nothing was left out.
  await expect(report.locator('ul.left-out')).toHaveCount(0);
  await expect(report.locator('ul.skipped')).toHaveCount(0);
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('h1.doc-title')).toHaveText('Talks on February 22 in Islamabad.');
  expect(await labeledSpans(page)).toEqual(['DATE: February 22', 'GPE: Islamabad']);
  await page.keyboard.press(']');
  await expect(page.locator('h1.doc-title')).toHaveText('Lavrov met Qureshi in Islamabad.');
  expect(await labeledSpans(page)).toEqual(['1: Lavrov', '1: Qureshi']);
  await page.keyboard.press(']');
  await expect(page.locator('h1.doc-title')).toHaveText('Sergey Lavrov visited Lahore');
  expect(await labeledSpans(page)).toEqual(['PER: Sergey Lavrov', 'GPE: Lahore']);
});

test('a file with some bad records offers its good ones, and nothing comes in until asked', async ({ page }) => {
  await openApp(page);
  const lines = [
    JSON.stringify({ text: 'Lavrov met Qureshi in Islamabad.', label: [[0, 6, 'PERSON']] }),
    '{"text": "Cut li',
    JSON.stringify({ text: 'Talks went on in Moscow.', label: [[17, 23, 'GPE']] }),
  ].join('\n');
  await page.locator('input[data-testid="import-input"]').setInputFiles([
    { name: 'mixed.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(lines) },
  ]);
  const report = page.getByRole('dialog', { name: 'Import finished' });
  await expect(report.locator('.report-summary')).toHaveText('0 articles imported from 1 file, 1 skipped.');
  const item = report.locator('.skipped li', { hasText: 'mixed.jsonl' });
  await expect(item).toContainText('line 2: not valid JSON');
  // Nothing came in: the workspace still holds the sample alone.
  const documents = () => page.evaluate(() => JSON.parse(localStorage.getItem('postil/v1/index') ?? '{"documents": []}').documents.length);
  await expect.poll(documents).toBe(1);
  await item.getByRole('button', { name: 'Import its 2 good records (the others stay out)' }).click();
  await expect(report.locator('.report-summary')).toHaveText('2 articles imported from 1 file, 1 skipped.');
  await expect(item).toContainText('(then 2 records were taken, as you asked)');
  await expect(item.getByRole('button')).toHaveCount(0);
  await report.getByRole('button', { name: 'Close' }).click();
  await expect.poll(documents).toBe(3);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await page.getByRole('tab', { name: 'Documents' }).click();
  await expect(page.locator('.doc-row-title', { hasText: 'Talks went on in Moscow.' })).toHaveCount(1);
});

test('JSONL whose text is under a field of its own: the report asks which field, with a preview', async ({ page }) => {
  await openApp(page);
  const lines = [
    JSON.stringify({ id: 1, content: 'Lavrov met Qureshi in Islamabad.', who: 'ann', ner: [[0, 6, 'PERSON']] }),
    JSON.stringify({ id: 2, content: 'Talks went on in Moscow.', who: 'bo', ner: [[17, 23, 'GPE']] }),
  ].join('\n');
  await page.locator('input[data-testid="import-input"]').setInputFiles([
    { name: 'notes.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(lines) },
  ]);
  const report = page.getByRole('dialog', { name: 'Import finished' });
  const item = report.locator('.skipped li', { hasText: 'notes.jsonl' });
  await expect(item).toContainText('its records have no "text" or "data" field; the text may be in “content”: choose which');
  const documents = () => page.evaluate(() => JSON.parse(localStorage.getItem('postil/v1/index') ?? '{"documents": []}').documents.length);
  await expect.poll(documents).toBe(1);
  await item.getByRole('button', { name: 'Read “content” as the text and “ner” as its labels (2 records): “Lavrov met Qureshi in Islamabad.”' }).click();
  await expect(report.locator('.report-summary')).toHaveText('2 articles imported from 1 file, 1 skipped.');
  await expect(report.locator('.adjusted li')).toContainText(['its text was read from “content” and “ner” as its labels, as you chose']);
  await report.getByRole('button', { name: 'Close' }).click();
  await expect.poll(documents).toBe(3);
  await expect(page.locator('h1.doc-title')).toHaveText('Lavrov met Qureshi in Islamabad.');
  expect(await labeledSpans(page)).toEqual(['PERSON: Lavrov']);
});
