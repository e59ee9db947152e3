/* The full-width preview (articles/_preview_dialog.html), an enhancement only: without it the
   Preview button opens the same page in a new tab.
   - Preview opens the dialog over the editor and sends the form, as typed, into its frame: the
     public page of the story, which looks exactly like the published one;
   - Desktop and Phone set the frame's width, so the public page's own phone layout is what shows;
   - Back to editing (or Escape) closes it and puts the focus back on Preview. Nothing is saved. */
(function () {
  "use strict";

  var PHONE_CLASS = "is-phone";

  function setWidth(dialog, width) {
    dialog.classList.toggle(PHONE_CLASS, width === "phone");
    Array.prototype.forEach.call(dialog.querySelectorAll("[data-preview-width]"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-preview-width") === width));
    });
  }

  function wire(button) {
    var dialog = document.getElementById(button.getAttribute("data-opens-preview"));
    var frame = dialog && dialog.querySelector("iframe[name]");
    if (!frame || typeof dialog.showModal !== "function") return;  // keep the new tab
    button.formTarget = frame.name;

    // The click's own default (submitting the form into the frame) goes ahead after this.
    button.addEventListener("click", function () {
      if (!dialog.open) dialog.showModal();
    });
    dialog.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) return;
      if (target.hasAttribute("data-preview-close")) dialog.close();
      var width = target.getAttribute("data-preview-width");
      if (width) setWidth(dialog, width);
    });
    dialog.addEventListener("close", function () { button.focus(); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-opens-preview]"), wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
