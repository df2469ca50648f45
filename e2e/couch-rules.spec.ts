// Postil's access rules (core/src/sync/validate_doc_update.js) against a real CouchDB API:
// pouchdb-server in memory, started by scripts/couch-test-server.mjs on a free port, with the
// users ana, ben, cy (annotators) and rita (annotator and reviewer). Each write goes over HTTP
// as that user, and the test checks the status and the sentence the person would read. Last,
// a page on another origin signs in with a cookie and writes, as Postil in a browser will.
import { test, expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveUnder, type StaticHost } from './static-server';
import { startCouch, type Couch } from './couch';

const DB = 'postil-test';
const PASSWORDS: Record<string, string> = {
  admin: 'admin-test-pw',
  ana: 'ana-test-pw',
  ben: 'ben-test-pw',
  cy: 'cy-test-pw',
  rita: 'rita-test-pw',
};
// A name outside ASCII, with an astral character: its layer's id is percent-encoded UTF-8.
const ZOE = 'Zoë😀';
const ZOE_ENC = 'Zo%C3%AB%F0%9F%98%80';

let couch: Couch;
let url = '';
let host: StaticHost;
let blank = '';
const contexts: APIRequestContext[] = [];

async function as(user: string | null, password = user ? PASSWORDS[user] : ''): Promise<APIRequestContext> {
  const headers: Record<string, string> = {};
  if (user !== null) {
    headers.Authorization = 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  }
  const ctx = await playwrightRequest.newContext({ baseURL: url, extraHTTPHeaders: headers });
  contexts.push(ctx);
  return ctx;
}

function layer(document: string, name: string, extra: object = {}) {
  return { type: 'layer', postil: 1, document, layer: name, annotations: [], relations: [], document_labels: {}, done: false, removed: [], ...extra };
}

async function put(who: APIRequestContext, id: string, body: object) {
  const res = await who.put(`/${DB}/${encodeURIComponent(id)}`, { data: body });
  return { status: res.status(), body: await res.json() };
}

async function current(id: string) {
  const admin = await as('admin');
  const res = await admin.get(`/${DB}/${encodeURIComponent(id)}`);
  return res.status() === 200 ? await res.json() : null;
}

test.beforeAll(async () => {
  blank = mkdtempSync(join(tmpdir(), 'postil-blank-'));
  host = await serveUnder('/nothing/', blank);
  couch = await startCouch([host.origin]);
  url = couch.url;

  // Two more people: one outside the team (no role), one whose name is not ASCII.
  const admin = await as('admin');
  for (const [name, roles] of [['zed', []], [ZOE, ['postil-annotator']]] as const) {
    const res = await admin.put(`/_users/${encodeURIComponent('org.couchdb.user:' + name)}`, {
      data: { _id: `org.couchdb.user:${name}`, name, type: 'user', roles, password: 'pw-' + name.length },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  PASSWORDS.zed = 'pw-3';
  PASSWORDS[ZOE] = 'pw-' + ZOE.length;
});

test.afterAll(async () => {
  for (const ctx of contexts) await ctx.dispose();
  await couch?.stop();
  await host?.close();
  rmSync(blank, { recursive: true, force: true });
});

// [who, id, body, status (0: refused, 401 or 403), reason (exact) or null]
const WRITES: [string | null, string, object, number, string | null][] = [
  ['ana', 'layer:d1:ana', layer('d1', 'ana'), 201, null],
  ['ana', 'layer:d1:ben', layer('d1', 'ben'), 403, "Only ben may change ben's layer; you are signed in as ana."],
  ['ana', 'layer:d1:gold', layer('d1', 'gold'), 403, 'Only reviewers may change the gold layer; you are signed in as ana.'],
  ['rita', 'layer:d1:gold', layer('d1', 'gold'), 201, null],
  ['rita', 'layer:d1:ana', layer('d1', 'ana'), 403, "Only ana may change ana's layer; you are signed in as rita."],
  [null, 'layer:d1:cy', layer('d1', 'cy'), 401, null],
  // Not a member: CouchDB 3 answers 403, pouchdb-server 401; either way nothing is written.
  ['zed', 'layer:d1:zed', layer('d1', 'zed'), 0, null],
  ['ana', 'layer:d2:ana', layer('d1', 'ana'), 403, 'The id "layer:d2:ana" does not match the document it names ("d1").'],
  ['ana', 'layer:d1:ana2', layer('d1', 'ana'), 403, 'The id "layer:d1:ana2" does not match the layer it names ("ana").'],
  ['ana', 'layer:d1:ana', layer('d1', 'ana', { postil: 2 }), 403, 'This change was made by a newer Postil (format 2); update Postil to share it with this team.'],
  ['ana', 'layer:d1:ana', { ...layer('d1', 'ana'), type: 'document' }, 403, 'The document "layer:d1:ana" must have type "layer".'],
  ['ana', 'notes:1', { type: 'notes', postil: 1 }, 403, 'Postil keeps only its label schema, documents and layers in this database; "notes:1" is none of these.'],
  ['ana', 'layer:d1:x:y', layer('d1', 'x:y'), 403, 'Postil keeps only its label schema, documents and layers in this database; "layer:d1:x:y" is none of these.'],
  ['ana', 'schema', { type: 'schema', postil: 1, schema: { labels: [] } }, 403, 'Only reviewers may change the label schema; you are signed in as ana.'],
  ['rita', 'schema', { type: 'schema', postil: 1, schema: { labels: [] } }, 201, null],
  // Non-ASCII and astral names: only the exact encoding is the id of that layer.
  [ZOE, `layer:d%201:${ZOE_ENC}`, layer('d 1', ZOE), 201, null],
  [ZOE, `layer:d%201:${ZOE_ENC.toLowerCase()}`, layer('d 1', ZOE), 403, `The id "layer:d%201:${ZOE_ENC.toLowerCase()}" is not one Postil writes: its layer part is not encoded as Postil encodes it.`],
  [ZOE, `layer:d 1:${ZOE}`, layer('d 1', ZOE), 403, `The id "layer:d 1:${ZOE}" is not one Postil writes: its document part is not encoded as Postil encodes it.`],
  ['ana', `layer:d%201:${ZOE_ENC}`, layer('d 1', ZOE), 403, `Only ${ZOE} may change ${ZOE}'s layer; you are signed in as ana.`],
  ['ana', 'layer:%E2%80%9Cq%E2%80%9D%21:ana', layer('“q”!', 'ana'), 201, null],
];

for (const [who, id, body, status, reason] of WRITES) {
  test(`${who ?? 'anonymous'} writes ${id} (${JSON.stringify(body).slice(0, 60)}…): ${status || 'refused'}`, async () => {
    const before = await current(id);
    const doc = before ? { ...body, _rev: before._rev } : body;
    const res = await put(await as(who), id, doc);
    if (status === 0) expect([401, 403], JSON.stringify(res.body)).toContain(res.status);
    else expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (reason !== null) expect(res.body.reason).toBe(reason);
    if (status !== 201) expect((await current(id))?._rev).toBe(before?._rev);
  });
}

test('a document: anyone in the team adds one and retitles it; nobody changes its text', async () => {
  const ana = await as('ana');
  const ben = await as('ben');
  const doc = { type: 'document', postil: 1, document: 'art 7', title: 'Draft', text: 'Moscow is big.' };
  const made = await put(ana, 'document:art%207', doc);
  expect(made.status).toBe(201);
  const retitled = await put(ben, 'document:art%207', { ...doc, title: 'Moscow', _rev: made.body.rev });
  expect(retitled.status, JSON.stringify(retitled.body)).toBe(201);
  const rewritten = await put(ana, 'document:art%207', { ...doc, title: 'Moscow', text: 'Moscow is small.', _rev: retitled.body.rev });
  expect(rewritten.status).toBe(403);
  expect(rewritten.body.reason).toBe(
    'The text of "art 7" cannot change once it is shared: everyone\'s annotations point into it. Import the new text as a new document.',
  );
  const removed = await ana.delete(`/${DB}/${encodeURIComponent('document:art%207')}?rev=${retitled.body.rev}`);
  expect(removed.status()).toBe(403);
  expect((await removed.json()).reason).toBe('Only reviewers may remove a document from the team; you are signed in as ana.');
  expect((await current('document:art%207')).text).toBe('Moscow is big.');
});

test('deleting a layer is decided from its id: ben may delete his own, ana may not', async () => {
  const ben = await as('ben');
  const made = await put(ben, 'layer:d9:ben', layer('d9', 'ben'));
  expect(made.status).toBe(201);
  const path = `/${DB}/${encodeURIComponent('layer:d9:ben')}?rev=${made.body.rev}`;
  const byAna = await (await as('ana')).delete(path);
  expect(byAna.status()).toBe(403);
  expect((await byAna.json()).reason).toBe("Only ben may change ben's layer; you are signed in as ana.");
  const byBen = await ben.delete(path);
  expect(byBen.status(), await byBen.text()).toBe(200);
  expect(await current('layer:d9:ben')).toBeNull();
});

test('_bulk_docs refuses item by item, and replicated writes (new_edits: false) are checked too', async () => {
  const ana = await as('ana');
  const res = await ana.post(`/${DB}/_bulk_docs`, {
    data: { docs: [{ _id: 'layer:d3:ana', ...layer('d3', 'ana') }, { _id: 'layer:d3:ben', ...layer('d3', 'ben') }] },
  });
  expect(res.status()).toBe(201);
  // By id: pouchdb-server lists the refused items first, CouchDB in the order sent.
  const items: { id: string }[] = await res.json();
  const byId = Object.fromEntries(items.map((item) => [item.id, item]));
  expect(items).toHaveLength(2);
  expect(byId['layer:d3:ana']).toMatchObject({ ok: true });
  expect(byId['layer:d3:ben']).toMatchObject({ error: 'forbidden', reason: "Only ben may change ben's layer; you are signed in as ana." });

  // What a replicator sends: the revision and its history, kept as they are.
  const replicated = await ana.post(`/${DB}/_bulk_docs`, {
    data: {
      new_edits: false,
      docs: [
        { _id: 'layer:d4:ben', _rev: '1-0123456789abcdef0123456789abcdef', _revisions: { start: 1, ids: ['0123456789abcdef0123456789abcdef'] }, ...layer('d4', 'ben') },
        { _id: 'layer:d4:ana', _rev: '1-fedcba9876543210fedcba9876543210', _revisions: { start: 1, ids: ['fedcba9876543210fedcba9876543210'] }, ...layer('d4', 'ana') },
      ],
    },
  });
  expect(replicated.status()).toBe(201);
  expect(await replicated.json()).toEqual([
    { id: 'layer:d4:ben', error: 'forbidden', reason: "Only ben may change ben's layer; you are signed in as ana." },
  ]);
  expect(await current('layer:d4:ben')).toBeNull();
  expect((await current('layer:d4:ana'))?._rev).toBe('1-fedcba9876543210fedcba9876543210');

  // A second revision keeps the history it came with (couch-test-server.mjs works around
  // pouchdb-server losing it).
  const second = await ana.post(`/${DB}/_bulk_docs`, {
    data: {
      new_edits: false,
      docs: [
        { _id: 'layer:d4:ana', _rev: '2-00000000000000000000000000000002', _revisions: { start: 2, ids: ['00000000000000000000000000000002', 'fedcba9876543210fedcba9876543210'] }, ...layer('d4', 'ana', { done: true }) },
      ],
    },
  });
  expect(await second.json()).toEqual([]);
  expect(await current('layer:d4:ana')).toMatchObject({ _rev: '2-00000000000000000000000000000002', done: true });
});

test('a page on another origin signs in with a cookie and writes its layer (CORS with credentials)', async ({ page }) => {
  await page.goto(host.origin + '/');
  const result = await page.evaluate(async ([couchUrl, db]) => {
    const login = await fetch(`${couchUrl}/_session`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'cy', password: 'cy-test-pw' }),
    });
    const session = await (await fetch(`${couchUrl}/_session`, { credentials: 'include' })).json();
    const write = await fetch(`${couchUrl}/${db}/layer%3Ad5%3Acy`, {
      method: 'PUT',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'layer', postil: 1, document: 'd5', layer: 'cy', annotations: [] }),
    });
    const other = await fetch(`${couchUrl}/${db}/layer%3Ad5%3Aana`, {
      method: 'PUT',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'layer', postil: 1, document: 'd5', layer: 'ana', annotations: [] }),
    });
    return { login: login.status, name: session.userCtx.name, write: write.status, other: other.status, reason: (await other.json()).reason };
  }, [url, DB] as const);
  expect(result).toEqual({ login: 200, name: 'cy', write: 201, other: 403, reason: "Only ana may change ana's layer; you are signed in as cy." });
});
