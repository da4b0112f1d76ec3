// Her pages register the service worker (tavana/portal/static/portal/sw.js,
// served from the site's root as /sw.js so that it may serve /my/ offline).
// A file of its own: the Content-Security-Policy allows no inline script.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });
}
