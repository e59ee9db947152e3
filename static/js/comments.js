/* Comment boxes: @mention suggestions as you type (htmx active search into a listbox).
 *
 * Any textarea with data-mentions="<url>" gets a listbox under it. Typing "@" and the start of a
 * name asks the server (?q=) for active people; arrow keys move through them, Enter or Tab picks
 * one ("@Amal Nasser " is written into the text), Escape closes the list. Without JavaScript the
 * same mention typed by hand works: the server reads mentions from the text itself.
 * No inline scripts anywhere (CSP): everything hooks in from here.
 */
(function () {
  "use strict";

  var TOKEN = /(^|[\s(\["'«“])@([^\s@]{0,30}(?: [^\s@]{0,30})?)$/;
  var counter = 0;

  function listFor(box) {
    var id = box.getAttribute("aria-controls");
    var list = id && document.getElementById(id);
    if (list) return list;
    counter += 1;
    list = document.createElement("ul");
    list.id = (box.id || "comment-box") + "-mentions-" + counter;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People to mention");
    list.hidden = true;
    box.insertAdjacentElement("afterend", list);
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-autocomplete", "list");
    // One question at a time, and only the latest keystroke's waits behind it: an answer is never
    // overtaken by an older one (for "@" alone, say), and no request is aborted (htmx logs an
    // abort as an error, and the console stays clean). The afterSwap check below catches an
    // answer that no longer fits what is typed.
    box.setAttribute("hx-sync", "this:queue last");
    box.setAttribute("hx-params", "none");  // the question is ?q=, never the comment typed so far
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (!option) return;
      event.preventDefault();  // keep the focus in the box
      choose(box, option);
    });
    return list;
  }

  function token(box) {
    var before = box.value.slice(0, box.selectionStart);
    var match = TOKEN.exec(before);
    return match ? { term: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function close(box) {
    var list = listFor(box);
    list.hidden = true;
    list.innerHTML = "";
    box.removeAttribute("aria-activedescendant");
  }

  function options(list) {
    return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
  }

  function highlight(box, index) {
    var list = listFor(box);
    var all = options(list);
    if (!all.length) return;
    index = (index + all.length) % all.length;
    all.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    box.setAttribute("aria-activedescendant", all[index].id);
    all[index].scrollIntoView({ block: "nearest" });
  }

  function current(list) {
    var all = options(list);
    for (var i = 0; i < all.length; i++) if (all[i].getAttribute("aria-selected") === "true") return i;
    return -1;
  }

  function choose(box, option) {
    var found = token(box);
    if (!found) return close(box);
    var name = option.dataset.name;
    var after = box.value.slice(box.selectionStart);
    box.value = box.value.slice(0, found.start) + "@" + name + " " + after.replace(/^\s+/, "");
    var caret = found.start + name.length + 2;
    box.setSelectionRange(caret, caret);
    close(box);
    box.focus();
  }

  function suggest(box) {
    var found = token(box);
    var list = listFor(box);
    if (!found) return close(box);
    var url = box.dataset.mentions + "?q=" + encodeURIComponent(found.term);
    // A failed question is told by app.js (htmx:sendError, htmx:responseError); its promise's
    // rejection says nothing more, so it is handled here rather than left uncaught.
    htmx.ajax("GET", url, { source: box, target: list, swap: "innerHTML" }).catch(function () {});
  }

  // After each answer is swapped in (a later keystroke's answer may overtake an earlier one's
  // promise, so this listens to the swap itself): show the list and highlight the first person.
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    if (!list || !list.classList || !list.classList.contains("mention-list")) return;
    var box = list.previousElementSibling;
    var found = box && token(box);
    if (!found) return close(box);
    var answered = list.querySelector("[data-term]");
    if (answered && answered.dataset.term !== found.term.slice(0, 60)) return suggest(box);
    list.hidden = !list.children.length;
    box.removeAttribute("aria-activedescendant");
    if (options(list).length) highlight(box, 0);
  });

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("textarea[data-mentions]")) suggest(box);
  });

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("textarea[data-mentions]")) return;
    var list = listFor(box);
    if (list.hidden) return;
    var index = current(list);
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(box, index + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(box, index - 1); }
    else if ((event.key === "Enter" || event.key === "Tab") && index >= 0) {
      event.preventDefault();
      choose(box, options(list)[index]);
    } else if (event.key === "Escape") { event.preventDefault(); close(box); }
  });

  document.addEventListener("focusout", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("textarea[data-mentions]")) {
      setTimeout(function () { if (document.activeElement !== box) close(box); }, 150);
    }
  });

  // A new thread answered alone (the page was current but for it) is added to the list: the
  // list's poll then asks with the thread's new ETag, and answers 304.
  document.addEventListener("commentThread", function (event) {
    var thread = document.getElementById("comment-thread");
    var moved = event.detail || {};
    if (thread && moved.to) thread.dataset.etag = moved.to;
  });
})();
