/* A copy of the editor's form in this browser (localStorage), kept until the server has the text.

   A session can end while someone writes (timed out, deactivated, a role change), a tab can be
   closed, a laptop can sleep: what was typed since the last save must not go with it. Every
   change is copied under a key of its own per article; the copy is dropped once the server has
   confirmed a save (an autosave that went through, or the page drawn after this browser's save
   went through: `data-saved`), or when the page already holds the same text. Coming back to the editor with a copy the page doesn't hold offers
   to restore it. The copy keeps the version it was typed on, so a restore over someone else's
   later save is shown as a conflict, never saved over it. Without JavaScript nothing of this
   runs; the sign-in page carries a refused save on (editorial/auth/resume.py). */
(function () {
  "use strict";

  var SKIPPED = { csrf_token: true, editing: true, save: true };
  var COMPARED_WITHOUT = { version: true };

  function fieldsOf(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (!SKIPPED[name] && typeof value === "string") pairs.push([name, value]);
    });
    return pairs;
  }

  function signature(pairs) {
    return JSON.stringify(pairs.filter(function (pair) { return !COMPARED_WITHOUT[pair[0]]; }));
  }

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or off */ }
  }

  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* off */ }
  }

  function restore(form, pairs) {
    var values = {};
    pairs.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Object.keys(values).forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (element) {
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = values[name].indexOf(element.value) !== -1;
        } else if (element.type !== "file") {
          element.value = values[name][0];
        }
      });
    });
    // Unticked boxes post nothing: a box whose name the copy lacks entirely stays as it is.
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function offer(form, key, copy) {
    var box = document.createElement("div");
    box.className = "kept-copy";
    box.setAttribute("role", "alert");
    var text = document.createElement("p");
    var when = new Date(copy.at);
    text.textContent = "This browser kept text you typed here at " +
      when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) +
      " that was not saved. Restore it into the form?";
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "primary";
    yes.textContent = "Restore my text";
    var no = document.createElement("button");
    no.type = "button";
    no.textContent = "Discard it";
    yes.addEventListener("click", function () {
      restore(form, copy.fields);
      box.remove();
      var first = form.querySelector("textarea, input[type=text]");
      if (first) first.focus();
    });
    no.addEventListener("click", function () { forget(key); box.remove(); });
    box.appendChild(text);
    box.appendChild(yes);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(no);
    form.parentNode.insertBefore(box, form);
  }

  function init() {
    var form = document.getElementById("article-form");
    // The editor only (the correction form leaves for the article page, which can't confirm).
    if (!form || !form.hasAttribute("data-keep-copy") || !window.localStorage) return;
    var key = "editorial:typed:" + (form.getAttribute("data-article-url") || window.location.pathname);
    var copy = read(key);
    var drawn = fieldsOf(form);
    if (copy && copy.fields) {
      if (form.hasAttribute("data-saved")) {
        forget(key);  // drawn right after this browser's save went through: the server has it
      } else if (signature(copy.fields) === signature(drawn)) {
        // The page holds the same text: saved (forget the copy), or a refused save drawn again
        // with it (keep the copy until a save goes through).
        if (!form.hasAttribute("data-refused")) forget(key);
      } else {
        offer(form, key, copy);
      }
    }

    // The copy typed on the new-article page goes once the draft it became is drawn after its
    // save (it was sent from there: `sent`); back on the new page, it was not saved after all.
    var NEW = "editorial:typed:/articles/new";
    var fresh = read(NEW);
    if (fresh && fresh.fields) {
      if (key === NEW) {
        if (fresh.sent) { fresh.sent = false; write(NEW, fresh); }
      } else if (form.hasAttribute("data-saved") && fresh.sent) {
        forget(NEW);
      }
    }
    form.addEventListener("submit", function (event) {
      var target = event.submitter ? event.submitter.formTarget || form.target : form.target;
      if (key !== NEW || (target && target !== "_self")) return;  // a preview is no save
      clearTimeout(timer);
      write(key, { at: Date.now(), fields: fieldsOf(form), sent: true });
    });

    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { write(key, { at: Date.now(), fields: fieldsOf(form) }); }, 300);
    });

    // Signed in again (static/js/app.js): what was held back is sent, as after any typing.
    document.body.addEventListener("sessionResumed", function () {
      form.dispatchEvent(new Event("input", { bubbles: true }));
    });

    // An autosave the server confirmed, with nothing typed since it was sent: the copy is done.
    var sent = null;
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.target.id === "autosave") sent = signature(fieldsOf(form));
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.target.id !== "autosave" || event.detail.xhr.status !== 200) return;
      clearTimeout(timer);
      if (sent === signature(fieldsOf(form))) forget(key);
      else write(key, { at: Date.now(), fields: fieldsOf(form) });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
