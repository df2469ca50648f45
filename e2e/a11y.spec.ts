// Accessibility: axe-core (npm, the version in package-lock.json) audits every view and dialog
// of the app, in the light and the dark colour scheme. A violation of serious or critical
// impact fails the test; moderate and minor ones are printed, to be looked at.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { clickWord, dragAcross, openApp, postilFile, storedText, TITLE } from './helpers';

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const DOC_ID = 'russia-pakistan-joint-drills';

// The app's Content-Security-Policy allows inline scripts only by hash, so axe, injected as an
// inline script tag, would be refused: these contexts alone bypass the policy (the app itself
// never needs it; e2e/injection.spec.ts checks the policy is in force).
test.use({ bypassCSP: true });

type Found = { id: string; impact: string | null; help: string; nodes: string[] };

/** Runs axe over the whole page; fails (softly, so every view is reported) on serious and
 *  critical violations, and prints the rest. */
async function audit(page: Page, scheme: string, what: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  // Let the last change be painted before looking at colours.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const found: Found[] = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 6).map((n: any) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`),
    }));
  });
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of found.filter((v) => !bad.includes(v))) {
    console.log(`a11y [${scheme}] ${what}: ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
  }
  expect.soft(bad, `${what} (${scheme}): serious or critical violations`).toEqual([]);
}

const upload = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test(`main view, panels and every dialog have no serious violations (${scheme})`, async ({ page }) => {
      test.setTimeout(120_000);
      await openApp(page);
      await audit(page, scheme, 'main view, nothing selected');

      await dragAcross(page, 'Sergey Lavrov');
      await audit(page, scheme, 'words selected (palette active)');
      await page.keyboard.press('p');
      await clickWord(page, 'Qureshi');
      await page.keyboard.press('p');
      await clickWord(page, 'Islamabad');
      await page.keyboard.press('g');
      await audit(page, scheme, 'an annotation selected, the offer shown');
      await page.keyboard.press('Escape');

      // A relation, through the link dialog; then a note.
      await page.locator('article .tag').first().click();
      await page.keyboard.press('>');
      await expect(page.getByRole('dialog')).toBeVisible();
      await audit(page, scheme, 'link dialog');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('dialog')).toBeVisible();
      await audit(page, scheme, 'note editor');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      await page.keyboard.press('Control+f');
      await page.locator('.search-field').fill('Pakistan');
      await expect(page.locator('article .hit').first()).toBeVisible();
      await audit(page, scheme, 'search bar with hits');
      await page.keyboard.press('Escape');

      await page.getByRole('tab', { name: 'Documents' }).click();
      await audit(page, scheme, 'Documents tab');
      await page.getByRole('button', { name: 'Statistics…' }).click();
      await expect(page.getByRole('dialog', { name: 'Statistics' })).toBeVisible();
      await audit(page, scheme, 'statistics view');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await page.getByRole('button', { name: 'Team sync…' }).click();
      await expect(page.getByRole('dialog', { name: 'Team sync' })).toBeVisible();
      await audit(page, scheme, 'Team sync dialog');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await page.getByRole('tab', { name: 'Labels' }).click();
      await audit(page, scheme, 'Labels tab (label editor)');
      await page.getByRole('tab', { name: 'Annotations' }).click();

      for (const [button, name] of [['Import…', 'Import'], ['Export…', 'Export'], ['Paste…', null]] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        const dialog = name ? page.getByRole('dialog', { name }) : page.getByRole('dialog');
        await expect(dialog).toBeVisible();
        await audit(page, scheme, `${button} dialog`);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);
      }
      await page.locator('article').focus();
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await audit(page, scheme, 'shortcut sheet');
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
      await audit(page, scheme, 'help page');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    });

    test(`the first-run tour has no serious violations (${scheme})`, async ({ browser }) => {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, colorScheme: scheme, bypassCSP: true });
      const page = await context.newPage();
      await openApp(page);
      const tour = page.getByRole('region', { name: 'The article: select words' });
      await expect(tour).toBeVisible();
      await audit(page, scheme, 'tour, step 1');
      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expect(page.getByRole('region', { name: 'Your files, in this browser' })).toBeVisible();
      await audit(page, scheme, 'tour, step 4');
      await context.close();
    });

    test(`layers, suggestions, agreement and review have no serious violations (${scheme})`, async ({ page }) => {
      test.setTimeout(90_000);
      await openApp(page);
      // Named, so the colleagues' files are read as theirs without asking.
      await page.getByRole('tab', { name: 'Documents' }).click();
      await page.getByLabel('Your name, in exports').fill('Rev');
      await page.getByLabel('Your name, in exports').press('Tab');
      await page.getByRole('tab', { name: 'Annotations' }).click();
      const text = await storedText(page, DOC_ID);
      const ana = postilFile(text, 'Ana', [['Moscow', 'GPE'], ['Islamabad', 'GPE'], ['Sergey Lavrov', 'PERSON']]);
      const ben = postilFile(text, 'Ben', [['Islamabad', 'GPE'], ['Sergey Lavrov', 'GPE'], ['Qureshi', 'PERSON']]);
      await page.locator('input[data-testid="import-input"]').setInputFiles([upload('ana.postil.json', ana), upload('ben.postil.json', ben)]);
      await expect(page.locator('.layer')).toHaveCount(2);
      await page.getByRole('checkbox', { name: 'Show “Ana” in the article' }).check();
      await audit(page, scheme, 'layers panel, a layer shown');

      await page.getByRole('button', { name: 'Agreement…' }).click();
      await expect(page.getByRole('dialog', { name: 'Agreement between annotators' })).toBeVisible();
      await audit(page, scheme, 'agreement view');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Review disagreements…' }).click();
      await expect(page.getByRole('dialog', { name: `Review “${TITLE}”` })).toBeVisible();
      await audit(page, scheme, 'review of disagreements');
      await page.keyboard.press('Escape');

      const model = postilFile(text, 'model', [['Pakistan', 'GPE'], ['Qureshi', 'PERSON']]);
      await page.getByRole('button', { name: 'Import…' }).click();
      await page.getByRole('dialog', { name: 'Import' }).getByRole('button', { name: 'Import as suggestions…' }).click();
      await page.locator('input[data-testid="suggestions-input"]').setInputFiles(upload('model.postil.json', model));
      await expect(page.locator('.notice')).toContainText('as suggestions');
      await audit(page, scheme, 'a notice, suggestions shown dashed');
      await page.locator('.layer', { hasText: 'model' }).getByRole('button', { name: 'Review…' }).click();
      await expect(page.getByRole('dialog', { name: 'Suggestions from “model”' })).toBeVisible();
      await audit(page, scheme, 'review of suggestions');
      await page.keyboard.press('Escape');

      // The import report (a file with a problem) and the delete question.
      await page.locator('input[data-testid="import-input"]').setInputFiles([
        { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('A second article\n\nWith a paragraph about Lahore.\n') },
        { name: 'broken.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"text": 1}\n') },
      ]);
      await expect(page.getByRole('dialog', { name: 'Import finished' })).toBeVisible();
      await audit(page, scheme, 'import report');
      await page.keyboard.press('Escape');
      await page.getByRole('tab', { name: 'Documents' }).click();
      await page.locator('button.doc-delete').first().click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await audit(page, scheme, 'delete question');
      await page.keyboard.press('Escape');
    });
  });
}
