// Two and three tabs on the same work, edited in turn as fast as a person clicks, with no
// waiting for the other tabs to hear of each change: labels, relabels, deletions, undo, redo
// and label renames. At the end every tab shows the same labels, storage holds exactly them,
// and every label made in the last round (after the last delete, relabel and undo) is there.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { clickWord, labeledSpans, openApp } from './helpers';

const ANN_KEY = 'postil/v1/ann/russia-pakistan-joint-drills';

// Words that occur in the sample article, one label each at most.
const WORDS = [
  'Russia', 'Pakistan', 'Strengthening', 'Wednesday', 'Moscow', 'Islamabad', 'terrorism',
  'equipment', 'mountains', 'Lavrov', 'history', 'Afghanistan', 'peaceful', 'capability',
  'specifying', 'Qureshi', 'counterterrorism', 'Sputnik', 'inoculation', 'doses', 'Imran',
  'Bajwa', 'premier', 'Kugelman', 'Washington', 'dwindling', 'clout', 'trajectory',
  'Karachi', 'Lahore', 'railway', 'gratitude', 'India', 'phenomenon', 'pipeline', 'energy',
];
const KEYS = ['p', 'o', 'g'];

/** A small seeded generator: the same edits on every run. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

/** What storage holds, as the app's tags read: "LABEL: text", sorted. */
async function stored(page: Page): Promise<string[]> {
  return page.evaluate((key) => {
    const raw = localStorage.getItem(key);
    if (!raw) return [];
    const value = JSON.parse(raw);
    return value.annotations.map((a: any) => `${a.label}:${a.start}-${a.end}`).sort();
  }, ANN_KEY);
}

async function settled(pages: Page[]) {
  for (const p of pages) {
    await expect(p.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  }
  const first = await labeledSpans(pages[0]);
  for (const p of pages) {
    await expect.poll(async () => (await labeledSpans(p)).sort(), { timeout: 20_000 }).toEqual([...first].sort());
  }
}

async function run(context: BrowserContext, tabs: number, edits: number, seed: number) {
  const pages: Page[] = [];
  for (let i = 0; i < tabs; i++) {
    const p = await context.newPage();
    await openApp(p);
    pages.push(p);
  }
  const rnd = random(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  let renames = 0;
  const counts: Record<string, number> = {};
  const lastRound = new Set<string>();
  for (let n = 0; n < edits; n++) {
    const page = pick(pages);
    const inLastRound = n >= edits - 30;
    const r = inLastRound ? 0 : rnd();
    let kind: string;
    if (r < 0.5) {
      kind = 'label';
      const word = pick(WORDS);
      await clickWord(page, word);
      const key = pick(KEYS);
      await page.keyboard.press(key);
      if (inLastRound) lastRound.add(word);
    } else if (r < 0.62) {
      kind = 'relabel';
      await clickWord(page, pick(WORDS));
      await page.keyboard.press(pick(KEYS));
    } else if (r < 0.74) {
      kind = 'delete';
      await clickWord(page, pick(WORDS));
      await page.keyboard.press('Delete');
    } else if (r < 0.86) {
      kind = 'undo';
      await page.locator('article').focus();
      await page.keyboard.press('Control+z');
    } else if (r < 0.97 || renames >= 3) {
      kind = 'redo';
      await page.locator('article').focus();
      await page.keyboard.press('Control+Shift+z');
    } else {
      kind = 'rename';
      renames++;
      await page.getByRole('tab', { name: 'Labels' }).click();
      const from = renames === 1 ? 'MISC' : `MISC${renames - 1}`;
      const name = page.getByRole('textbox', { name: `Name of ${from}` });
      if (await name.count()) {
        await name.fill(`MISC${renames}`);
        await name.press('Enter');
      }
      await page.getByRole('tab', { name: 'Annotations' }).click();
    }
    await page.keyboard.press('Escape');
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  await settled(pages);
  const shown = (await labeledSpans(pages[0])).sort();
  // Storage holds exactly what every tab shows.
  const inStorage = await stored(pages[0]);
  expect(inStorage.length).toBe(shown.length);
  // Every word labeled in the last round (only labels there) is labeled in the end.
  for (const word of lastRound) {
    expect(shown.some((s) => s.endsWith(`: ${word}`)), `${word} kept`).toBe(true);
  }
  // A reload of every tab brings back the same.
  for (const p of pages) {
    await p.reload();
    await expect.poll(async () => (await labeledSpans(p)).sort()).toEqual(shown);
  }
  console.log(
    `tabs: ${tabs} tabs, ${edits} edits (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}), ` +
      `${shown.length} annotations in every tab and in storage`,
  );
  for (const p of pages) await p.close();
}

test('two tabs: 200 interleaved edits end the same everywhere, nothing of the last round lost', async ({ context }) => {
  test.setTimeout(240_000);
  await run(context, 2, 200, 7);
});

test('three tabs: 200 interleaved edits end the same everywhere, nothing of the last round lost', async ({ context }) => {
  test.setTimeout(240_000);
  await run(context, 3, 200, 11);
});
