/* The state diagram opens fitted whole into its frame. Its button switches to the natural size
   (scrolled so that the call, "POST /api/v2/sdk/login/weibo", is in view, not the frame's empty
   top-left corner) and back; the button's two words come from its data- attributes. */
(function () {
  function centre(frame) {
    var node = frame.querySelector("#node-login") || frame.querySelector("#node-app");
    if (!node) { return; }
    var box = node.getBoundingClientRect(), outer = frame.getBoundingClientRect();
    frame.scrollLeft += box.left + box.width / 2 - outer.left - frame.clientWidth / 2;
    frame.scrollTop += box.top - outer.top - 40;
  }
  function setup() {
    document.querySelectorAll(".wx-diagram-zoom").forEach(function (button) {
      var frame = button.parentElement.nextElementSibling;
      if (!frame || !frame.classList.contains("wx-diagram")) { return; }
      button.addEventListener("click", function () {
        var natural = frame.classList.toggle("wx-natural");
        button.textContent = natural ? button.dataset.fit : button.dataset.natural;
        button.setAttribute("aria-pressed", natural ? "true" : "false");
        if (natural) { centre(frame); } else { frame.scrollLeft = 0; frame.scrollTop = 0; }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
