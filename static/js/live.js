// A live story's page (templates/live/_public.html): one cheap poll keeps it current.
// The poll sends the page's ETag and version; a 304 changes nothing. New posts go in at once
// while the reader is at the top of the stream (so nothing on screen moves); otherwise they wait
// behind an "N new updates" button. Edited posts change in place, deleted ones go; a post pinned
// or unpinned moves into or out of the pinned box in place.
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
  var timer = null;

  function atTop() {
    return posts.getBoundingClientRect().top >= 0;
  }

  function label(n) {
    return n === 1 ? live.dataset.one : (live.dataset.many || "{n}").replace("{n}", String(n));
  }

  function showPending() {
    if (!pending.length) { bar.hidden = true; return; }
    button.textContent = label(pending.length);
    bar.hidden = false;
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

  // Where an updated post goes: into the pinned box, out of it back to the stream, or in place.
  function moved(node, pinned) {
    var here = document.getElementById(node.id);
    if (!pinnedBox) return false;
    if (pinned) {
      pending = pending.filter(function (n) { return n.id !== node.id; });
      pin(node);
      return true;
    }
    if (here && pinnedBox.contains(here)) {
      here.remove();
      placeInStream(node);
      pinnedBox.hidden = !pinnedBox.querySelector("[data-post]");
      return true;
    }
    return false;
  }

  function apply(html) {
    var box = document.createElement("div");
    box.innerHTML = html;
    var answer = box.firstElementChild;
    if (!answer) return;
    if (answer.hasAttribute("data-reload") && atTop()) { window.location.reload(); return; }
    live.dataset.version = answer.dataset.version || live.dataset.version;
    var keys = answer.querySelector("template[data-keys]");
    if (keys) document.getElementById("live-keys").replaceChildren(keys.content.cloneNode(true));
    var fresh = [];
    answer.querySelectorAll("template[data-remove]").forEach(function (t) {
      var gone = document.getElementById("post-" + t.dataset.remove);
      if (gone) gone.remove();
      if (pinnedBox) pinnedBox.hidden = !pinnedBox.querySelector("[data-post]");
      pending = pending.filter(function (n) { return n.id !== "post-" + t.dataset.remove; });
    });
    answer.querySelectorAll("template[data-upsert]").forEach(function (t) {
      var node = t.content.firstElementChild;
      if (!node) return;
      if (moved(node, t.dataset.pinned === "y")) return;
      var here = document.getElementById(node.id);
      if (here) { here.replaceWith(node); return; }
      pending = pending.filter(function (n) { return n.id !== node.id; });
      fresh.push(node);
    });
    fresh.sort(function (a, b) { return Number(a.dataset.post) - Number(b.dataset.post); });
    if (atTop() && !pending.length) insert(fresh);
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
    var first = pending[pending.length - 1];
    insert(pending);
    pending = [];
    showPending();
    posts.scrollIntoView({ block: "start" });
    if (first) { first.setAttribute("tabindex", "-1"); first.focus({ preventScroll: true }); }
  });
  // Back at the top with updates waiting: show them (nothing above the reader moves).
  window.addEventListener("scroll", function () {
    if (pending.length && atTop()) { insert(pending); pending = []; showPending(); }
  }, { passive: true });
  timer = window.setInterval(poll, interval);
})();
