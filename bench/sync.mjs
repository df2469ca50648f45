// Sync figures (printed, never pass/fail): `postil push` and `postil pull` of 1,000 news-like
// documents against the test CouchDB (scripts/couch-test-server.mjs: pouchdb-server in
// memory, on 127.0.0.1, a separate process as a real server would be).
//
// The corpus is generated from a seed: 1,000 documents of about 300 words, some with astral
// characters (emoji, mathematical letters) and combining marks, each with about 10 entity
// annotations, written as a Postil file (code-point offsets, checked against the text). Timed,
// each run on a fresh database (made as the admin, its rules installed with couch-setup):
//   1. ana pushes the file as her layer: the first sync up (1,000 documents, 1,000 layers);
//   2. ana pushes the same file again: nothing is new, the cost of a sync with no news;
//   3. ben pulls ana's layer into a fresh file: the first sync down of everything.
// Each figure is the median of 3 runs (the CLI's whole run: start, sign-in, sync, files).
// One more run goes through a counting proxy for the number of HTTP requests and the bytes
// that crossed the wire; its times are not used (the proxy adds its own).
//
// The binary: $POSTIL_CLI, else ($CARGO_TARGET_DIR or target)/release/postil, built here
// with `cargo build --release -p postil-cli` (a no-op when it is up to date).
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCorpus, postilFile } from './corpus.mjs';
import { cli, ROOT, startCouch } from './couch.mjs';

const DOCS = 1000;
const RUNS = 3;

const BIN = cli();

const { documents } = makeCorpus(DOCS);
const work = mkdtempSync(join(tmpdir(), 'postil-bench-sync-'));
const corpusPath = join(work, 'corpus.postil.json');
writeFileSync(corpusPath, postilFile(documents, 'ana'));

// --- The server, and a counting proxy in front of it ------------------------------------------
const { url, process: couch } = await startCouch();
const target = new URL(url);
const counts = { requests: 0, sent: 0, received: 0 };
const proxy = createServer((req, res) => {
  counts.requests++;
  const out = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.on('data', (d) => (counts.received += d.length));
      answer.pipe(res);
    },
  );
  req.on('data', (d) => (counts.sent += d.length));
  req.pipe(out);
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const proxied = `http://127.0.0.1:${proxy.address().port}`;

const ADMIN = 'Basic ' + Buffer.from('admin:admin-test-pw').toString('base64');
async function admin(method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: { Authorization: ADMIN, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

function postil(args, user, password) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(BIN, [...args, '--user', user], {
      env: { ...process.env, POSTIL_PASSWORD: password },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    child.stderr.on('data', (d) => (said += d));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      code === 0 ? resolve(ms) : reject(new Error(`postil ${args.join(' ')} (exit ${code}): ${said}`));
    });
  });
}

let made = 0;
/** A fresh database with the team's _security and Postil's rules; its URL through `base`. */
async function freshDatabase(base) {
  const name = `bench-${++made}`;
  await admin('PUT', `/${name}`);
  await admin('PUT', `/${name}/_security`, {
    admins: { names: [], roles: ['postil-admin'] },
    members: { names: [], roles: ['postil-annotator'] },
  });
  await postil(['couch-setup', `${url}/${name}`], 'admin', 'admin-test-pw');
  return `${base}/${name}`;
}

const STEPS = ['push (first sync up)', 'push again (nothing new)', 'pull (first sync down)'];
async function oneRun(base) {
  const db = await freshDatabase(base);
  const out = join(work, `pulled-${made}.postil.json`);
  const times = [];
  const requests = [];
  const bytes = [];
  const steps = [
    () => postil(['push', corpusPath, db], 'ana', 'ana-test-pw'),
    () => postil(['push', corpusPath, db], 'ana', 'ana-test-pw'),
    () => postil(['pull', db, '--layer', 'ana', '-o', out], 'ben', 'ben-test-pw'),
  ];
  for (const step of steps) {
    const before = { ...counts };
    times.push(await step());
    requests.push(counts.requests - before.requests);
    bytes.push([counts.sent - before.sent, counts.received - before.received]);
  }
  return { times, requests, bytes, out };
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await oneRun(url));
const counted = await oneRun(proxied);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const words = documents.reduce((n, d) => n + d.text.split(/\s+/).length, 0);
const annotations = documents.reduce((n, d) => n + d.annotations.length, 0);
console.log(
  `sync: ${DOCS.toLocaleString('en')} documents, ${words.toLocaleString('en')} words, ${annotations.toLocaleString('en')} annotations; ` +
    `the Postil file ${mb(statSync(corpusPath).size)}, the pulled file ${mb(statSync(runs[0].out).size)}; ` +
    `pouchdb-server ${JSON.parse(readFileSync(join(ROOT, 'node_modules/pouchdb-server/package.json'), 'utf8')).version} in memory on 127.0.0.1; median of ${RUNS} runs, each on a fresh database`,
);
console.log('| step | median | runs | HTTP requests | bytes sent / received |');
console.log('|---|---|---|---|---|');
STEPS.forEach((step, i) => {
  const ts = runs.map((r) => r.times[i]);
  console.log(
    `| ${step} | ${median(ts).toFixed(0)} ms | ${ts.map((t) => t.toFixed(0)).join(', ')} | ${counted.requests[i]} | ` +
      `${mb(counted.bytes[i][0])} / ${mb(counted.bytes[i][1])} |`,
  );
});

proxy.close();
couch.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });
