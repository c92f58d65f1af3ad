// The service worker, served at /sw.js after a line the server writes (views/pwa.py):
// const CONFIG = {version, shell: [urls], offline: {lang: url}, language};
"use strict";

const SHELL = `tidings-shell-${CONFIG.version}`;
// Pages are the reader's, not the app's: they outlive a version. Their old ?v= asset
// links are answered from the current shell by path (see asset below).
const PAGES = "tidings-pages"; // other pages opened, as a fallback
const RECENT = "tidings-recent"; // article pages opened
const SAVED = "tidings-saved"; // saved by the reader, kept until removed
const MEDIA = "tidings-saved-media"; // their images, when the media proxy serves them
const LIMITS = { [PAGES]: 30, [RECENT]: 50 };
const ARTICLE = /^\/[^/]+\/article\/[0-9a-f]{32}$/;
const OFFLINE_PAGES = new Set(Object.values(CONFIG.offline));
const ANY = { ignoreVary: true };

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => cache.addAll([...CONFIG.shell, ...OFFLINE_PAGES]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("tidings-shell-") && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(asset(request));
  } else if (url.pathname.startsWith("/media/")) {
    event.respondWith(media(request));
  }
});

// A proxied image never changes under its URL: a saved article's copy, else the network.
async function media(request) {
  return (await caches.match(request, { ...ANY, cacheName: MEDIA })) || fetch(request);
}

async function asset(request) {
  const exact = await caches.match(request, ANY);
  if (exact) return exact;
  try {
    return await fetch(request);
  } catch (err) {
    const byPath = await caches.match(request, { ...ANY, ignoreSearch: true, cacheName: SHELL });
    return byPath || Response.error();
  }
}

// Network first, so online readers always get the news as it is now.
async function page(event, url) {
  try {
    const response = await fetch(event.request);
    if (keepable(url, response)) event.waitUntil(keep(url, response.clone()));
    return response;
  } catch (err) {
    const kept = await caches.match(url.href, ANY);
    if (kept) return kept;
    if (url.pathname === "/") {
      const home = await caches.match(`/${CONFIG.language}/`, ANY);
      if (home) return home;
    }
    const lang = url.pathname.split("/")[1];
    const offline = CONFIG.offline[lang] || CONFIG.offline[CONFIG.language];
    return (await caches.match(offline, { ...ANY, cacheName: SHELL })) || Response.error();
  }
}

// Account pages say no-store and stay off the device. "private" (every page to a signed-in
// reader) only bars shared caches; this one is the reader's own.
function keepable(url, response) {
  return response.ok && response.type === "basic" && !OFFLINE_PAGES.has(url.pathname)
    && !(response.headers.get("Cache-Control") || "").includes("no-store");
}

async function keep(url, response) {
  const name = ARTICLE.test(url.pathname) ? RECENT : PAGES;
  const saved = await caches.open(SAVED);
  if (await saved.match(url.href, ANY)) await saved.put(url.href, response.clone());
  const cache = await caches.open(name);
  // Delete first so the page moves to the end: keys() lists oldest first.
  await cache.delete(url.href, ANY);
  await cache.put(url.href, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - LIMITS[name]))) {
    await cache.delete(old);
  }
}
