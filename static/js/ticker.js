/* The BREAKING ticker and its desk. No inline scripts anywhere (CSP): everything hooks in here.
 *
 * Public ticker: its poll sends the ETag of what is shown (data-etag, handled in app.js for every
 * cheap poll), so an unchanged ticker costs the server a 304 and the page nothing (no swap, so
 * the scroll does not restart); the scroll speed follows the length of the headlines.
 * Desk: a live character count, field messages marked on their inputs, and the lists' poll held
 * while someone is editing a row or working inside the lists (a swap would take their focus).
 */
(function () {
  "use strict";

  var PIXELS_PER_SECOND = 70;

  function isTicker(elt) {
    return elt && elt.id === "breaking-ticker";
  }

  function pace(root) {
    var tracks = (root || document).querySelectorAll(".ticker-track");
    tracks.forEach(function (track) {
      var list = track.querySelector(".ticker-list");
      if (!list) return;
      var seconds = Math.max(12, Math.round(list.scrollWidth / PIXELS_PER_SECOND));
      track.style.setProperty("--ticker-duration", seconds + "s");
    });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (isTicker(event.detail.elt)) pace(event.detail.elt);
  });

  // The lists' poll would replace a row being edited, or the button that has the focus.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var lists = document.getElementById("breaking-lists");
    if (!lists || event.detail.elt !== lists) return;
    var active = document.activeElement;
    if (lists.querySelector(".bk-editing") || (active && active !== lists && lists.contains(active))) {
      event.preventDefault();
    }
  });

  function count(input) {
    var counter = document.getElementById(input.dataset.count);
    if (!counter) return;
    var length = input.value.length;
    counter.textContent = String(length);
    counter.classList.toggle("over", length > Number(counter.dataset.limit || 200));
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input && input.dataset && input.dataset.count) count(input);
  });

  // Live validation swaps the message slots; the inputs say whether they are in error.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-error-for]").forEach(function (slot) {
      var input = document.getElementById(slot.dataset.errorFor);
      if (!input) return;
      var invalid = slot.textContent.trim() !== "";
      input.setAttribute("aria-invalid", invalid ? "true" : "false");
      var field = input.closest(".field");
      if (field) field.classList.toggle("has-error", invalid);
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    pace(document);
    document.querySelectorAll("[data-count]").forEach(count);
  });
})();
