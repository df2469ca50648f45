// Team sync in the browser, against a CouchDB API (pouchdb-server in memory, e2e/couch.ts):
// people sign in from their own browser profiles, label one corpus with the network cut and
// restored, and end up holding the same layers as each other and the server; one person's
// two profiles written apart offline are joined; a write to someone else's layer is refused
// and shown, and kept here.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { asUser, DB, PASSWORDS, startCouch, type Couch } from './couch';
import { readFileSync } from 'node:fs';
import { clickWord, labeledSpans, pySlice, span } from './helpers';

const DOCS = [
  {
    id: 'talks-1',
    title: 'Talks this week',
    text: 'Sergey Lavrov met Shah Mahmood Qureshi in Islamabad on Wednesday. Moscow and Beijing sent envoys to the talks.',
  },
  {
    id: 'drills-2',
    title: 'Drills and watchers',
    text: 'Troops from Pakistan and Russia trained near Lahore. Michael Kugelman watched from Washington 🇺🇸 and wrote café notes.',
  },
];

let couch: Couch;
let origin = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, info) => {
  origin = String(info.project.use.baseURL);
  couch = await startCouch([origin]);
  for (const d of DOCS) {
    const put = await asUser(couch, 'admin', 'PUT', `/${DB}/document:${d.id}`, {
      type: 'document', postil: 1, document: d.id, title: d.title, text: d.text,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
  }
});

test.afterAll(async () => {
  await couch?.stop();
});

/** A browser profile of its own (storage, cookies), with the tour already dismissed. */
async function profile(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const use = test.info().project.use;
  const context = await browser.newContext({ baseURL: use.baseURL, storageState: use.storageState as never });
  const page = await context.newPage();
  // A sync that could not reach the server says why in the console: in the report, if a test fails.
  page.on('console', (m) => {
    if (m.text().startsWith('Postil sync:')) console.log(m.text());
  });
  await page.goto('/');
  await expect(page.locator('h1.doc-title')).toBeVisible();
  return { context, page };
}

const status = (page: Page) => page.getByTestId('sync-status');

/** Opens Team sync: from the toolbar once sync is set up, else from the Documents tab. */
async function openSync(page: Page) {
  if (await status(page).count()) {
    await status(page).click();
  } else {
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByRole('button', { name: 'Team sync…' }).click();
  }
}

async function signIn(page: Page, name: string, password = PASSWORDS[name], gold = false) {
  if (!(await page.getByRole('dialog', { name: 'Team sync' }).count())) await openSync(page);
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  if (gold) await dialog.getByLabel("My annotations are the team's gold set (reviewers)").check();
  await dialog.getByLabel('Database address').fill(`${couch.url}/${DB}`);
  await dialog.getByLabel('Your CouchDB name').fill(name);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in and sync' }).click();
}

async function open(page: Page, title: string) {
  await expect(page.getByLabel('Document', { exact: true }).locator('option', { hasText: title })).toHaveCount(1);
  await page.getByLabel('Document', { exact: true }).selectOption({ label: title });
  await expect(page.locator('h1.doc-title')).toHaveText(title);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const LABELS: Record<string, string> = { p: 'PERSON', g: 'GPE', o: 'ORG' };

async function label(page: Page, word: string, key: string) {
  await clickWord(page, word);
  await expect(page.locator('article .sel')).toHaveText([word]);
  await page.keyboard.press(key);
  await expect.poll(() => labeledSpans(page)).toContain(`${LABELS[key]}: ${word}`);
}

/** Sync now, from the dialog, until the toolbar says Synced. */
async function syncNow(page: Page) {
  await status(page).click();
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  await dialog.getByRole('button', { name: 'Sync now' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(status(page)).toHaveText('Synced');
}

/** Each profile in turn comes back online and says Synced; then each syncs once more, so
 *  that each has what the other sent. */
async function backOnline(profiles: { context: BrowserContext; page: Page }[]) {
  for (const p of profiles) {
    await p.context.setOffline(false);
    await expect(status(p.page)).toHaveText('Synced');
  }
  for (const p of profiles) await syncNow(p.page);
}

/** The layers of every document on the server, as "doc/layer: LABEL words" lines. */
async function serverLayers(): Promise<string[]> {
  const all = await asUser(couch, 'admin', 'GET', `/${DB}/_all_docs?include_docs=true`);
  const texts = new Map(DOCS.map((d) => [d.id, d.text]));
  const lines: string[] = [];
  for (const row of all.body.rows) {
    const doc = row.doc;
    if (doc.type !== 'layer') continue;
    for (const a of doc.annotations) {
      lines.push(`${doc.document}/${doc.layer}: ${a.label} ${pySlice(texts.get(doc.document)!, a.start, a.end)}`);
    }
  }
  return lines.sort();
}

// Who labels what: [document, word, key, label].
const WORK: Record<string, [number, string, string, string][]> = {
  ana: [[0, 'Lavrov', 'p', 'PERSON'], [0, 'Islamabad', 'g', 'GPE'], [1, 'Lahore', 'g', 'GPE']],
  ben: [[0, 'Qureshi', 'p', 'PERSON'], [0, 'Moscow', 'g', 'GPE'], [1, 'Pakistan', 'g', 'GPE']],
  cy: [[0, 'Beijing', 'g', 'GPE'], [1, 'Kugelman', 'p', 'PERSON'], [1, 'Washington', 'g', 'GPE']],
};

test('three people label one corpus with the network cut and restored, and all hold the same layers', async ({ browser }) => {
  test.setTimeout(120_000);
  const people = Object.keys(WORK);
  const profiles = new Map<string, { context: BrowserContext; page: Page }>();
  for (const name of people) {
    const p = await profile(browser);
    profiles.set(name, p);
    await signIn(p.page, name);
    await expect(status(p.page)).toHaveText('Synced');
    await expect(p.page.locator('.notice')).toContainText("2 documents came from the team's database");
  }
  // A fixed sequence of cuts: before some labels, a person's network goes or comes back.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const offline = new Map(people.map((n) => [n, false]));
  for (let step = 0; step < 3; step++) {
    for (const name of people) {
      const { context, page } = profiles.get(name)!;
      if (random() < 0.5) {
        offline.set(name, !offline.get(name));
        await context.setOffline(offline.get(name)!);
      }
      const [doc, word, key] = WORK[name][step];
      await open(page, DOCS[doc].title);
      await label(page, word, key);
      if (offline.get(name)) {
        await expect(status(page)).toHaveText(/^Offline: \d+ changes? waiting$/);
      }
    }
  }
  expect([...offline.values()].some((o) => o), 'the sequence cuts someone off at the end').toBe(true);
  for (const name of people) {
    await profiles.get(name)!.context.setOffline(false);
  }
  for (let round = 0; round < 2; round++) {
    for (const name of people) await syncNow(profiles.get(name)!.page);
  }

  // The server holds every label, in the layer of the one who made it.
  const want = people
    .flatMap((name) => WORK[name].map(([doc, word, , lab]) => `${DOCS[doc].id}/${name}: ${lab} ${word}`))
    .sort();
  expect(await serverLayers()).toEqual(want);
  // Each profile shows its own labels in the article and the two others' as layers.
  for (const name of people) {
    const { page } = profiles.get(name)!;
    // Others' layers are listed in the Annotations tab (sign-in left the Documents tab open).
    await page.getByRole('tab', { name: 'Annotations' }).click();
    for (const [i, d] of DOCS.entries()) {
      await open(page, d.title);
      const own = WORK[name].filter(([doc]) => doc === i).map(([, word, , lab]) => `${lab}: ${word}`);
      expect((await labeledSpans(page)).sort()).toEqual(own.sort());
      const others = people.filter((p) => p !== name && WORK[p].some(([doc]) => doc === i));
      await expect(page.locator('.layers .layer-name')).toHaveText(others.sort());
      for (const other of others) {
        const n = WORK[other].filter(([doc]) => doc === i).length;
        await expect(page.locator('.layers .layer', { hasText: other }).locator('.hint')).toContainText(
          `${n} annotation${n === 1 ? '' : 's'} · from the team's database`,
        );
      }
    }
  }
  // What a reload finds is the same (the copy and the work are stored).
  const { page } = profiles.get('ben')!;
  await page.reload();
  await expect(status(page)).toHaveText('Synced');
  await open(page, DOCS[0].title);
  await page.getByRole('tab', { name: 'Annotations' }).click();
  await expect(page.locator('.layers .layer-name')).toHaveText(['ana', 'cy']);
  // Nothing about the connection goes into an export: not the address, the database, this
  // browser's checkpoint name or the password; the colleagues' layers do.
  await page.getByRole('tab', { name: 'Documents' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export all documents' }).click(),
  ]);
  const exported = readFileSync(await download.path(), 'utf8');
  const settings = JSON.parse((await page.evaluate(() => localStorage.getItem('postil/v1/sync')))!);
  expect(settings.device).not.toBe('');
  for (const secret of [couch.url, DB, settings.device, PASSWORDS.ben, 'AuthSession']) {
    expect(exported, secret).not.toContain(secret);
  }
  const file = JSON.parse(exported);
  const talks = file.documents.find((d: { id: string }) => d.id === DOCS[0].id);
  expect(talks.layers.map((l: { name: string }) => l.name).sort()).toEqual(['ana', 'cy']);
  for (const p of profiles.values()) await p.context.close();
});

test("one person's two profiles, written apart offline, are joined", async ({ browser }) => {
  const laptop = await profile(browser);
  const tablet = await profile(browser);
  for (const p of [laptop, tablet]) {
    await signIn(p.page, 'rita');
    await expect(status(p.page)).toHaveText('Synced');
    await open(p.page, DOCS[1].title);
  }
  await laptop.context.setOffline(true);
  await tablet.context.setOffline(true);
  await label(laptop.page, 'Russia', 'g');
  await label(tablet.page, 'Michael', 'p');
  await expect(status(laptop.page)).toHaveText('Offline: 1 change waiting');
  await expect(status(tablet.page)).toHaveText('Offline: 1 change waiting');
  await backOnline([laptop, tablet]);
  for (const p of [laptop, tablet]) {
    await expect.poll(async () => (await labeledSpans(p.page)).sort()).toEqual(['GPE: Russia', 'PERSON: Michael']);
  }
  // The server shows one version of her layer, the join, and no conflict is left.
  const layer = await asUser(couch, 'admin', 'GET', `/${DB}/layer:drills-2:rita?conflicts=true`);
  expect(layer.body._conflicts ?? []).toEqual([]);
  expect(layer.body.annotations.map((a: { label: string }) => a.label).sort()).toEqual(['GPE', 'PERSON']);
  const [rs, re] = span(DOCS[1].text, 'Russia');
  expect(layer.body.annotations.some((a: { start: number; end: number }) => a.start === rs && a.end === re)).toBe(true);

  // Offline again, she relabels Russia differently on each: one label is kept, the same on
  // both, and the profile that joined the versions tells her which, and what the other was.
  await laptop.context.setOffline(true);
  await tablet.context.setOffline(true);
  for (const [p, key, lab] of [[laptop, 'o', 'ORG'], [tablet, 'l', 'LOC']] as const) {
    await clickWord(p.page, 'Russia');
    await expect(p.page.locator('article .tag.selected')).toHaveAttribute('aria-label', 'GPE: Russia');
    await p.page.keyboard.press(key);
    await expect.poll(async () => (await labeledSpans(p.page)).sort()).toEqual([`${lab}: Russia`, 'PERSON: Michael']);
    await expect(status(p.page)).toHaveText('Offline: 1 change waiting');
  }
  await backOnline([laptop, tablet]);
  const russia = async (p: Page) => (await labeledSpans(p)).find((l) => l.endsWith(': Russia'));
  await expect.poll(() => russia(laptop.page)).toMatch(/^(ORG|LOC): Russia$/);
  const kept = (await russia(laptop.page))!.split(':')[0];
  const other = kept === 'ORG' ? 'LOC' : 'ORG';
  await expect.poll(() => russia(tablet.page)).toBe(`${kept}: Russia`);
  const told = `Your versions of rita's layer of “Drills and watchers” written apart differ: ${kept} “Russia” is kept, not ${other} “Russia”. Change it if the other was meant.`;
  const notices = async () =>
    (await Promise.all([laptop, tablet].map((p) => p.page.locator('.notice').allInnerTexts()))).flat().join('\n');
  await expect.poll(notices).toContain('1 annotation was changed differently in two places (devices or tabs): one version of each is kept.');
  await expect.poll(notices).toContain(told);
  expect((await asUser(couch, 'admin', 'GET', `/${DB}/layer:drills-2:rita?conflicts=true`)).body._conflicts ?? []).toEqual([]);
  await laptop.context.close();
  await tablet.context.close();
});

test('a wrong password or address says what is wrong, and nothing is kept', async ({ browser }) => {
  const { context, page } = await profile(browser);
  await signIn(page, 'ana', 'not-her-password');
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  await expect(dialog.getByRole('alert')).toHaveText('The server does not know this name with this password.');
  await dialog.getByLabel('Database address').fill('http://couch.example.org/team');
  await dialog.getByLabel('Password').fill(PASSWORDS.ana);
  await dialog.getByRole('button', { name: 'Sign in and sync' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Postil reaches a team\'s database only over https (or http on this computer).',
  );
  await dialog.getByLabel('Database address').fill(`${couch.url}/no-such-db`);
  await dialog.getByLabel('Password').fill(PASSWORDS.ana);
  await dialog.getByRole('button', { name: 'Sign in and sync' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('There is no such database on this server: check its name.');
  expect(await page.evaluate(() => localStorage.getItem('postil/v1/sync'))).toBeNull();
  // The password field is emptied once sent.
  await expect(dialog.getByLabel('Password')).toHaveValue('');
  await expect(status(page)).toHaveCount(0);
  await context.close();
});

test("annotations sent as one person's layer are never sent as another's", async ({ browser }) => {
  const { context, page } = await profile(browser);
  await signIn(page, 'cy');
  await expect(status(page)).toHaveText('Synced');
  await open(page, DOCS[0].title);
  await label(page, 'talks', 'o');
  await expect.poll(async () => (await asUser(couch, 'admin', 'GET', `/${DB}/layer:talks-1:cy`)).body.annotations?.length).toBe(2);
  await status(page).click();
  await page.getByRole('dialog', { name: 'Team sync' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(status(page)).toHaveText('Sync: sign in');
  // Ben signs in on Cy's browser: Cy's annotations here are not sent as Ben's.
  await signIn(page, 'ben');
  await expect(status(page)).toHaveText('Sync: see why');
  await status(page).click();
  await expect(page.getByRole('dialog', { name: 'Team sync' }).locator('.sync-state')).toContainText(
    "The annotations in this browser were sent as cy's layer; Postil will not send them as ben's layer.",
  );
  const bens = await asUser(couch, 'admin', 'GET', `/${DB}/layer:talks-1:ben`);
  expect(bens.body.annotations.map((a: { start: number }) => a.start)).not.toContain(span(DOCS[0].text, 'talks')[0]);
  await context.close();
});

test("a write the rules refuse is shown, and kept here", async ({ browser }) => {
  const { context, page } = await profile(browser);
  await signIn(page, 'rita', PASSWORDS.rita, true);
  await expect(status(page)).toHaveText('Synced');
  await open(page, DOCS[0].title);
  await label(page, 'Sergey', 'p');
  await expect.poll(async () => (await asUser(couch, 'admin', 'GET', `/${DB}/layer:talks-1:gold`)).status).toBe(200);
  // The team takes Rita's reviewer role away while she works: her next change to the gold
  // layer is refused by the server's rules, shown, and kept here.
  const user = await asUser(couch, 'admin', 'GET', '/_users/org.couchdb.user:rita');
  const demoted = await asUser(couch, 'admin', 'PUT', '/_users/org.couchdb.user:rita', { ...user.body, roles: ['postil-annotator'] });
  expect(demoted.status, JSON.stringify(demoted.body)).toBe(201);
  const before = await asUser(couch, 'admin', 'GET', `/${DB}/layer:talks-1:gold`);
  await label(page, 'envoys', 'o');
  await expect(status(page)).toHaveText('Sync: see why');
  await status(page).click();
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  await expect(dialog.locator('.sync-problems li').first()).toHaveText(
    "The team's database refused your change to the gold layer of “talks-1”: Only reviewers may change the gold layer; you are signed in as rita. It is kept here.",
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  const after = await asUser(couch, 'admin', 'GET', `/${DB}/layer:talks-1:gold`);
  expect(after.body._rev).toBe(before.body._rev);
  // Kept here: after a reload the label is on screen. Her session now says she reviews no more,
  // so her annotations would be her own layer: the gold set's annotations are not sent as hers.
  await page.reload();
  await open(page, DOCS[0].title);
  expect((await labeledSpans(page)).sort()).toEqual(['ORG: envoys', 'PERSON: Sergey']);
  await expect(status(page)).toHaveText('Sync: see why');
  expect((await asUser(couch, 'admin', 'GET', `/${DB}/layer:talks-1:rita`)).status).toBe(404);
  await context.close();
});
