// `postil couch-setup`, `postil push` and `postil pull` against a CouchDB API: pouchdb-server in
// memory (scripts/couch-test-server.mjs, one per run of this file, on a free port) with the
// users ana, ben (annotators) and rita (also a reviewer). Each case runs the binary as a
// person would, the password in POSTIL_PASSWORD, and checks its exit status, the lines it
// prints and the files it writes, parsed, against the file that was pushed.
// POSTIL_CLI names the binary; otherwise $CARGO_TARGET_DIR (or target)/debug/postil.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pySlice, span } from './helpers';
import { asUser, DB, PASSWORDS, startCouch, type Couch } from './couch';

// Absolute: the binary runs in a temporary folder.
const BIN = resolve(process.env.POSTIL_CLI ?? join(process.env.CARGO_TARGET_DIR ?? 'target', 'debug', 'postil'));
const RULES = readFileSync('core/src/sync/validate_doc_update.js', 'utf8');

// Astral characters (a ZWJ family, a flag, mathematical letters), CJK, combining marks (not
// precomposed: "e" + U+0301) and CRLF line ends; one id with a space, a slash and quotes, which
// its CouchDB ids percent-encode.
const DOCUMENTS: { id: string; title: string; text: string; spans: [string, string][] }[] = [
  {
    id: 'd-astral',
    title: 'Astral',
    text: 'Talks 👩‍👩‍👧 in Washington 🇺🇸: Lavrov met 𝔐𝔞𝔯𝔦𝔞 in 北京.',
    spans: [['Washington', 'GPE'], ['Lavrov', 'PERSON'], ['𝔐𝔞𝔯𝔦𝔞', 'PERSON'], ['北京', 'GPE']],
  },
  {
    id: 'd-combining',
    title: 'Combining marks',
    text: 'Cafe\u0301 owner Zoe\u0308 Ma\u0300rquez spoke in Sa\u0303o Paulo.',
    spans: [['Zoe\u0308 Ma\u0300rquez', 'PERSON'], ['Sa\u0303o Paulo', 'GPE']],
  },
  {
    id: 'd crlf/“q”',
    title: 'CRLF',
    text: 'First line in Berlin.\r\nSecond line: Angela Merkel.\r\n\r\nThird in Paris.',
    spans: [['Berlin', 'GPE'], ['Angela Merkel', 'PERSON'], ['Paris', 'GPE']],
  },
];

type Span = { start: number; end: number; label: string; text: string };

/** A Postil file of DOCUMENTS by `annotator`; `drop` leaves out each document's last span. */
function postilFile(annotator: string, drop = false): string {
  return JSON.stringify({
    format: 'postil',
    version: 3,
    offset_unit: 'codepoint',
    annotator,
    labels: [
      { name: 'PERSON', color: '#ffd3a8', key: 'p' },
      { name: 'GPE', color: '#c7e8ff', key: 'g' },
    ],
    documents: DOCUMENTS.map((d) => ({
      id: d.id,
      title: d.title,
      text: d.text,
      annotations: (drop ? d.spans.slice(0, -1) : d.spans).map(([word, label], i) => {
        const [start, end] = span(d.text, word);
        return { id: i + 1, start, end, label, text: pySlice(d.text, start, end) };
      }),
    })),
  });
}

/** Each document's text and spans (sorted), by id, as a Postil file holds them. */
function byId(postilJson: string): Record<string, { text: string; spans: Span[] }> {
  const file = JSON.parse(postilJson);
  return Object.fromEntries(
    file.documents.map((d: { id: string; text: string; annotations: Span[] }) => [
      d.id,
      {
        text: d.text,
        spans: d.annotations
          .map(({ start, end, label, text }) => ({ start, end, label, text }))
          .sort((a, b) => a.start - b.start || a.end - b.end),
      },
    ]),
  );
}

let couch: Couch;
let url = '';
let dir = '';

/** Runs postil with `args`, signed in as `user` (its password, or `password`). */
function postil(args: string[], user?: string, password = user ? PASSWORDS[user] : '') {
  const full = user ? [...args, '--user', user] : args;
  return new Promise<{ code: number | null; stderr: string; lines: string[] }>((resolve, reject) => {
    const child = spawn(BIN, full, {
      cwd: dir,
      env: { ...process.env, POSTIL_PASSWORD: password },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr, lines: stderr.split('\n').filter(Boolean) }));
  });
}

const asAdmin = (method: string, path: string, body?: unknown) => asUser(couch, 'admin', method, path, body);

const file = (name: string) => readFileSync(join(dir, name), 'utf8');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postil-couch-cli-'));
  writeFileSync(join(dir, 'ana.postil.json'), postilFile('ana'));
  writeFileSync(join(dir, 'changed.postil.json'), postilFile('ana', true));
  couch = await startCouch();
  url = couch.url;
});

test.afterAll(async () => {
  await couch?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('couch-setup installs the rules as the admin, then says they are up to date; ana may not update them', async () => {
  const db = `${url}/setup-test`;
  expect((await asAdmin('PUT', '/setup-test')).status).toBe(201);
  expect(
    (await asAdmin('PUT', '/setup-test/_security', {
      admins: { names: [], roles: ['postil-admin'] },
      members: { names: [], roles: ['postil-annotator'] },
    })).status,
  ).toBe(200);

  const first = await postil(['couch-setup', db], 'admin');
  expect(first.lines).toEqual([`postil: installed Postil's access rules in ${db}`]);
  expect(first.code).toBe(0);
  const installed = await asAdmin('GET', '/setup-test/_design/postil');
  expect(installed.body.validate_doc_update).toBe(RULES);

  const again = await postil(['couch-setup', `${db}/`], 'admin');
  expect(again.lines).toEqual([`postil: Postil's access rules in ${db} are already up to date`]);
  expect(again.code).toBe(0);
  expect((await asAdmin('GET', '/setup-test/_design/postil')).body._rev).toBe(installed.body._rev);

  // Older rules in place: ana, a member but no admin, is refused and nothing changes.
  const older = await asAdmin('PUT', '/setup-test/_design/postil', {
    ...installed.body,
    validate_doc_update: 'function (newDoc, oldDoc, userCtx) {}',
  });
  expect(older.status).toBe(201);
  const byAna = await postil(['couch-setup', db], 'ana');
  expect(byAna.lines).toHaveLength(1);
  expect(byAna.lines[0]).toMatch(
    new RegExp(`^postil: ${db}: only an admin of the database may install Postil's access rules, and the server refused you \\(.+\\)$`),
  );
  expect(byAna.code).toBe(1);
  expect((await asAdmin('GET', '/setup-test/_design/postil')).body._rev).toBe(older.body.rev);

  const updated = await postil(['couch-setup', db], 'admin');
  expect(updated.lines).toEqual([`postil: updated Postil's access rules in ${db}`]);
  expect(updated.code).toBe(0);
  expect((await asAdmin('GET', '/setup-test/_design/postil')).body.validate_doc_update).toBe(RULES);
});

test('ana pushes her file; ben pulls her layer with the same texts, offsets and labels', async () => {
  const push = await postil(['push', 'ana.postil.json', `${url}/${DB}`], 'ana');
  expect(push.lines).toHaveLength(1);
  // Three documents and ana's three layers.
  expect(push.lines[0]).toMatch(new RegExp(`^postil: pushed 6 revisions to ${url}/${DB} \\(0 documents already there\\) in \\d+ ms$`));
  expect(push.code).toBe(0);

  const pull = await postil(['pull', `${url}/${DB}`, '--layer', 'ana', '-o', 'ben.postil.json'], 'ben');
  expect(pull.lines).toHaveLength(1);
  expect(pull.lines[0]).toMatch(
    /^postil: wrote ben\.postil\.json \(Postil JSON, 3 documents, 9 annotations from the layer “ana” of 3 documents\) in \d+ ms$/,
  );
  expect(pull.code).toBe(0);
  const pulled = byId(file('ben.postil.json'));
  expect(pulled).toEqual(byId(file('ana.postil.json')));
  // Code points, not UTF-16 units: the mathematical letters after the emoji.
  expect(pulled['d-astral'].spans[2]).toEqual({ start: 41, end: 46, label: 'PERSON', text: '𝔐𝔞𝔯𝔦𝔞' });
  expect(pulled['d crlf/“q”'].text).toContain('\r\n\r\n');
});

test('the gold layer before a reviewer writes it: the documents, no annotations', async () => {
  const pull = await postil(['pull', `${url}/${DB}`, '-o', 'gold-before.postil.json'], 'ben');
  expect(pull.lines[0]).toMatch(
    /^postil: wrote gold-before\.postil\.json \(Postil JSON, 3 documents, 0 annotations from the layer “gold” of 0 documents\) in \d+ ms$/,
  );
  expect(pull.code).toBe(0);
  const pulled = byId(file('gold-before.postil.json'));
  expect(Object.keys(pulled).sort()).toEqual(DOCUMENTS.map((d) => d.id).sort());
  for (const d of DOCUMENTS) expect(pulled[d.id]).toEqual({ text: d.text, spans: [] });
});

test("ben may not push into ana's layer: the rule's sentence, exit 1, her layer unchanged", async () => {
  const layerId = encodeURIComponent('layer:d-astral:ana');
  const before = await asAdmin('GET', `/${DB}/${layerId}`);
  expect(before.status).toBe(200);

  const push = await postil(['push', 'changed.postil.json', `${url}/${DB}`, '--layer', 'ana'], 'ben');
  expect(push.code).toBe(1);
  expect(push.lines).toContain(
    "postil: the server refused layer:d-astral:ana: Only ana may change ana's layer; you are signed in as ben.",
  );
  expect(push.lines.at(-1)).toBe('postil: 3 writes were refused');

  const after = await asAdmin('GET', `/${DB}/${layerId}`);
  expect(after.body._rev).toBe(before.body._rev);
  const pull = await postil(['pull', `${url}/${DB}`, '--layer', 'ana', '-o', 'ana-after.postil.json'], 'ben');
  expect(pull.code).toBe(0);
  expect(byId(file('ana-after.postil.json'))).toEqual(byId(file('ana.postil.json')));
});

test('rita pushes the gold layer and a pull (gold by default) has it', async () => {
  const push = await postil(['push', 'ana.postil.json', `${url}/${DB}`, '--layer', 'gold'], 'rita');
  // Three gold layers and the schema (a reviewer's push carries it).
  expect(push.lines).toHaveLength(1);
  expect(push.lines[0]).toMatch(new RegExp(`^postil: pushed 4 revisions to ${url}/${DB} \\(3 documents already there\\) in \\d+ ms$`));
  expect(push.code).toBe(0);

  const pull = await postil(['pull', `${url}/${DB}`, '-o', 'gold.postil.json'], 'ben');
  expect(pull.lines[0]).toMatch(/\(Postil JSON, 3 documents, 9 annotations from the layer “gold” of 3 documents\)/);
  expect(pull.code).toBe(0);
  expect(byId(file('gold.postil.json'))).toEqual(byId(file('ana.postil.json')));
  // The schema came with it: rita's two labels, not the default set.
  const labels = JSON.parse(file('gold.postil.json')).labels.map((l: { name: string }) => l.name);
  expect(labels).toEqual(['PERSON', 'GPE']);
});

test('a wrong password: the server asks to sign in again, exit 1, no file', async () => {
  const pull = await postil(['pull', `${url}/${DB}`, '-o', 'wrong.postil.json'], 'ben', 'not-bens-password');
  expect(pull.lines).toHaveLength(1);
  expect(pull.lines[0]).toMatch(new RegExp(`^postil: ${url}/${DB}: the server asks you to sign in again \\(.*\\)$`));
  expect(pull.code).toBe(1);
  expect(() => file('wrong.postil.json')).toThrow();
});

test('a URL with no database says so, exit 1', async () => {
  const pull = await postil(['pull', `${url}/no-such-db`, '-o', 'none.postil.json'], 'ben');
  expect(pull.lines).toEqual([`postil: ${url}/no-such-db: there is no such database on the server`]);
  expect(pull.code).toBe(1);
  const push = await postil(['push', 'ana.postil.json', `${url}/no-such-db`], 'ana');
  expect(push.lines).toEqual([`postil: ${url}/no-such-db: there is no such database on the server`]);
  expect(push.code).toBe(1);
  const setup = await postil(['couch-setup', `${url}/no-such-db`], 'admin');
  expect(setup.lines).toEqual([`postil: ${url}/no-such-db: there is no such database on the server`]);
  expect(setup.code).toBe(1);
});

test('pull --to doccano writes JSONL whose offsets are the input’s code points', async () => {
  const pull = await postil(['pull', `${url}/${DB}`, '--layer', 'ana', '-o', 'ana.jsonl', '--to', 'doccano'], 'ben');
  // rita's gold layers stand beside ana's now, and doccano has one set of labels a record.
  expect(pull.lines).toHaveLength(2);
  expect(pull.lines[0]).toBe(
    'postil: doccano JSONL cannot hold everything: 3 layers of other annotators’ or models’ annotations were left out (doccano JSONL has no place for them; Postil JSON keeps them)',
  );
  expect(pull.lines[1]).toMatch(/^postil: wrote ana\.jsonl \(doccano JSONL, 3 documents, 9 annotations from the layer “ana” of 3 documents\) in \d+ ms$/);
  expect(pull.code).toBe(0);
  const records = file('ana.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l));
  const got = Object.fromEntries(records.map((r) => [r.id, { text: r.text, label: r.label }]));
  const want = Object.fromEntries(
    DOCUMENTS.map((d) => [d.id, { text: d.text, label: d.spans.map(([w, label]) => [...span(d.text, w), label]) }]),
  );
  expect(got).toEqual(want);
});
