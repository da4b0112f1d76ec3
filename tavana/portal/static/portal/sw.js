// Tavana's service worker: her "next class / next booth" card, offline.
//
// Online, her pages come from the network as always (network first, nothing of
// them kept), and after her record page (/my/) the small card page /my/next/ is
// fetched and kept — only the card: no national code, no address, so a phone
// shared in a family shows little if it is opened offline. Offline, any of her
// pages answers with the last card kept, marked as last seen. Signing out
// forgets it. Static files (style, font) are kept as they are fetched so the
// card looks as it does online.
"use strict";

const CARD_CACHE = "tavana-card-v1";
const STATIC_CACHE = "tavana-static-v1";
const CARD_URL = "/my/next/";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(
        keys
          .filter(function (k) { return k !== CARD_CACHE && k !== STATIC_CACHE; })
          .map(function (k) { return caches.delete(k); })
      );
    }).then(function () { return self.clients.claim(); })
  );
});

function keepCard() {
  return fetch(CARD_URL, { credentials: "same-origin", redirect: "manual" }).then(function (r) {
    if (r.ok && r.type === "basic") {
      return caches.open(CARD_CACHE).then(function (c) { return c.put(CARD_URL, r); });
    }
    return null;
  }).catch(function () { return null; });
}

function forgetCard() {
  return caches.delete(CARD_CACHE);
}

function offlineCard() {
  return caches.open(CARD_CACHE).then(function (c) {
    return c.match(CARD_URL);
  }).then(function (hit) {
    if (hit) {
      return hit;
    }
    return new Response(
      "<!doctype html><html lang=\"fa\" dir=\"rtl\"><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>بدون اینترنت · توانا</title><main><h1>به اینترنت وصل نیستید</h1>" +
      "<p>وقتی دوباره وصل شدید، صفحه را تازه کنید.</p></main></html>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
    );
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && url.pathname === "/my/sign-out/") {
    event.waitUntil(forgetCard());
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.open(STATIC_CACHE).then(function (c) {
        return fetch(request).then(function (r) {
          if (r.ok) {
            c.put(request, r.clone());
          }
          return r;
        }).catch(function () {
          return c.match(request).then(function (hit) { return hit || Response.error(); });
        });
      })
    );
    return;
  }
  if (request.mode === "navigate" && url.pathname.startsWith("/my/")) {
    event.respondWith(
      fetch(request).then(function (r) {
        if (r.ok && url.pathname === "/my/") {  // her record page: the card is fresh there
          event.waitUntil(keepCard());
        }
        if (r.ok && url.pathname === CARD_URL) {
          const copy = r.clone();
          event.waitUntil(caches.open(CARD_CACHE).then(function (c) { return c.put(CARD_URL, copy); }));
        }
        return r;
      }).catch(offlineCard)
    );
  }
});
