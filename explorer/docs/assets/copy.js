/* Copy without zero-width spaces.
 *
 * The search index marks the word boundaries of Chinese text with U+200B (mkdocs-material's
 * segmentation, which its search needs), so the snippets of the search results carry them, and so
 * would any text copied from there. When a selection holds a zero-width character, the copy puts
 * the selected text without them on the clipboard; every other copy is left alone. */
(function () {
  "use strict";

  var ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff]/g;

  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    var text = selection ? selection.toString() : "";
    if (!event.clipboardData || text.search(ZERO_WIDTH) < 0) {
      return;
    }
    event.clipboardData.setData("text/plain", text.replace(ZERO_WIDTH, ""));
    event.preventDefault();
  });
})();
