/* Search results without zero-width spaces.
 *
 * The search index marks the word boundaries of Chinese text with U+200B (mkdocs-material's
 * segmentation by jieba, which its search needs), and the theme shows the index's text as each
 * result's snippet: a reader who copies it, or a screen reader that reads it, would get them too.
 * Each result the theme adds is cleaned as it appears; the index itself is left as the search
 * needs it. */
(function () {
  "use strict";

  var ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff]/g;

  function clean(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.nodeValue.search(ZERO_WIDTH) >= 0) {
        text.nodeValue = text.nodeValue.replace(ZERO_WIDTH, "");
      }
    }
  }

  function watch() {
    var results = document.querySelector(".md-search-result");
    if (!results) {
      return;
    }
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE || node.nodeType === Node.TEXT_NODE) {
            clean(node.nodeType === Node.TEXT_NODE ? node.parentNode : node);
          }
        });
      });
    }).observe(results, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
