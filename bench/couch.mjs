// What the sync benchmarks share (bench/sync.mjs, bench/sync-browser.mjs): the release CLI and
// the test CouchDB (scripts/couch-test-server.mjs: pouchdb-server in memory on 127.0.0.1, a
// process of its own, as a real server would be).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname;

/** The binary: $POSTIL_CLI, else ($CARGO_TARGET_DIR or target)/release/postil, built with
 * `cargo build --release -p postil-cli` (a no-op when it is up to date). */
export function cli() {
  if (process.env.POSTIL_CLI) return process.env.POSTIL_CLI;
  const built = spawnSync('cargo', ['build', '--release', '--quiet', '-p', 'postil-cli'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('cargo build --release -p postil-cli failed');
  return join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'release', 'postil');
}

/** Starts the test server, letting `origins` in with credentials (CORS); its root's address
 * and the process (to kill when done). */
export async function startCouch(origins = []) {
  const args = [join(ROOT, 'scripts/couch-test-server.mjs'), '0', ...origins.flatMap((o) => ['--origin', o])];
  const child = spawn('node', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      const m = line.match(/^couch ready (http:\/\/127\.0\.0\.1:\d+)$/);
      m ? resolve(m[1]) : reject(new Error(`couch-test-server said: ${line}`));
    });
    child.once('exit', () => reject(new Error('couch-test-server stopped')));
  });
  return { url, process: child };
}
