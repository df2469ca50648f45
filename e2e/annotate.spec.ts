// The foundation loop as a person does it: label by dragging and clicking, relabel, delete,
// reload, export, import into a fresh profile, and refuse a broken file without changing
// anything.
import { test, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { clickWord, dragAcross, holdFrames, labeledSpans, openApp, panelItems, pySlice, storedText, TITLE } from './helpers';

const DOC_ID = 'russia-pakistan-joint-drills';

async function labelTwo(page: Page) {
  await dragAcross(page, 'Sergey Lavrov');
  await expect(page.locator('article .sel')).toHaveText(['Sergey Lavrov']);
  await page.keyboard.press('p');
  // "Pakistan" in "supply Pakistan with", the first after the title.
  await clickWord(page, 'Pakistan', 1);
  await expect(page.locator('article .sel')).toHaveText(['Pakistan']);
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);
}

async function storageSnapshot(page: Page) {
  return page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
}

test('the sample article opens with its title, headings and paragraphs', async ({ page }) => {
  await openApp(page);
  await expect(page).toHaveTitle('Postil');
  await expect(page.locator('article h2.doc-heading')).toHaveCount(3);
  await expect(page.locator('article p.doc-para').first()).toContainText('On Wednesday, Russia’s Foreign Minister');
  // Cleaned of scraping artefacts.
  await expect(page.locator('article')).not.toContainText('\\');
  await expect(page.locator('article')).not.toContainText('Add a Comment');
  await expect(page.locator('.side-panel')).toContainText('Annotations (0)');
});

test('label by drag and by click, then find both after a reload', async ({ page }) => {
  await openApp(page);
  await labelTwo(page);
  await expect(panelItems(page).locator('.chip')).toHaveText(['GPE', 'PERSON']);
  await expect(panelItems(page).locator('.words')).toHaveText(['Pakistan', 'Sergey Lavrov']);
  await page.reload();
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);
  await expect(panelItems(page).locator('.words')).toHaveText(['Pakistan', 'Sergey Lavrov']);
});

test('a label is stored just after the frame that shows it, and leaving at once still keeps it', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('.save-status')).toHaveText('Saved');
  await clickWord(page, 'Moscow');
  const key = `postil/v1/ann/${DOC_ID}`;
  // The key press, then leaving the page before any frame is painted: the label is on screen,
  // its save is due (the toolbar says so), and leaving writes it. Frames are held back by
  // keeping requestAnimationFrame's callbacks; the wait is in tasks, because Yew's scheduler
  // yields to the browser (a zero timeout) when a render takes longer than 16 ms.
  await holdFrames(page);
  const during = await page.evaluate(async (key) => {
    const before = localStorage.getItem(key);
    const status = () => document.querySelector('.save-status')?.textContent;
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'g', bubbles: true, cancelable: true }));
    for (let i = 0; i < 100 && status() !== 'Saving…'; i++) await new Promise((r) => setTimeout(r, 0));
    const shown = [...document.querySelectorAll('article .tag')].map((t) => t.getAttribute('aria-label'));
    const unchanged = localStorage.getItem(key) === before;
    return { shown, status: status(), unchanged, framesAsked: (window as any).__held.length > 0 };
  }, key);
  // Leaving from outside the page: a reload started inside `evaluate` could destroy the context
  // before the result came back. Frames stay held, and nothing else saves, until the page goes.
  await page.reload();
  expect(during).toEqual({ shown: ['GPE: Moscow'], status: 'Saving…', unchanged: true, framesAsked: true });
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
  expect(await page.evaluate((key) => localStorage.getItem(key), key)).toContain('GPE');
});

test('relabel and delete by clicking a labeled span', async ({ page }) => {
  await openApp(page);
  await labelTwo(page);
  await clickWord(page, 'Lavrov');
  await expect(page.locator('article .tag.selected')).toHaveAttribute('aria-label', 'PERSON: Sergey Lavrov');
  await page.keyboard.press('o');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'ORG: Sergey Lavrov']);
  await page.keyboard.press('Escape');
  await expect(page.locator('article .tag.selected')).toHaveCount(0);

  // The palette relabels too.
  await clickWord(page, 'Sergey');
  await page.getByRole('button', { name: /^PERSON/ }).click();
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);

  await clickWord(page, 'Pakistan', 1);
  await page.keyboard.press('Delete');
  await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Sergey Lavrov']);
  await clickWord(page, 'Sergey');
  await page.keyboard.press('Backspace');
  await expect(page.locator('article mark.seg')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  await expect(page.locator('article mark.seg')).toHaveCount(0);
  await expect(page.locator('.side-panel')).toContainText('Annotations (0)');
});

test('clicking an annotation in the panel selects it and scrolls to it', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'Michael Kugelman');
  await page.keyboard.press('p');
  // Scrolled away (again, if a scroll of the app's to the new label was still under way and
  // took the first wheel's place, as on a loaded machine).
  await expect(async () => {
    await page.mouse.wheel(0, -5000);
    await expect(page.locator('#ann-1')).not.toBeInViewport({ timeout: 1_000 });
  }).toPass();
  await panelItems(page).first().click();
  await expect(page.locator('#ann-1')).toBeInViewport();
  await expect(page.locator('#ann-1')).toHaveClass(/selected/);
});

test('export downloads the native file with exact offsets, and a fresh profile imports it', async ({ page, browser }, info) => {
  await openApp(page);
  await labelTwo(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('russia-and-pakistan-strengthening-ties-against-terrorism.postil.json');
  // Keep the name the browser offered, as a person's Downloads folder would.
  const path = info.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const bytes = await readFile(path);
  const file = JSON.parse(bytes.toString('utf8'));
  expect(file.format).toBe('postil');
  // Version 6: each annotation says when it was made.
  expect(file.version).toBe(6);
  expect(file.allow_overlaps).toBe(true);
  expect(file.document_label_sets.map((s: { name: string }) => s.name)).toEqual(['topic', 'stance']);
  expect(file.offset_unit).toBe('codepoint');
  expect(file.labels.map((l: { name: string }) => l.name)).toEqual(['PERSON', 'ORG', 'GPE', 'LOC', 'DATE', 'EVENT', 'MISC']);
  expect(file.labels[0]).toEqual({ name: 'PERSON', color: '#ffd3a8', key: 'p' });
  expect(file.documents).toHaveLength(1);
  const doc = file.documents[0];
  expect(doc.id).toBe(DOC_ID);
  expect(doc.title).toBe(TITLE);
  const made = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(doc.annotations).toEqual([
    { id: 2, start: 257, end: 265, label: 'GPE', text: 'Pakistan', created: made },
    { id: 1, start: 457, end: 470, label: 'PERSON', text: 'Sergey Lavrov', created: made },
  ]);
  for (const a of doc.annotations) expect(pySlice(doc.text, a.start, a.end)).toBe(a.text);
  expect(doc.status).toBe('in progress');
  expect(doc.sha256).toBe(createHash('sha256').update(doc.text, 'utf8').digest('hex'));
  expect(bytes.toString('utf8').endsWith('}\n')).toBe(true);

  // A colleague's fresh browser profile.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other);
  await expect(other.locator('article mark.seg')).toHaveCount(0);
  await other.locator('input[data-testid="import-input"]').setInputFiles(path);
  await expect(other.locator('.notice.info')).toContainText('Imported “russia-and-pakistan-strengthening-ties-against-terrorism.postil.json”: 1 document, 2 annotations.');
  await expect(other.locator('.notice.info')).toContainText('2 annotations (GPE 1, PERSON 1); annotations added.');
  await expect.poll(() => labeledSpans(other)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);
  await other.reload();
  await expect.poll(() => labeledSpans(other)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);
  await fresh.close();
});

test('a broken or wrong file is refused with a message and changes nothing', async ({ page }, info) => {
  await openApp(page);
  await labelTwo(page);
  const before = await storageSnapshot(page);
  const input = page.locator('input[data-testid="import-input"]');

  const valid = {
    format: 'postil', version: 1, offset_unit: 'codepoint',
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }],
    documents: [{ id: DOC_ID, title: 'T', text: 'Sergey Lavrov spoke.', annotations: [{ id: 1, start: 0, end: 13, label: 'PERSON', text: 'Sergey Lavrov' }] }],
  };
  const cases: [string, string, string][] = [
    ['truncated.postil.json', JSON.stringify(valid).slice(0, 120), 'is not valid JSON'],
    ['future.postil.json', JSON.stringify({ ...valid, version: 7 }), 'version 7, and this Postil reads versions 1 to 6'],
    ['other.json', JSON.stringify([{ words: ['x'], tags: [] }]), 'not a Postil file'],
    ['shifted.postil.json', JSON.stringify({ ...valid, documents: [{ ...valid.documents[0], annotations: [{ id: 1, start: 1, end: 14, label: 'PERSON', text: 'Sergey Lavrov' }] }] }),
      `document “${DOC_ID}”, annotation 1: its text “Sergey Lavrov” does not match the document, which has “ergey Lavrov ” at 1–14`],
    ['range.postil.json', JSON.stringify({ ...valid, documents: [{ ...valid.documents[0], annotations: [{ id: 7, start: 0, end: 99, label: 'PERSON', text: 'x' }] }] }),
      `document “${DOC_ID}”, annotation 7: 0–99 is outside the text, which has 20 characters`],
  ];
  for (const [name, contents, message] of cases) {
    const path = info.outputPath(name);
    await import('node:fs/promises').then((fs) => fs.writeFile(path, contents));
    await input.setInputFiles(path);
    const error = page.locator('.notice.error');
    await expect(error).toContainText(`Nothing was imported from “${name}”`);
    await expect(error).toContainText(message);
    await expect(error).toContainText('Your work is unchanged.');
    await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);
    expect(await storageSnapshot(page)).toBe(before);
    await page.getByRole('button', { name: 'Dismiss' }).click();
  }
  await page.reload();
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);
});

test('a dropped file is imported; other annotations for the same article ask first', async ({ page }) => {
  await openApp(page);
  await labelTwo(page);
  const theirs = {
    format: 'postil', version: 1, offset_unit: 'codepoint',
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }, { name: 'NORP', color: '#eeeeee', key: 'n' }],
    documents: [{
      id: DOC_ID, title: TITLE,
      text: await storedText(page, DOC_ID),
      annotations: [{ id: 1, start: 457, end: 470, label: 'NORP', text: 'Sergey Lavrov' }],
    }],
  };
  const drop = (contents: string) => page.evaluate((contents) => {
    const dt = new DataTransfer();
    dt.items.add(new File([contents], 'colleague.postil.json', { type: 'application/json' }));
    document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, contents);

  await drop(JSON.stringify(theirs));
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('“' + TITLE + '”: 2 annotations here, 1 in the file');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);

  await drop(JSON.stringify(theirs));
  await page.getByRole('dialog').getByRole('button', { name: 'Keep both (import as copies)' }).click();
  await expect(page.locator('.notice.info')).toContainText('added as a copy');
  await expect(page.locator('.notice.info')).toContainText('New labels: NORP.');
  // The copy is open; the original is kept and reachable from the switcher.
  await expect.poll(() => labeledSpans(page)).toEqual(['NORP: Sergey Lavrov']);
  const switcher = page.getByRole('combobox', { name: 'Document', exact: true });
  await expect(switcher.locator('option')).toHaveText([TITLE, `${TITLE} (imported)`]);
  await switcher.selectOption({ index: 0 });
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);

  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Document', exact: true }).locator('option')).toHaveCount(2);
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Sergey Lavrov']);
  await expect(page.getByRole('button', { name: /^NORP/ })).toBeVisible();

  await drop(JSON.stringify(theirs));
  await page.getByRole('dialog').getByRole('button', { name: 'Replace mine with the file’s' }).click();
  await expect.poll(() => labeledSpans(page)).toEqual(['NORP: Sergey Lavrov']);
  await expect(page.getByRole('combobox', { name: 'Document', exact: true }).locator('option')).toHaveCount(2);
});

test('markup in an imported article, title and labels is shown as text, never run', async ({ page }, info) => {
  await openApp(page);
  const text = 'Header <img src=x onerror="window.__pwned=1">\n\n<b>Bold?</b> said <script>window.__pwned=2</script> Lavrov.\n';
  const file = {
    format: 'postil', version: 1, offset_unit: 'codepoint',
    labels: [{ name: '<i>PER</i>', color: '#ffd3a8', key: 'x' }],
    documents: [{
      id: 'markup', title: '<em>Title</em>', text,
      annotations: [{ id: 1, start: 99, end: 105, label: '<i>PER</i>', text: 'Lavrov' }],
    }],
  };
  expect(pySlice(text, 99, 105)).toBe('Lavrov');
  const path = info.outputPath('markup.postil.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(path, JSON.stringify(file)));
  await page.locator('input[data-testid="import-input"]').setInputFiles(path);
  // The text does not start with the title, so the title is shown above it, as text too.
  await expect(page.locator('h1.doc-title')).toHaveText('<em>Title</em>');
  await expect(page.locator('article .block').nth(1)).toHaveText('Header <img src=x onerror="window.__pwned=1">');
  await expect(page.locator('article em, article p.doc-para em')).toHaveCount(0);
  await expect(page.locator('article p.doc-para')).toHaveText('<b>Bold?</b> said <script>window.__pwned=2</script> Lavrov.');
  await expect(page.locator('article img, article b, article script, .annotation-list i')).toHaveCount(0);
  await expect.poll(() => labeledSpans(page)).toEqual(['<i>PER</i>: Lavrov']);
  await expect(page.locator('.annotation-list .chip')).toHaveText('<i>PER</i>');
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
});

test('keys do nothing without a selection, and Escape cancels the import dialog', async ({ page }) => {
  await openApp(page);
  // A label to leave alone: it is selected right after labeling, with the other “Moscow”s offered.
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
  await expect(page.locator('article .tag.selected')).toHaveCount(1);
  await expect(page.locator('.offer')).toBeVisible();
  // Escape dismisses the offer, and again clears the selection.
  await page.keyboard.press('Escape');
  await expect(page.locator('.offer')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.locator('article .tag.selected')).toHaveCount(0);
  await page.keyboard.press('p');
  await page.keyboard.press('Delete');
  // Keys are handled in order: once the sheet `?` opens is up, `p` and Delete have done
  // whatever they were going to do.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
  await expect(page.locator('article mark.seg')).toHaveCount(1);

  const text = await storedText(page, 'russia-pakistan-joint-drills');
  const file = {
    format: 'postil', version: 1, offset_unit: 'codepoint',
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }],
    documents: [{ id: 'russia-pakistan-joint-drills', title: TITLE, text, annotations: [{ id: 1, start: 457, end: 463, label: 'PERSON', text: 'Sergey' }] }],
  };
  await page.evaluate((contents) => {
    const dt = new DataTransfer();
    dt.items.add(new File([contents], 'colleague.postil.json'));
    document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify(file));
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Replace mine with the file’s' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.notice.info')).toContainText('cancelled. Your work is unchanged.');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow']);
});
