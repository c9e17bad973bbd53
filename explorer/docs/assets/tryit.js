/* The "Try it" panel: send this page's example to the sandbox on the site's own origin.
 *
 * Live: replay the admin calls the page's notebook made (else reset and its fixture's arrange
 * steps), then send exactly the request the page shows, and show the answer. When no sandbox answers (the site is hosted
 * statically), show the exchange recorded when the docs were built, and say so.
 * Plain JavaScript, no framework, no request to any other origin. */
(function () {
  "use strict";

  var STATUS_KIND = {
    SUCCESS: "ok", USER_REGISTER: "flow", SOCIAL_BIND: "flow", MFA_AUTH: "flow",
    ACCESS_DENIED: "denied"
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function outcomeOf(body) {
    if (body && typeof body === "object") {
      if (typeof body.error_code === "string") return body.error_code;
      if (typeof body.status === "string") return body.status.trim();
    }
    return null;
  }

  function pretty(text) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
  }

  function show(panel, answer, mode, reason, said) {
    var cfg = panel._wx;
    var body = null;
    try { body = JSON.parse(answer.body); } catch (e) { body = null; }
    var outcome = outcomeOf(body);
    var kind = outcome === null ? "error" : (STATUS_KIND[outcome] || "error");
    var note = panel.querySelector(".wx-tryit-note");
    note.className = "wx-tryit-note wx-tryit-" + mode;
    note.textContent = said ? said : mode === "live"
      ? say(cfg, "tryit_live", { origin: window.location.origin })
      : say(cfg, "tryit_replayed", { reason: reason });

    var out = panel.querySelector(".wx-tryit-answer");
    out.textContent = "";
    var line = el("div", "wx-tryit-line");
    line.appendChild(el("span", "wx-badge wx-badge-" + kind,
      "HTTP " + answer.status + (outcome ? " · " + outcome : "")));
    var match = outcome === cfg.outcome;
    line.appendChild(el("span", "wx-tryit-match wx-tryit-match-" + (match ? "yes" : "no"),
      match ? say(cfg, "tryit_as_expected") : say(cfg, "tryit_expects", { outcome: cfg.outcome })));
    out.appendChild(line);
    var pre = el("pre", "wx-tryit-json");
    pre.appendChild(el("code", null, pretty(answer.body)));
    out.appendChild(pre);
    if (answer.request) {
      var details = el("details", "wx-tryit-request");
      details.appendChild(el("summary", null, say(panel._wx, "tryit_request_sent")));
      var req = el("pre", "wx-tryit-json");
      req.appendChild(el("code", null, answer.request));
      details.appendChild(req);
      out.appendChild(details);
    }
    panel.setAttribute("data-mode", mode);
  }

  function describe(method, path, headers, body) {
    var lines = [method + " " + path];
    Object.keys(headers || {}).forEach(function (k) { lines.push(k + ": " + headers[k]); });
    return lines.join("\n") + (body ? "\n\n" + pretty(body) : "");
  }

  function replay(panel, reason, said) {
    var rec = panel._wx.recorded;
    var path = rec.url.replace(/^[a-z]+:\/\/[^\/]+/i, "");
    show(panel, {
      status: rec.status_code, body: rec.response_body,
      request: describe(rec.method, path, rec.request_headers, rec.request_body)
    }, "replay", reason, said);
  }

  function call(method, path, headers, body) {
    return fetch(path, {
      method: method, headers: headers || {}, body: body, credentials: "same-origin",
      cache: "no-store"
    });
  }

  async function arrangement(cfg) {
    /* The admin calls that put the sandbox in the page's state: those the page's notebook made
       (recorded at build time, its reset first), else its fixture's after a reset. */
    if (cfg.arranged && cfg.arranged.length) return cfg.arranged;
    if (!cfg.fixture) throw new Error(say(cfg, "tryit_no_state"));
    var listing = await call("GET", "/sandbox/fixtures", { accept: "application/json" });
    if (!listing.ok) throw new Error(say(cfg, "tryit_answered",
      { call: "GET /sandbox/fixtures", status: listing.status }));
    var fixtures = await listing.json();
    if (!Array.isArray(fixtures)) fixtures = fixtures.fixtures || [];
    var fixture = fixtures.filter(function (f) { return f.name === cfg.fixture; })[0];
    if (!fixture) throw new Error(say(cfg, "tryit_no_fixture", { fixture: cfg.fixture }));
    return [{ method: "POST", path: "/sandbox/reset", json: { fixtures: "docs" } }]
      .concat(fixture.arrange || []);
  }

  async function live(panel) {
    var cfg = panel._wx;
    /* Is a sandbox here? One GET, before any call that would change it. */
    var here = await call("GET", "/sandbox/clock", { accept: "application/json" });
    if (!here.ok) throw new Error(say(cfg, "tryit_answered",
      { call: "GET /sandbox/clock", status: here.status }));
    var steps = await arrangement(cfg);
    for (var i = 0; i < steps.length; i++) {
      var step = steps[i];
      var hasBody = step.json !== undefined && step.json !== null;
      var write = step.method !== "GET" && step.method !== "HEAD";
      var res = await call(step.method, step.path,
        write ? { "content-type": "application/json" } : {},  /* every admin write is JSON */
        hasBody ? JSON.stringify(step.json) : undefined);
      if (!res.ok) throw new Error(say(cfg, "tryit_answered",
        { call: step.method + " " + step.path, status: res.status }));
    }
    /* Exactly the request the page shows: same method, path, headers and body bytes. */
    var req = cfg.request;
    var body = req.body === "" ? undefined : req.body;
    var answer = await call(req.method, req.path, Object.assign({}, req.headers), body);
    show(panel, {
      status: answer.status, body: await answer.text(),
      request: describe(req.method, req.path, req.headers, req.body)
    }, "live");
  }

  function say(cfg, key, values) {
    /* The panel's words come with its data, in the page's language: messages of the project's
       catalogue (explorer/locale), chosen by explorer/docs/tryit.py. No word is written here. */
    var text = (cfg.words || {})[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function setup(panel) {
    var data = panel.querySelector(".wx-tryit-data");
    if (!data || panel._wx) return;
    panel._wx = JSON.parse(data.textContent);
    var button = panel.querySelector(".wx-tryit-send");
    button.addEventListener("click", async function () {
      button.disabled = true;
      try {
        if (window.location.protocol === "file:") {
          replay(panel, say(panel._wx, "tryit_as_file"));
          return;
        }
        /* A "Your tenant" page under `docs serve` runs in an opaque origin (CSP sandbox): the
           sandbox refuses it, so it replays without asking, and says why. */
        if (window.origin === "null") { replay(panel, null, say(panel._wx, "tryit_apart")); return; }
        try { await live(panel); } catch (err) { replay(panel, err.message || String(err)); }
      } finally {
        button.disabled = false;
      }
    });
  }

  function init() { document.querySelectorAll(".wx-tryit").forEach(setup); }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  /* mkdocs-material's page-load stream */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
