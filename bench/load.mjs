// Benchmarks that print figures (never pass/fail): how fast the sample article appears, how
// fast a 100,000-word article imports and renders, and how long a label takes on it.
// Run with `make bench` (after a release build in dist/).
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { tmpdir } from 'node:os';

const DIST = new URL('../dist/', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const path = join(DIST, req.url === '/' ? 'index.html' : req.url.split('?')[0]);
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;

// 1. Sample article: navigation start to the title on screen, fresh profile each run.
const sample = [];
for (let i = 0; i < 7; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('h1.doc-title').waitFor();
  // The title is in the DOM; one more frame and it has been painted. performance.now() counts
  // from the start of navigation.
  sample.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))));
  await context.close();
}
console.log(`sample article visible after navigation: median ${fmt(median(sample))} (runs: ${sample.map((x) => x.toFixed(0)).join(', ')})`);

// 2. A 100,000-word article (paragraphs of 120 words, a heading every 10 paragraphs).
const words = ['Lavrov', 'met', 'Qureshi', 'in', 'Islamabad', 'to', 'discuss', 'joint', 'drills', 'and', 'the', 'pipeline', 'from', 'Karachi', 'to', 'Lahore,', 'said', 'officials.'];
const paragraphs = ['A hundred thousand words'];
let count = 0;
for (let p = 0; count < 100_000; p++) {
  if (p % 10 === 9) paragraphs.push(`Heading number ${p}`);
  const para = [];
  for (let w = 0; w < 120; w++) para.push(words[(p * 7 + w) % words.length]);
  count += para.length;
  paragraphs.push(para.join(' '));
}
const text = paragraphs.join('\n\n') + '\n';
const file = {
  format: 'postil', version: 1, offset_unit: 'codepoint',
  labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }],
  documents: [{ id: 'long', title: 'A hundred thousand words', text, annotations: [] }],
};
const dir = await mkdtemp(join(tmpdir(), 'postil-bench-'));
const path = join(dir, 'long.postil.json');
await writeFile(path, JSON.stringify(file));

const importRuns = [];
const labelRuns = [];
const searchRuns = [];
const labelAllRuns = [];
let labelAllHits = '';
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('h1.doc-title').waitFor();
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('input[data-testid="import-input"]').setInputFiles(path);
  await page.locator('h1.doc-title', { hasText: 'A hundred thousand words' }).waitFor();
  const t1 = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  importRuns.push(t1 - t0);

  // Label one word near the top: click, then the key, until the mark is painted.
  const box = await page.locator('p.doc-para').first().boundingBox();
  await page.mouse.click(box.x + 10, box.y + 10);
  await page.locator('article .sel').waitFor();
  const l0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('p');
  await page.locator('article .tag').waitFor();
  const l1 = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  labelRuns.push(l1 - l0);

  // Find a word with thousands of hits, then label them all as one step.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+f');
  const s0 = await page.evaluate(() => performance.now());
  await page.getByRole('searchbox', { name: 'Find' }).fill('Karachi');
  await page.getByText(/\d+\+? hits/).waitFor();
  const s1 = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  searchRuns.push(s1 - s0);
  const hitText = await page.getByText(/\d+\+? hits/).textContent();
  await page.getByRole('combobox', { name: 'Label for all hits' }).selectOption('PERSON');
  await page.getByRole('button', { name: 'Label all…' }).click();
  await page.getByRole('dialog').waitFor();
  const a0 = await page.evaluate(() => performance.now());
  await page.getByRole('dialog').getByRole('button', { name: /^Label \d+ as PERSON$/ }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  const a1 = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  labelAllRuns.push(a1 - a0);
  labelAllHits = hitText;
  await context.close();
}
console.log(`100,000-word article (${text.length} chars, ${paragraphs.length} blocks): import to first paint median ${fmt(median(importRuns))} (runs: ${importRuns.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`label one word in it (key press to painted mark, incl. saving): median ${fmt(median(labelRuns))} (runs: ${labelRuns.map((x) => x.toFixed(0)).join(', ')})`);

console.log(`search "Karachi" in it (${labelAllHits}; typing to highlighted): median ${fmt(median(searchRuns))} (runs: ${searchRuns.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`label all those hits as one step (confirm to painted, incl. saving): median ${fmt(median(labelAllRuns))} (runs: ${labelAllRuns.map((x) => x.toFixed(0)).join(', ')})`);

await browser.close();
server.close();
