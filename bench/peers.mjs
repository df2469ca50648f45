// Postil beside two references, in one run, on one clock (figures printed, never pass/fail):
// - the floor: a static page with the same text and the same highlights as plain <mark>s;
// - a peer: @recogito/text-annotator (its UMD build, from npm), given the same text and spans.
// The article is generated from a seed: 100,000 words in paragraphs of 120 (a heading line
// every 10), with astral characters and combining marks, and 5,000 one-word annotations.
// Timed for each page: navigation start to the frame after every highlight exists (a new tab
// of the same profile; double requestAnimationFrame), and labeling a word: keydown to the
// frame after the new highlight (double rAF) and the keydown's Event Timing duration
// (durationThreshold 16: a key press the browser handled in under 16 ms reports nothing, and
// is counted as 16). Also: DOM elements, JS heap after a GC (+ wasm memory), first-load size.
// Run with `make bench` (after a release build in dist/). `PEERS_SERVE=1 PEERS_PORT=8131 node
// bench/peers.mjs` only serves the three pages (/, /__bench/static.html, /__bench/peer.html),
// to look at them in a browser.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url).pathname;
const PEER = new URL('../node_modules/@recogito/text-annotator/dist/', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const RUNS = 3;
const LABELS = 10;
const ANNOTATIONS = 5000;

// --- The article, from a seed -----------------------------------------------------------------
let seed = 20261206;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
// NFC already (Postil normalises to NFC, so every page must get the same code points):
// astral letters and an emoji (two UTF-16 units each) and q + U+0307, which has no
// precomposed form and stays two code points.
const VOCAB = ['Lavrov', 'met', 'Qureshi', 'in', 'Islamabad', 'to', 'discuss', 'joint', 'drills', 'and', 'the',
  'pipeline', 'from', 'Karachi', 'to', 'Lahore,', 'said', 'officials.', 'naïve', 'café', '𝔸lgebra', 'q\u0307', '🙂', 'Zoë'];
const paragraphs = ['A hundred thousand words, beside a peer'];
let words = 0;
for (let p = 0; words < 100_000; p++) {
  if (p % 10 === 9) {
    paragraphs.push(`Heading number ${p}`);
    continue;
  }
  const ws = [];
  for (let w = 0; w < 120; w++) ws.push(VOCAB[Math.floor(rnd() * VOCAB.length)]);
  // Words the label test clicks, never annotated: ten in the first two paragraphs.
  if (p < 2) for (let k = 0; k < LABELS / 2; k++) ws[10 + k * 20] = `Target${p * (LABELS / 2) + k}`;
  words += ws.length;
  paragraphs.push(ws.join(' '));
}
const text = paragraphs.join('\n\n') + '\n';
const cps = [...text]; // code points: Postil's offsets
// Every word with its code-point and UTF-16 offsets, per paragraph.
const tokens = [];
{
  let cp = 0;
  let u16 = 0;
  paragraphs.forEach((para, pi) => {
    for (const m of para.matchAll(/\S+/g)) {
      const before = para.slice(0, m.index);
      tokens.push({
        pi,
        word: m[0],
        cp: cp + [...before].length,
        cpEnd: cp + [...before].length + [...m[0]].length,
        u16: u16 + before.length,
        u16End: u16 + before.length + m[0].length,
        inPara: [...before].length,
      });
    }
    cp += [...para].length + 2;
    u16 += para.length + 2;
  });
}
const candidates = tokens.filter((t) => !t.word.startsWith('Target') && t.pi > 0);
const chosen = [];
{
  const step = candidates.length / ANNOTATIONS;
  for (let i = 0; i < ANNOTATIONS; i++) chosen.push(candidates[Math.floor(i * step + rnd() * (step - 1))]);
}
const LABEL_NAMES = ['PERSON', 'ORG', 'GPE'];
const spans = chosen.map((t, i) => ({ ...t, label: LABEL_NAMES[i % 3] }));
for (const s of spans) if (cps.slice(s.cp, s.cpEnd).join('') !== s.word) throw new Error(`bad offsets for ${s.word}`);

// --- The three pages ----------------------------------------------------------------------
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function staticHtml() {
  const byPara = new Map();
  for (const s of spans) (byPara.get(s.pi) ?? byPara.set(s.pi, []).get(s.pi)).push(s);
  const body = paragraphs
    .map((para, pi) => {
      const marks = byPara.get(pi) ?? [];
      const chars = [...para];
      let out = '';
      let at = 0;
      for (const m of marks) {
        out += esc(chars.slice(at, m.inPara).join('')) + `<mark class="${m.label}">${esc(m.word)}</mark>`;
        at = m.inPara + [...m.word].length;
      }
      return `<p>${out}${esc(chars.slice(at).join(''))}</p>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>floor</title><style>
body{font:18px/1.6 serif;max-width:40em;margin:2em auto}mark.PERSON{background:#ffd3a8}mark.ORG{background:#cfe0ff}mark.GPE{background:#c9f0c9}
</style></head><body><article id="doc">${body}</article><script src="/__bench/static.js"></script></body></html>`;
}
const STATIC_JS = `addEventListener('keydown', (e) => {
  if (e.key !== 'p') return;
  const sel = getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return;
  const m = document.createElement('mark');
  m.className = 'PERSON';
  sel.getRangeAt(0).surroundContents(m);
  sel.removeAllRanges();
});`;
function peerHtml() {
  // The container's text is what the peer's offsets count: paragraphs apart by two newlines,
  // as in Postil's text.
  const body = paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>peer</title>
<link rel="stylesheet" href="/__bench/peer/text-annotator.css"><style>body{font:18px/1.6 serif;max-width:40em;margin:2em auto}</style>
<script>window.process = { env: { NODE_ENV: 'production' } };</script>
<script src="/__bench/peer/text-annotator.umd.js"></script></head>
<body><article id="doc">${body}</article><script src="/__bench/peer.js"></script></body></html>`;
}
const PEER_JS = `(async () => {
  const container = document.getElementById('doc');
  const anno = RecogitoJS.createTextAnnotator(container, { annotatingEnabled: false });
  const spans = await (await fetch('/__bench/spans.json')).json();
  const colors = { PERSON: '#ffd3a8', ORG: '#cfe0ff', GPE: '#c9f0c9' };
  anno.setStyle((a) => ({ fill: colors[a.bodies[0]?.value] ?? '#ffd3a8', fillOpacity: 0.6 }));
  const make = (id, quote, start, end, label) => ({
    id, bodies: [{ id: id + '-b', annotation: id, purpose: 'tagging', value: label }],
    target: { annotation: id, selector: [{ quote, start, end }] },
  });
  anno.setAnnotations(spans.map((s, i) => make('a' + i, s.word, s.u16, s.u16End, s.label)));
  window.__count = () => anno.getAnnotations().length;
  window.__loaded = true;
  let n = 0;
  addEventListener('keydown', (e) => {
    if (e.key !== 'p') return;
    const sel = getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return;
    const r = sel.getRangeAt(0);
    const pre = document.createRange();
    pre.setStart(container, 0);
    pre.setEnd(r.startContainer, r.startOffset);
    const start = pre.toString().length;
    const quote = r.toString();
    anno.addAnnotation(make('new' + n++, quote, start, start + quote.length, 'PERSON'));
    sel.removeAllRanges();
  });
})();`;

const dir = await mkdtemp(join(tmpdir(), 'postil-peers-'));
const postilFile = join(dir, 'peers.postil.json');
await writeFile(postilFile, JSON.stringify({
  format: 'postil', version: 1, offset_unit: 'codepoint',
  labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }, { name: 'ORG', color: '#cfe0ff', key: 'o' }, { name: 'GPE', color: '#c9f0c9', key: 'g' }],
  documents: [{
    id: 'peers', title: paragraphs[0], text,
    annotations: spans.map((s, i) => ({ id: i + 1, start: s.cp, end: s.cpEnd, label: s.label, text: s.word })),
  }],
}));
const pages = { '/__bench/static.html': staticHtml(), '/__bench/static.js': STATIC_JS, '/__bench/peer.html': peerHtml(),
  '/__bench/peer.js': PEER_JS, '/__bench/spans.json': JSON.stringify(spans) };
const server = createServer(async (req, res) => {
  const path = req.url.split('?')[0];
  if (pages[path] !== undefined) {
    res.writeHead(200, { 'content-type': TYPES[extname(path)] });
    return res.end(pages[path]);
  }
  const file = path.startsWith('/__bench/peer/') ? join(PEER, path.slice('/__bench/peer/'.length)) : join(DIST, path === '/' ? 'index.html' : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(Number(process.env.PEERS_PORT ?? 0), '127.0.0.1', r));
if (process.env.PEERS_SERVE) { console.log(`serving on ${server.address().port}`); await new Promise(() => {}); }
const origin = `http://127.0.0.1:${server.address().port}`;

// --- Probes, the same in every page -------------------------------------------------------
const MARKS = {
  postil: () => document.querySelectorAll('article .tag').length,
  floor: () => document.querySelectorAll('mark').length,
  peer: () => (window.__loaded ? window.__count() : 0),
};
// Installed before any of the page's scripts: records when `marks() >= want` first holds
// (then a double rAF), Event Timing entries of key presses, and Postil's wasm memory.
function probe([marksSource, want]) {
  const marks = new Function(`return (${marksSource})()`);
  window.__keys = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'keydown') window.__keys.push(e.duration);
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm));
  window.__painted = new Promise((resolve) => {
    const check = () => {
      if (document.readyState !== 'loading' && marks() >= want) {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  // The next key press: keydown to the frame after the marks grew.
  addEventListener('keydown', (e) => {
    const t0 = e.timeStamp;
    const before = marks();
    window.__label = new Promise((resolve) => {
      const until = () => (marks() > before
        ? requestAnimationFrame(() => resolve(performance.now() - t0))
        : requestAnimationFrame(until));
      requestAnimationFrame(until);
      setTimeout(() => resolve(NaN), 10_000);
    });
  }, { capture: true });
}

/** Screen point of a word in the page (its first occurrence). */
async function pointAt(page, word) {
  return page.evaluate((word) => {
    const root = document.querySelector('article');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const at = t.data.indexOf(word);
      if (at >= 0 && !/\d/.test(t.data[at + word.length] ?? '')) {
        const r = document.createRange();
        r.setStart(t, at);
        r.setEnd(t, at + word.length);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    return null;
  }, word);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
// A file the page asked for that is not there (a favicon) weighs nothing.
const gz = async (file) => gzipSync(await readFile(file).catch(() => Buffer.alloc(0)), { level: 9 }).length;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const results = { floor: [], peer: [], postil: [] };
for (let run = 0; run < RUNS; run++) {
  for (const name of ['floor', 'peer', 'postil']) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const url = { floor: '/__bench/static.html', peer: '/__bench/peer.html', postil: '/' }[name];
    if (name === 'postil') {
      // The article is imported once; the timed navigation is a new tab of that profile.
      const first = await context.newPage();
      await first.goto(origin + url);
      await first.locator('input[data-testid="import-input"]').setInputFiles(postilFile);
      await first.locator('h1.doc-title', { hasText: paragraphs[0] }).waitFor({ timeout: 60_000 });
      await first.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
      await first.close();
    }
    const page = await context.newPage();
    await page.addInitScript(probe, [MARKS[name].toString(), ANNOTATIONS]);
    await page.goto(origin + url);
    const painted = await page.evaluate(() => window.__painted);
    const r = { painted, label: [], timing: [] };
    // Memory and DOM once everything is shown.
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    r.heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    r.wasm = await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? 0);
    r.dom = await page.evaluate(() => document.getElementsByTagName('*').length);
    // First load: the documents and code fetched before the highlights were painted.
    r.loaded = await page.evaluate((t) => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
      .filter((e) => e.startTime <= t).map((e) => new URL(e.name).pathname), painted);
    // Labels: click (Postil) or double-click (native selection) a word, then the key.
    for (let k = 0; k < LABELS; k++) {
      if (name === 'postil') {
        // Esc first: it also dismisses the offer above the article, which moves the text up.
        await page.keyboard.press('Escape');
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      }
      const at = await pointAt(page, `Target${k}`);
      if (name === 'postil') {
        await page.mouse.click(at.x, at.y);
        await page.locator('article .sel').waitFor();
      } else {
        await page.mouse.dblclick(at.x, at.y);
      }
      const events = await page.evaluate(() => window.__keys.length);
      await page.keyboard.press('p');
      r.label.push(await page.evaluate(() => window.__label));
      // Event Timing entries arrive after the paint; one that does not come was under 16 ms.
      const d = await page.evaluate(async (n) => {
        for (let i = 0; i < 20 && window.__keys.length <= n; i++) await new Promise((z) => setTimeout(z, 10));
        return window.__keys.length > n ? window.__keys[window.__keys.length - 1] : 16;
      }, events);
      r.timing.push(d);
    }
    results[name].push(r);
    await context.close();
  }
}

// --- Report ---------------------------------------------------------------------------------
const fmt = (x) => `${x.toFixed(0)} ms`;
const all = (name, key) => results[name].flatMap((r) => r[key]);
const row = (title, f) => console.log(`| ${title} | ${['floor', 'peer', 'postil'].map(f).join(' | ')} |`);
console.log(`peers: ${words.toLocaleString('en')} words in ${paragraphs.length} blocks, ${ANNOTATIONS.toLocaleString('en')} annotations; ` +
  `${RUNS} fresh runs each, ${LABELS} labels a run; medians`);
console.log('| figure | static page (floor) | @recogito/text-annotator 4.1.1 (peer) | Postil |');
console.log('|---|---|---|---|');
row('navigation to every highlight painted (new tab)', (n) => fmt(median(results[n].map((r) => r.painted))));
row('label a word: keydown to the frame after (median, p95)', (n) => `${fmt(median(all(n, 'label')))}, ${fmt(p95(all(n, 'label')))}`);
row('label a word: Event Timing (median, p95; under 16 counts 16)', (n) => `${fmt(median(all(n, 'timing')))}, ${fmt(p95(all(n, 'timing')))}`);
row('DOM elements', (n) => String(median(results[n].map((r) => r.dom))));
row('JS heap after GC (+ wasm memory)', (n) => {
  const heap = median(results[n].map((r) => r.heap)) / 1048576;
  const wasm = median(results[n].map((r) => r.wasm)) / 1048576;
  return `${heap.toFixed(1)} MB` + (wasm ? ` (+ ${wasm.toFixed(0)} MB)` : '');
});
const firstLoad = {};
for (const n of ['floor', 'peer', 'postil']) {
  let total = 0;
  for (const path of new Set(results[n][0].loaded)) {
    if (pages[path] !== undefined) total += gzipSync(pages[path], { level: 9 }).length;
    else if (path.startsWith('/__bench/peer/')) total += await gz(join(PEER, path.slice('/__bench/peer/'.length)));
    else if (path !== '/__bench/spans.json') total += await gz(join(DIST, path === '/' ? 'index.html' : path));
  }
  firstLoad[n] = total;
}
row('first load, gzip -9 (the floor: the article itself; the peer: page, library, CSS; Postil: page, code, CSS)', (n) => `${(firstLoad[n] / 1024).toFixed(0)} KB`);
const ratio = (key, f) => {
  const [floor, peer, postil] = ['floor', 'peer', 'postil'].map((n) => f(n));
  return `${key}: Postil ${(postil / floor).toFixed(2)}× the floor, ${(postil / peer).toFixed(2)}× the peer`;
};
console.log(ratio('navigation', (n) => median(results[n].map((r) => r.painted))));
console.log(ratio('label (double rAF, median)', (n) => median(all(n, 'label'))));
console.log(ratio('label (double rAF, p95)', (n) => p95(all(n, 'label'))));
console.log(ratio('DOM elements', (n) => median(results[n].map((r) => r.dom))));
await browser.close();
server.close();
