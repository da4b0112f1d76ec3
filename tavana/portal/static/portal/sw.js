// Tavana's service worker: her "next class / next booth" card, offline.
//
// Online, her pages come from the network as always (network first, nothing of
// them kept), and after her record page (/my/) the small card page /my/next/ is
// fetched and kept — only the card: no national code, no address, so a phone
// shared in a family shows little if it is opened offline. Offline, any of her
// pages answers with the last card kept, marked as last seen. Signing out
// forgets it. Static files (style, font) are kept as they are fetched, and the
// card's own when it is kept, so the card looks as it does online.
//
// A deploy: the server stamps DEPLOY below with a digest of this file, the static
// files' names (hashed in production) and the release, so every deploy is a new
// worker byte for byte. It installs at her next visit, takes over at once
// (skipWaiting) and takes her open page too (clients.claim), drops the previous
// deploy's static files and keeps the card again with this deploy's style. Her
// pages are never served from a cache while she is online (network first).
"use strict";

const DEPLOY = "__TAVANA_DEPLOY__";
const CARD_CACHE = "tavana-card-v1";  // her card outlives a deploy: it is refreshed
const STATIC_CACHE = "tavana-static-" + DEPLOY;
const CARD_URL = "/my/next/";

self.addEventListener("install", function () {
  self.skipWaiting();  // a new deploy's worker does not wait for her tabs to close
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(
        keys
          .filter(function (k) { return k !== CARD_CACHE && k !== STATIC_CACHE; })
          .map(function (k) { return caches.delete(k); })
      );
    }).then(function () {
      // The page that registered this worker (her first visit) is controlled
      // now, without a reload; her card is kept with this deploy's style.
      return self.clients.claim();
    }).then(keepCard)
  );
});

function keepStatic(url) {
  return caches.open(STATIC_CACHE).then(function (c) {
    return c.match(url).then(function (hit) {
      if (hit) {
        return hit;
      }
      return fetch(url).then(function (r) {
        return r.ok ? c.put(url, r.clone()).then(function () { return r; }) : null;
      });
    });
  });
}

// What the card page needs to look right offline: its style sheets and scripts,
// and the font its style sheets name.
function keepAssets(html) {
  const found = html.match(/(?:href|src)="\/static\/[^"]+"/g) || [];
  return Promise.all(found.map(function (attr) {
    const url = attr.slice(attr.indexOf('"') + 1, -1);
    return keepStatic(url).then(function (r) {
      if (!r || !/\.css($|\?)/.test(url)) {
        return null;
      }
      return r.clone().text().then(function (css) {
        // the first face only (the variable font every current browser takes)
        const fonts = (css.match(/url\(["']?[^)"']+\.woff2["']?\)/g) || []).slice(0, 1);
        return Promise.all(fonts.map(function (u) {
          const path = u.replace(/^url\(["']?|["']?\)$/g, "");
          return keepStatic(new URL(path, self.location.origin + url).pathname);
        }));
      });
    });
  })).catch(function () { return null; });
}

// A card fetched before she signed out is never kept after: keeping runs in the
// background (after her record page), and a sign-out can come while it is on its way.
let signOuts = 0;

function keepCard() {
  const seen = signOuts;
  return fetch(CARD_URL, { credentials: "same-origin", redirect: "manual" }).then(function (r) {
    if (r.ok && r.type === "basic" && seen === signOuts) {
      const page = r.clone();
      return caches.open(CARD_CACHE).then(function (c) {
        return seen === signOuts ? c.put(CARD_URL, r) : null;
      })
        .then(function () { return page.text(); }).then(keepAssets);
    }
    return null;
  }).catch(function () { return null; });
}

function forgetCard() {
  signOuts += 1;
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
          const text = r.clone();
          const seen = signOuts;
          event.waitUntil(caches.open(CARD_CACHE).then(function (c) {
            return seen === signOuts ? c.put(CARD_URL, copy) : null;
          })
            .then(function () { return text.text(); }).then(keepAssets));
        }
        return r;
      }).catch(offlineCard)
    );
  }
});
