// Helpers that act on the article the way a person does: by pointing at words on screen.
import { expect, type Page, type Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export const TITLE = 'Russia and Pakistan Strengthening Ties Against Terrorism Discussion to hold joint drills';
/** The sample article's document id. */
export const SAMPLE_ID = 'russia-pakistan-joint-drills';

/** The code-point span of the first `word` in `text` (Python `str` indices). */
export function span(text: string, word: string): [number, number] {
  const at = text.indexOf(word);
  expect(at, `“${word}” is in the text`).toBeGreaterThanOrEqual(0);
  const start = Array.from(text.slice(0, at)).length;
  return [start, start + Array.from(word).length];
}

/** A Postil file of the sample (its `text`) by `annotator`, with `labels` as [word, label]. */
export function postilFile(text: string, annotator: string, labels: [string, string][]) {
  return JSON.stringify({
    format: 'postil', version: 3, offset_unit: 'codepoint', annotator,
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }, { name: 'GPE', color: '#c7e8ff', key: 'g' }],
    documents: [{
      id: SAMPLE_ID, title: TITLE, text,
      annotations: labels.map(([word, label], i) => {
        const [start, end] = span(text, word);
        return { id: i + 1, start, end, label, text: pySlice(text, start, end) };
      }),
    }],
  });
}

/** Screen box of the n-th occurrence (0-based) of `text` in the article. */
export async function textBox(page: Page, text: string, occurrence = 0) {
  const box = await page.evaluate(
    ([text, occurrence]) => {
      const article = document.querySelector('article.article');
      if (!article) return null;
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      // Join the article's text nodes, remembering where each starts.
      const nodes: { node: Text; start: number }[] = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n as Text, start: all.length });
        all += (n as Text).data;
      }
      let at = -1;
      for (let i = 0; i <= (occurrence as number); i++) at = all.indexOf(text as string, at + 1);
      if (at < 0) return null;
      const locate = (offset: number, isEnd: boolean) => {
        for (let i = nodes.length - 1; i >= 0; i--) {
          const { node, start } = nodes[i];
          if (start < offset || (!isEnd && start === offset) || (isEnd && start < offset)) {
            return { node, offset: offset - start };
          }
        }
        return { node: nodes[0].node, offset };
      };
      const s = locate(at, false);
      const e = locate(at + (text as string).length, true);
      const range = document.createRange();
      range.setStart(s.node, s.offset);
      range.setEnd(e.node, e.offset);
      let rects = range.getClientRects();
      if (rects.length === 0) {
        // A paragraph far off screen may not be laid out (content-visibility): bring it in.
        s.node.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
        rects = range.getClientRects();
      }
      if (rects.length === 0) return null;
      const first = rects[0];
      const last = rects[rects.length - 1];
      return { x1: first.left, y1: first.top + first.height / 2, x2: last.right, y2: last.top + last.height / 2 };
    },
    [text, occurrence] as const,
  );
  expect(box, `“${text}” is on the page`).not.toBeNull();
  return box!;
}

/** Drags across `text` (from inside its first letter to inside its last). */
export async function dragAcross(page: Page, text: string, occurrence = 0) {
  await scrollToText(page, text, occurrence);
  const b = await textBox(page, text, occurrence);
  await page.mouse.move(b.x1 + 2, b.y1);
  await page.mouse.down();
  await page.mouse.move((b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2, { steps: 4 });
  await page.mouse.move(b.x2 - 2, b.y2, { steps: 4 });
  await page.mouse.up();
}

/** Clicks in the middle of a word. */
export async function clickWord(page: Page, text: string, occurrence = 0) {
  await scrollToText(page, text, occurrence);
  const b = await textBox(page, text, occurrence);
  await page.mouse.click((b.x1 + b.x2) / 2, b.y1);
}

/** Waits while the page still scrolls (a smooth scroll the app started, say, to show what was
 *  picked in the side panel): at one place for 80 ms, or at most a second. (Timers, not
 *  frames: a test may hold the page's frames, see holdFrames.) */
export async function scrollSettled(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = window.scrollY;
        let still = 0;
        const started = performance.now();
        const look = () => {
          const y = window.scrollY;
          still = y === last ? still + 1 : 0;
          last = y;
          if (still >= 5 || performance.now() - started > 1000) resolve();
          else setTimeout(look, 16);
        };
        setTimeout(look, 16);
      }),
  );
}

/** Brings the words to the middle of the screen (instantly), as a reader scrolls to them. */
async function scrollToText(page: Page, text: string, occurrence: number) {
  await scrollSettled(page);
  const b = await textBox(page, text, occurrence);
  // A page reached over CDP (durability.spec.ts) has no viewport Playwright set: ask the page.
  const height = page.viewportSize()?.height ?? (await page.evaluate(() => window.innerHeight));
  if (b.y1 < 140 || b.y1 > height - 40) {
    await page.evaluate((dy) => window.scrollBy({ top: dy, behavior: 'instant' as ScrollBehavior }), b.y1 - height / 2);
    // Let the browser lay out and paint what scrolled in (paragraphs off screen are skipped
    // by content-visibility) before pointing at it, as a person's eyes would.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
}

/** The labeled spans in the article, as "LABEL: text", in the order their label tags appear
 *  (where each span ends). Read from the tags' accessible names, as a screen reader would. */
export async function labeledSpans(page: Page): Promise<string[]> {
  return page.locator('article .tag').evaluateAll((tags) =>
    tags.map((t) => (t.getAttribute('aria-label') ?? '').replace(/\. Note: [\s\S]*$/, '')),
  );
}

/** The side panel's list, as "LABEL text". */
export function panelItems(page: Page): Locator {
  return page.locator('.annotation-list .annotation-item');
}

/** Opens the app fresh and waits for the article. */
export async function openApp(page: Page) {
  await page.goto('/');
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
  // The article is in the DOM; let it be laid out and painted before pointing at words.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Code-point slice, as Python's text[start:end]. */
export function pySlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** A document's stored text, read from IndexedDB (where Postil keeps texts) as the app wrote it. */
export async function storedText(page: Page, id: string): Promise<string> {
  const raw = await page.evaluate(
    (key) =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('postil');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('texts').objectStore('texts').get(key);
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    `postil/v1/doc/${id}`,
  );
  expect(raw, `the text of “${id}” is stored`).not.toBeNull();
  return JSON.parse(raw!).text;
}

/** How many article texts IndexedDB holds (the sample's included, once it is written). */
export async function storedTextCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('postil');
        open.onerror = () => resolve(-1);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('texts')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('texts').objectStore('texts').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => resolve(-1);
        };
      }),
  );
}

/** Waits until `n` texts are stored: imports write them asynchronously, and a reload before
 *  then would be held up by the page's "still saving" question. */
export async function textsStored(page: Page, n: number) {
  await expect.poll(() => storedTextCount(page), { timeout: 60_000 }).toBe(n);
}

/** Holds frames back: `requestAnimationFrame`'s callbacks are kept, not run, until
 *  [`releaseFrames`], so nothing the app does "once the frame is painted" happens meanwhile. */
export async function holdFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as any;
    w.__frame = window.requestAnimationFrame;
    w.__held = [];
    window.requestAnimationFrame = (cb) => w.__held.push(cb);
  });
}

/** How many frames were asked for while held. */
export async function framesAsked(page: Page): Promise<number> {
  return page.evaluate(() => (window as any).__held.length);
}

/** Lets frames come again, the held callbacks first. */
export async function releaseFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as any;
    window.requestAnimationFrame = w.__frame;
    for (const cb of w.__held) w.__frame(cb);
  });
}

/** The files of a zip (stored or deflated), by name, as text: read from its local headers. */
export function unzip(bytes: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const size = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extra = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    const data = bytes.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at = start + size;
  }
  return files;
}

/** Exports the open document in the format whose choice says `format`, saves the download at
 * `path`, and gives back the files of the zip, by name. */
export async function exportThisDocument(page: Page, format: string, path: string): Promise<Map<string, string>> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const exporting = page.getByRole('dialog', { name: 'Export' });
  await exporting.getByRole('radio', { name: /^ ?This document/ }).check();
  await exporting.locator('.format-choice', { hasText: format }).getByRole('radio').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exporting.getByRole('button', { name: /^Download/ }).click(),
  ]);
  await download.saveAs(path);
  return unzip(readFileSync(path));
}
