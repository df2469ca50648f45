// `postil serve`: the command-line binary with the app built in (`make dist`; `make test` builds
// a debug one with POSTIL_DIST=dist) serves it on 127.0.0.1, and the app works from there.
// POSTIL_CLI names the binary; otherwise $CARGO_TARGET_DIR (or target)/debug/postil.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { clickWord, labeledSpans, TITLE } from './helpers';

const BIN = process.env.POSTIL_CLI ?? join(process.env.CARGO_TARGET_DIR ?? 'target', 'debug', 'postil');

test('postil serve prints its address and the app there labels a word and keeps it', async ({ page }) => {
  const child = spawn(BIN, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stderr.on('data', (d) => (said += d));
  try {
    const address = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error(`${BIN} stopped: ${said}`)));
      child.once('error', reject);
    });
    const url = address.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
    expect(url, address).toBeTruthy();

    const wasm = await page.request.get(`${url}postil-worker_bg.wasm`);
    expect(wasm.headers()['content-type']).toBe('application/wasm');

    await page.goto(url!);
    await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await clickWord(page, 'Moscow');
    await page.keyboard.press('l');
    await expect.poll(() => labeledSpans(page)).toEqual(['LOC: Moscow']);
    await page.reload();
    await expect(page.locator('h1.doc-title')).toHaveText(TITLE);
    await expect.poll(() => labeledSpans(page)).toEqual(['LOC: Moscow']);
  } finally {
    child.kill();
  }
});
