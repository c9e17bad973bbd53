/* mkdocs-material's inline content scripts, as a file (no inline script under the site's CSP):
 * open the tabs the reader chose last (content.tabs.link, data-linked-tabs) and the tab the URL's
 * hash names.
 *
 * And one addition: a page in an opaque origin (a "Your tenant" page under `docs serve`, sent
 * with the CSP `sandbox` directive) drops the search box before the theme's bundle runs. Its
 * worker and index need the site's origin; without the form the bundle asks for neither. */
(function () {
  "use strict";
  if (window.origin === "null") {
    document.querySelectorAll(".md-search, label.md-header__button[for='__search']")
      .forEach(function (node) { node.remove(); });
  }
  var me = document.currentScript;
  var tabs = me && me.getAttribute("data-linked-tabs") === "true" ? __md_get("__tabs") : null;
  if (Array.isArray(tabs)) {
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      var labels = set.querySelector(".tabbed-labels").getElementsByTagName("label");
      for (var i = 0; i < tabs.length; i++) {
        for (var j = 0; j < labels.length; j++) {
          if (labels[j].innerText.trim() === tabs[i]) {
            document.getElementById(labels[j].htmlFor).checked = true;
            return;
          }
        }
      }
    });
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
