/* The board's small behaviours, on top of htmx (no inline scripts: CSP).
 *
 * - After a transition made from a card, the board refreshes itself (hx-trigger in _board.html);
 *   here focus follows the card into its new column instead of falling back to the page.
 * - After "More", focus goes to the first card of the page just added.
 * - The minute refresh waits while a card's menu is open, a column has been paged with "More" or
 *   the tab is hidden, and stops once the session has ended (instead of a toast every minute).
 * - A refresh keeps each column's scroll position.
 * - Empty filters stay out of the address the filter form pushes.
 * Without this file the board still works; only focus and these niceties are lost.
 */
(function () {
  "use strict";

  var movedId = null;
  var signedOut = false;

  function isBoard(element) {
    return element && element.id === "board";
  }

  function focusCard(card) {
    var link = card.querySelector(".card-link") || card;
    card.classList.add("just-moved");
    link.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest", inline: "nearest" });
    setTimeout(function () { card.classList.remove("just-moved"); }, 2500);
  }

  document.addEventListener("articleTransitioned", function (event) {
    if (event.detail && event.detail.id) movedId = String(event.detail.id);
  });

  var scrolls = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var config = event.detail && event.detail.requestConfig;
    if (!isBoard(target) || !config || !isBoard(config.elt)) return; // only the board's own refresh
    scrolls = { columns: 0, lists: {} };
    var row = target.querySelector(".columns");
    if (row) scrolls.columns = row.scrollLeft;
    target.querySelectorAll(".cards[id]").forEach(function (list) {
      scrolls.lists[list.id] = list.scrollTop;
    });
  });

  function restoreScrolls(board) {
    if (!scrolls) return;
    var row = board.querySelector(".columns");
    if (row) row.scrollLeft = scrolls.columns;
    Object.keys(scrolls.lists).forEach(function (id) {
      var list = document.getElementById(id);
      if (list) list.scrollTop = scrolls.lists[id];
    });
    scrolls = null;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (isBoard(target)) restoreScrolls(target);
    if (movedId && isBoard(target)) {
      var card = document.getElementById("card-" + movedId);
      movedId = null;
      if (card) {
        focusCard(card);
      } else {
        target.focus({ preventScroll: true }); // it left the board (e.g. filtered out)
      }
      return;
    }
    var first = document.querySelector("[data-first-of-page]");
    if (first) {
      var board = document.getElementById("board");
      if (board && board.contains(first)) board.dataset.paged = "true";
      first.removeAttribute("data-first-of-page");
      var link = first.querySelector(".card-link");
      if (link) link.focus();
    }
  });

  // The minute refresh (a poll has no triggering event) never interrupts work in progress.
  document.addEventListener("htmx:confirm", function (event) {
    if (!isBoard(event.target) || event.detail.triggeringEvent) return;
    var busy = event.target.dataset.paged || event.target.querySelector(".card-menu[open]");
    if (signedOut || document.hidden || busy) event.preventDefault();
  });

  document.addEventListener("htmx:responseError", function (event) {
    if (isBoard(event.detail.elt) && event.detail.xhr.status === 401) signedOut = true;
  });

  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.target || event.target.id !== "board-filters") return;
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "") delete parameters[name];
    });
  });
})();
