// Relations as a person makes them: link two annotations from the keyboard, see the link in
// the side panel and as an arc over the text, find it after a reload, export it to brat,
// delete an end and undo.
import { test, expect } from '@playwright/test';
import { clickWord, exportThisDocument, labeledSpans, openApp, pySlice } from './helpers';

test('link two annotations by keyboard, reload, export as brat, delete an end and undo', async ({ page }, info) => {
  await openApp(page);
  await clickWord(page, 'Lavrov');
  await page.keyboard.press('p');
  await page.keyboard.press('Escape');
  await clickWord(page, 'Pakistan', 1);
  await page.keyboard.press('g');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Pakistan', 'PERSON: Lavrov']);
  await page.keyboard.press('Escape');
  await clickWord(page, 'Lavrov');
  const relations = page.locator('.relations-section');
  await expect(relations.locator('h2')).toHaveText('Relations (0)');
  await page.keyboard.press('>');
  const dialog = page.getByRole('dialog', { name: /^Link PERSON “Lavrov” to…/ });
  await expect(dialog).toBeVisible();
  // The nearest annotation is chosen; the keyboard is on the list.
  const list = dialog.getByLabel('Annotation to link to');
  await expect(list).toBeFocused();
  await expect(list.locator('option:checked')).toHaveText(/^“Pakistan” \(GPE\), \d+ characters? (before|after)$/);
  // Without a type, the dialog says what is missing and stays.
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText('Give the relation a type, such as “met”.');
  await dialog.getByLabel('Relation type').fill('visited');
  await dialog.getByLabel('Relation type').press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(relations.locator('h2')).toHaveText('Relations (1)');
  await expect(relations.locator('.relation-pick')).toHaveText(['“Lavrov” —visited→ “Pakistan”']);
  // Drawn over the text as an arc from Lavrov's tag to Pakistan's, marked while Lavrov is
  // selected.
  const arcs = page.locator('article .relation-arcs .arc');
  await expect(arcs).toHaveCount(1);
  await expect(arcs.locator('text')).toHaveText('visited');
  await expect(arcs).toHaveClass('arc involved');
  const ends = await page.evaluate(() => {
    const tag = (id: string) => document.querySelector(id)!.getBoundingClientRect();
    const path = document.querySelector('article .relation-arcs .arc path')!.getAttribute('d')!;
    const article = document.querySelector('article')!.getBoundingClientRect();
    const [x1, y1] = path.slice(1).split(' ')[0].split(',').map(Number);
    const lavrov = [...document.querySelectorAll('article .tag')].find((t) => t.getAttribute('aria-label')!.startsWith('PERSON'))!;
    const r = lavrov.getBoundingClientRect();
    return { dx: Math.abs(article.left + x1 - (r.left + r.width / 2)), dy: Math.abs(article.top + y1 - r.top), tag: tag('article .tag').width > 0 };
  });
  expect(ends.dx).toBeLessThan(1);
  expect(ends.dy).toBeLessThan(1);
  await page.keyboard.press('Escape');
  await expect(arcs).toHaveClass('arc');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  await page.reload();
  await expect(relations.locator('.relation-pick')).toHaveText(['“Lavrov” —visited→ “Pakistan”']);
  // A note on the relation, from its ✎.
  await relations.getByRole('button', { name: 'Note on the relation “Lavrov” visited “Pakistan”' }).click();
  const note = page.getByRole('dialog', { name: 'Note on the relation “Lavrov” —visited→ “Pakistan”' });
  await note.getByLabel('Note').fill('a state visit');
  await note.getByLabel('Note').press('Enter');
  await expect(note).toHaveCount(0);
  await expect(relations.locator('.relation-pick .note')).toHaveText('a state visit');

  // brat: the relation is an R line between the two T lines, and its type is declared.
  const path = info.outputPath('talks.zip');
  const files = await exportThisDocument(page, 'brat standoff', path);
  const ann = [...files].find(([name]) => name.endsWith('.ann'))![1];
  expect(ann).toMatch(/^T1\tGPE \d+ \d+\tPakistan\nT2\tPERSON \d+ \d+\tLavrov\nR1\tvisited Arg1:T2 Arg2:T1\n#1\tAnnotatorNotes R1\ta state visit\n$/);
  const txt = [...files].find(([name]) => name.endsWith('.txt'))![1];
  for (const line of ann.split('\n').filter((l) => l.startsWith('T'))) {
    const [, middle, words] = line.split('\t');
    const [, start, end] = middle.split(' ').map(Number);
    expect(pySlice(txt, start, end)).toBe(words);
  }
  expect(files.get('annotation.conf')).toContain('\n[relations]\nvisited\tArg1:<ENTITY>, Arg2:<ENTITY>\n');

  // Deleting Pakistan takes the relation with it, and says so; undo brings both back.
  await page.locator('.relation-pick').click();
  await clickWord(page, 'Pakistan', 1);
  await page.keyboard.press('Delete');
  await expect(page.locator('.notice')).toContainText('Deleted, with its 1 relation (undo brings it back).');
  await expect(relations.locator('h2')).toHaveText('Relations (0)');
  await expect(arcs).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(relations.locator('.relation-pick')).toHaveText(['“Lavrov” —visited→ “Pakistan”a state visit']);
  await expect(arcs).toHaveCount(1);
  // × takes the relation away; undo brings it back.
  await relations.getByRole('button', { name: 'Remove the relation “Lavrov” visited “Pakistan”' }).click();
  await expect(relations.locator('h2')).toHaveText('Relations (0)');
  await page.keyboard.press('Control+z');
  await expect(relations.locator('h2')).toHaveText('Relations (1)');
});

test('a link made in one tab shows in the other, and taking it away there shows back here', async ({ context }) => {
  const a = await context.newPage();
  await openApp(a);
  const b = await context.newPage();
  await openApp(b);
  await clickWord(a, 'Lavrov');
  await a.keyboard.press('p');
  await a.keyboard.press('Escape');
  await clickWord(a, 'Pakistan', 1);
  await a.keyboard.press('g');
  await a.keyboard.press('Escape');
  await clickWord(a, 'Lavrov');
  await expect(a.locator('.palette .hint')).toHaveText('A label’s key relabels it, > links it, Enter writes a note. Esc clears.');
  await a.keyboard.press('>');
  await a.getByLabel('Relation type').fill('visited');
  await a.getByLabel('Relation type').press('Enter');
  await expect(a.getByTestId('save-status')).toHaveText('Saved');
  // The other tab takes in the stored value (version 2, with the relation) and draws it.
  const there = b.locator('.relations-section .relation-pick');
  await expect(there).toHaveText(['“Lavrov” —visited→ “Pakistan”']);
  await expect(b.locator('article .relation-arcs .arc')).toHaveCount(1);
  await b.locator('.relations-section').getByRole('button', { name: /^Remove the relation/ }).click();
  await expect(b.getByTestId('save-status')).toHaveText('Saved');
  await expect(a.locator('.relations-section h2')).toHaveText('Relations (0)');
  await expect(a.locator('article .relation-arcs .arc')).toHaveCount(0);
});

test('drag from one label tag to another to link them', async ({ page }) => {
  await openApp(page);
  await clickWord(page, 'Lavrov');
  await page.keyboard.press('p');
  await page.keyboard.press('Escape');
  await clickWord(page, 'Moscow');
  await page.keyboard.press('g');
  await page.keyboard.press('Escape');
  await clickWord(page, 'Pakistan', 1);
  await page.keyboard.press('g');
  await page.keyboard.press('Escape');
  await expect.poll(() => labeledSpans(page)).toEqual(['GPE: Moscow', 'GPE: Pakistan', 'PERSON: Lavrov']);
  const tag = (label: string) => page.locator(`article .tag[aria-label^="${label}"]`);
  // Moscow is not the nearest to Lavrov: the drag chooses it anyway.
  const from = (await tag('PERSON: Lavrov').boundingBox())!;
  const to = (await tag('GPE: Moscow').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  const dialog = page.getByRole('dialog', { name: /^Link PERSON “Lavrov” to…/ });
  await expect(dialog).toBeVisible();
  const list = dialog.getByLabel('Annotation to link to');
  await expect(list.locator('option:checked')).toHaveText(/^“Moscow” \(GPE\)/);
  // The choice is marked in the article, and the mark follows the arrow keys.
  const marked = page.locator('article .tag[data-link-target]');
  await expect(marked).toHaveAttribute('aria-label', /^GPE: Moscow/);
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await expect(marked).toHaveAttribute('aria-label', /^GPE: Pakistan/);
  await page.keyboard.press('ArrowUp');
  await expect(marked).toHaveAttribute('aria-label', /^GPE: Moscow/);
  await dialog.getByLabel('Relation type').fill('spoke for');
  await dialog.getByLabel('Relation type').press('Enter');
  await expect(page.locator('.relations-section .relation-pick')).toHaveText(['“Lavrov” —spoke for→ “Moscow”']);
  // No words were selected by the drag.
  await expect(page.locator('article .sel')).toHaveCount(0);
});
