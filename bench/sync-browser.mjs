// Team sync in the browser (figures printed, never pass/fail), against the test CouchDB
// (scripts/couch-test-server.mjs: pouchdb-server in memory, a process of its own) and the
// release build in dist/, in headless Chromium:
//   1. the first sync of 1,000 documents (bench/corpus.mjs, with Ana's annotations as her
//      layer, put there by `postil push`) into a fresh profile: from "Sign in and sync" to the
//      toolbar saying Synced with every document in the Documents list; and the longest task
//      the page ran meanwhile (the page stays usable: no task should be long);
//   2. one label reaching another person: Ana labels a word in a document Ben has open; timed
//      from her key press to the frame in Ben's page that shows her layer with it (his page
//      waits on the server's long poll). Both pages in one browser, each its own profile.
// The binary for the push: $POSTIL_CLI, else the release build (as bench/sync.mjs).
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { makeCorpus, postilFile } from './corpus.mjs';
import { cli, ROOT, startCouch } from './couch.mjs';

const DIST = join(ROOT, 'dist');
const DOCS = 1000;
const LABELS_TIMED = 7;

const BIN = cli();

// The app, served as a static host would.
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const app = createServer((req, res) => {
  const path = join(DIST, req.url === '/' ? 'index.html' : decodeURIComponent(req.url.split('?')[0]));
  try {
    const body = readFileSync(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => app.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${app.address().port}`;

const { url, process: couch } = await startCouch([origin]);
const DB = `${url}/postil-test`;

const work = mkdtempSync(join(tmpdir(), 'postil-bench-sync-browser-'));
const { documents } = makeCorpus(DOCS);
const corpusPath = join(work, 'corpus.postil.json');
writeFileSync(corpusPath, postilFile(documents, 'ana'));
const pushed = spawnSync(BIN, ['push', corpusPath, DB, '--user', 'ana'], {
  env: { ...process.env, POSTIL_PASSWORD: 'ana-test-pw' },
  encoding: 'utf8',
});
if (pushed.status !== 0) throw new Error(`postil push: ${pushed.stderr}`);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A fresh profile with the app open (the tour dismissed), watching long tasks. */
async function profile() {
  const context = await browser.newContext({ baseURL: origin });
  await context.addInitScript(() => {
    localStorage.setItem('postil/v1/prefs', JSON.stringify({ format: 'postil-prefs', version: 1, text_size: 100, tour_seen: true }));
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('h1.doc-title').waitFor();
  return { context, page };
}

async function signIn(page, name) {
  // From the toolbar once sync is set up, else from the Documents tab.
  if (await page.getByTestId('sync-status').count()) {
    await page.getByTestId('sync-status').click();
  } else {
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByRole('button', { name: 'Team sync…' }).click();
  }
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  await dialog.getByLabel('Database address').fill(DB);
  await dialog.getByLabel('Your CouchDB name').fill(name);
  await dialog.getByLabel('Password').fill(`${name}-test-pw`);
  await page.evaluate(() => (window.__longest = 0));
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Sign in and sync' }).click();
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid=sync-status]')?.textContent === 'Synced' &&
      document.querySelectorAll('select[aria-label=Document] option').length === n,
    DOCS + 1,
    { timeout: 300_000, polling: 50 },
  );
  return { ms: Date.now() - started, longest: await page.evaluate(() => window.__longest) };
}

const ben = await profile();
const first = await signIn(ben.page, 'ben');
console.log(`first sync of ${DOCS} documents into a fresh profile: ${first.ms} ms (longest task ${first.longest.toFixed(0)} ms)`);
const ana = await profile();
const second = await signIn(ana.page, 'ana');
console.log(`first sync into the author's profile: ${second.ms} ms (longest task ${second.longest.toFixed(0)} ms)`);

// Both open the first document; Ben shows Ana's layer.
const title = documents[0].title;
for (const { page } of [ana, ben]) {
  await page.getByLabel('Document', { exact: true }).selectOption({ label: title });
  await page.locator('h1.doc-title', { hasText: title }).waitFor();
  // Layers are listed in the Annotations tab (sign-in left the Documents tab open).
  await page.getByRole('tab', { name: 'Annotations' }).click();
}
const words = documents[0].text.match(/\b(government|minister|officials|security|market|energy|report|talks|country|region|police)\b/g) ?? [];
const chosen = [...new Set(words)].slice(0, LABELS_TIMED);
const reach = [];
for (const word of chosen) {
  const count = () =>
    ben.page.evaluate(() => {
      const hint = [...document.querySelectorAll('.layers .layer')].find((l) => l.querySelector('.layer-name')?.textContent === 'ana');
      return Number(hint?.querySelector('.hint')?.textContent.match(/^(\d+)/)?.[1] ?? 0);
    });
  const before = await count();
  // Ben's page notes the frame in which Ana's layer shows one more.
  await ben.page.evaluate((before) => {
    window.__seen = new Promise((resolve) => {
      const look = () => {
        const hint = [...document.querySelectorAll('.layers .layer')].find((l) => l.querySelector('.layer-name')?.textContent === 'ana');
        const n = Number(hint?.querySelector('.hint')?.textContent.match(/^(\d+)/)?.[1] ?? 0);
        if (n > before) resolve(performance.timeOrigin + performance.now());
        else requestAnimationFrame(look);
      };
      look();
    });
  }, before);
  // Ana selects the word (by the DOM, as a double-click would) and presses the label's key.
  const box = await ana.page.evaluate((word) => {
    // In the paragraphs, not the title or the first line (a heading selects nothing).
    const paragraphs = [...document.querySelectorAll('article p.doc-para')].slice(1);
    const root = paragraphs[0]?.parentElement ?? document.querySelector('article');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (paragraphs.some((p) => p.contains(n)) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent.search(new RegExp(`\\b${word}\\b`));
      if (at >= 0) {
        const r = document.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + word.length);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
    }
    return null;
  }, word);
  if (!box) continue;
  await ana.page.mouse.click(box.x, box.y);
  const pressed = await ana.page.evaluate(() => performance.timeOrigin + performance.now());
  await ana.page.keyboard.press('o');
  // At most a minute: a label that never arrives is printed as such.
  const seen = await ben.page.evaluate(() => Promise.race([window.__seen, new Promise((r) => setTimeout(() => r(null), 60_000))]));
  if (seen === null) {
    console.log(`one label ("${word}") did not reach the other profile within a minute`);
    continue;
  }
  reach.push(seen - pressed);
}

console.log(
  `sync in the browser: ${DOCS.toLocaleString('en')} documents (${(readFileSync(corpusPath).length / 1e6).toFixed(2)} MB as a Postil file), Ana's layer on each; release build; pouchdb-server in memory on 127.0.0.1`,
);
console.log('| figure | time | longest task meanwhile |');
console.log('|---|---|---|');
console.log(`| first sync of ${DOCS.toLocaleString('en')} documents, fresh profile (Ben) | ${first.ms} ms | ${first.longest.toFixed(0)} ms |`);
console.log(`| first sync, the author's own profile (Ana: her layers come back as her annotations) | ${second.ms} ms | ${second.longest.toFixed(0)} ms |`);
console.log(
  `| one label, Ana's key press to Ben's frame showing it (median of ${reach.length}) | ${median(reach).toFixed(0)} ms (${reach.map((r) => r.toFixed(0)).join(', ')}) | |`,
);

await browser.close();
app.close();
couch.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });
