/* One address: under `weibo-explorer docs serve`, the examples of a page point at its origin.
 *
 * The build marks each page with the build-time sandbox addresses it recorded
 * (.wx-recorded[data-origins]). When a sandbox answers GET /sandbox/clock on this page's own
 * origin, every text on the page (code tabs, curl commands, outputs) gets this origin instead,
 * and the note says so. On a static host nothing answers: the addresses stay, and the note says
 * they were recorded and where. Plain JavaScript; no request to any other origin. */
(function () {
  "use strict";

  var probe = null;

  function sandboxHere() {
    if (window.location.protocol !== "http:" && window.location.protocol !== "https:") {
      return Promise.resolve(false);
    }
    if (!probe) {
      probe = fetch("/sandbox/clock", { headers: { accept: "application/json" }, cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { return !!(body && typeof body.now === "string"); })
        .catch(function () { return false; });
    }
    return probe;
  }

  function rewrite(root, origins, here) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.parentElement && node.parentElement.closest(".wx-recorded")) continue;
      var text = node.nodeValue, changed = text;
      origins.forEach(function (o) { changed = changed.split(o).join(here); });
      if (changed !== text) node.nodeValue = changed;
    }
  }

  async function init() {
    var notes = document.querySelectorAll(".wx-recorded[data-origins]");
    if (!notes.length) return;
    var origins = [];
    notes.forEach(function (n) {
      JSON.parse(n.getAttribute("data-origins")).forEach(function (o) {
        if (origins.indexOf(o) < 0) origins.push(o);
      });
    });
    var here = window.location.origin;
    if (!(await sandboxHere())) {
      document.body.setAttribute("data-wx-origin", "recorded");
      return;
    }
    rewrite(document.querySelector(".md-content") || document.body, origins, here);
    notes.forEach(function (n) {
      /* The words are the catalogue's, in the page's language (explorer/docs/origins.py). */
      n.textContent = n.getAttribute("data-live").split("{here}").join(here)
        .split("{origins}").join(origins.join(", "));
      n.classList.add("wx-recorded-live");
    });
    document.body.setAttribute("data-wx-origin", "live");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  /* mkdocs-material's page-load stream */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
