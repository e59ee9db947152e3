/* The board's small behaviours, on top of htmx (no inline scripts: CSP).
 *
 * - After a transition made from a card, the board refreshes itself (hx-trigger in _board.html);
 *   here focus follows the card into its new column instead of falling back to the page.
 * - After "More", focus goes to the first card of the page just added.
 * - The minute refresh waits while a card's menu is open, a column has been paged with "More" or
 *   the tab is hidden, and stops once the session has ended (instead of a toast every minute).
 * - A refresh keeps each column's scroll position, and gives the focus back to the card control
 *   that had it (a keyboard user is not thrown to the top of the page every minute).
 * - Empty filters stay out of the address the filter form pushes.
 * - Keyboard: each column is one Tab stop (roving tabindex): up and down move between its cards,
 *   left and right between a card's controls (its link, "Take it", its menu); the "Jump to a
 *   column" links reach any column directly. In an open card menu, down and up move through its
 *   actions and Escape closes it, back on its button.
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
  // The card control that had the focus when the board's own refresh swapped it (by the card's
  // id and the control's place among its controls): the new board gives it back, so a keyboard
  // user is not thrown to the top of the page by the minute refresh or a second refresh.
  var focusWas = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var config = event.detail && event.detail.requestConfig;
    if (!isBoard(target) || !config || !isBoard(config.elt)) return; // only the board's own refresh
    var active = document.activeElement;
    var card = active && target.contains(active) && active.matches(CONTROLS) && active.closest("li.card[id]");
    focusWas = card ? { card: card.id, control: controls(card).indexOf(active) } : null;
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
    if (focusWas && isBoard(target)) {
      var again = document.getElementById(focusWas.card);
      var control = again && (controls(again)[focusWas.control] || controls(again)[0]);
      focusWas = null;
      if (control && !target.contains(document.activeElement)) {
        rove(again.parentElement, { card: again, control: control });
        control.focus({ preventScroll: true });
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

  // -- Roving tabindex: one Tab stop per column ------------------------------------------------
  var CONTROLS = ".card-link, .card-take button, .card-menu > summary";

  function controls(card) {
    return Array.prototype.slice.call(card.querySelectorAll(CONTROLS));
  }

  function cards(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > li.card"));
  }

  function rove(list, active) {
    cards(list).forEach(function (card) {
      controls(card).forEach(function (control) {
        var current = active && card === active.card && control === active.control;
        control.setAttribute("tabindex", current ? "0" : "-1");
      });
    });
  }

  function setUp(root) {
    (root || document).querySelectorAll("#board .cards").forEach(function (list) {
      var all = cards(list);
      if (!all.length) return;
      var active = document.activeElement;
      var focused = active && list.contains(active) && active.matches(CONTROLS)
        ? active : list.querySelector("[tabindex='0']");
      var card = focused ? focused.closest("li.card") : all[0];
      rove(list, { card: card, control: focused || controls(card)[0] });
    });
  }

  function move(control, card, list, target) {
    if (!target) return;
    rove(list, target);
    target.control.focus();
    target.card.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  // -- An open card menu: Down from its button goes in, Down and Up go through its actions (Up
  //    from the first goes back to the button), Escape closes it and gives the button the focus.
  //    Keys that a text box, list or time field uses for itself are left to it.
  var MENU_ITEMS = "a[href], button:not([disabled]), summary, select, input:not([type='hidden']), textarea";
  var TYPING = "textarea, select, input:not([type='button']):not([type='submit']):not([type='checkbox']):not([type='radio'])";

  // Shown: not inside a closed <details> of the menu (a closed one's summary is), nor hidden.
  function shown(item, panel) {
    var box = item.parentElement && item.parentElement.closest("details");
    while (box && panel.contains(box)) {
      if (!box.open && !(item.tagName === "SUMMARY" && item.parentElement === box)) return false;
      box = box.parentElement && box.parentElement.closest("details");
    }
    return item.getClientRects().length > 0;
  }

  function menuItems(menu) {
    var panel = menu.querySelector(".card-menu-panel");
    if (!panel) return [];
    return Array.prototype.filter.call(panel.querySelectorAll(MENU_ITEMS), function (item) {
      return shown(item, panel);
    });
  }

  document.addEventListener("keydown", function (event) {
    var menu = event.target.closest && event.target.closest("#board .card-menu[open]");
    if (!menu) return;
    var button = menu.querySelector(":scope > summary");
    var onButton = event.target === button;
    if (event.key === "Escape") {
      event.preventDefault();
      menu.open = false;
      button.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (onButton && event.key === "ArrowUp") return;  // the previous card, as on a closed menu
    if (!onButton && event.target.matches(TYPING)) return;
    var items = menuItems(menu);
    if (!items.length) return;
    var at = onButton ? -1 : items.indexOf(event.target);
    var next = event.key === "ArrowDown" ? Math.min(at + 1, items.length - 1) : at - 1;
    event.preventDefault();
    (next < 0 ? button : items[next]).focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented) return;  // an open menu's keys (above)
    var control = event.target;
    if (!control.matches || !control.matches("#board " + CONTROLS.split(", ").join(", #board "))) return;
    if (control.closest(".card-menu-panel")) return;  // inside an open menu: its own keys
    var card = control.closest("li.card");
    var list = card && card.parentElement;
    if (!list) return;
    var all = cards(list);
    var here = all.indexOf(card);
    var own = controls(card);
    var at = own.indexOf(control);
    var target = null;
    if (event.key === "ArrowDown" && here < all.length - 1) {
      target = { card: all[here + 1], control: controls(all[here + 1])[0] };
    } else if (event.key === "ArrowUp" && here > 0) {
      target = { card: all[here - 1], control: controls(all[here - 1])[0] };
    } else if (event.key === "ArrowRight" && at < own.length - 1) {
      target = { card: card, control: own[at + 1] };
    } else if (event.key === "ArrowLeft" && at > 0) {
      target = { card: card, control: own[at - 1] };
    } else if (event.key === "Home") {
      target = { card: all[0], control: controls(all[0])[0] };
    } else if (event.key === "End") {
      target = { card: all[all.length - 1], control: controls(all[all.length - 1])[0] };
    } else {
      return;
    }
    event.preventDefault();
    move(control, card, list, target);
  });

  // A jump link lands on the column, and the next Tab on its current card.
  document.addEventListener("click", function (event) {
    var jump = event.target.closest && event.target.closest(".column-jumps a");
    if (!jump) return;
    var column = document.querySelector(jump.getAttribute("href"));
    if (!column) return;
    event.preventDefault();
    column.focus();
    column.scrollIntoView({ block: "nearest", inline: "nearest" });
  });

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSettle", function () { setUp(document); });

})();
