#!/usr/bin/env node
// A CouchDB for the sync tests: pouchdb-server's CouchDB API (express-pouchdb) over in-memory
// databases, on 127.0.0.1 only, set up as the README's "A team on one CouchDB" sets up a real
// one: an admin, CORS with credentials for the origins Postil is served from, the users, a
// database with its _security and Postil's access rules (core/src/sync/validate_doc_update.js).
//
//   node scripts/couch-test-server.mjs [PORT] [--origin URL]...
//
// PORT is the argument, else $POSTIL_COUCH_PORT, else 15984; 0 takes a free port. The origins
// default to http://127.0.0.1:8095 and http://localhost:8095. When everything is in place it
// prints one line, `couch ready http://127.0.0.1:PORT`, and it exits cleanly on SIGTERM or
// SIGINT. Nothing is written to disk but a log file in a temporary folder it removes on exit
// (pouchdb-server's own command line writes config.json and log.txt into the current folder).
//
// Everything after the admin is configured through HTTP, with the very requests the README
// shows for CouchDB 3, so a run of this script checks them. pouchdb-server knows
// `/_node/node1@127.0.0.1/_config` but not CouchDB 3's `/_node/_local/_config`; one rewrite
// below gives it that name too.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The test accounts. Never use these anywhere but on 127.0.0.1. */
export const ADMIN = { name: 'admin', password: 'admin-test-pw' };
export const DATABASE = 'postil-test';
export const USERS = [
  { name: 'ana', password: 'ana-test-pw', roles: ['postil-annotator'] },
  { name: 'ben', password: 'ben-test-pw', roles: ['postil-annotator'] },
  { name: 'cy', password: 'cy-test-pw', roles: ['postil-annotator'] },
  { name: 'rita', password: 'rita-test-pw', roles: ['postil-annotator', 'postil-reviewer'] },
];
const DEFAULT_ORIGINS = ['http://127.0.0.1:8095', 'http://localhost:8095'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// pouchdb-server's own dependencies, found from its folder, so this script needs no package
// of its own beyond pouchdb-server (and does not depend on how npm hoisted them).
const fromServer = createRequire(createRequire(import.meta.url).resolve('pouchdb-server/package.json'));

function parseArgs(argv) {
  let port = process.env.POSTIL_COUCH_PORT ?? '15984';
  const origins = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--origin' && i + 1 < argv.length) {
      origins.push(argv[++i]);
    } else if (/^\d+$/.test(argv[i])) {
      port = argv[i];
    } else {
      throw new Error(`usage: couch-test-server.mjs [PORT] [--origin URL]... (not understood: ${argv[i]})`);
    }
  }
  return { port: Number(port), origins: origins.length ? origins : DEFAULT_ORIGINS };
}

/** Starts the server and sets it up; resolves to { url, close() }. */
export async function startCouch({ port, origins }) {
  const express = fromServer('express');
  const expressPouchDB = fromServer('express-pouchdb');
  const cors = fromServer('./lib/cors.js');
  const PouchDB = fromServer('pouchdb-core')
    .plugin(fromServer('pouchdb-adapter-http'))
    .plugin(fromServer('pouchdb-adapter-memory'))
    .plugin(fromServer('pouchdb-replication'))
    .plugin(fromServer('pouchdb-mapreduce'));

  const scratch = mkdtempSync(join(tmpdir(), 'postil-couch-'));
  const couch = expressPouchDB({ inMemoryConfig: true, logPath: join(scratch, 'log.txt') });
  // The admin is configured before the first request (CouchDB 3 has no "admin party" either)
  // and before the databases exist: setting it later opens _users a second time at once, and
  // express-pouchdb then fails ("Security methods already installed").
  await new Promise((resolve, reject) =>
    couch.couchConfig.set('admins', ADMIN.name, ADMIN.password, (err) => (err ? reject(err) : resolve())),
  );
  keepReplicatedHistories(couch);
  await couch.setPouchDB(PouchDB.defaults({ prefix: scratch + '/' }));

  const app = express();
  // originalUrl too: express-pouchdb's virtual hosts read the path from it.
  app.use((req, _res, next) => {
    req.url = req.originalUrl = req.url.replace(/^\/_node\/_local(?=\/)/, '');
    next();
  });
  // pouchdb-server's CORS layer, driven by the [httpd]/[cors] config set below.
  app.use(cors(couch.couchConfig));
  app.use(couch);

  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  // Does not wait for server.close's callback: it can wait on a connection for long after
  // closeAllConnections, and a test's server has nothing to finish.
  const close = async () => {
    server.close();
    server.closeAllConnections();
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    await setUp(url, origins);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, close };
}

// pouchdb-validation (express-pouchdb 4.2.0) sets each written document's _revisions to those of
// the stored one before it runs validate_doc_update. A replicated write (`_bulk_docs` with
// `new_edits: false`) of a document's second revision is then stored as its first again: lost,
// though the answer says it was written. CouchDB keeps the history it is given, and the
// replicator's tests need that, so every database's bulkDocs is wrapped once more, outside the
// validation (this wrapper runs after it is installed), and the incoming documents' _revisions
// ignore assignments.
function keepReplicatedHistories(couch) {
  couch.dbWrapper.registerWrapper((_name, db, next) => {
    const bulkDocs = db.bulkDocs;
    db.bulkDocs = function (docs, ...rest) {
      for (const doc of (docs && docs.docs) || docs || []) {
        if (doc && typeof doc === 'object' && '_revisions' in doc) {
          const revisions = doc._revisions;
          Object.defineProperty(doc, '_revisions', {
            get: () => revisions,
            set: () => {},
            enumerable: true,
            configurable: true,
          });
        }
      }
      return bulkDocs.call(this, docs, ...rest);
    };
    return next();
  });
}

async function setUp(url, origins) {
  const auth = 'Basic ' + Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64');
  async function put(path, body) {
    const res = await fetch(url + path, {
      method: 'PUT',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
    }
  }

  // CORS, as in the README: the config values are JSON strings.
  // CouchDB 3.2 and later read [chttpd] enable_cors; pouchdb-server has CORS on already.
  await put('/_node/_local/_config/chttpd/enable_cors', 'true');
  await put('/_node/_local/_config/cors/origins', origins.join(', '));
  await put('/_node/_local/_config/cors/credentials', 'true');
  await put('/_node/_local/_config/cors/methods', 'GET, PUT, POST, HEAD, DELETE');
  await put('/_node/_local/_config/cors/headers', 'accept, authorization, content-type, origin, referer');

  await put(`/${DATABASE}`, undefined);
  for (const user of USERS) {
    await put(`/_users/org.couchdb.user:${encodeURIComponent(user.name)}`, {
      _id: `org.couchdb.user:${user.name}`,
      name: user.name,
      type: 'user',
      roles: user.roles,
      password: user.password,
    });
  }
  await put(`/${DATABASE}/_security`, {
    admins: { names: [], roles: ['postil-admin'] },
    members: { names: [], roles: ['postil-annotator'] },
  });
  await put(`/${DATABASE}/_design/postil`, {
    validate_doc_update: readFileSync(join(root, 'core/src/sync/validate_doc_update.js'), 'utf8'),
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url, close } = await startCouch(parseArgs(process.argv.slice(2)));
  const stop = () => close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`couch ready ${url}`);
}
