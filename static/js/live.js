// A live story's page (templates/live/_public.html): one cheap poll keeps it current.
// The poll sends the page's ETag and version; a 304 changes nothing. New posts go in at once
// while the reader is at the top of the stream (so nothing on screen moves); otherwise they wait
// behind an "N new updates" button. A post newly pinned waits the same way (the pinned box is
// above the reader), counted in the button. Edited posts change in place, deleted ones go, an
// unpinned post goes back to the stream: when the reader is below the top, the post they are
// reading stays where it is on the screen (the page scrolls by what changed above it).
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || live.hasAttribute("data-live-still") || !window.fetch) return;
  var posts = document.getElementById("live-posts");
  var pinnedBox = document.getElementById("live-pinned");
  var bar = live.querySelector(".live-new");
  var button = live.querySelector("[data-live-show]");
  var interval = Math.max(5, parseInt(live.dataset.interval || "15", 10)) * 1000;
  var pending = [];
  var waitingPin = null; // a post pinned while the reader was down the page
  var timer = null;

  function atTop() {
    return posts.getBoundingClientRect().top >= 0;
  }

  function label(n) {
    return n === 1 ? live.dataset.one : (live.dataset.many || "{n}").replace("{n}", String(n));
  }

  function waiting() {
    return pending.length + (waitingPin ? 1 : 0);
  }

  function showPending() {
    if (!waiting()) { bar.hidden = true; return; }
    button.textContent = label(waiting());
    bar.hidden = false;
  }

  // Change the page without moving what the reader is looking at: below the top, the first post
  // that starts on screen keeps its place (found again by id: it may be the post replaced).
  function keepPlace(change) {
    if (atTop()) { change(); return; }
    var anchor = null;
    var before = 0;
    var shown = live.querySelectorAll("[data-post]");
    for (var i = 0; i < shown.length; i++) {
      var box = shown[i].getBoundingClientRect();
      if (box.height > 0 && box.top >= 0) { anchor = shown[i].id; before = box.top; break; }
    }
    change();
    var now = anchor && document.getElementById(anchor);
    if (!now) return;
    var delta = now.getBoundingClientRect().top - before;
    if (delta) window.scrollBy(0, delta);
  }

  function insert(nodes) {
    nodes.forEach(function (node) { posts.insertBefore(node, posts.firstChild); });
  }

  // An unpinned post goes back to its place in the stream (newest first), if this page shows
  // that stretch of the stream; an older one belongs to the "older updates" pages.
  function placeInStream(node) {
    var id = Number(node.dataset.post);
    var shown = posts.querySelectorAll("[data-post]");
    var last = shown[shown.length - 1];
    if (last && id < Number(last.dataset.post) && live.querySelector(".live-older a")) return;
    for (var i = 0; i < shown.length; i++) {
      if (Number(shown[i].dataset.post) < id) { posts.insertBefore(node, shown[i]); return; }
    }
    posts.appendChild(node);
  }

  function pin(node) {
    pinnedBox.querySelectorAll("[data-post]").forEach(function (old) {
      if (old.id !== node.id) { old.classList.remove("is-pinned"); placeInStream(old); }
    });
    var here = document.getElementById(node.id);
    if (here) here.remove();
    pinnedBox.appendChild(node);
    pinnedBox.hidden = false;
  }

  // Where an updated post goes: into the pinned box (at once at the top, else when the reader
  // asks), out of it back to the stream, or in place.
  function moved(node, pinned) {
    var here = document.getElementById(node.id);
    if (!pinnedBox) return false;
    if (pinned) {
      pending = pending.filter(function (n) { return n.id !== node.id; });
      if (here && pinnedBox.contains(here)) return false; // pinned already: changed in place
      if (atTop() && !waiting()) { waitingPin = null; pin(node); } else waitingPin = node;
      return true;
    }
    if (waitingPin && waitingPin.id === node.id) waitingPin = null;
    if (here && pinnedBox.contains(here)) {
      keepPlace(function () {
        here.remove();
        placeInStream(node);
        pinnedBox.hidden = !pinnedBox.querySelector("[data-post]");
      });
      return true;
    }
    return false;
  }

  function showWaiting() {
    insert(pending);
    pending = [];
    if (waitingPin) pin(waitingPin);
    waitingPin = null;
    showPending();
  }

  function apply(html) {
    var box = document.createElement("div");
    box.innerHTML = html;
    var answer = box.firstElementChild;
    if (!answer) return;
    if (answer.hasAttribute("data-reload") && atTop()) { window.location.reload(); return; }
    live.dataset.version = answer.dataset.version || live.dataset.version;
    var keys = answer.querySelector("template[data-keys]");
    if (keys) {
      keepPlace(function () {
        document.getElementById("live-keys").replaceChildren(keys.content.cloneNode(true));
      });
    }
    var fresh = [];
    answer.querySelectorAll("template[data-remove]").forEach(function (t) {
      var id = "post-" + t.dataset.remove;
      var gone = document.getElementById(id);
      if (gone) keepPlace(function () { gone.remove(); });
      if (pinnedBox) pinnedBox.hidden = !pinnedBox.querySelector("[data-post]");
      pending = pending.filter(function (n) { return n.id !== id; });
      if (waitingPin && waitingPin.id === id) waitingPin = null;
    });
    answer.querySelectorAll("template[data-upsert]").forEach(function (t) {
      var node = t.content.firstElementChild;
      if (!node) return;
      if (moved(node, t.dataset.pinned === "y")) return;
      var here = document.getElementById(node.id);
      if (here) { keepPlace(function () { here.replaceWith(node); }); return; }
      pending = pending.filter(function (n) { return n.id !== node.id; });
      fresh.push(node);
    });
    fresh.sort(function (a, b) { return Number(a.dataset.post) - Number(b.dataset.post); });
    if (atTop() && !waiting()) insert(fresh);
    else pending = pending.concat(fresh);
    showPending();
    if (answer.hasAttribute("data-ended")) stop();
  }

  function poll() {
    if (document.hidden) return;
    var url = live.dataset.livePoll + "?since=" + encodeURIComponent(live.dataset.version || "0");
    fetch(url, {
      headers: { "If-None-Match": live.dataset.etag || "" },
      cache: "no-store",
      credentials: "same-origin",
    }).then(function (response) {
      if (response.status !== 200) return null;
      live.dataset.etag = response.headers.get("ETag") || live.dataset.etag;
      return response.text();
    }).then(function (html) {
      if (html) apply(html);
    }).catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  function stop() { if (timer) window.clearInterval(timer); timer = null; }

  button.addEventListener("click", function () {
    var first = waitingPin || pending[pending.length - 1];
    var top = waitingPin ? pinnedBox : posts; // a pin waiting: the box above the posts
    showWaiting();
    top.scrollIntoView({ block: "start" });
    if (first) { first.setAttribute("tabindex", "-1"); first.focus({ preventScroll: true }); }
  });
  // Back at the top with updates waiting: show them (nothing above the reader moves).
  window.addEventListener("scroll", function () {
    if (waiting() && atTop()) showWaiting();
  }, { passive: true });
  timer = window.setInterval(poll, interval);
})();
