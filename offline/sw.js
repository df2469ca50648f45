// Postil's service worker: keeps the app's files so that Postil starts with the network off.
//
// The release build (scripts/offline.py) writes this file into dist/ with BUILD filled in: the
// build's version (a digest of every file listed) and the files, as paths relative to this
// script, so the app works under any folder of a host (`/`, `/postil/`). Each version has its
// own cache, filled whole at install, so the files of one build are never mixed with another's.
//
// Lifecycle: the browser fetches this script again on each start; when its bytes differ (a new
// build), the new version is installed beside the running one and takes over once every
// Postil tab is closed, i.e. on the next start. It never takes over a running page: that page
// may still load the import worker of its own build. The app announces the new version itself
// (version.json, read through this worker from the same cache as the rest).
'use strict';

const BUILD = /* postil-build */ null;
const scope = new URL(self.registration.scope);
// Caches are per origin: named by folder too, so copies of Postil under two folders of one
// host never delete each other's.
const PREFIX = `postil ${scope.pathname} `;
const CACHE = PREFIX + BUILD.version;
const urls = new Set(BUILD.files.map((f) => new URL(f, scope).href));
// The page itself: what a navigation inside the scope is answered with.
const page = new URL('./', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `reload`: past the HTTP cache, so a new version never keeps an old file by mistake.
      cache.addAll([...urls].map((u) => new Request(u, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      // The first version takes the page that installed it, so it works offline at once.
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  let key = null;
  if (urls.has(url.href)) key = url.href;
  // Only the app's own page: other pages of the host under this folder stay theirs.
  else if (request.mode === 'navigate' && (url.href === page || url.href === page + 'index.html')) key = page;
  if (key === null) return; // not the app's: the network, as without this worker
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(request)),
  );
});
