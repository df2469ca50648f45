// Hostile text everywhere a person or a file can put text: article text and titles, label
// names, notes, annotator names, file names, imported HTML and Markdown. Nothing in it runs
// (no dialog, no console message, no request anywhere but the app's own files, no script the
// Content-Security-Policy had to stop), the text is shown as the text it is, and exported
// files carry it unchanged. Then the policy itself: an inline or remote script put into the
// page does not run, and the browser reports the violation.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dragAcross, labeledSpans, openApp } from './helpers';

/** Each payload, if it ever ran, would count itself in `window.__xss` and open a dialog. */
const PAYLOADS = [
  '<script>window.__xss=(window.__xss||0)+1;alert("script")</script>',
  '<img src=x onerror="window.__xss=(window.__xss||0)+1;alert(\'onerror\')">',
  '<svg onload="window.__xss=(window.__xss||0)+1;alert(\'svg\')"><circle r="9"/></svg>',
  '<a href="javascript:window.__xss=(window.__xss||0)+1;alert(\'href\')">click me</a>',
  'javascript:window.__xss=(window.__xss||0)+1;alert("url")',
  '<style>body{background:url(http://evil.invalid/css.png)}</style>',
  '<div style="background-image:url(http://evil.invalid/attr.png)">styled</div>',
  '&lt;b&gt;entity&lt;/b&gt; &amp;amp; &#60;script&#62;alert(1)&#60;/script&#62;',
  '"><iframe src="javascript:alert(\'iframe\')"></iframe>',
  '</textarea></title><script>alert("close")</script>',
  '{{constructor.constructor(\'alert("template")\')()}}',
  'invoice\u202Egnp.exe \u202Bright-to-left\u202C and \u2066isolate\u2069',
];

/** Payloads without white space, for label names (which may hold none). */
const NAMES = [
  '<img/src=x/onerror=alert("label")>',
  '<svg/onload=alert("label2")>',
  '"><script>alert(3)</script>',
  'javascript:alert(4)',
  '&lt;b&gt;&amp;',
  'RTL\u202Eevil',
];

/** What happened that a payload could cause; `foreign` holds every request to another origin,
 *  `blocked` those that failed, with why. */
/** What Chromium says about Trunk's own output on every start, payloads or not: the wasm's
 *  preload link carries an integrity digest that preloads ignore, and Trunk's worker loader
 *  calls wasm-bindgen's init the old way. Anything else on the console fails the test. */
const BUILD_WARNINGS = [
  'The `integrity` attribute is currently ignored for preload destinations',
  'using deprecated parameters for the initialization function',
];

type Watch = { dialogs: string[]; console: string[]; foreign: string[]; blocked: string[]; errors: string[] };

/** Records everything that would show a script ran; the page must be opened after this. */
async function watch(page: Page): Promise<Watch> {
  const w: Watch = { dialogs: [], console: [], foreign: [], blocked: [], errors: [] };
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (!BUILD_WARNINGS.some((b) => m.text().startsWith(b))) w.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  const origin = new URL(test.info().project.use.baseURL!).origin;
  page.context().on('request', (r) => {
    const url = r.url();
    // The app's own files, and what it makes in the page (downloads, the empty icon).
    if (!url.startsWith(origin + '/') && !url.startsWith('blob:') && !url.startsWith('data:')) w.foreign.push(url);
  });
  page.context().on('requestfailed', (r) => w.blocked.push(`${r.url()} ${r.failure()?.errorText}`));
  await page.addInitScript(() => {
    const v: string[] = [];
    (window as any).__violations = v;
    document.addEventListener('securitypolicyviolation', (e) => v.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  return w;
}

/** Nothing ran, nothing was blocked, nothing left the page. */
async function nothingRan(page: Page, w: Watch) {
  // Give anything that was going to fire (image errors, timers) a moment, as a person would.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(w.console).toEqual([]);
  expect(w.errors).toEqual([]);
  expect(w.foreign).toEqual([]);
  // The article holds only what Postil draws: no element a payload brought with it.
  expect(await page.locator('article.article').locator('script, img, svg:not(.relation-arcs), iframe, a, style, object, embed').count()).toBe(0);
}

/** The article's text as the browser has it. */
function articleText(page: Page) {
  return page.locator('article.article').evaluate((a) => a.textContent ?? '');
}

async function importFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.locator('input[data-testid="import-input"]').setInputFiles(files);
}

function file(name: string, text: string, mimeType = 'text/plain') {
  return { name, mimeType, buffer: Buffer.from(text, 'utf8') };
}

async function openDocument(page: Page, title: string | RegExp) {
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.locator('.doc-row-title').getByText(title, { exact: true }).click();
  await expect(page.locator('h1.doc-title')).toHaveText(title);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function closeReport(page: Page) {
  await page.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Close' }).click();
}

test('pasted titles and text, notes and the annotator name are shown as typed and exported unchanged', async ({ page }, info) => {
  const w = await watch(page);
  await openApp(page);
  const title = PAYLOADS[1];
  const body = [title, ...PAYLOADS].join('\n\n');
  await page.getByRole('button', { name: 'Paste…' }).click();
  const paste = page.getByRole('dialog', { name: 'Paste an article' });
  await paste.getByLabel('Title').fill(title);
  await paste.getByLabel('Text').fill(body);
  await paste.getByRole('button', { name: 'Add article' }).click();
  await expect(page.locator('h1.doc-title')).toHaveText(title);
  const shown = await articleText(page);
  for (const p of PAYLOADS) expect(shown, p).toContain(p);

  // A note made of every payload, on a word of the sample; the annotator's name too.
  await openDocument(page, 'Russia and Pakistan Strengthening Ties Against Terrorism Discussion to hold joint drills');
  await dragAcross(page, 'Sergey Lavrov');
  await page.keyboard.press('p');
  await page.keyboard.press('Enter');
  const note = PAYLOADS.slice(0, 6).join(' ');
  await page.getByRole('textbox', { name: 'Note' }).fill(note);
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'Annotations' }).click();
  await expect(page.locator('.annotation-item .note')).toHaveText(note);
  await page.getByRole('tab', { name: 'Documents' }).click();
  const annotator = PAYLOADS[0];
  await page.getByLabel('Your name, in exports').fill(annotator);
  await page.getByLabel('Your name, in exports').press('Tab');
  await expect(page.getByLabel('Your name, in exports')).toHaveValue(annotator);
  await nothingRan(page, w);

  // Postil's own file (made in the page) and doccano JSONL (made by the worker) carry it all.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all documents' }).click()]);
  const path = info.outputPath('all.postil.json');
  await download.saveAs(path);
  const corpus = JSON.parse(readFileSync(path, 'utf8'));
  expect(corpus.annotator).toBe(annotator);
  const pasted = corpus.documents.find((d: any) => d.title === title);
  expect(pasted.text).toBe(body);
  const sample = corpus.documents.find((d: any) => d.annotations.length > 0);
  expect(sample.annotations[0].note).toBe(note);

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: /^ ?All/ }).check();
  await dialog.locator('.format-choice', { hasText: 'doccano JSONL' }).getByRole('radio').check();
  const [jsonl] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /^Download/ }).click()]);
  const jsonlPath = info.outputPath('all.jsonl');
  await jsonl.saveAs(jsonlPath);
  const lines = readFileSync(jsonlPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => l.text)).toContain(body);
  await nothingRan(page, w);
});

test('imported text, HTML, Markdown, label names and file names are shown literally', async ({ page }, info) => {
  const w = await watch(page);
  await openApp(page);
  const txtTitle = `${PAYLOADS[2]} title`;
  const html = `<!doctype html><html><head><title>${PAYLOADS[0]}</title>
    <script>window.__xss=(window.__xss||0)+1;alert("head")</script>
    <meta http-equiv="refresh" content="0;url=javascript:alert('meta')">
    <style>body{background:url(http://evil.invalid/page.png)}</style></head>
    <body onload="window.__xss=(window.__xss||0)+1;alert('body')">
    <h1>Harbour &lt;script&gt;alert("title")&lt;/script&gt; report</h1>
    <p>Click <a href="javascript:window.__xss=(window.__xss||0)+1">here</a> and see
       <img src="http://evil.invalid/img.png" onerror="window.__xss=(window.__xss||0)+1">the picture.</p>
    <p>Entities: &lt;img src=x onerror=alert(1)&gt; &amp;amp; &#x3C;svg onload=alert(2)&#x3E; done.</p>
    <svg onload="window.__xss=(window.__xss||0)+1"><text>vector words</text></svg>
    <iframe src="javascript:alert('frame')"></iframe>
    <p style="background:url(http://evil.invalid/style.png)">Styled paragraph \u202Eright to left\u202C here.</p>
    <script>alert("body script")</script></body></html>`;
  const md = [
    '# Notes `<script>alert("md title")</script>`',
    '',
    'A [link](javascript:alert(1)) and <img src=x onerror="window.__xss=1"> inline, and `<svg onload=alert(2)>` in code.',
    '',
    '<script>window.__xss=(window.__xss||0)+1</script>',
    '',
    '![picture](http://evil.invalid/md.png) and <http://evil.invalid/auto> end.',
  ].join('\n');
  const doccano = JSON.stringify({
    text: `Labels ${NAMES.join(' ')} end`,
    label: NAMES.map((n, i) => {
      const start = `Labels ${NAMES.slice(0, i).map((x) => x + ' ').join('')}`.length;
      return [start, start + n.length, n];
    }),
  });
  const evilName = `${NAMES[0]}\u202Etxt.exe.txt`;
  await importFiles(page, [
    file(`${NAMES[1]}.txt`, `${txtTitle}\n\n${PAYLOADS.join('\n\n')}`),
    file('page.html', html, 'text/html'),
    file('notes.md', md, 'text/markdown'),
    file('labels.jsonl', doccano, 'application/jsonl'),
    // Refused (nothing in it), so the report names it.
    file(evilName, ' \n'),
  ]);
  const report = page.getByRole('dialog', { name: 'Import finished' });
  await expect(report).toBeVisible();
  await expect(report.locator('.skipped strong')).toHaveText([evilName]);
  await expect(report.locator('.imported li')).toContainText([txtTitle]);
  await closeReport(page);

  await openDocument(page, txtTitle);
  let shown = await articleText(page);
  for (const p of PAYLOADS) expect(shown, p).toContain(p);

  await openDocument(page, 'Harbour <script>alert("title")</script> report');
  shown = await articleText(page);
  for (const t of ['Click here and see the picture.', 'Entities: <img src=x onerror=alert(1)> &amp; <svg onload=alert(2)> done.', 'Styled paragraph \u202Eright to left\u202C here.']) {
    expect(shown, t).toContain(t);
  }
  expect(shown).not.toContain('body script');

  await openDocument(page, 'Notes <script>alert("md title")</script>');
  shown = await articleText(page);
  expect(shown).toContain('A link and  inline, and <svg onload=alert(2)> in code.'.replace('  ', ' '));
  expect(shown).not.toContain('__xss');

  // (The title is the text's first line, cut to 120 characters.)
  await openDocument(page, /^Labels /);
  await expect.poll(() => labeledSpans(page)).toEqual(NAMES.map((n) => `${n}: ${n}`));
  await page.getByRole('tab', { name: 'Labels' }).click();
  for (const n of NAMES) await expect(page.locator('.palette').getByText(n, { exact: true })).toHaveCount(1);
  await nothingRan(page, w);

  // The labels and the texts leave in Postil's own file exactly as they came.
  await page.getByRole('tab', { name: 'Documents' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all documents' }).click()]);
  const path = info.outputPath('all.postil.json');
  await download.saveAs(path);
  const corpus = JSON.parse(readFileSync(path, 'utf8'));
  const labels = corpus.documents.find((d: any) => d.title.startsWith('Labels '));
  expect(labels.annotations.map((a: any) => [a.label, a.text])).toEqual(NAMES.map((n) => [n, n]));
  expect(corpus.documents.find((d: any) => d.title === txtTitle).text).toBe(`${txtTitle}\n\n${PAYLOADS.join('\n\n')}`);
  await nothingRan(page, w);
});

test('the Content-Security-Policy is in force: injected inline and remote scripts do not run', async ({ page }) => {
  const w = await watch(page);
  await openApp(page);
  // The app itself started under the policy without breaking it.
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  // page.evaluate itself is exempt (DevTools), so it only builds the elements; the page runs them.
  await page.evaluate(() => {
    const inline = document.createElement('script');
    inline.textContent = 'window.__xss = "inline"';
    document.body.append(inline);
    const remote = document.createElement('script');
    remote.src = 'http://evil.invalid/x.js';
    document.body.append(remote);
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:," onerror="window.__xss = \'handler\'">';
    document.body.append(div);
  });
  await expect.poll(() => page.evaluate(() => (window as any).__violations.length)).toBeGreaterThanOrEqual(3);
  const violations: string[] = await page.evaluate(() => (window as any).__violations);
  expect(violations).toContain('script-src-elem inline');
  expect(violations).toContain('script-src-elem http://evil.invalid/x.js');
  expect(violations).toContain('script-src-attr inline');
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  // The browser stopped the remote script before it left: the one request elsewhere failed so.
  expect(w.foreign).toEqual(['http://evil.invalid/x.js']);
  expect(w.blocked).toEqual(['http://evil.invalid/x.js csp']);
  // The browser says so on the console; nothing else does.
  expect(w.console.filter((m) => !m.includes('Content Security Policy'))).toEqual([]);
});
