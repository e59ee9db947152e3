/* The editor's small behaviours (no inline scripts: CSP). Everything here is an enhancement; the
   editor saves, previews and counts words without it.
   - the word count and "N Min Read" follow every key (the server's preview confirms them);
   - leaving with unsaved changes asks first; so does a workflow button pressed with unsaved text;
   - after a workflow move the article page is shown (the form's version is out of date then);
   - closing the editor tells the server at once, so "Being edited by" disappears for others. */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}_’'-]+/gu;  // the same words as editorial.text.count_words
  var WORDS_PER_MINUTE = 230;  // English; the body's data-words-per-minute gives its language's

  function countWords(text) {
    var found = text.match(WORD);
    return found ? found.length : 0;
  }

  // Python's round() rounds halves to even; the server does, so must we.
  function roundHalfEven(value) {
    var floor = Math.floor(value);
    var rest = value - floor;
    if (rest > 0.5) return floor + 1;
    if (rest < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }

  function readMinutes(words, perMinute) {
    return Math.max(1, roundHalfEven(words / (perMinute || WORDS_PER_MINUTE)));
  }

  function setText(id, text) {
    var element = document.getElementById(id);  // looked up each time: htmx swaps replace them
    if (element) element.textContent = text;
  }

  function init() {
    var form = document.getElementById("article-form");
    if (!form) return;
    var body = form.querySelector("[data-count-words]");
    var dirty = false;
    var leaving = false;
    var edits = 0;
    var editsWhenSent = 0;

    if (body) {
      body.addEventListener("input", function () {
        var words = countWords(body.value);
        setText("word-count", String(words));
        setText("read-time", readMinutes(words, Number(body.dataset.wordsPerMinute)) + " Min Read");
      });
    }

    form.addEventListener("input", function () { dirty = true; edits += 1; });
    // A submission into another window (Preview: its frame or a new tab) leaves nothing behind.
    form.addEventListener("submit", function (event) {
      var target = event.submitter ? event.submitter.formTarget || form.target : form.target;
      if (!target || target === "_self") leaving = true;
    });

    // An autosave that went through makes the form clean, unless typing went on meanwhile.
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.target.id === "autosave") editsWhenSent = edits;
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.target.id === "autosave" && event.detail.xhr.status === 200 && edits === editsWhenSent) {
        dirty = false;
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (dirty && !leaving) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    // A workflow move with unsaved text would leave that text behind: ask first.
    document.body.addEventListener("htmx:confirm", function (event) {
      if (!dirty || !event.target.closest || !event.target.closest(".actions")) return;
      event.preventDefault();
      if (window.confirm("You have unsaved changes. Save them first, or they will be lost. Go ahead anyway?")) {
        leaving = true;
        event.detail.issueRequest(true);
      }
    });

    document.body.addEventListener("articleTransitioned", function () {
      var target = form.getAttribute("data-article-url");
      if (target) {
        leaving = true;
        window.location.assign(target);
      }
    });

    var presence = document.getElementById("presence");
    var token = form.querySelector("input[name=csrf_token]");
    window.addEventListener("pagehide", function () {
      if (!presence || !navigator.sendBeacon) return;
      var data = new FormData();
      data.append("leaving", "1");
      if (token) data.append("csrf_token", token.value);
      navigator.sendBeacon(presence.getAttribute("hx-post"), data);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
