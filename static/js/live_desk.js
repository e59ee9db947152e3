// The live desk (templates/live/_desk_body.html): Ctrl+Enter (or Cmd+Enter) in the composer sends
// the post; after the new post is added (the composer comes back empty, out of band) or the desk
// is redrawn, the composer has the focus again, for the next one.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (!box || !box.hasAttribute || !box.hasAttribute("data-live-composer")) return;
    event.preventDefault();
    if (box.form && box.form.requestSubmit) box.form.requestSubmit();
    else if (box.form) box.form.submit();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && (target.id === "live-desk" || target.id === "live-desk-posts")) {
      var box = document.getElementById("live-body");
      if (box) box.focus();
    }
  });
})();
