/* mkdocs-material's inline head script, as a file: the site's Content-Security-Policy allows no
 * inline script (explorer/docs/overrides/main.html). Defines what the theme's bundle expects —
 * __md_scope, __md_hash, __md_get, __md_set — the scope read from this tag's data-scope. Reading
 * or writing storage never throws: a "Your tenant" page served in a CSP sandbox has none. */
(function () {
  "use strict";
  var me = document.currentScript;
  window.__md_scope = new URL((me && me.getAttribute("data-scope")) || ".", location);
  window.__md_hash = function (text) {
    return Array.from(text).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    try {
      return JSON.parse((storage || localStorage).getItem((scope || __md_scope).pathname + "." + key));
    } catch (e) {
      return null;
    }
  };
  window.__md_set = function (key, value, storage, scope) {
    try {
      (storage || localStorage).setItem((scope || __md_scope).pathname + "." + key, JSON.stringify(value));
    } catch (e) { /* no storage here */ }
  };
})();
