/* The state diagram is shown at its natural size in a scrolling frame: start with the call
   ("POST /api/v2/sdk/login/weibo") in view, not the frame's empty top-left corner. */
(function () {
  function centre() {
    document.querySelectorAll(".wx-diagram").forEach(function (frame) {
      var node = frame.querySelector("#node-login") || frame.querySelector("#node-app");
      if (!node) { return; }
      var box = node.getBoundingClientRect(), outer = frame.getBoundingClientRect();
      frame.scrollLeft += box.left + box.width / 2 - outer.left - frame.clientWidth / 2;
      frame.scrollTop += box.top - outer.top - 40;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", centre);
  } else {
    centre();
  }
})();
