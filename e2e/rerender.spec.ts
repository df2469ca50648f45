// An edit touches the DOM of the one paragraph it changes, and no other: the paragraphs are
// keyed and their props compare by what is in each, so a long article is not redrawn on
// every key press. (A paragraph rendered again to the same output changes no DOM, so this
// cannot see such renders; tests/paragraph_render.rs counts them.)
import { test, expect, type Page } from '@playwright/test';
import { clickWord, labeledSpans, openApp } from './helpers';

/** Starts recording every change under the article: nodes added or removed, attributes,
 *  text. Each change is put down to the block (title, heading or paragraph) it happened in,
 *  by the block's place in the article when recording started; -1 when it happened outside
 *  every block (a block itself added, removed or moved). */
async function recordMutations(page: Page) {
  await page.evaluate(() => {
    const w = window as any;
    w.__observer?.disconnect();
    const article = document.querySelector('article.article')!;
    // By identity: a block removed later still counts as the block it was.
    const blocks = new Map<Node, number>();
    article.querySelectorAll(':scope > .block').forEach((b, i) => blocks.set(b, i));
    const blockOf = (node: Node | null) => {
      for (let n = node; n && n !== article; n = n.parentNode) {
        const i = blocks.get(n);
        if (i !== undefined) return i;
      }
      return -1;
    };
    w.__blockCount = blocks.size;
    w.__changes = [] as { type: string; block: number }[];
    const put = (records: MutationRecord[]) => {
      for (const r of records) w.__changes.push({ type: r.type, block: blockOf(r.target) });
    };
    w.__observer = new MutationObserver(put);
    w.__observer.observe(article, { subtree: true, childList: true, attributes: true, characterData: true });
    w.__take = () => {
      put(w.__observer.takeRecords());
      return { blocks: w.__blockCount as number, changes: w.__changes as { type: string; block: number }[] };
    };
  });
}

/** What was recorded since `recordMutations`. */
async function mutations(page: Page) {
  return page.evaluate(() => (window as any).__take() as { blocks: number; changes: { type: string; block: number }[] });
}

/** The place among the article's blocks of the block holding the selected words. */
async function blockOfSelection(page: Page) {
  return page.evaluate(() => {
    const article = document.querySelector('article.article')!;
    const block = article.querySelector('.sel')!.closest('.block')!;
    return [...article.querySelectorAll(':scope > .block')].indexOf(block);
  });
}

test('labeling a word, and undoing it, changes the DOM of its paragraph only', async ({ page }) => {
  await openApp(page);
  // “According to Michael Kugelman, …”, a paragraph in the middle of the article.
  await clickWord(page, 'Kugelman');
  await expect(page.locator('article .sel')).toHaveText('Kugelman');
  const paragraph = await blockOfSelection(page);

  await recordMutations(page);
  await page.keyboard.press('p');
  await expect.poll(() => labeledSpans(page)).toEqual(['PERSON: Kugelman']);
  const label = await mutations(page);
  expect(label.blocks, 'an article of several paragraphs').toBeGreaterThan(10);
  expect(paragraph).toBeGreaterThan(0);
  expect(paragraph).toBeLessThan(label.blocks - 1);
  // Something changed (the label is drawn), and all of it in that paragraph.
  expect(label.changes.length).toBeGreaterThan(0);
  expect([...new Set(label.changes.map((c) => c.block))]).toEqual([paragraph]);

  await recordMutations(page);
  await page.keyboard.press('Control+z');
  await expect.poll(() => labeledSpans(page)).toEqual([]);
  const undo = await mutations(page);
  expect(undo.changes.length).toBeGreaterThan(0);
  expect([...new Set(undo.changes.map((c) => c.block))]).toEqual([paragraph]);
});
