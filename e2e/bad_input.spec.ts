// Files that are not what they say, as a person picks them: a UTF-16 text is read, and a
// Latin-1 text, a picture renamed .txt, a cut JSONL line, a cut or Latin-1 Postil file and a
// Latin-1 schema file are refused with a sentence naming the file and what is wrong, while
// what the browser already stores stays byte for byte as it was.
import { test, expect, type Page } from '@playwright/test';
import { openApp } from './helpers';

function utf16le(text: string): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
}

function file(name: string, buffer: Buffer) {
  return { name, mimeType: 'application/octet-stream', buffer };
}

const LATIN1 = Buffer.from('Caf\xe9 menu\n\nCr\xe8me br\xfbl\xe9e, 4 \x80.\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

async function stored(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      out[k] = localStorage.getItem(k)!;
    }
    return out;
  });
}

test('a UTF-16 text is read; Latin-1, binary and cut files are refused saying why, and nothing stored changes', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page);
  await page.locator('input[data-testid="import-input"]').setInputFiles([
    file('unicode.txt', utf16le('Überschrift in UTF-16\n\nEin Absatz mit 🙂 und 北京.\n')),
    file('menu.txt', LATIN1),
    file('picture.txt', PNG),
    file('cut.jsonl', Buffer.from('{"text": "Whole line.", "label": []}\n{"text": "Cut li')),
  ]);
  const report = page.getByRole('dialog', { name: 'Import finished' });
  await expect(report).toContainText('1 article imported from 4 files, 3 skipped.');
  const skipped = report.locator('.skipped li');
  await expect(skipped.filter({ hasText: 'menu.txt' })).toContainText('is not UTF-8. It may be Latin-1 or Windows-1252: save it as UTF-8 and import it again');
  await expect(skipped.filter({ hasText: 'picture.txt' })).toContainText('it is a binary file, not text');
  await expect(skipped.filter({ hasText: 'cut.jsonl' })).toContainText('line 2');
  await report.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.locator('.doc-row-title', { hasText: 'Überschrift in UTF-16' }).click();
  await expect(page.locator('h1.doc-title')).toHaveText('Überschrift in UTF-16');
  await expect(page.locator('article')).toContainText('Ein Absatz mit 🙂 und 北京.');

  // From here on every file is refused: storage must not change.
  await expect.poll(async () => Object.keys(await stored(page)).some((k) => k.startsWith('postil/v1/ann/'))).toBe(true);
  const before = await stored(page);
  const refused = [
    ['cut.postil.json', Buffer.from('{"format": "postil", "version": 1, "documents": [{"id": "a", "tit'), 'EOF while parsing'],
    ['menu.postil.json', Buffer.concat([Buffer.from('{"format": "postil", "title": "'), LATIN1, Buffer.from('"}')]), 'It may be Latin-1'],
  ] as const;
  for (const [name, bytes, says] of refused) {
    await page.locator('input[data-testid="import-input"]').setInputFiles(file(name, bytes));
    const error = page.locator('.notice.error');
    await expect(error).toContainText(`Nothing was imported from “${name}”`);
    await expect(error).toContainText(says);
    await expect(error).toContainText('Your work is unchanged.');
  }
  await page.getByRole('tab', { name: 'Labels' }).click();
  await page.locator('input[data-testid="schema-import-input"]').setInputFiles(file('labels.postil-schema.json', LATIN1));
  await expect(page.locator('.notice.error')).toContainText('“labels.postil-schema.json” could not be read as text: it is not UTF-8 text');
  expect(await stored(page)).toEqual(before);

  // A schema file saved as UTF-16 reads like any other.
  const schema = JSON.stringify({
    format: 'postil-schema', version: 1,
    labels: [{ name: 'PERSON', color: '#ffd3a8', key: 'p' }, { name: 'ÉVÉNEMENT', color: '#c8e6ff', key: 'v' }],
  });
  await page.locator('input[data-testid="schema-import-input"]').setInputFiles(file('utf16.postil-schema.json', utf16le(schema)));
  await expect(page.getByRole('button', { name: /^ÉVÉNEMENT/ })).toBeVisible();
  expect(errors).toEqual([]);
});
