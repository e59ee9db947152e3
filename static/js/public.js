/* The public site's one behaviour: count a read of the story on screen, for "Most read".
 *
 * A POST beacon (see count_read in editorial/public.py), sent once, only when the page is actually
 * visible (not while prerendered or opened in a background tab). Without JavaScript the page
 * works the same; the read is simply not counted.
 */
(function () {
  "use strict";

  function send(url) {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(function () {});
    }
  }

  function start() {
    var story = document.querySelector("[data-read-beacon]");
    if (!story) return;
    var url = story.getAttribute("data-read-beacon");
    var sent = false;
    function countIfVisible() {
      if (sent || document.visibilityState !== "visible") return;
      sent = true;
      send(url);
      document.removeEventListener("visibilitychange", countIfVisible);
    }
    countIfVisible();
    document.addEventListener("visibilitychange", countIfVisible);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
