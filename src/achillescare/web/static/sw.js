// AchillesCare's service worker: makes the app installable and keeps its look when the network
// drops, without ever keeping a private page. Only /static/ files (the same for every account)
// are cached; pages, the API and every POST go to the network, so nothing one account saw can
// be shown to another on a shared phone. A page that cannot be fetched is answered with the
// static offline page. Check-ins made offline are queued by offline.js (IndexedDB), not here.
"use strict";

const CACHE = "achillescare-static-v1";
const OFFLINE_PAGE = "/static/offline.html";
const PRECACHE = [
  OFFLINE_PAGE,
  "/static/app.css",
  "/static/offline.js",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/static/vendor/htmx-2.0.11.min.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// Static files: answer from the cache at once and refresh it behind (stale-while-revalidate),
// so an edited app.css shows on the next load; vendor files carry their version in their name.
function staticFile(event) {
  return caches.open(CACHE).then((cache) =>
    cache.match(event.request).then((cached) => {
      const fresh = fetch(event.request).then((response) => {
        if (response.ok) cache.put(event.request, response.clone());
        return response;
      });
      if (!cached) return fresh;
      event.waitUntil(fresh.catch(() => undefined));
      return cached;
    }),
  );
}

// Pages: the network only (never stored); offline, the static offline page.
function page(request) {
  return fetch(request).catch(() => caches.match(OFFLINE_PAGE));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(event));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});
