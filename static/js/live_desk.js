// The live desk (templates/live/_desk_body.html): Ctrl+Enter (or Cmd+Enter) in the composer sends
// the post; after the new post is added (the composer comes back empty, out of band) or the desk
// is redrawn, the composer has the focus again, for the next one. A post's buttons are answered
// out of band (live/answers.py), which replaces the button pressed: the focus goes back to the
// same post's button (Pin becomes Unpin), or the post itself, or after a delete the next post.
// Each answer's `liveDesk` event moves the stream's ETag on, so the next poll is a 304.
(function () {
  "use strict";
  var PAIRS = { pin: "unpin", unpin: "pin", key: "unkey", unkey: "key" };
  var returnTo = null;

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (!box || !box.hasAttribute || !box.hasAttribute("data-live-composer")) return;
    event.preventDefault();
    if (box.form && box.form.requestSubmit) box.form.requestSubmit();
    else if (box.form) box.form.submit();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && (target.id === "live-desk" || target.id === "live-desk-posts")) {
      var box = document.getElementById("live-body");
      if (box) box.focus();
    }
  });

  // The stream shows what this answer brought only if it showed the version the change began at.
  document.addEventListener("liveDesk", function (event) {
    var stream = document.getElementById("live-stream");
    var moved = event.detail || {};
    if (stream && moved.from && stream.dataset.etag === moved.from) stream.dataset.etag = moved.to;
  });

  function nextPost(post) {
    for (var next = post.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.classList.contains("live-post")) return next.id;
    }
    return "";
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM") return;
    returnTo = null;
    if (form.getAttribute("hx-swap") !== "none") return;
    var post = form.closest(".live-post");
    if (!post) return;
    var action = (form.getAttribute("action") || "").split("/").pop();
    returnTo = { post: post.id, action: action, next: nextPost(post) };
  });

  function refocus() {
    var place = returnTo;
    returnTo = null;
    var active = document.activeElement;
    if (!place || (active && active !== document.body && document.body.contains(active))) return;
    var post = document.getElementById(place.post);
    if (!post) {
      post = (place.next && document.getElementById(place.next)) || null;
      var heading = document.getElementById("live-stream-title");
      var where = post || heading;
      if (!where) return;
      where.setAttribute("tabindex", "-1");
      where.focus();
      return;
    }
    var wanted = [PAIRS[place.action], place.action];
    for (var i = 0; i < wanted.length; i++) {
      if (!wanted[i]) continue;
      var form = post.querySelector('form[action$="/' + wanted[i] + '"]');
      var button = form && form.querySelector("button");
      if (button) { button.focus(); return; }
    }
    post.setAttribute("tabindex", "-1");
    post.focus();
  }
  // The button pressed is gone with the out-of-band swaps (its own events no longer reach the
  // document): once they are all in, put the focus back.
  var pendingFocus = null;
  document.addEventListener("htmx:responseError", function () { returnTo = null; });
  document.addEventListener("htmx:oobAfterSwap", function () {
    if (!returnTo || pendingFocus) return;
    pendingFocus = window.setTimeout(function () { pendingFocus = null; refocus(); }, 0);
  });
})();
