// The annotation workflow of a full-time annotator: keyboard only, overlapping spans, undo and
// redo, label all from search, notes, document labels, the label editor; all of it kept
// across a reload.
import { test, expect, type Page } from '@playwright/test';
import { clickWord, dragAcross, framesAsked, holdFrames, labeledSpans, openApp, releaseFrames, textsStored } from './helpers';

const tags = (page: Page) => page.locator('article .tag');
const selectedTag = (page: Page) => page.locator('article .tag.selected');

async function press(page: Page, key: string, times = 1) {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

test('a keyboard-only session: label, resize, undo, redo, label all, note, document label, reload', async ({ page }) => {
  await openApp(page);
  await page.locator('article').focus();

  // The title: "Russia and Pakistan ..."
  await press(page, 'ArrowRight');
  await expect(page.locator('article .sel')).toHaveText('Russia');
  await press(page, 'g');
  await press(page, 'ArrowRight', 2);
  await expect(page.locator('article .sel')).toHaveText('Pakistan');
  await press(page, 'g');
  // First paragraph: "On Wednesday, Russia’s Foreign Minister said Moscow ..."
  await press(page, 'ArrowDown');
  await press(page, 'ArrowRight', 7);
  await expect(page.locator('article .sel')).toHaveText('Moscow');
  await press(page, 'g');
  // Second paragraph: "... visit to Pakistan, Sergey Lavrov spoke."
  await press(page, 'ArrowDown');
  await press(page, 'ArrowRight', 11);
  await press(page, 'Shift+ArrowRight');
  await expect(page.locator('article .sel')).toHaveText(['Sergey', 'Lavrov'].join(' '));
  await press(page, 'p');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey Lavrov');
  await expect(page.locator('#announcer')).toHaveText('PERSON: Sergey Lavrov');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Russia', 'GPE: Pakistan', 'GPE: Moscow', 'PERSON: Sergey Lavrov']);

  // Resize by a word at the end, and at the start.
  await press(page, 'Shift+ArrowLeft');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey');
  await press(page, 'Control+Shift+ArrowLeft');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Pakistan, Sergey');
  // Undo both, redo one, undo it again.
  await press(page, 'Control+z');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey');
  await press(page, 'Control+z');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey Lavrov');
  await press(page, 'Control+Shift+z');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey');
  await press(page, 'Control+y');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Pakistan, Sergey');
  await press(page, 'Control+z');
  await press(page, 'Control+z');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey Lavrov');

  // Label all "Russia" (whole word) as GPE from search, as one step.
  await press(page, 'Escape');
  await press(page, 'Control+f');
  const find = page.getByRole('searchbox', { name: 'Find' });
  await expect(find).toBeFocused();
  await find.pressSequentially('Russia');
  await page.getByRole('checkbox', { name: 'Whole word' }).check();
  const total = await page.locator('article .hit').count();
  expect(total).toBeGreaterThan(5);
  await page.getByRole('combobox', { name: 'Label for all hits' }).selectOption('GPE');
  await page.getByRole('button', { name: 'Label all…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('already GPE');
  await press(page, 'Enter');
  await expect(dialog).toHaveCount(0);
  const russias = (await labeledSpans(page)).filter((s) => s === 'GPE: Russia').length;
  expect(russias).toBe(total);
  await page.getByRole('button', { name: 'Close search' }).click();
  // One undo takes back the whole label-all.
  await press(page, 'Control+z');
  expect((await labeledSpans(page)).filter((s) => s === 'GPE: Russia').length).toBe(1);
  await press(page, 'Control+Shift+z');
  expect((await labeledSpans(page)).filter((s) => s === 'GPE: Russia').length).toBe(total);

  // A note on Sergey Lavrov: select a word, then Tab through the annotations, Enter, type, Enter.
  await page.locator('article').focus();
  await press(page, 'ArrowRight');
  for (let i = 0; i < 40; i++) {
    await press(page, 'Tab');
    if ((await selectedTag(page).getAttribute('aria-label'))?.startsWith('PERSON')) break;
  }
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey Lavrov');
  await press(page, 'Enter');
  await page.getByRole('textbox', { name: 'Note' }).pressSequentially('Russian foreign minister since 2004');
  await press(page, 'Enter');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'PERSON: Sergey Lavrov. Note: Russian foreign minister since 2004');
  await expect(page.locator('.annotation-item.selected .note')).toHaveText('Russian foreign minister since 2004');
  // The panel's filter finds it by its note.
  await page.getByRole('searchbox', { name: 'Filter annotations' }).fill('minister since');
  await expect(page.locator('.annotation-item')).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Filter annotations' }).fill('');

  // Document labels by key: topic politics and diplomacy, stance neutral then negative.
  await page.locator('article').focus();
  await press(page, 'Escape');
  await press(page, '1');
  await press(page, '5');
  await press(page, '8');
  await press(page, '9');
  const pressed = page.locator('.doc-value[aria-pressed="true"]');
  await expect(pressed).toHaveText(['politics1', 'diplomacy5', 'negative9']);

  const before = await labeledSpans(page);
  await page.reload();
  await expect(page.locator('h1.doc-title')).toBeVisible();
  await expect.poll(() => labeledSpans(page)).toEqual(before);
  await expect(page.locator('.doc-value[aria-pressed="true"]')).toHaveText(['politics1', 'diplomacy5', 'negative9']);
  await expect(page.locator('.annotation-item .note')).toHaveText(['Russian foreign minister since 2004']);
  // The history survives the reload: undo takes back the last document label.
  await page.locator('article').focus();
  await press(page, 'Control+z');
  await expect(page.locator('.doc-value[aria-pressed="true"]')).toHaveText(['politics1', 'diplomacy5', 'neutral8']);
});

test('overlapping and nested spans: both drawn, each selectable on its own, undoable', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'Wilson Center in Washington');
  await press(page, 'o');
  await dragAcross(page, 'Washington');
  await press(page, 'g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Washington', 'ORG: Wilson Center in Washington']);
  // "Washington" is drawn with both: GPE's fill and ORG's underline.
  const washington = page.locator('mark.seg', { hasText: /^Washington$/ });
  await expect(washington).toHaveAttribute('style', /box-shadow/);

  // Clicking the words selects the innermost span, clicking again the one around it.
  await press(page, 'Escape');
  await clickWord(page, 'Washington');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'GPE: Washington');
  await clickWord(page, 'Washington');
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'ORG: Wilson Center in Washington');
  // Each label tag selects its own span.
  await page.locator('article .tag[data-label="GPE"]').click();
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'GPE: Washington');
  await page.locator('article .tag[data-label="ORG"]').click();
  await expect(selectedTag(page)).toHaveAttribute('aria-label', 'ORG: Wilson Center in Washington');
  await press(page, 'Delete');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Washington']);
  await press(page, 'Control+z');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Washington', 'ORG: Wilson Center in Washington']);
  await page.screenshot({ path: test.info().outputPath('overlaps.png') });
  await page.reload();
  await expect(page.locator('h1.doc-title')).toBeVisible();
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Washington', 'ORG: Wilson Center in Washington']);

  // With overlaps forbidden in the schema, a new overlapping span is refused with the reason.
  await page.getByRole('tab', { name: 'Labels' }).click();
  await page.getByRole('checkbox', { name: /Allow overlapping/ }).uncheck();
  await dragAcross(page, 'Center');
  await press(page, 'm');
  await expect(page.locator('.notice.error')).toContainText('does not allow overlapping spans');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Washington', 'ORG: Wilson Center in Washington']);
});

test('after labeling, the other occurrences are offered: Enter labels them all', async ({ page }) => {
  await openApp(page);
  // A word that occurs once: nothing to offer. The offer is worked out once the frame showing
  // the label is painted, so after that frame, whatever offer there will be is on screen.
  const painted = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  await clickWord(page, 'Islamabad');
  await press(page, 'g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Islamabad']);
  await painted();
  await expect(page.locator('.offer')).toHaveCount(0);
  await clickWord(page, 'Karachi');
  await press(page, 'g');
  await expect.poll(() => labeledSpans(page)).toContain('GPE: Karachi');
  await painted();
  await expect(page.locator('.offer')).toHaveCount(0);
  await clickWord(page, 'Qureshi');
  await press(page, 'p');
  const offer = page.locator('.offer');
  await expect(offer).toContainText('Label 3 more “Qureshi” as PERSON?');
  await press(page, 'Enter');
  await expect(offer).toHaveCount(0);
  expect((await labeledSpans(page)).filter((s) => s === 'PERSON: Qureshi')).toHaveLength(4);
  await press(page, 'Control+z');
  expect((await labeledSpans(page)).filter((s) => s === 'PERSON: Qureshi')).toHaveLength(1);
  // Ignoring the offer: keep working and it goes away.
  await clickWord(page, 'Lavrov', 1);
  await press(page, 'p');
  await expect(offer).toContainText('“Lavrov” as PERSON?');
  await press(page, 'ArrowRight');
  await expect(offer).toHaveCount(0);
  // Enter pressed after the label key but before the frame that would show the offer (frames
  // held back): Enter takes the offer that was still to be worked out, as it would a moment
  // later.
  await clickWord(page, 'Moscow');
  await holdFrames(page);
  const before = await page.evaluate(async () => {
    const down = (key: string) =>
      document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    down('g');
    for (let i = 0; i < 100 && !document.querySelector('article .tag[aria-label="GPE: Moscow"]'); i++) await new Promise((r) => setTimeout(r, 0));
    const offerShown = document.querySelectorAll('.offer').length;
    down('Enter');
    return { offerShown };
  });
  expect(before).toEqual({ offerShown: 0 });
  expect(await framesAsked(page)).toBeGreaterThan(0);
  await releaseFrames(page);
  await expect.poll(async () => (await labeledSpans(page)).filter((s) => s === 'GPE: Moscow').length).toBe(3);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('the label editor renames, refuses a taken key, and deletes a label in use after asking (undoable)', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'Sergey Lavrov');
  await press(page, 'p');
  await clickWord(page, 'Qureshi');
  await press(page, 'p');
  await press(page, 'Escape');
  await page.getByRole('tab', { name: 'Labels' }).click();

  const name = page.getByRole('textbox', { name: 'Name of PERSON' });
  await name.fill('PER');
  await name.press('Enter');
  await expect.poll(() => labeledSpans(page)).toEqual(['PER: Sergey Lavrov', 'PER: Qureshi']);
  await expect(page.getByRole('button', { name: /^PER\b/ }).first()).toBeVisible();

  const key = page.getByRole('textbox', { name: 'Key of ORG' });
  await key.fill('p');
  await key.press('Enter');
  await expect(page.locator('.schema-editor')).toContainText(/key “p” is used by both/i);

  await page.getByRole('button', { name: 'Delete PER' }).click();
  await expect(page.locator('.schema-editor')).toContainText('PER is used by 2 annotations');
  await page.getByRole('button', { name: 'Delete label and 2 annotations' }).click();
  await expect.poll(() => labeledSpans(page)).toEqual([]);
  await expect(page.locator('.notice.info')).toContainText('2 annotations removed');
  await page.locator('article').focus();
  await press(page, 'Control+z');
  await expect.poll(() => labeledSpans(page)).toEqual(['PER: Sergey Lavrov', 'PER: Qureshi']);
  await page.reload();
  await expect.poll(() => labeledSpans(page)).toEqual(['PER: Sergey Lavrov', 'PER: Qureshi']);
});

test('the shortcut sheet lists every key, including the schema’s', async ({ page }) => {
  await openApp(page);
  await press(page, '?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Ctrl + Z');
  await expect(sheet).toContainText('Label PERSON');
  await expect(sheet).toContainText('Toggle topic: politics');
  await expect(page.getByRole('button', { name: 'Close (Esc)' })).toBeFocused();
  await press(page, 'Escape');
  await expect(sheet).toHaveCount(0);
});

test('notes, document labels and the schema travel in files to a colleague', async ({ page, browser }, info) => {
  await openApp(page);
  await dragAcross(page, 'Sergey Lavrov');
  await press(page, 'p');
  // Enter writes a note on the label once it is there (as a person sees it first).
  await expect(page.locator('article .tag.selected')).toHaveAttribute('aria-label', 'PERSON: Sergey Lavrov');
  await press(page, 'Enter');
  await page.getByRole('textbox', { name: 'Note' }).fill('foreign minister');
  await press(page, 'Enter');
  await press(page, 'Escape');
  await press(page, '2');
  // A new label, to see the schema travel too.
  await page.getByRole('tab', { name: 'Labels' }).click();
  await page.getByRole('textbox', { name: 'New label' }).fill('NORP');
  await page.getByRole('button', { name: 'Add label' }).click();
  await expect(page.getByRole('button', { name: /^NORP/ })).toBeVisible();

  const save = async (button: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const path = info.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    return path;
  };
  const work = await save('Export JSON');
  const file = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(work, 'utf8')));
  expect(file.documents[0].document_labels).toEqual({ topic: ['security'] });
  expect(file.documents[0].annotations[0]).toMatchObject({ label: 'PERSON', text: 'Sergey Lavrov', note: 'foreign minister' });
  const labels = await save('Export schema');
  expect(labels).toMatch(/\.postil-schema\.json$/);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other);
  await other.locator('input[data-testid="import-input"]').setInputFiles(work);
  await expect.poll(() => labeledSpans(other)).toEqual(['PERSON: Sergey Lavrov']);
  await expect(other.locator('.annotation-item .note')).toHaveText('foreign minister');
  await expect(other.locator('.doc-value[aria-pressed="true"]')).toHaveText(['security2']);
  await other.getByRole('tab', { name: 'Labels' }).click();
  await other.locator('.schema-editor input[type="file"]').setInputFiles(labels);
  await expect(other.getByRole('button', { name: /^NORP/ })).toBeVisible();
  await fresh.close();
});

test('keys at the edges: the last word, Tab out of the article, Enter on a button', async ({ page }) => {
  await openApp(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Select the final full stop through search, label it, then move: the cursor is past the
  // last word and must stay on it, not crash.
  await press(page, 'Control+f');
  await page.getByRole('searchbox', { name: 'Find' }).fill('.');
  await page.getByRole('searchbox', { name: 'Find' }).press('Shift+Enter');
  await page.getByRole('button', { name: 'Close search' }).click();
  await page.locator('article').focus();
  await press(page, 'm');
  await press(page, 'ArrowDown');
  await press(page, 'ArrowRight');
  await expect(page.locator('article .sel')).toHaveText('cooperation');
  expect(errors).toEqual([]);

  // With nothing selected, Tab leaves the article for the controls after it.
  await press(page, 'Escape');
  await expect(page.locator('article')).toBeFocused();
  await press(page, 'Tab');
  await expect(page.locator('article')).not.toBeFocused();

  // Enter on a focused button presses the button, even with an annotation selected.
  await clickWord(page, 'Moscow');
  await press(page, 'g');
  await press(page, 'Escape'); // no thanks to the offer of the other "Moscow"s
  await page.getByRole('button', { name: 'Undo' }).focus();
  await press(page, 'Enter');
  // The button undid the label, and Enter did not also open the note editor.
  await expect.poll(() => labeledSpans(page)).toEqual(['MISC: .']);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // After clicking a palette button, Enter still answers the offer; after picking from the
  // list, Delete removes what was picked.
  await clickWord(page, 'Pakistan', 1);
  await page.getByRole('button', { name: /^GPE/ }).click();
  await expect(page.locator('.offer')).toBeVisible();
  await press(page, 'Enter');
  await expect(page.locator('.offer')).toHaveCount(0);
  const pakistans = (await labeledSpans(page)).filter((l) => l === 'GPE: Pakistan').length;
  expect(pakistans).toBeGreaterThan(5);
  await page.locator('.annotation-item', { hasText: 'MISC' }).click();
  await press(page, 'Delete');
  expect(await labeledSpans(page)).not.toContain('MISC: .');
});

test('undoing a label change is refused while another document has later edits', async ({ page }, info) => {
  await openApp(page);
  await dragAcross(page, 'Sergey Lavrov');
  await press(page, 'p');
  const other = {
    format: 'postil', version: 2, offset_unit: 'codepoint',
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }],
    documents: [{ id: 'second', title: 'Second', text: 'Qureshi met Lavrov.', annotations: [{ id: 1, start: 0, end: 7, label: 'PERSON', text: 'Qureshi' }] }],
  };
  const path = info.outputPath('second.postil.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(path, JSON.stringify(other)));
  await page.locator('input[data-testid="import-input"]').setInputFiles(path);
  await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Qureshi']);
  // Rename PERSON to PER everywhere, then edit the second document.
  await page.getByRole('tab', { name: 'Labels' }).click();
  const name = page.getByRole('textbox', { name: 'Name of PERSON' });
  await name.fill('PER');
  await name.press('Enter');
  await expect.poll(() => labeledSpans(page)).toEqual(['PER: Qureshi']);
  await clickWord(page, 'Qureshi');
  await press(page, 'g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Qureshi']);
  // In the first document, undo would reach the rename: refused, nothing changes.
  await page.getByRole('combobox', { name: 'Document', exact: true }).selectOption({ index: 0 });
  await page.locator('article').focus();
  await press(page, 'Control+z');
  await expect(page.locator('.notice.error')).toContainText('“Second” was edited after it');
  await expect.poll(() => labeledSpans(page)).toEqual(['PER: Sergey Lavrov']);
  await page.getByRole('combobox', { name: 'Document', exact: true }).selectOption({ index: 1 });
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Qureshi']);
});

test('documents: status, progress, next and previous by key, filter, export all', async ({ page }, info) => {
  await openApp(page);
  const second = {
    format: 'postil', version: 2, offset_unit: 'codepoint',
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }],
    documents: [{ id: 'second', title: 'Second article', text: 'Second article\n\nQureshi met Lavrov in Islamabad.', annotations: [] }],
  };
  const path = info.outputPath('second.postil.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(path, JSON.stringify(second)));
  await page.locator('input[data-testid="import-input"]').setInputFiles(path);
  await expect(page.locator('h1.doc-title')).toHaveText('Second article');
  await page.getByRole('tab', { name: 'Documents' }).click();
  const rows = page.locator('.doc-row');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('.corpus-progress')).toContainText('0 of 2 done');
  await expect(rows.nth(1).locator('.status')).toHaveText('new');

  await clickWord(page, 'Qureshi');
  await press(page, 'p');
  await expect(rows.nth(1).locator('.status')).toHaveText('in progress');
  await expect(rows.nth(1)).toContainText('1 annotation');
  await page.locator('article').focus();
  await press(page, 'Escape');
  await press(page, '=');
  await expect(rows.nth(1).locator('.status')).toHaveText('done');
  await expect(page.locator('.corpus-progress')).toContainText('1 of 2 done');

  await press(page, ']');
  await expect(page.locator('h1.doc-title')).toHaveText(/^Russia and Pakistan/);
  await press(page, '[');
  await expect(page.locator('h1.doc-title')).toHaveText('Second article');
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('done');
  await expect(rows).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('all');

  await textsStored(page, 2);
  await page.reload();
  await page.getByRole('tab', { name: 'Documents' }).click();
  await expect(page.locator('.corpus-progress')).toContainText('1 of 2 done');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export all documents' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('corpus.postil.json');
  const out = info.outputPath('corpus.postil.json');
  await download.saveAs(out);
  const corpus = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(out, 'utf8')));
  expect(corpus.documents.map((d: { id: string; done?: boolean }) => [d.id, d.done ?? false])).toEqual([
    ['russia-pakistan-joint-drills', false],
    ['second', true],
  ]);
  // Marking done is undoable like any change.
  await page.locator('article').focus();
  await press(page, 'Control+z');
  await expect(page.locator('.corpus-progress')).toContainText('0 of 2 done');
});
