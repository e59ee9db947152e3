/* "Copy link" on a story's share row: copies the story's address to the clipboard.
 *
 * Progressive enhancement: the button is hidden in the HTML and shown here only where the
 * Clipboard API works, so a reader without JavaScript never sees a button that does nothing;
 * the plain share links beside it work either way. The result is announced to screen readers.
 */
(function () {
  "use strict";

  function start() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    var buttons = document.querySelectorAll("[data-copy-link]");
    Array.prototype.forEach.call(buttons, function (button) {
      var share = button.closest(".share");
      var status = share ? share.querySelector(".share-status") : null;
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(
          function () {
            button.textContent = button.getAttribute("data-copied") || "Link copied";
            if (status) status.textContent = button.getAttribute("data-copied-status") || "";
            window.setTimeout(function () { button.textContent = label; }, 2500);
          },
          function () {
            if (status) status.textContent = button.getAttribute("data-failed-status") || "";
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
