// Benchmarks that print figures (never pass/fail): how fast the sample article appears, how
// fast a 100,000-word article imports and renders, how long a label takes on it (and until it is
// durable), and what importing a corpus of 1,000 articles costs in time and storage.
// Run with `make bench` (after a release build in dist/).
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { tmpdir } from 'node:os';

const DIST = new URL('../dist/', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
// The floor for the sample: its first screen as plain HTML (the title, the paragraphs, the
// app's styles), made once the app has drawn it (below).
let floorHtml = '';
const server = createServer(async (req, res) => {
  if (req.url === '/__floor.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(floorHtml);
    return;
  }
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

// 1. Sample article: navigation start to the frame after the title is in the page, fresh
// profile each run. Timed in the page (performance.now() counts from the start of
// navigation): asking from outside once the title is there adds Playwright's round trips.
// The same for a static page holding the sample's first screen as HTML with Postil's styles,
// the floor any page pays here.
// Also the first contentful paint: on a first visit that is the page's own copy of the first
// screen (index.html, core::first_screen), readable before the app has started.
async function firstScreen(pageUrl, paints = []) {
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.__title = new Promise((resolve) => {
        const seen = () => document.querySelector('h1.doc-title');
        const observer = new MutationObserver(() => {
          if (seen()) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now()));
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      });
    });
    const page = await context.newPage();
    await page.goto(pageUrl);
    runs.push(await page.evaluate(() => window.__title));
    paints.push(await page.evaluate(() => new Promise((resolve) => {
      new PerformanceObserver((list) => {
        const fcp = list.getEntries().find((e) => e.name === 'first-contentful-paint');
        if (fcp) resolve(fcp.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(NaN), 5_000);
    })));
    await context.close();
  }
  return runs;
}
{
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator('h1.doc-title').waitFor();
  // The drawn page without its scripts: the same elements and styles, nothing to run.
  floorHtml = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true);
    for (const s of copy.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]')) s.remove();
    const csp = copy.querySelector('meta[http-equiv=Content-Security-Policy]');
    if (csp) csp.remove();
    return '<!doctype html>' + copy.outerHTML;
  });
  await page.close();
}
const samplePaints = [];
const floorPaints = [];
const sample = await firstScreen(url, samplePaints);
const floor = await firstScreen(`${url}__floor.html`, floorPaints);
console.log(`sample article readable (first contentful paint: the page's own copy of its first screen, before the app starts): median ${fmt(median(samplePaints))} (runs: ${samplePaints.map((x) => x.toFixed(0)).join(', ')}); a static page of it: median ${fmt(median(floorPaints))}`);
console.log(`sample article drawn by the app after navigation: median ${fmt(median(sample))} (runs: ${sample.map((x) => x.toFixed(0)).join(', ')}); a static page of it: median ${fmt(median(floor))}`);

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
const savedRuns = [];
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

  // Label the first word of five paragraphs near the top: click, then the key. Timed in the
  // page, from the key's keydown event to the frame after the new mark is in the DOM, and to
  // the toolbar's return to "Saved" once the edit is committed to the IndexedDB journal.
  for (let n = 0; n < 5; n++) {
    await page.keyboard.press('Escape');
    // The n-th "Islamabad" of the first paragraph, on screen.
    const box = await page.evaluate((n) => {
      const para = document.querySelector('p.doc-para');
      const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        for (let at = t.data.indexOf('Islamabad'); at >= 0; at = t.data.indexOf('Islamabad', at + 1)) {
          if (seen++ === n) {
            const range = document.createRange();
            range.setStart(t, at);
            range.setEnd(t, at + 'Islamabad'.length);
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          }
        }
      }
      return null;
    }, n);
    await page.mouse.click(box.x, box.y);
    await page.locator('article .sel').waitFor();
    await page.evaluate(() => {
      const article = document.querySelector('article');
      const before = article.querySelectorAll('.tag').length;
      const status = document.querySelector('[data-testid="save-status"]');
      window.__probe = new Promise((resolve) => {
        let t0 = NaN;
        let painted = NaN;
        let saved = status ? NaN : null;
        let left = false;
        const done = () => {
          if (!Number.isNaN(painted) && !Number.isNaN(saved)) resolve({ painted: painted - t0, saved: saved === null ? NaN : saved - t0 });
        };
        window.addEventListener('keydown', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
        const marks = new MutationObserver(() => {
          if (article.querySelectorAll('.tag').length > before) {
            marks.disconnect();
            requestAnimationFrame(() => { painted = performance.now(); done(); });
          }
        });
        marks.observe(article, { childList: true, subtree: true });
        if (status) {
          const saves = new MutationObserver(() => {
            if (status.textContent.trim() !== 'Saved') left = true;
            else if (left) {
              saves.disconnect();
              saved = performance.now();
              done();
            }
          });
          saves.observe(status, { childList: true, subtree: true, characterData: true });
        }
        setTimeout(() => resolve({ painted: NaN, saved: NaN }), 10_000);
      });
    });
    await page.keyboard.press('p');
    const probe = await page.evaluate(() => window.__probe);
    if (Number.isNaN(probe.painted)) console.log(`(run ${i + 1}, word ${n + 1}: no mark within 10 s)`);
    else labelRuns.push(probe.painted);
    if (!Number.isNaN(probe.saved)) savedRuns.push(probe.saved);
  }

  // Find a word with thousands of hits, then label them all as one step.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+f');
  // Timed in the page: from the search box's input event to the frame after the count of hits
  // is on screen (the hits are drawn in the same render).
  await page.evaluate(() => {
    window.__probe = new Promise((resolve) => {
      let t0 = NaN;
      document.addEventListener('input', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      const seen = new MutationObserver(() => {
        const count = document.querySelector('#search-status');
        if (count && /\d+\+? hits/.test(count.textContent)) {
          seen.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }
      });
      seen.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => resolve(NaN), 10_000);
    });
  });
  await page.getByRole('searchbox', { name: 'Find' }).fill('Karachi');
  searchRuns.push(await page.evaluate(() => window.__probe));
  const hitText = await page.getByText(/\d+\+? hits/).textContent();
  await page.getByRole('combobox', { name: 'Label for all hits' }).selectOption('PERSON');
  await page.getByRole('button', { name: 'Label all…' }).click();
  await page.getByRole('dialog').waitFor();
  // From the confirming click to the frame after the dialog is gone and the labels are drawn.
  await page.evaluate(() => {
    const article = document.querySelector('article');
    const before = article.querySelectorAll('.tag').length;
    window.__probe = new Promise((resolve) => {
      let t0 = NaN;
      document.addEventListener('click', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      const seen = new MutationObserver(() => {
        if (!document.querySelector('[role="dialog"]') && article.querySelectorAll('.tag').length > before) {
          seen.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }
      });
      seen.observe(document.body, { childList: true, subtree: true });
      setTimeout(() => resolve(NaN), 10_000);
    });
  });
  await page.getByRole('dialog').getByRole('button', { name: /^Label \d+ as PERSON$/ }).click();
  labelAllRuns.push(await page.evaluate(() => window.__probe));
  labelAllHits = hitText;
  await context.close();
}
console.log(`100,000-word article (${text.length} chars, ${paragraphs.length} blocks): import to first paint median ${fmt(median(importRuns))} (runs: ${importRuns.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`label one word in it (keydown to the frame after the mark, incl. saving; 5 words a run): median ${fmt(median(labelRuns))} (runs: ${labelRuns.map((x) => x.toFixed(0)).join(', ')})`);
if (savedRuns.length) {
  console.log(`the same labels until the toolbar says "Saved" (committed to the IndexedDB journal): median ${fmt(median(savedRuns))} (runs: ${savedRuns.map((x) => x.toFixed(0)).join(', ')})`);
}

console.log(`search "Karachi" in it (${labelAllHits}; input event to the frame after the hits): median ${fmt(median(searchRuns))} (runs: ${searchRuns.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`label all those hits as one step (confirming click to the frame after the labels): median ${fmt(median(labelAllRuns))} (runs: ${labelAllRuns.map((x) => x.toFixed(0)).join(', ')})`);

// 2b. The same article with 5,000 and with 10,000 annotations (every 20th and every 10th word,
// PERSON): importing the file (read and checked in the worker, then drawn) and exporting it
// as Postil JSON (written, then offered as a download), three runs each.
for (const every of [20, 10]) {
  const annotations = [];
  const wordAt = /\S+/g;
  let m;
  let n = 0;
  for (; (m = wordAt.exec(text)); n++) {
    if (n % every === 0) {
      // The text is ASCII, so UTF-16 and code-point offsets agree.
      annotations.push({ id: annotations.length + 1, start: m.index, end: m.index + m[0].length, label: 'PERSON', text: m[0] });
    }
  }
  const labeled = { ...file, documents: [{ ...file.documents[0], annotations }] };
  const labeledPath = join(dir, `long-${annotations.length}.postil.json`);
  await writeFile(labeledPath, JSON.stringify(labeled));
  const imports = [];
  const settledImports = [];
  const exports = [];
  for (let i = 0; i < 6; i++) {
    // Half the runs import the moment the sample shows, while the browser is still compiling the
    // app's wasm to optimised code in the background; the other half half a second later, as a
    // person who opens the import dialog and picks a file always is. Both are printed.
    const settled = i % 2 === 1;
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('h1.doc-title').waitFor();
    if (settled) await page.waitForTimeout(500);
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('input[data-testid="import-input"]').setInputFiles(labeledPath);
    await page.locator('h1.doc-title', { hasText: 'A hundred thousand words' }).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('article .tag').length === n, annotations.length, { polling: 'raf' });
    const t1 = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    (settled ? settledImports : imports).push(t1 - t0);
    const dialog = page.getByRole('dialog', { name: 'Import finished' });
    if (await dialog.count()) await dialog.getByRole('button', { name: 'Close' }).click();
    // Timed in the page, from the button's click event to the click on the download link the
    // app makes (Playwright's own click on a role scans the whole 100,000-word page first).
    await page.evaluate(() => {
      window.__probe = new Promise((resolve) => {
        let t0 = NaN;
        document.addEventListener('click', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          if (this.download) resolve(performance.now() - t0);
          return click.call(this);
        };
        setTimeout(() => resolve(NaN), 10_000);
      });
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button', { hasText: /^Export JSON$/ }).click()]);
    exports.push(await page.evaluate(() => window.__probe));
    const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
    if (saved.documents[0].annotations.length !== annotations.length) console.log(`(export held ${saved.documents[0].annotations.length} annotations, not ${annotations.length})`);
    await context.close();
  }
  console.log(`the 100,000-word article with ${annotations.length.toLocaleString('en')} annotations: import to every label painted median ${fmt(median(imports))} (runs: ${imports.map((x) => x.toFixed(0)).join(', ')}), ` +
    `half a second after the page shows ${fmt(median(settledImports))} (runs: ${settledImports.map((x) => x.toFixed(0)).join(', ')}); ` +
    `Export JSON click to the download offered median ${fmt(median(exports))} (runs: ${exports.map((x) => x.toFixed(0)).join(', ')})`);
}

// 3. A corpus of 1,000 articles of 1,500 words, as one doccano JSONL file and as 1,000 .txt
// files. Words come from a pseudo-random 5,000-word vocabulary (seeded, so every run is the
// same) so that storage compression sees text closer to real prose than a repeated phrase.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const syllables = ['ka', 'ra', 'chi', 'la', 'hor', 'is', 'lam', 'a', 'bad', 'mos', 'cow', 'min', 'is', 'ter', 'dril', 'se', 'cu', 'ri', 'ty', 'pa', 'ki', 'stan', 'ru', 'sia', 'gas', 'pipe', 'line', 'vac', 'cine', 'talk'];
const vocabulary = Array.from({ length: 5000 }, () => {
  let w = '';
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) w += syllables[Math.floor(rand() * syllables.length)];
  return w;
});
const article = (i) => {
  const paras = [`Article ${i + 1} on the talks`];
  let para = [];
  for (let w = 0; w < 1500; w++) {
    let word = vocabulary[Math.floor(rand() * vocabulary.length)];
    if (para.length === 0) word = word[0].toUpperCase() + word.slice(1);
    para.push(word);
    if (para.length >= 60 && rand() < 0.1) {
      paras.push(para.join(' ') + '.');
      para = [];
    }
  }
  if (para.length) paras.push(para.join(' ') + '.');
  return paras.join('\n\n');
};
const corpus = Array.from({ length: 1000 }, (_, i) => article(i));
const jsonlPath = join(dir, 'corpus.jsonl');
await writeFile(jsonlPath, corpus.map((text, i) => JSON.stringify({ id: i + 1, text, label: [[0, 7, 'MISC']] })).join('\n') + '\n');
const txtFiles = corpus.map((text, i) => ({ name: `article-${i + 1}.txt`, mimeType: 'text/plain', buffer: Buffer.from(text) }));
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
for (const [what, files] of [['one JSONL file', jsonlPath], ['1,000 .txt files', txtFiles]]) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('h1.doc-title').waitFor();
  const t0 = Date.now();
  await page.locator('input[data-testid="import-input"]').setInputFiles(files);
  await page.getByText('1000 articles imported').waitFor({ timeout: 300_000 });
  const importMs = Date.now() - t0;
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  // Label one word with 1,001 documents open: key press to painted mark, saving included.
  await page.locator('article.article').focus();
  await page.keyboard.press('ArrowRight');
  await page.locator('article .sel').waitFor();
  const l0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('p');
  await page.locator('article .tag').waitFor();
  const l1 = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  await page.waitForTimeout(1000);
  const used = await page.evaluate(async () => {
    const e = await navigator.storage.estimate();
    let local = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      local += (k.length + (localStorage.getItem(k) ?? '').length) * 2;
    }
    return { usage: e.usage ?? 0, local };
  });
  const r0 = Date.now();
  await page.reload();
  await page.locator('h1.doc-title').waitFor();
  const reloadMs = Date.now() - r0;
  // Long tasks (over 50 ms, the browser's own measure) while scrolling the article and the
  // document list, typing a search, and moving through ten documents by key.
  let tasks = '';
  if (what === 'one JSONL file') {
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    const during = async (name, act) => {
      await page.evaluate(() => { window.__long.length = 0; });
      await act();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const long = await page.evaluate(() => window.__long.slice());
      tasks += `; ${name}: ${long.length} long task${long.length === 1 ? '' : 's'}${long.length ? ` (longest ${Math.max(...long).toFixed(0)} ms)` : ''}`;
    };
    const box = await page.locator('article.article').boundingBox();
    await during('scrolling the article', async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + 200);
      for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 600);
    });
    await page.getByRole('tab', { name: 'Documents' }).click();
    const list = await page.locator('.document-list, .doc-list').first().boundingBox().catch(() => null);
    if (list) {
      await during('scrolling the 1,001-document list', async () => {
        await page.mouse.move(list.x + list.width / 2, list.y + Math.min(list.height / 2, 300));
        for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 800);
      });
    }
    await page.locator('article.article').focus();
    await during('typing a search', async () => {
      await page.keyboard.press('Control+f');
      await page.getByRole('searchbox', { name: 'Find' }).pressSequentially('karachi');
      await page.keyboard.press('Escape');
    });
    await page.locator('article.article').focus();
    await during('ten documents by key', async () => {
      for (let i = 0; i < 10; i++) {
        const title = await page.locator('h1.doc-title').textContent();
        await page.keyboard.press(']');
        await page.waitForFunction((t) => document.querySelector('h1.doc-title')?.textContent !== t, title);
      }
    });
  }
  console.log(`1,000 articles of 1,500 words (${mb(corpus.join('').length)} of text) as ${what}: imported in ${importMs} ms; ` +
    `then labeling one word takes ${fmt(l1 - l0)}; storage used ${mb(used.usage)} (IndexedDB and the rest, as the browser counts it), ` +
    `localStorage ${mb(used.local)}; reload to the article on screen ${reloadMs} ms${tasks}`);
  await context.close();
}

await browser.close();
server.close();
