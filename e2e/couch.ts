// A CouchDB for a spec file: scripts/couch-test-server.mjs (pouchdb-server in memory, with
// Postil's users, database and access rules) started on a free port, and stopped after.
import { expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export const DB = 'postil-test';
export const PASSWORDS: Record<string, string> = {
  admin: 'admin-test-pw',
  ana: 'ana-test-pw',
  ben: 'ben-test-pw',
  cy: 'cy-test-pw',
  rita: 'rita-test-pw',
};

export interface Couch {
  /** `http://127.0.0.1:PORT`, the server's root. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the test server, letting `origins` in with credentials (CORS). */
export async function startCouch(origins: string[] = []): Promise<Couch> {
  const args = ['scripts/couch-test-server.mjs', '0', ...origins.flatMap((o) => ['--origin', o])];
  const couch: ChildProcess = spawn('node', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  couch.stderr!.on('data', (d) => (said += d));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: couch.stdout! }).once('line', resolve);
    couch.once('exit', () => reject(new Error(`couch-test-server stopped: ${said}`)));
    couch.once('error', reject);
  });
  const url = line.match(/^couch ready (http:\/\/127\.0\.0\.1:\d+)$/)?.[1] ?? '';
  expect(url, line).not.toBe('');
  return {
    url,
    async stop() {
      if (couch.exitCode === null) {
        const exited = new Promise((resolve) => couch.once('exit', resolve));
        couch.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** `fetch` as `user` (HTTP basic), JSON in and out. */
export async function asUser(couch: Couch, user: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${couch.url}${path}`, {
    method,
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${user}:${PASSWORDS[user]}`, 'utf8').toString('base64'),
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
