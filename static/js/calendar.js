/* The calendar's drag and drop and focus, on top of htmx (no inline scripts: CSP).
 *
 * - Drag an item (it has data-move-url) onto another day: it keeps its time of day and moves to
 *   that date, posted to the same address as the "Move to…" form (htmx.ajax, with the CSRF header
 *   from <body>). The answer swaps only the changed day cells, out of band; a refusal comes back
 *   as the move form in the side panel, with the reason beside the field.
 * - "Move to…" opens its form in the panel (htmx): focus goes to the date field; Escape closes it,
 *   back on the button that opened it. After a move, focus lands on the moved item's button.
 * Without this file the calendar still works: "Move to…" is a page and its form a plain post.
 */
(function () {
  "use strict";

  var opener = null;

  function panel() {
    return document.getElementById("move-panel");
  }

  function back() {
    var body = document.querySelector(".cal-body");
    return body ? body.getAttribute("data-back") : "";
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest(".cal-item[data-move-url]");
    if (!item) return;
    event.dataTransfer.setData("text/plain", item.id);
    event.dataTransfer.effectAllowed = "move";
    item.classList.add("dragging");
  });

  document.addEventListener("dragend", function (event) {
    var item = event.target.closest && event.target.closest(".cal-item");
    if (item) item.classList.remove("dragging");
    document.querySelectorAll(".drop-here").forEach(function (cell) {
      cell.classList.remove("drop-here");
    });
  });

  document.addEventListener("dragover", function (event) {
    var cell = event.target.closest && event.target.closest(".cal-day[data-date]");
    if (!cell) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    cell.classList.add("drop-here");
  });

  document.addEventListener("dragleave", function (event) {
    var cell = event.target.closest && event.target.closest(".cal-day[data-date]");
    if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove("drop-here");
  });

  document.addEventListener("drop", function (event) {
    var cell = event.target.closest && event.target.closest(".cal-day[data-date]");
    if (!cell) return;
    event.preventDefault();
    cell.classList.remove("drop-here");
    var item = document.getElementById(event.dataTransfer.getData("text/plain"));
    if (!item || !item.getAttribute("data-move-url")) return;
    if (item.closest(".cal-day") === cell) return; // dropped where it was
    opener = null;
    window.htmx.ajax("POST", item.getAttribute("data-move-url"), {
      source: item,
      target: "#move-panel",
      swap: "innerHTML",
      values: { when: cell.getAttribute("data-date") + " " + item.getAttribute("data-time"), back: back() }
    });
  });

  // "Move to…": remember the button, so Escape and Cancel can come back to it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.classList && elt.classList.contains("move-open")) {
      opener = elt.querySelector("button");
    }
  });

  // After a swap into the panel: the form's field gets focus (a "Move to…" or a refused drop);
  // an emptied panel means a move was done, and focus goes to the moved item.
  document.addEventListener("htmx:afterSettle", function (event) {
    var box = panel();
    if (!box || event.detail.target !== box) return;
    var field = box.querySelector("#move-when");
    if (field) {
      field.focus();
      return;
    }
    var moved = document.querySelector(".cal-item.just-moved");
    if (!moved) return;
    var target = moved.querySelector(".move-open button") || moved.querySelector("a");
    if (target) target.focus();
    window.setTimeout(function () { moved.classList.remove("just-moved"); }, 2000);
  });

  document.addEventListener("keydown", function (event) {
    var box = panel();
    if (event.key !== "Escape" || !box || !box.contains(document.activeElement)) return;
    box.innerHTML = "";
    if (opener && document.body.contains(opener)) opener.focus();
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("#move-panel .cancel");
    if (!cancel) return;
    event.preventDefault();
    panel().innerHTML = "";
    if (opener && document.body.contains(opener)) opener.focus();
  });
})();
