// An edit the app shows as "Saved" survives the browser being killed. Chromium writes
// localStorage to disk seconds after a write, so Postil also commits every change to an
// IndexedDB journal and says "Saved" only once that commit is done. This test runs Chromium
// itself on a real profile folder, labels a word, waits a random time between 0.2 and 10 s,
// kills the whole browser with SIGKILL, starts it again on the same profile and looks for the
// label. It prints edits made, edits shown as saved and edits kept; every edit shown as saved
// must be kept.
import { test, expect, chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickWord, labeledSpans, TITLE } from './helpers';

// Words of the sample article, each labeled in one trial.
const WORDS = [
  'Wednesday', 'Moscow', 'Islamabad', 'terrorism', 'equipment', 'mountains', 'Lavrov',
  'history', 'Afghanistan', 'capability', 'Qureshi', 'vaccine', 'Bajwa', 'Kugelman',
  'Washington', 'Karachi', 'Lahore', 'railway', 'gratitude', 'India',
];

/** A fixed sequence of delays (ms) in [200, 10000]: random, but the same on every run. */
function delays(n: number): number[] {
  let seed = 20261201;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push(200 + Math.floor((seed / 2147483648) * 9800));
  }
  return out;
}

class Chrome {
  child!: ChildProcess;
  browser!: Browser;
  constructor(private profile: string, private port: number) {}

  async start(): Promise<Page> {
    this.child = spawn(
      '/usr/bin/chromium',
      [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--window-size=1280,720',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--user-data-dir=${this.profile}`, `--remote-debugging-port=${this.port}`, 'about:blank',
      ],
      { detached: true, stdio: 'ignore' },
    );
    const endpoint = `http://127.0.0.1:${this.port}`;
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`${endpoint}/json/version`);
        if (r.ok) break;
      } catch {
        // Not listening yet.
      }
      if (i > 200) throw new Error('Chromium did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    this.browser = await chromium.connectOverCDP(endpoint);
    const context = this.browser.contexts()[0];
    return context.pages()[0] ?? (await context.newPage());
  }

  /** SIGKILL to the browser's whole process group: no shutdown, nothing flushed. */
  async kill() {
    const exited = new Promise((r) => this.child.once('exit', r));
    process.kill(-this.child.pid!, 'SIGKILL');
    await exited;
  }
}

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('h1.doc-title')).toHaveText(TITLE, { timeout: 20_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Clicks the word until it is the selection: a notice shown at start may still move the
 *  article under the pointer, and the label must go on this word and no other. */
async function select(page: Page, word: string) {
  for (let attempt = 1; ; attempt++) {
    await clickWord(page, word);
    try {
      await expect(page.locator('article .sel')).toHaveText(word, { timeout: 2_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

test('every edit shown as saved survives the browser being killed', async ({}, info) => {
  const trials = delays(WORDS.length);
  test.setTimeout(60_000 + trials.reduce((a, b) => a + b, 0) + trials.length * 8_000);
  const url = String(info.project.use.baseURL) + '/';
  const profile = mkdtempSync(join(tmpdir(), 'postil-kill-'));
  const chrome = new Chrome(profile, 9300 + (info.workerIndex % 50));
  const rows: { word: string; delay: number; shownSaved: boolean; kept: boolean; restored: boolean }[] = [];
  try {
    let page = await chrome.start();
    await open(page, url);
    for (let i = 0; i < trials.length; i++) {
      const word = WORDS[i];
      await select(page, word);
      await page.keyboard.press('p');
      const labeled = Date.now();
      await expect.poll(() => labeledSpans(page)).toContain(`PERSON: ${word}`);
      // Wait out the delay, then read what the toolbar says at the moment of the kill.
      const left = trials[i] - (Date.now() - labeled);
      if (left > 0) await page.waitForTimeout(left);
      const status = await page.getByTestId('save-status').textContent();
      await chrome.kill();
      page = await chrome.start();
      await open(page, url);
      const kept = (await labeledSpans(page)).includes(`PERSON: ${word}`);
      // Whether localStorage had lost the edit and the journal put it back (the app says so).
      const notices = await page.locator('.notice').allTextContents();
      const restored = notices.some((n) => n.includes('put back from the copy kept in IndexedDB'));
      rows.push({ word, delay: trials[i], shownSaved: status === 'Saved', kept, restored });
    }
    await chrome.browser.close();
  } finally {
    try {
      process.kill(-chrome.child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(
    'durability: trial, delay after the key press (ms), shown "Saved" at the kill, kept after restart, ' +
      'put back from the IndexedDB journal (localStorage had lost it)',
  );
  rows.forEach((r, i) => console.log(`  ${i + 1}\t${r.delay}\t${r.shownSaved}\t${r.kept}\t${r.restored}\t${r.word}`));
  const saved = rows.filter((r) => r.shownSaved);
  console.log(
    `durability: ${rows.length} edits made, ${saved.length} shown as saved, ` +
      `${rows.filter((r) => r.kept).length} kept, ${saved.filter((r) => r.kept).length} of those shown as saved kept, ` +
      `${rows.filter((r) => r.restored).length} put back from the journal`,
  );
  expect(saved.filter((r) => !r.kept)).toEqual([]);
  // The journal commit takes milliseconds: an edit waited on for a second is shown as saved.
  expect(rows.filter((r) => r.delay > 1000 && !r.shownSaved)).toEqual([]);
});
